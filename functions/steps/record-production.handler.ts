/** Workflow step `record-production`: Records the labour and materials (with lots) the shop floor reported; the order goes to QC. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { catalog, clock, orders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createRecordProduction } from '../use-cases/lifecycle-steps';

const run = createRecordProduction({ orders: orders(), events: events(), clock, catalog, stock: stock() });

export const handler = stepHandler('record-production', z.object({ ...stepBase, report: z.looseObject({ consumedMaterials: z.optional(z.array(z.object({ componentId: z.string(), quantity: z.number(), lotNumbers: z.optional(z.array(z.string())) }))), labourHours: z.optional(z.number()), labour: z.optional(z.array(z.object({ workCenterId: z.string(), hours: z.number() }))), completedAt: z.optional(z.string()), reportedBy: z.optional(z.string()) }) }), run);
