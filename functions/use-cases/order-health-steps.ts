/**
 * Order at risk, failure and compensation.
 *
 * At-risk: from what is still to do (the stages after `stage`, at the catalog's planning figures) and
 * what is known (suppliers' confirmed dates), the expected finish is compared with the promise date;
 * when it moved past it, `OrderAtRisk` is published with the cause, before the date is missed, and the
 * slip is recorded on the timeline. Time spent waiting on people (approvals) and on suppliers (POs)
 * is measured on every check (cost of delay).
 */
import { addWorkingDays, localDate } from '../domain/calendar/business-calendar';
import type { Catalog } from '../domain/catalog/catalog.types';
import type { Order } from '../domain/order/order.types';
import type { Approval } from '../domain/approval/approval.types';
import type { PurchaseOrder } from '../domain/procurement/purchase-order.types';
import { planOperations } from '../domain/planning/routing';
import type { ApprovalRepository } from '../ports/approval-repository';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import type { StockRepository } from '../ports/stock-repository';
import type { SupplierGateway } from '../ports/notifier';
import { changeStage, orderEvent, requireOrder, type StageDeps } from './step-support';

export type RiskStage = 'review' | 'design-approval' | 'procurement' | 'build' | 'quality-control';

const STAGE_ORDER: readonly RiskStage[] = ['review', 'design-approval', 'procurement', 'build', 'quality-control'];

export interface RiskAssessment {
  readonly expectedFinish: string;
  readonly promiseDate: string;
  readonly atRisk: boolean;
  readonly cause: string | null;
  readonly waitingOnPeopleHours: number;
  readonly waitingOnSuppliersHours: number;
}

const hoursBetween = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / 3_600_000);

/** Hours spent waiting on approvers (sum) and on suppliers (longest open-to-delivered span, POs overlap). */
export function waitingTimes(approvals: readonly Approval[], purchaseOrders: readonly PurchaseOrder[], now: string): { people: number; suppliers: number } {
  const people = approvals.reduce((sum, approval) => sum + hoursBetween(approval.requestedAt, approval.decision?.decidedAt ?? (approval.status === 'pending' ? now : approval.expiresAt)), 0);
  const suppliers = purchaseOrders.reduce((longest, po) => Math.max(longest, hoursBetween(po.createdAt, po.status === 'delivered' ? po.updatedAt : now)), 0);
  return { people: Math.round(people * 10) / 10, suppliers: Math.round(suppliers * 10) / 10 };
}

/** The expected finish date after `stage` is done, and the stage that drives it. */
export function expectedFinish(order: Order, stage: RiskStage, catalog: Catalog, purchaseOrders: readonly PurchaseOrder[], now: string): { date: string; cause: string } {
  const { calendar, policy } = catalog;
  const remaining = STAGE_ORDER.slice(STAGE_ORDER.indexOf(stage) + 1);
  const today = localDate(calendar, now);
  let date = today;
  let cause = 'remaining work at planned rates';
  if (remaining.includes('design-approval')) date = addWorkingDays(calendar, date, policy.approvalAllowanceDays);
  if (remaining.includes('procurement') || stage === 'procurement') {
    const open = purchaseOrders.filter((po) => po.status !== 'delivered' && po.status !== 'cancelled');
    const latest = open.map((po) => po.confirmedDeliveryDate).filter((value): value is string => value !== undefined).sort().at(-1);
    if (latest !== undefined && latest > date) {
      date = latest;
      cause = `waiting for supplier deliveries confirmed for ${latest}`;
    }
  }
  if (remaining.includes('build') || stage === 'procurement') {
    const operations = planOperations(order.lines.map((line) => ({ productId: line.productId, configuration: line.configuration, quantity: line.quantity })), catalog);
    const hours = operations.reduce((sum, operation) => sum + operation.hours, 0);
    const days = Math.ceil(hours / 8);
    date = addWorkingDays(calendar, date, days);
  }
  if (order.reworkCount > 0) cause = `${order.reworkCount} rework cycle(s) after failed inspections`;
  return { date: addWorkingDays(calendar, date, policy.shippingDays), cause };
}

export interface AssessRiskDeps extends StageDeps {
  readonly approvals: ApprovalRepository;
  readonly purchaseOrders: PurchaseOrderRepository;
  readonly catalog: () => Promise<Catalog>;
}

export function createAssessOrderRisk(deps: AssessRiskDeps) {
  return async ({ orderId, stage }: { orderId: string; stage: RiskStage }): Promise<RiskAssessment> => {
    const order = await requireOrder(deps.orders, orderId);
    const catalog = await deps.catalog();
    const now = deps.clock();
    const approvals = (await deps.approvals.listByOrder(orderId)).items;
    const purchaseOrders = (await deps.purchaseOrders.listByOrder(orderId)).items;
    const waits = waitingTimes(approvals, purchaseOrders, now);
    const finish = expectedFinish(order, stage, catalog, purchaseOrders, now);
    const atRisk = finish.date > order.promise.date;
    const assessment: RiskAssessment = {
      expectedFinish: finish.date,
      promiseDate: order.promise.date,
      atRisk,
      cause: atRisk ? finish.cause : null,
      waitingOnPeopleHours: waits.people,
      waitingOnSuppliersHours: waits.suppliers,
    };
    if (atRisk) {
      await changeStage(deps, orderId, {
        type: 'OrderAtRisk',
        occurrence: `${stage}-${finish.date}`,
        summary: `Expected finish ${finish.date} is after the promise date ${order.promise.date}: ${finish.cause}`,
        reason: finish.cause,
        data: { ...assessment, stage, slipDays: Math.round((Date.parse(finish.date) - Date.parse(order.promise.date)) / 86_400_000) },
      });
    } else {
      await deps.events.publish([orderEvent(order, 'OrderProgressAssessed', `${stage}-${order.version}`, now, { ...assessment, stage })]);
    }
    return assessment;
  };
}

/** Unwraps a child machine's failure (States.TaskFailed whose cause is the child's execution JSON). */
export function unwrapFailure(error: string, cause: string): { error: string; cause: string } {
  if (error !== 'States.TaskFailed') return { error, cause };
  try {
    const parsed = JSON.parse(cause) as { Error?: unknown; Cause?: unknown };
    if (typeof parsed.Error === 'string') return { error: parsed.Error, cause: typeof parsed.Cause === 'string' ? parsed.Cause : cause };
  } catch {
    // Not a child execution's failure: keep it as it is.
  }
  return { error, cause };
}

export function createFailOrder(deps: StageDeps) {
  return async ({ orderId, step, error, cause }: { orderId: string; step: string; error: string; cause: string }): Promise<{ failed: true }> => {
    const failure = { step, ...unwrapFailure(error, cause) };
    await changeStage(deps, orderId, {
      to: 'failed',
      type: 'OrderFailed',
      occurrence: 'failed',
      summary: `Order failed at ${failure.step}: ${failure.error}`,
      reason: failure.cause.slice(0, 1000),
      data: { step: failure.step, error: failure.error, cause: failure.cause.slice(0, 2000) },
      patch: { failure: { step: failure.step, error: failure.error, cause: failure.cause.slice(0, 2000) } },
    });
    return { failed: true };
  };
}

export interface CompensateDeps extends StageDeps {
  readonly stock: StockRepository;
  readonly purchaseOrders: PurchaseOrderRepository;
  readonly suppliers: SupplierGateway;
}

/** Releases every reservation and cancels every open PO (telling its supplier). Idempotent. */
export function createCompensateOrder(deps: CompensateDeps) {
  return async ({ orderId, reason }: { orderId: string; reason: string }): Promise<{ released: number; cancelled: number }> => {
    const order = await requireOrder(deps.orders, orderId);
    const now = deps.clock();
    let released = 0;
    for (const reservation of await deps.stock.listReservations(orderId)) {
      if ((await deps.stock.release(orderId, reservation.componentId)) === 'released') released += 1;
    }
    let cancelled = 0;
    for (const po of (await deps.purchaseOrders.listByOrder(orderId)).items) {
      if (po.status === 'delivered' || po.status === 'cancelled' || po.status === 'rejected' || po.status === 'timed_out') continue;
      if (po.status !== 'draft') {
        await deps.suppliers.send({ type: 'purchase-order.cancelled', poId: po.poId, orderId, supplierId: po.supplierId, lines: po.lines, reason: `Order ${reason}` });
      }
      await deps.purchaseOrders.update({ ...po, status: 'cancelled', updatedAt: now }, po.version);
      cancelled += 1;
    }
    await deps.events.publish([orderEvent(order, 'OrderCompensated', reason, now, { reason, releasedReservations: released, cancelledPurchaseOrders: cancelled })]);
    return { released, cancelled };
  };
}
