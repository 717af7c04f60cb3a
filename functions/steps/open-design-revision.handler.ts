/** Workflow step `open-design-revision`: Opens the design revision approvers will see (the next one after a rejection). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { catalog, clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createOpenDesignRevision } from '../use-cases/lifecycle-steps';

const run = createOpenDesignRevision({ orders: orders(), events: events(), clock, catalog });

export const handler = stepHandler('open-design-revision', z.object({ ...stepBase, previous: z.object({ next: z.enum(['first', 'revise', 'approved', 'rejected']), comment: z.optional(z.nullable(z.string())) }) }), run);
