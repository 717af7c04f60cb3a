/** Workflow step `open-design-revision`: Opens the design revision approvers will see; bounded. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, config, orders } from './wiring/data';
import { events } from './wiring/events';
import { createOpenDesignRevision } from '../use-cases/lifecycle-steps';

const run = createOpenDesignRevision({ orders: orders(), events: events(), clock, maxDesignRevisions: config.thresholds().maxDesignRevisions });

export const handler = stepHandler('open-design-revision', z.object({ orderId: z.string().check(z.minLength(1)), previous: z.object({ next: z.enum(['first', 'revise', 'approved']), comment: z.optional(z.nullable(z.string())) }) }), run);
