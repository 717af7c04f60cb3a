/** Workflow step `confirm-materials-ready`: Every PO delivered: materials ready. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createConfirmMaterialsReady } from '../use-cases/procurement-steps';

const run = createConfirmMaterialsReady({ orders: orders(), events: events(), clock });

export const handler = stepHandler('confirm-materials-ready', z.object({ orderId: z.string().check(z.minLength(1)) }), run);
