/** Workflow step `reserve-stock`: Reserves available stock and plans purchase orders for the shortfall, one per supplier. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { catalog, clock, config, orders, purchaseOrders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createReserveStock } from '../use-cases/procurement-steps';

const run = createReserveStock({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders(), stock: stock(), catalog, calendar: config.businessCalendar(), supplierAckWorkingHours: config.thresholds().supplierAckWorkingHours });

export const handler = stepHandler('reserve-stock', z.object({ ...stepBase, round: z.int().check(z.minimum(1)) }), run);
