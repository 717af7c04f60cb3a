/** Workflow step `confirm-materials-ready`: Every PO delivered: materials ready. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createConfirmMaterialsReady } from '../use-cases/procurement-steps';

const run = createConfirmMaterialsReady({ orders: orders(), events: events(), clock });

export const handler = stepHandler('confirm-materials-ready', z.object({ orderId: z.string().min(1) }), run);
