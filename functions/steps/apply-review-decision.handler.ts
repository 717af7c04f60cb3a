/** Workflow step `apply-review-decision`: A person approved or rejected the order in review. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { approvalResultSchema as approvalResult, stepBase } from './step-schemas';
import { catalog, clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createApplyReviewDecision } from '../use-cases/lifecycle-steps';

const run = createApplyReviewDecision({ orders: orders(), events: events(), clock, catalog });

export const handler = stepHandler('apply-review-decision', z.object({ ...stepBase, decision: approvalResult }), run);
