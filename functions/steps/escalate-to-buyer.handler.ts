/** Workflow step `escalate-to-buyer`: No supplier left: a buyer sources the goods by hand and reports the delivery. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase, attempt, taskToken } from './step-schemas';
import { callbacks, catalog, clock, config, idempotency, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { workflow } from './wiring/workflow';
import { email, suppliers } from './wiring/email';
import { createEscalateToBuyer } from '../use-cases/procurement-steps';

const run = createEscalateToBuyer({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours, callbacks: callbacks(), workflow: workflow(), idempotency: idempotency(), suppliers: suppliers(), email: email(), buyers: config.approvers().buyers });

export const handler = stepHandler('escalate-to-buyer', z.object({ ...stepBase, poId: id, taskToken, attempt }), run);
