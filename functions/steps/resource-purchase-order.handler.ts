/** Workflow step `resource-purchase-order`: Re-sources a rejected or silent PO to the alternate supplier. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { catalog, clock, config, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createResourcePurchaseOrder } from '../use-cases/procurement-steps';

const run = createResourcePurchaseOrder({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours });

export const handler = stepHandler('resource-purchase-order', z.object({ orderId: z.string().check(z.minLength(1)), poId: z.string().check(z.minLength(1)), ack: z.unknown() }), run);
