/** Workflow step `record-po-acknowledgement`: Records the supplier's confirmed date and checks the schedule against it. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase } from './step-schemas';
import { catalog, clock, config, orderChildren, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { checkSchedule } from '../use-cases/order-health-steps';
import { createRecordPoAcknowledgement } from '../use-cases/procurement-steps';

const run = createRecordPoAcknowledgement({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours, checkSchedule: (orderId, at, tag, known) => checkSchedule({ orders: orders(), events: events(), clock, orderChildren: orderChildren(), catalog }, orderId, at, 'purchasing', tag, known) });

export const handler = stepHandler('record-po-acknowledgement', z.object({ ...stepBase, poId: id, ack: z.looseObject({ outcome: z.enum(['acknowledged', 'rejected']), confirmedDeliveryDate: z.optional(z.string()), reason: z.optional(z.string()) }) }), run);
