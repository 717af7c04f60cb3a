/** Workflow step `compensate-order`: Releases reservations and cancels open purchase orders. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { clock, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { suppliers } from './wiring/email';
import { createCompensateOrder } from '../use-cases/order-health-steps';

const run = createCompensateOrder({ orders: orders(), events: events(), clock, stock: stock(), purchaseOrders: purchaseOrders(), suppliers: suppliers() });

export const handler = stepHandler('compensate-order', z.object({ orderId: z.string().min(1), reason: z.string().min(1) }), run);
