/** Workflow step `fail-order`: The order becomes failed with the step and cause; an alert event is published. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createFailOrder } from '../use-cases/order-health-steps';

const run = createFailOrder({ orders: orders(), events: events(), clock });

export const handler = stepHandler('fail-order', z.object({ ...stepBase, step: z.string().check(z.minLength(1)), error: z.string(), cause: z.string() }), run);
