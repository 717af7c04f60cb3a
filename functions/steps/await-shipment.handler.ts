/** Workflow step `await-shipment`: Books the shipment (booking) or records it and waits for delivery (delivery). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase, attempt, taskToken } from './step-schemas';
import { callbacks, clock, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { workflow } from './wiring/workflow';
import { createAwaitShipment } from '../use-cases/shop-floor-steps';

const run = createAwaitShipment({ orders: orders(), events: events(), clock, callbacks: callbacks(), workflow: workflow(), idempotency: idempotency() });

export const handler = stepHandler('await-shipment', z.object({ ...stepBase, round: z.enum(['booking', 'delivery']), shipment: z.looseObject({ trackingNumber: z.optional(z.nullable(z.string())), carrier: z.optional(z.string()) }), taskToken, attempt }), run);
