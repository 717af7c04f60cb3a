/** Workflow step `review-order`: Starts the review; the automatic rules clear the order or send it to a person. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { catalog, clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createReviewOrder } from '../use-cases/lifecycle-steps';

const run = createReviewOrder({ orders: orders(), events: events(), clock, catalog });

export const handler = stepHandler('review-order', z.object({ ...stepBase }), run);
