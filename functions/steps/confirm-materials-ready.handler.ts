/** Workflow step `confirm-materials-ready`: Every PO is delivered: the materials for the order are ready. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { clock, orders, purchaseOrders } from './wiring/data';
import { events } from './wiring/events';
import { createConfirmMaterialsReady } from '../use-cases/procurement-steps';

const run = createConfirmMaterialsReady({ orders: orders(), events: events(), clock, purchaseOrders: purchaseOrders() });

export const handler = stepHandler('confirm-materials-ready', z.object({ ...stepBase }), run);
