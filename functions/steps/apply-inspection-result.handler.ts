/** Workflow step `apply-inspection-result`: Pass: certificate. Fail: rework, then scrap and re-procure, then fail (the domain decides). */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { stepBase } from './step-schemas';
import { catalog, clock, orders } from './wiring/data';
import { events } from './wiring/events';
import { createApplyInspectionResult } from '../use-cases/lifecycle-steps';

const run = createApplyInspectionResult({ orders: orders(), events: events(), clock, catalog });

export const handler = stepHandler('apply-inspection-result', z.object({ ...stepBase, round: z.int().check(z.minimum(1)), result: z.looseObject({ passed: z.boolean(), inspector: z.optional(z.string()), lines: z.optional(z.array(z.object({ lineId: z.string(), results: z.record(z.string(), z.union([z.number(), z.boolean()])) }))), failedChecks: z.optional(z.array(z.string())), checksPassed: z.optional(z.number()) }) }), run);
