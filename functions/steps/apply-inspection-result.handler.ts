/** Workflow step `apply-inspection-result`: Pass: certificate. Fail: rework, then scrap and re-procure, then fail. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { clock, config, orders } from './wiring/data';
import { events } from './wiring/events';
import { createApplyInspectionResult } from '../use-cases/lifecycle-steps';

const run = createApplyInspectionResult({ orders: orders(), events: events(), clock, bounds: { maxReworkCycles: config.thresholds().maxReworkCycles, maxScraps: 1 } });

export const handler = stepHandler('apply-inspection-result', z.object({ orderId: z.string().check(z.minLength(1)), round: z.int().check(z.minimum(1)), result: z.looseObject({ passed: z.boolean(), inspector: z.optional(z.string()), failedChecks: z.optional(z.array(z.string())), certificateId: z.optional(z.string()) }) }), run);
