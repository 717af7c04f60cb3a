/** Workflow step `await-po-delivery`: Waits for the supplier to report the delivery (with lot numbers). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase, attempt, taskToken } from './step-schemas';
import { callbacks, catalog, clock, config, idempotency, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { workflow } from './wiring/workflow';
import { suppliers } from './wiring/email';
import { createAwaitPoDelivery } from '../use-cases/procurement-steps';

const run = createAwaitPoDelivery({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours, callbacks: callbacks(), workflow: workflow(), idempotency: idempotency(), suppliers: suppliers() });

export const handler = stepHandler('await-po-delivery', z.object({ ...stepBase, poId: id, taskToken, attempt }), run);
