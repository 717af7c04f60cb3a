/** Workflow step `await-production`: Releases the production order and waits for the shop floor (heartbeats). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase, attempt, taskToken } from './step-schemas';
import { callbacks, catalog, clock, config, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { workflow } from './wiring/workflow';
import { createAwaitProduction } from '../use-cases/shop-floor-steps';

const run = createAwaitProduction({ orders: orders(), events: events(), clock, callbacks: callbacks(), workflow: workflow(), idempotency: idempotency(), catalog, shopFloorHeartbeatMinutes: config.thresholds().shopFloorHeartbeatMinutes });

export const handler = stepHandler('await-production', z.object({ ...stepBase, round: z.enum(['release', 'rework', 'silent']), taskToken, attempt }), run);
