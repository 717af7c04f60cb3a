/** Workflow step `compensate-order`: Releases reservations and cancels open purchase orders. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase } from './step-schemas';
import { clock, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { suppliers } from './wiring/email';
import { createCompensateOrder } from '../use-cases/order-health-steps';

const run = createCompensateOrder({ orders: orders(), events: events(), clock, stock: stock(), purchaseOrders: purchaseOrders(), suppliers: suppliers() });

export const handler = stepHandler('compensate-order', z.object({ ...stepBase, reason: id }), run);
