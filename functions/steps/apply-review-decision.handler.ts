/** Workflow step `apply-review-decision`: Applies the reviewer's decision (approved, rejected with comment, or expired). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { approvalResultSchema as approvalResult } from './step-schemas';
import { createApplyReviewDecision } from '../use-cases/lifecycle-steps';

const run = createApplyReviewDecision({ orders: orders(), events: events(), clock });

export const handler = stepHandler('apply-review-decision', z.object({ orderId: z.string().check(z.minLength(1)), decision: approvalResult }), run);
