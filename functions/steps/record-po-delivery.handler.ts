/** Workflow step `record-po-delivery`: Books the delivered goods into stock with their lot numbers. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase } from './step-schemas';
import { catalog, clock, config, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createRecordPoDelivery } from '../use-cases/procurement-steps';

const run = createRecordPoDelivery({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours });

export const handler = stepHandler('record-po-delivery', z.object({ ...stepBase, poId: id, delivery: z.looseObject({ lotNumbers: z.optional(z.record(z.string(), z.array(z.string()))), deliveredAt: z.optional(z.string()) }) }), run);
