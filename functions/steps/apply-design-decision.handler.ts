/** Workflow step `apply-design-decision`: Applies the design decision for the exact revision shown. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { approvalResultSchema as approvalResult } from './step-schemas';
import { createApplyDesignDecision } from '../use-cases/lifecycle-steps';

const run = createApplyDesignDecision({ orders: orders(), events: events(), clock });

export const handler = stepHandler('apply-design-decision', z.object({ orderId: z.string().check(z.minLength(1)), designRevision: z.int().check(z.minimum(1)), decision: approvalResult }), run);
