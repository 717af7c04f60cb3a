/**
 * Reports from the shop floor (operation progress) and QC stations (inspection results). Each
 * carries its own `reportId` so a terminal's retry is recognised and changes nothing.
 */
import { z } from 'zod';

const ReportIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'A unique id per report (a UUID is a good choice)').meta({ description: 'Unique per report: a retried report with the same id changes nothing.' });
const ReporterSchema = z.string().trim().min(1).max(200).meta({ description: 'Who reports (badge id, name or station).' });
const AtSchema = z.iso.datetime({ offset: true }).optional().meta({ description: 'When it happened (ISO-8601); defaults to when it is received.' });
const OperationIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'An operation id of the product routing');

export const ConsumedMaterialSchema = z
  .object({
    componentId: z.string().min(1).max(100),
    quantity: z.number().positive().max(1_000_000),
    lotNumbers: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  })
  .strict();

export const OperationProgressReportSchema = z
  .discriminatedUnion('event', [
    z.object({ event: z.literal('operation-started'), reportId: ReportIdSchema, operationId: OperationIdSchema, reportedBy: ReporterSchema, at: AtSchema }).strict(),
    z
      .object({
        event: z.literal('operation-completed'),
        reportId: ReportIdSchema,
        operationId: OperationIdSchema,
        reportedBy: ReporterSchema,
        at: AtSchema,
        labourMinutes: z.number().min(0).max(100_000),
        quantityCompleted: z.number().int().min(0).max(1_000_000).optional(),
      })
      .strict(),
    z
      .object({
        event: z.literal('production-completed'),
        reportId: ReportIdSchema,
        reportedBy: ReporterSchema,
        at: AtSchema,
        labourMinutes: z.number().min(0).max(1_000_000).meta({ description: 'Total labour for the build.' }),
        materials: z.array(ConsumedMaterialSchema).max(500).meta({ description: 'Materials actually consumed, with supplier lots.' }),
      })
      .strict(),
  ])
  .meta({
    id: 'OperationProgressReport',
    description:
      '`operation-started` and `operation-completed` are recorded on the timeline and keep the build step alive (heartbeat); `production-completed` ends the build step with the materials and labour used.',
    examples: [
      { event: 'operation-completed', reportId: 'rep-7f3c2a', operationId: 'cnc-cut', reportedBy: 'station-cnc-2', labourMinutes: 45 },
      {
        event: 'production-completed',
        reportId: 'rep-7f3c2b',
        reportedBy: 'foreman.weber',
        labourMinutes: 620,
        materials: [{ componentId: 'oak-board', quantity: 6, lotNumbers: ['LOT-OAK-2211'] }],
      },
    ],
  });

export type OperationProgressReport = z.infer<typeof OperationProgressReportSchema>;

export const InspectionResultSchema = z
  .object({
    reportId: ReportIdSchema,
    inspector: ReporterSchema,
    at: AtSchema,
    result: z.enum(['pass', 'fail']),
    measurements: z
      .array(
        z
          .object({
            checkId: z.string().min(1).max(100).meta({ description: "A check of the product's QC checklist." }),
            value: z.union([z.number().finite(), z.boolean(), z.string().max(500)]).meta({ description: 'The measured value (in the check unit), or the visual verdict.' }),
            unit: z.string().max(20).optional(),
            withinTolerance: z.boolean(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    defects: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((report) => report.result === 'fail' || report.measurements.every((measurement) => measurement.withinTolerance), {
    message: 'A pass cannot contain a measurement outside its tolerance.',
    path: ['result'],
    params: { rule: 'consistent-result' },
  })
  .meta({
    id: 'InspectionResult',
    examples: [
      {
        reportId: 'insp-2026-0412-01',
        inspector: 'qc.mueller',
        result: 'pass',
        measurements: [
          { checkId: 'length', value: 2001, unit: 'mm', withinTolerance: true },
          { checkId: 'surface', value: 'no visible defects', withinTolerance: true },
        ],
      },
    ],
  });

export type InspectionResult = z.infer<typeof InspectionResultSchema>;
