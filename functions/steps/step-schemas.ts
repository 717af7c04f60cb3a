/** Input shapes shared by several steps. */
import { z } from 'zod';

/** What the human-approval machine returns (see workflows/human-approval.workflow.ts). */
export const approvalResultSchema = z.object({
  approvalId: z.string().min(1),
  outcome: z.enum(['approved', 'rejected', 'expired']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});
