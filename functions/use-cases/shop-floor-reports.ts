/**
 * Reports from the shop floor and QC stations, resuming the lifecycle steps that wait for them.
 * Progress on an operation goes on the timeline and sends a heartbeat to the waiting build step
 * (its HeartbeatSeconds detects a silent shop floor); the production-completed report ends the
 * wait with the materials and labour used. An inspection's measurements are checked against the
 * product checklist here, and the waiting QC step gets pass or fail with the failed checks.
 * Every report is acted on once (by its reportId).
 */
import type { Catalog } from '../domain/catalog/catalog.types';
import { planOperations } from '../domain/planning/routing';
import { inspectOrder } from '../domain/quality/inspection';
import type { Order } from '../domain/order/order.types';
import type { OrderStatus } from '../domain/order/order-status';
import type { CallbackRepository } from '../ports/callback-repository';
import { OrderNotFoundError } from '../ports/data-errors';
import type { OrderRepository } from '../ports/order-repository';
import type { WebhookDedupStore } from '../ports/webhook-dedup-store';
import type { WorkflowGateway } from '../ports/workflow-gateway';
import { EventNotApplicableError, UnknownReferenceError } from './door-errors';
import { actOnce, type ReportOutcome } from './report-once';
import { completeWait, findOrderWait } from './resume-waiting-step';

export interface ShopFloorDeps {
  readonly orders: OrderRepository;
  readonly callbacks: CallbackRepository;
  readonly workflow: WorkflowGateway;
  readonly webhookDedup: WebhookDedupStore;
  readonly catalog: () => Promise<Catalog>;
  readonly now: () => Date;
}

export type ProgressReport =
  | { readonly event: 'operation-started'; readonly reportId: string; readonly callbackId?: string | undefined; readonly operationId: string; readonly reportedBy: string; readonly at?: string | undefined }
  | {
      readonly event: 'operation-completed';
      readonly reportId: string;
      readonly callbackId?: string | undefined;
      readonly operationId: string;
      readonly reportedBy: string;
      readonly at?: string | undefined;
      readonly labourHours: number;
      readonly quantityCompleted?: number | undefined;
    }
  | {
      readonly event: 'production-completed';
      readonly reportId: string;
      readonly callbackId?: string | undefined;
      readonly reportedBy: string;
      readonly at?: string | undefined;
      readonly labourHours: number;
      readonly consumedMaterials: readonly { readonly componentId: string; readonly quantity: number; readonly lotNumbers?: readonly string[] | undefined }[];
    };

export interface InspectionReportInput {
  readonly reportId: string;
  readonly callbackId?: string | undefined;
  readonly inspector: string;
  readonly at?: string | undefined;
  readonly lines: readonly { readonly lineId: string; readonly results: Readonly<Record<string, number | boolean>> }[];
  readonly comment?: string | undefined;
}

const BUILDING: ReadonlySet<OrderStatus> = new Set(['building', 'rework']);

async function requireOrderIn(orders: OrderRepository, orderId: string, statuses: ReadonlySet<OrderStatus>, what: string): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order) {
    throw new OrderNotFoundError(orderId);
  }
  if (!statuses.has(order.status)) {
    throw new EventNotApplicableError(`Order ${orderId} is ${order.status}; ${what} is reported while it is ${[...statuses].join(' or ')}.`, order.status);
  }
  return order;
}

export function createShopFloorReports(deps: ShopFloorDeps) {
  return {
    /**
     * @throws OrderNotFoundError, EventNotApplicableError (409, not building), UnknownReferenceError
     *   (422: operation or callback), CallbackAlreadyCompletedError (409), CallbackExpiredError /
     *   TaskTokenInvalidError (410)
     */
    async reportProgress(orderId: string, report: ProgressReport): Promise<ReportOutcome> {
      // Claimed first, so a retry of a report that was acted on is a harmless duplicate.
      return actOnce(deps, `shop-floor:${orderId}`, report.reportId, async () => {
        const order = await requireOrderIn(deps.orders, orderId, BUILDING, 'production progress');
        const now = deps.now();
        const wait = await findOrderWait(deps.callbacks, orderId, 'production', report.callbackId, now);
        const at = report.at ?? now.toISOString();
        if (report.event === 'production-completed') {
          await completeWait(
            deps,
            wait,
            { consumedMaterials: report.consumedMaterials.map((material) => ({ ...material, lotNumbers: [...(material.lotNumbers ?? [])] })), labourHours: report.labourHours, completedAt: at, reportedBy: report.reportedBy },
            now,
          );
          return;
        }
        const operations = planOperations(order.lines.map((line) => ({ productId: line.productId, configuration: line.configuration, quantity: line.quantity })), await deps.catalog());
        if (!operations.some((operation) => operation.operationId === report.operationId)) {
          throw new UnknownReferenceError('operationId', report.operationId);
        }
        const started = report.event === 'operation-started';
        await deps.orders.appendTimeline(orderId, [
          {
            orderId,
            at: now.toISOString(),
            entryId: `${now.toISOString()}#OperationProgress#${report.reportId}`,
            type: started ? 'OperationStarted' : 'OperationCompleted',
            actor: { kind: 'shop-floor', id: report.reportedBy },
            summary: started ? `Operation ${report.operationId} started` : `Operation ${report.operationId} completed (${report.labourHours} labour hours)`,
            data: { operationId: report.operationId, reportedAt: at, ...(started ? {} : { labourHours: report.labourHours, ...(report.quantityCompleted === undefined ? {} : { quantityCompleted: report.quantityCompleted }) }) },
          },
        ]);
        await deps.workflow.sendTaskHeartbeat(wait.taskToken);
      });
    },

    /**
     * @throws OrderNotFoundError, EventNotApplicableError (409, not in QC), UnknownReferenceError
     *   (422: line or callback), CallbackAlreadyCompletedError (409), CallbackExpiredError (410)
     */
    async recordInspection(orderId: string, report: InspectionReportInput): Promise<{ outcome: ReportOutcome; passed?: boolean }> {
      let passed: boolean | undefined;
      const outcome = await actOnce(deps, `qc:${orderId}`, report.reportId, async () => {
        const order = await requireOrderIn(deps.orders, orderId, new Set(['in_qc']), 'an inspection result');
        const now = deps.now();
        const wait = await findOrderWait(deps.callbacks, orderId, 'inspection', report.callbackId, now);
        report.lines.forEach((line, index) => {
          if (!order.lines.some((orderLine) => orderLine.lineId === line.lineId)) {
            throw new UnknownReferenceError(`lines[${index}].lineId`, line.lineId);
          }
        });
        const result = inspectOrder(order, { inspector: report.inspector, lines: report.lines }, await deps.catalog());
        passed = result.passed;
        await completeWait(
          deps,
          wait,
          {
            passed: result.passed,
            inspector: report.inspector,
            failedChecks: result.failedChecks.map((check) => `${check.lineId}/${check.checkId}: ${check.message}`),
            checksPassed: result.checksPassed,
            inspectedAt: report.at ?? now.toISOString(),
            ...(report.comment ? { comment: report.comment } : {}),
          },
          now,
        );
      });
      return passed === undefined ? { outcome } : { outcome, passed };
    },
  };
}
