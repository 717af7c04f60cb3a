/** Workflow step `await-shipment`: Books the shipment / records tracking and waits for the carrier. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { callbacks, clock, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { createAwaitShipment } from '../use-cases/shop-floor-steps';

const run = createAwaitShipment({ orders: orders(), events: events(), clock, callbacks: callbacks(), idempotency: idempotency() });

export const handler = stepHandler('await-shipment', z.object({ orderId: z.string().min(1), round: z.enum(['booking', 'delivery']), shipment: z.object({ trackingNumber: z.string().nullable(), carrier: z.string().optional() }).loose(), taskToken: z.string().min(1) }), run);
