/** Workflow step `apply-inspection-result`: Pass: certificate. Fail: rework, then scrap and re-procure, then fail. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { clock, config, orders } from './wiring/data';
import { events } from './wiring/events';
import { createApplyInspectionResult } from '../use-cases/lifecycle-steps';

const run = createApplyInspectionResult({ orders: orders(), events: events(), clock, bounds: { maxReworkCycles: config.thresholds().maxReworkCycles, maxScraps: 1 } });

export const handler = stepHandler('apply-inspection-result', z.object({ orderId: z.string().min(1), round: z.number().int().min(1), result: z.object({ passed: z.boolean(), inspector: z.string().optional(), failedChecks: z.array(z.string()).optional(), certificateId: z.string().optional() }).loose() }), run);
