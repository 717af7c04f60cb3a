/** Workflow step `record-production`: Records consumed materials (with lots) and labour; the order goes to QC. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { clock, orders, stock } from './wiring/data';
import { events } from './wiring/events';
import { createRecordProduction } from '../use-cases/lifecycle-steps';

const run = createRecordProduction({ orders: orders(), events: events(), clock, stock: stock() });

export const handler = stepHandler('record-production', z.object({ orderId: z.string().min(1), report: z.object({ consumedMaterials: z.array(z.object({ componentId: z.string(), quantity: z.number(), lotNumbers: z.array(z.string()).optional() })).optional(), labourHours: z.number().optional(), completedAt: z.string().optional() }).loose() }), run);
