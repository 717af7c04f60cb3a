/** Workflow step `apply-design-decision`: A person approved or rejected the design revision shown. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { approvalResultSchema as approvalResult, stepBase } from './step-schemas';
import { catalog, clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createApplyDesignDecision } from '../use-cases/lifecycle-steps';

const run = createApplyDesignDecision({ orders: orders(), events: events(), clock, catalog });

export const handler = stepHandler('apply-design-decision', z.object({ ...stepBase, designRevision: z.int().check(z.minimum(1)), decision: approvalResult }), run);
