/**
 * Order at risk, failure and compensation.
 *
 * At risk: between stages (and when a supplier confirms a date) the domain's schedule check
 * (functions/domain/order/order-schedule.ts) runs the promise-date model again from what has
 * happened so far; when the expected finish moves past the promise date, `OrderAtRisk` names the
 * cause before the date is missed and its timeline entry records the slip. The check also records
 * on the order the time spent waiting on people and on suppliers (cost of delay).
 */
import type { Catalog } from '../domain/catalog/catalog.types';
import { createEvent, type OrderEvent } from '../domain/events/order-events';
import { isTerminal } from '../domain/order/order-lifecycle';
import { assessSchedule } from '../domain/order/order-schedule';
import { failOrder } from '../domain/order/order-transitions';
import type { Order, ScheduleAssessment } from '../domain/order/order.types';
import type { ScheduleStage } from '../domain/planning/expected-finish';
import { isOpenPurchaseOrder, transitionPurchaseOrder } from '../domain/procurement/procurement-planning';
import type { PurchaseOrder } from '../domain/procurement/purchase-order.types';
import type { SupplierGateway } from '../ports/notifier';
import type { OrderChildrenReader } from '../ports/order-children';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import type { StockRepository } from '../ports/stock-repository';
import { allPages } from '../ports/pagination';
import { commitOrderChange, eventContextOf, stepContext, updatePurchaseOrder, type StageDeps } from './step-support';

export interface AssessRiskDeps extends StageDeps {
  readonly orderChildren: OrderChildrenReader;
  readonly catalog: () => Promise<Catalog>;
}

/** Runs the schedule check after `stage` and records it (with `OrderAtRisk` when the slip is new or grew). */
export async function checkSchedule(deps: AssessRiskDeps, orderId: string, at: string, stage: ScheduleStage, tag: string, known?: Order): Promise<ScheduleAssessment> {
  const catalog = await deps.catalog();
  const { approvals, purchaseOrders } = await deps.orderChildren.listChildren(orderId);
  let assessment: ScheduleAssessment | undefined;
  const { order } = await commitOrderChange(deps, orderId, { at, tag }, (current) => {
    if (isTerminal(current.status)) return undefined;
    const result = assessSchedule(current, { now: at, stage, purchaseOrders, approvals }, catalog, stepContext(at));
    assessment = result.assessment;
    return result;
  }, known);
  // On a retry the first attempt's assessment is on the order.
  const recorded = assessment ?? order.schedule;
  if (recorded === undefined) {
    return { assessedAt: at, stage, expectedFinish: order.promise.date, atRisk: false, waitingOnPeopleHours: 0, waitingOnSuppliersHours: 0 };
  }
  return recorded;
}

export function createAssessOrderRisk(deps: AssessRiskDeps) {
  return async ({ orderId, at, stage }: { orderId: string; at: string; stage: ScheduleStage }): Promise<ScheduleAssessment> => checkSchedule(deps, orderId, at, stage, `risk-${stage}`);
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

/** Any non-terminal status -> failed, with the step and the cause; an order already finished (or failed by its QC step) is left as it is. */
export function createFailOrder(deps: StageDeps) {
  return async ({ orderId, at, step, error, cause }: { orderId: string; at: string; step: string; error: string; cause: string }): Promise<{ failed: boolean }> => {
    const unwrapped = unwrapFailure(error, cause);
    const failure = { step, error: unwrapped.error, cause: unwrapped.cause.slice(0, 2000) };
    const { order, events } = await commitOrderChange(deps, orderId, { at, tag: 'fail-order' }, (current) =>
      isTerminal(current.status) ? undefined : failOrder(current, stepContext(at, undefined, failure.cause.slice(0, 1000)), failure),
    );
    return { failed: order.status === 'failed' || events.length > 0 };
  };
}

export interface CompensateDeps extends StageDeps {
  readonly stock: StockRepository;
  readonly purchaseOrders: PurchaseOrderRepository;
  readonly suppliers: SupplierGateway;
}

/**
 * Cancels one PO if it is still open, telling its supplier (unless it is a draft the supplier never
 * saw). Returns the PO when this run cancelled it, now or in an earlier attempt (its time is the
 * run's), so a retry reports it again; undefined when it was not open.
 *
 * The PO may move while this runs (its supplier acknowledging or shipping, a step sending it): it is
 * read again and decided again, and its supplier is told once. A write whose answer was lost and that
 * the SDK sent again finds the PO cancelled at this run's time: that is this run's cancellation too.
 */
async function cancelOpenPurchaseOrder(deps: CompensateDeps, read: PurchaseOrder, { orderId, at, reason }: { orderId: string; at: string; reason: string }): Promise<PurchaseOrder | undefined> {
  let cancelledEarlier: PurchaseOrder | undefined;
  let supplierTold = false;
  const stored = await updatePurchaseOrder(deps.purchaseOrders, read, async (po) => {
    if (po.status === 'cancelled' && po.updatedAt === at) {
      cancelledEarlier = po;
      return undefined;
    }
    if (!isOpenPurchaseOrder(po)) return undefined;
    if (po.status !== 'draft' && !supplierTold) {
      await deps.suppliers.send({ type: 'purchase-order.cancelled', poId: po.poId, orderId, supplierId: po.supplierId, lines: po.lines, reason: `Order ${reason}` });
      supplierTold = true;
    }
    return transitionPurchaseOrder(po, 'cancelled', at);
  });
  return stored ?? cancelledEarlier;
}

/**
 * Releases every reservation and cancels every open PO (telling its supplier by email; supplier
 * systems hear `PurchaseOrderCancelled` on the bus). Idempotent: a retry does only what is left.
 */
export function createCompensateOrder(deps: CompensateDeps) {
  return async ({ orderId, at, reason }: { orderId: string; at: string; reason: string }): Promise<{ released: number; cancelled: number }> => {
    let released = 0;
    const releases: Array<{ componentId: string; quantity: number }> = [];
    for (const reservation of await deps.stock.listReservations(orderId)) {
      if ((await deps.stock.release(orderId, reservation.componentId, reservation.quantity)) === 'released') {
        released += 1;
        releases.push({ componentId: reservation.componentId, quantity: reservation.quantity });
      }
    }
    const cancelled: PurchaseOrder[] = [];
    for (const po of await allPages((page) => deps.purchaseOrders.listByOrder(orderId, page))) {
      const cancelledByThisRun = await cancelOpenPurchaseOrder(deps, po, { orderId, at, reason });
      if (cancelledByThisRun !== undefined) cancelled.push(cancelledByThisRun);
    }
    await commitOrderChange(deps, orderId, { at, tag: 'compensate-order' }, (current) => {
      const context = eventContextOf(current, at);
      const events: OrderEvent[] = [
        ...(releases.length === 0 ? [] : [createEvent('StockReleased', context, { releases })]),
        ...cancelled.map((po) =>
          createEvent('PurchaseOrderCancelled', context, {
            poId: po.poId,
            supplierId: po.supplierId,
            lines: po.lines.map((line) => ({ componentId: line.componentId, quantity: line.quantity, unit: line.unit, unitCostCents: line.unitCostCents })),
            cancellationReason: `Order ${reason}`,
          }),
        ),
        createEvent('OrderCompensated', context, { reason, releasedReservations: released, cancelledPurchaseOrders: cancelled.map((po) => po.poId) }),
      ];
      return { events };
    });
    return { released, cancelled: cancelled.length };
  };
}
