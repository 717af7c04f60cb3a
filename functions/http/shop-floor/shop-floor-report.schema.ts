/**
 * Reports from the shop floor (operation progress) and QC stations (inspection results). Each
 * carries its own `reportId`, so a terminal's retry is recognised and changes nothing. The order in
 * the path finds the workflow step waiting for the report; a `callbackId`, when the terminal has
 * one, names that step exactly.
 */
import * as z from 'zod';

export const ReportIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'A unique id per report (a UUID is a good choice)')
  .meta({ description: 'Unique per report: a retried report with the same id changes nothing.' });
const CallbackIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'The callbackId announced with the work')
  .optional()
  .meta({ description: "Optional: the `callbackId` announced with the work. Without it, the report answers the order's current build (or inspection) wait." });
const ReporterSchema = z.string().trim().min(1).max(200).meta({ description: 'Who reports (badge id, name or station).' });
const AtSchema = z.iso.datetime({ offset: true }).optional().meta({ description: 'When it happened (ISO-8601); defaults to when it is received.' });
const OperationIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'An operation id of the product routing');

export const ConsumedMaterialSchema = z
  .object({
    componentId: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'A component id'),
    quantity: z.number().positive().max(1_000_000),
    lotNumbers: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  })
  .strict();

export const OperationProgressReportSchema = z
  .discriminatedUnion('event', [
    z
      .object({ event: z.literal('operation-started'), reportId: ReportIdSchema, callbackId: CallbackIdSchema, operationId: OperationIdSchema, reportedBy: ReporterSchema, at: AtSchema })
      .strict(),
    z
      .object({
        event: z.literal('operation-completed'),
        reportId: ReportIdSchema,
        callbackId: CallbackIdSchema,
        operationId: OperationIdSchema,
        reportedBy: ReporterSchema,
        at: AtSchema,
        labourHours: z.number().min(0).max(10_000),
        quantityCompleted: z.number().int().min(0).max(1_000_000).optional(),
      })
      .strict(),
    z
      .object({
        event: z.literal('production-completed'),
        reportId: ReportIdSchema,
        callbackId: CallbackIdSchema,
        reportedBy: ReporterSchema,
        at: AtSchema,
        labourHours: z.number().min(0).max(100_000).meta({ description: 'Total labour for the build.' }),
        consumedMaterials: z.array(ConsumedMaterialSchema).max(500).meta({ description: 'Materials actually consumed, with supplier lots.' }),
      })
      .strict(),
  ])
  .meta({
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
  .object({
    reportId: ReportIdSchema,
    callbackId: CallbackIdSchema,
    inspector: ReporterSchema,
    at: AtSchema,
    lines: z
      .array(
        z
          .object({
            lineId: z.string().regex(/^[A-Za-z0-9_.-]{1,50}$/, 'An order line id (L1, L2...)'),
            results: z
              .record(z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'A check id of the product checklist'), z.union([z.number().finite(), z.boolean()]))
              .meta({ description: 'Per check of the checklist: the measured value (in the check unit), or true/false for a visual check.' }),
          })
          .strict(),
      )
      .min(1)
      .max(200),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  .meta({
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
