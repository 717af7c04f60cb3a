/** Input shapes shared by several steps. */
import * as z from 'zod/mini';

/** What the human-approval machine returns (see workflows/human-approval.workflow.ts). */
export const approvalResultSchema = z.object({
  approvalId: z.string().check(z.minLength(1)),
  outcome: z.enum(['approved', 'rejected', 'expired']),
  decidedBy: z.nullable(z.string()),
  decidedAt: z.nullable(z.string()),
  comment: z.nullable(z.string()),
});
