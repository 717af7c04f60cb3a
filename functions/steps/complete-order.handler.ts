/** Workflow step `complete-order`: Final cost and margin; the order is delivered. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createCompleteOrder } from '../use-cases/lifecycle-steps';

const run = createCompleteOrder({ orders: orders(), events: events(), clock });

export const handler = stepHandler('complete-order', z.object({ orderId: z.string().check(z.minLength(1)), delivery: z.looseObject({ deliveredAt: z.optional(z.string()), receivedBy: z.optional(z.string()) }) }), run);
