/** Workflow step `await-inspection`: Asks QC to inspect against the product's checklist and waits for the result. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase, attempt, taskToken } from './step-schemas';
import { callbacks, catalog, clock, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { workflow } from './wiring/workflow';
import { createAwaitInspection } from '../use-cases/shop-floor-steps';

const run = createAwaitInspection({ orders: orders(), events: events(), clock, callbacks: callbacks(), workflow: workflow(), idempotency: idempotency(), catalog });

export const handler = stepHandler('await-inspection', z.object({ ...stepBase, taskToken, attempt }), run);
