/**
 * Reports from the shop floor (operation progress) and QC stations (inspection results). Each
 * carries its own `reportId`, so a terminal's retry is recognised and changes nothing. The order in
 * the path finds the workflow step waiting for the report; a `callbackId`, when the terminal has
 * one, names that step exactly.
 */
import * as z from 'zod/mini';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const ReportIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'A unique id per report (a UUID is a good choice)'))
  .register(z.globalRegistry, { description: 'Unique per report: a retried report with the same id changes nothing.' });
const CallbackIdSchema = z
  .optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'The callbackId announced with the work')))
  .register(z.globalRegistry, { description: "Optional: the `callbackId` announced with the work. Without it, the report answers the order's current build (or inspection) wait." });
const ReporterSchema = text(200).register(z.globalRegistry, { description: 'Who reports (badge id, name or station).' });
const AtSchema = z.optional(z.iso.datetime({ offset: true })).register(z.globalRegistry, { description: 'When it happened (ISO-8601); defaults to when it is received.' });
const OperationIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,100}$/, 'An operation id of the product routing'));

export const ConsumedMaterialSchema = z.strictObject({
  componentId: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,100}$/, 'A component id')),
  quantity: z.number().check(z.positive(), z.maximum(1_000_000)),
  lotNumbers: z.optional(z.array(text(100)).check(z.maxLength(100))),
});

export const OperationProgressReportSchema = z
  .discriminatedUnion('event', [
    z.strictObject({ event: z.literal('operation-started'), reportId: ReportIdSchema, callbackId: CallbackIdSchema, operationId: OperationIdSchema, reportedBy: ReporterSchema, at: AtSchema }),
    z.strictObject({
      event: z.literal('operation-completed'),
      reportId: ReportIdSchema,
      callbackId: CallbackIdSchema,
      operationId: OperationIdSchema,
      reportedBy: ReporterSchema,
      at: AtSchema,
      labourHours: z.number().check(z.minimum(0), z.maximum(10_000)),
      quantityCompleted: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
    }),
    z.strictObject({
      event: z.literal('production-completed'),
      reportId: ReportIdSchema,
      callbackId: CallbackIdSchema,
      reportedBy: ReporterSchema,
      at: AtSchema,
      labourHours: z.number().check(z.minimum(0), z.maximum(100_000)).register(z.globalRegistry, { description: 'Total labour for the build.' }),
      consumedMaterials: z.array(ConsumedMaterialSchema).check(z.maxLength(500)).register(z.globalRegistry, { description: 'Materials actually consumed, with supplier lots.' }),
    }),
  ])
  .register(z.globalRegistry, {
    id: 'OperationProgressReport',
    description:
      '`operation-started` and `operation-completed` go on the timeline and keep the build step alive (heartbeat); `production-completed` ends the build step with the materials and labour used.',
    examples: [
      { event: 'operation-completed', reportId: 'rep-7f3c2a', callbackId: 'p3Qm2Lx9Pz4Rk8Tn3Vw6Yc1Hd5Jf0Gs', operationId: 'cut-top', reportedBy: 'station-cnc-2', labourHours: 0.75 },
      {
        event: 'production-completed',
        reportId: 'rep-7f3c2b',
        callbackId: 'p3Qm2Lx9Pz4Rk8Tn3Vw6Yc1Hd5Jf0Gs',
        reportedBy: 'foreman.weber',
        labourHours: 10.5,
        consumedMaterials: [{ componentId: 'oak-panel-40', quantity: 2.1, lotNumbers: ['LOT-OAK-2211'] }],
      },
    ],
  });

export type OperationProgressReport = z.infer<typeof OperationProgressReportSchema>;

export const InspectionResultSchema = z
  .strictObject({
    reportId: ReportIdSchema,
    callbackId: CallbackIdSchema,
    inspector: ReporterSchema,
    at: AtSchema,
    lines: z
      .array(
        z.strictObject({
          lineId: z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,50}$/, 'An order line id (L1, L2...)')),
          results: z
            .record(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,100}$/, 'A check id of the product checklist')), z.union([z.number(), z.boolean()]))
            .register(z.globalRegistry, { description: 'Per check of the checklist: the measured value (in the check unit), or true/false for a visual check.' }),
        }),
      )
      .check(z.minLength(1), z.maxLength(200)),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  })
  .register(z.globalRegistry, {
    id: 'InspectionResult',
    description: 'Measurements per order line; mto-flow checks them against the checklist tolerances and decides pass or fail.',
    examples: [
      {
        reportId: 'insp-2026-0412-01',
        callbackId: 'i8Rm2Lx9Pz4Rk8Tn3Vw6Yc1Hd5Jf0Gs',
        inspector: 'qc.mueller',
        lines: [{ lineId: 'L1', results: { length: 2001, width: 950.5, surface: true } }],
      },
    ],
  });

export type InspectionResult = z.infer<typeof InspectionResultSchema>;
