/** Workflow step `escalate-to-buyer`: No supplier left: a buyer takes the PO over. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { callbacks, catalog, clock, config, idempotency, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { email, suppliers } from './wiring/email';
import { createEscalateToBuyer } from '../use-cases/procurement-steps';

const run = createEscalateToBuyer({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours, callbacks: callbacks(), idempotency: idempotency(), suppliers: suppliers(), email: email(), buyers: config.approvers().buyers });

export const handler = stepHandler('escalate-to-buyer', z.object({ orderId: z.string().check(z.minLength(1)), poId: z.string().check(z.minLength(1)), taskToken: z.string().check(z.minLength(1)) }), run);
