/** Workflow step `record-po-acknowledgement`: Records the supplier's confirmed date and sets the delivery deadline. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { catalog, clock, config, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createRecordPoAcknowledgement } from '../use-cases/procurement-steps';

const run = createRecordPoAcknowledgement({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours });

export const handler = stepHandler('record-po-acknowledgement', z.object({ orderId: z.string().check(z.minLength(1)), poId: z.string().check(z.minLength(1)), ack: z.looseObject({ outcome: z.enum(['acknowledged', 'rejected']), confirmedDeliveryDate: z.optional(z.string()), reason: z.optional(z.string()) }) }), run);
