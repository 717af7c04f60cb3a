/** Workflow step `await-po-delivery`: Waits for the supplier's delivery report. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { callbacks, catalog, clock, config, idempotency, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { suppliers } from './wiring/email';
import { createAwaitPoDelivery } from '../use-cases/procurement-steps';

const run = createAwaitPoDelivery({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours, callbacks: callbacks(), idempotency: idempotency(), suppliers: suppliers() });

export const handler = stepHandler('await-po-delivery', z.object({ orderId: z.string().check(z.minLength(1)), poId: z.string().check(z.minLength(1)), taskToken: z.string().check(z.minLength(1)) }), run);
