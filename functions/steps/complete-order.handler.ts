/** Workflow step `complete-order`: Final cost and margin; the order is delivered. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createCompleteOrder } from '../use-cases/lifecycle-steps';

const run = createCompleteOrder({ orders: orders(), events: events(), clock });

export const handler = stepHandler('complete-order', z.object({ orderId: z.string().min(1), delivery: z.object({ deliveredAt: z.string().optional(), receivedBy: z.string().optional() }).loose() }), run);
