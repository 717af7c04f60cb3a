/** Workflow step `complete-order`: Delivered: final cost and margin from the actuals. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { catalog, clock, orders, purchaseOrders } from './wiring/data';
import { events } from './wiring/events';
import { createCompleteOrder } from '../use-cases/lifecycle-steps';

const run = createCompleteOrder({ orders: orders(), events: events(), clock, catalog, purchaseOrders: purchaseOrders() });

export const handler = stepHandler('complete-order', z.object({ ...stepBase, delivery: z.looseObject({ deliveredAt: z.optional(z.string()), receivedBy: z.optional(z.string()) }) }), run);
