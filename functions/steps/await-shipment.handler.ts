/** Workflow step `await-shipment`: Books the shipment (booking) or records it and waits for delivery (delivery). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase, taskToken } from './step-schemas';
import { callbacks, clock, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { createAwaitShipment } from '../use-cases/shop-floor-steps';

const run = createAwaitShipment({ orders: orders(), events: events(), clock, callbacks: callbacks(), idempotency: idempotency() });

export const handler = stepHandler('await-shipment', z.object({ ...stepBase, round: z.enum(['booking', 'delivery']), shipment: z.looseObject({ trackingNumber: z.optional(z.nullable(z.string())), carrier: z.optional(z.string()) }), taskToken }), run);
