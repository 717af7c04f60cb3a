/** Workflow step `await-inspection`: Asks QC to inspect against the product's checklist and waits for the result. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase, taskToken } from './step-schemas';
import { callbacks, catalog, clock, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { createAwaitInspection } from '../use-cases/shop-floor-steps';

const run = createAwaitInspection({ orders: orders(), events: events(), clock, callbacks: callbacks(), idempotency: idempotency(), catalog });

export const handler = stepHandler('await-inspection', z.object({ ...stepBase, taskToken }), run);
