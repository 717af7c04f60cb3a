/** Workflow step `await-production`: Releases the production order and waits for the shop floor (heartbeats). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { callbacks, catalog, clock, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { createAwaitProduction } from '../use-cases/shop-floor-steps';

const run = createAwaitProduction({ orders: orders(), events: events(), clock, callbacks: callbacks(), idempotency: idempotency(), catalog });

export const handler = stepHandler('await-production', z.object({ orderId: z.string().check(z.minLength(1)), round: z.enum(['release', 'rework', 'silent']), taskToken: z.string().check(z.minLength(1)) }), run);
