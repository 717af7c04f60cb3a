/** Workflow step `record-production`: Records consumed materials (with lots) and labour; the order goes to QC. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, orders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createRecordProduction } from '../use-cases/lifecycle-steps';

const run = createRecordProduction({ orders: orders(), events: events(), clock, stock: stock() });

export const handler = stepHandler('record-production', z.object({ orderId: z.string().check(z.minLength(1)), report: z.looseObject({ consumedMaterials: z.optional(z.array(z.object({ componentId: z.string(), quantity: z.number(), lotNumbers: z.optional(z.array(z.string())) }))), labourHours: z.optional(z.number()), completedAt: z.optional(z.string()) }) }), run);
