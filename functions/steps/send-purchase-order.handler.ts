/** Workflow step `send-purchase-order`: Sends the PO to its supplier (email and PurchaseOrderPlaced) once and waits for the acknowledgement. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase, attempt, taskToken } from './step-schemas';
import { callbacks, catalog, clock, config, idempotency, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { workflow } from './wiring/workflow';
import { suppliers } from './wiring/email';
import { createSendPurchaseOrder } from '../use-cases/procurement-steps';

const run = createSendPurchaseOrder({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours, callbacks: callbacks(), workflow: workflow(), idempotency: idempotency(), suppliers: suppliers() });

export const handler = stepHandler('send-purchase-order', z.object({ ...stepBase, poId: id, taskToken, attempt }), run);
