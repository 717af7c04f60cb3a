/** Workflow step `assess-order-risk`: Checks the expected finish against the promise date; OrderAtRisk with the cause when it slipped. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { catalog, clock, orderChildren, orders } from './wiring/data';
import { events } from './wiring/events';
import { createAssessOrderRisk } from '../use-cases/order-health-steps';
import { SCHEDULE_STAGES } from '../domain/planning/expected-finish';

const run = createAssessOrderRisk({ orders: orders(), events: events(), clock, orderChildren: orderChildren(), catalog });

export const handler = stepHandler('assess-order-risk', z.object({ ...stepBase, stage: z.enum(SCHEDULE_STAGES) }), run);
