/** Workflow step `review-order`: Automatic review rules; clear passes continue with no human. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, config, orders } from './wiring/data';
import { events } from './wiring/events';
import { createReviewOrder } from '../use-cases/lifecycle-steps';

const run = createReviewOrder({ orders: orders(), events: events(), clock, policy: { minMarginFraction: config.thresholds().minMarginFraction, approvalLimitCents: config.thresholds().approvalLimitCents } });

export const handler = stepHandler('review-order', z.object({ orderId: z.string().check(z.minLength(1)) }), run);
