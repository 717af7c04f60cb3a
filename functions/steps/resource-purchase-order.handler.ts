/** Workflow step `resource-purchase-order`: Closes the rejected or silent PO and opens one with the next alternate supplier, if any. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase } from './step-schemas';
import { catalog, clock, config, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createResourcePurchaseOrder } from '../use-cases/procurement-steps';

const run = createResourcePurchaseOrder({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours });

export const handler = stepHandler('resource-purchase-order', z.object({ ...stepBase, poId: id, ack: z.unknown() }), run);
