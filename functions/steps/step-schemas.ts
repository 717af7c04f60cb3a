/** Input shapes shared by several steps. */
import * as z from 'zod/mini';

export const id = z.string().check(z.minLength(1));

/** An ISO-8601 instant (Step Functions' `$$.State.EnteredTime`). */
export const instant = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO-8601 instant'));

/**
 * What every step gets: the order, and `at`, the instant Step Functions entered the state (added to
 * every payload by workflows/workflow-kit.ts), the same on every retry of the step.
 */
export const stepBase = { orderId: id, at: instant };

export const taskToken = id;

/**
 * `$$.State.RetryCount` of a callback step's attempt (added by workflows/workflow-kit.ts): a retried
 * attempt (new task token) rebinds the step run's wait to its token; optional for older payloads.
 */
export const attempt = z.optional(z.int().check(z.minimum(0)));

/** What the human-approval machine returns (see workflows/human-approval.workflow.ts). */
export const approvalResultSchema = z.object({
  approvalId: id,
  outcome: z.enum(['approved', 'rejected', 'expired']),
  decidedBy: z.nullable(z.string()),
  decidedAt: z.nullable(z.string()),
  comment: z.nullable(z.string()),
});
