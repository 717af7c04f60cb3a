/** Workflow step `fail-order`: The order becomes failed with the step and cause. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createFailOrder } from '../use-cases/order-health-steps';

const run = createFailOrder({ orders: orders(), events: events(), clock });

export const handler = stepHandler('fail-order', z.object({ orderId: z.string().min(1), step: z.string().min(1), error: z.string(), cause: z.string() }), run);
