/**
 * Transitions of the order aggregate: pure functions that take an order and what happened, check
 * the lifecycle table, and return the new order and the domain events it produced.
 *
 * The returned order keeps its `version`: the repository bumps it when it stores the change with
 * optimistic locking, in the same transaction as the timeline entries of the events.
 */
import type { Catalog, WorkCenterLoad } from '../catalog/catalog.types';
import type { StockLevel } from '../catalog/stock.types';
import { DomainValidationError } from '../common/problem';
import { actualCost, type ActualConsumption } from '../costing/costing';
import { createEvent, type CompensationAction, type EventContext, type OrderEvent, type ProductionActuals } from '../events/order-events';
import { labourHoursOf } from '../production/production-actuals';
import { inspectOrder, qcDisposition, type InspectionReport, type InspectionResult, type QcDisposition } from '../quality/inspection';
import { assertTransition, cancellationRule, IllegalTransitionError, specificationChangeRule } from './order-lifecycle';
import { planOrder } from './order-planning';
import type { Actor, Order, OrderFailure, OrderLine, OrderRequestLine, ProductionReport } from './order.types';
import type { OrderStatus } from './order-status';
import { validateOrderRequest } from './order-validation';

/** Who acts, when, and why. Time is always passed in. */
export interface TransitionContext {
  /** ISO-8601 instant of the change. */
  readonly now: string;
  readonly actor: Actor;
  /** A person's reason (rejection comment, cancellation reason), shown on the timeline. */
  readonly reason?: string;
}

/** The new order (same version) and the events of the change, in order. */
export interface TransitionResult {
  readonly order: Order;
  readonly events: readonly OrderEvent[];
}

/** A transition that needs compensation (cancellation, specification change). */
export interface CompensatedTransitionResult extends TransitionResult {
  readonly compensation: readonly CompensationAction[];
}

function moved(order: Order, to: OrderStatus, context: TransitionContext, patch: Partial<Order> = {}, detail?: string): Order {
  assertTransition(order.orderId, order.status, to, detail);
  return { ...order, ...patch, status: to, updatedAt: context.now };
}

function eventContext(order: Order, context: TransitionContext): EventContext {
  return { orderId: order.orderId, occurredAt: context.now, actor: context.actor, status: order.status, ...(context.reason === undefined ? {} : { reason: context.reason }) };
}

/** True when any line's product needs a design package approved before procurement. */
export function needsDesignApproval(order: Pick<Order, 'lines'>, catalog: Catalog): boolean {
  return order.lines.some((line) => catalog.products.find((product) => product.productId === line.productId)?.requiresDesignApproval ?? false);
}

/** received -> in_review. */
export function startReview(order: Order, context: TransitionContext): TransitionResult {
  const next = moved(order, 'in_review', context);
  return { order: next, events: [createEvent('OrderReviewStarted', eventContext(next, context), {})] };
}

/** How the review decided: by the rules (automatic) or by a person, with the reasons. */
export interface ReviewDecision {
  readonly automatic: boolean;
  readonly reasons: readonly string[];
}

/**
 * in_review -> awaiting_design_approval (a line needs design approval) or -> procuring.
 */
export function approveOrder(order: Order, catalog: Catalog, context: TransitionContext, decision: ReviewDecision): TransitionResult {
  const nextStatus = needsDesignApproval(order, catalog) ? 'awaiting_design_approval' : 'procuring';
  const next = moved(order, nextStatus, context, {
    review: { outcome: 'approved', automatic: decision.automatic, reasons: decision.reasons, decidedBy: context.actor.id, decidedAt: context.now },
  });
  return { order: next, events: [createEvent('OrderApproved', eventContext(next, context), { automatic: decision.automatic, reasons: decision.reasons, nextStatus })] };
}

/** in_review | awaiting_design_approval | design_revision -> rejected (the order will not be built). */
export function rejectOrder(order: Order, context: TransitionContext, decision: ReviewDecision = { automatic: false, reasons: [] }): TransitionResult {
  const stage = order.status;
  const next = moved(order, 'rejected', context, {
    ...(stage === 'in_review'
      ? { review: { outcome: 'rejected', automatic: decision.automatic, reasons: decision.reasons, decidedBy: context.actor.id, decidedAt: context.now } }
      : {}),
    ...(context.reason === undefined ? {} : { closedReason: context.reason }),
  });
  return { order: next, events: [createEvent('OrderRejected', eventContext(next, context), { automatic: decision.automatic, stage })] };
}

/** awaiting_design_approval -> procuring. */
export function approveDesign(order: Order, context: TransitionContext): TransitionResult {
  const next = moved(order, 'procuring', context);
  return { order: next, events: [createEvent('DesignApproved', eventContext(next, context), { designRevision: order.designRevision })] };
}

/** Revisions still allowed after the current one is rejected. */
export function designRevisionsLeft(order: Pick<Order, 'designRevision'>, catalog: Catalog): number {
  // Revision 1 is the original design; policy.maxDesignRevisions more may follow.
  return Math.max(0, catalog.policy.maxDesignRevisions - (order.designRevision - 1));
}

/**
 * awaiting_design_approval -> design_revision, or -> rejected when no revision is left
 * (bounded by `policy.maxDesignRevisions`).
 */
export function rejectDesign(order: Order, catalog: Catalog, context: TransitionContext): TransitionResult {
  const revisionsLeft = designRevisionsLeft(order, catalog);
  if (revisionsLeft === 0) {
    const next = moved(order, 'rejected', context, context.reason === undefined ? {} : { closedReason: context.reason });
    const eventBase = eventContext(next, context);
    return {
      order: next,
      events: [
        createEvent('DesignRejected', eventBase, { designRevision: order.designRevision, revisionsLeft: 0 }),
        createEvent('OrderRejected', { ...eventBase, actor: { kind: 'system', id: 'workflow' } }, { automatic: true, stage: order.status }),
      ],
    };
  }
  const next = moved(order, 'design_revision', context);
  return { order: next, events: [createEvent('DesignRejected', eventContext(next, context), { designRevision: order.designRevision, revisionsLeft: revisionsLeft - 1 })] };
}

/** design_revision -> awaiting_design_approval with the next design revision number. */
export function submitDesignRevision(order: Order, context: TransitionContext): TransitionResult {
  const next = moved(order, 'awaiting_design_approval', context, { designRevision: order.designRevision + 1 });
  return { order: next, events: [createEvent('DesignRevised', eventContext(next, context), { designRevision: next.designRevision })] };
}

/** procuring -> building (all materials are in). */
export function startBuild(order: Order, context: TransitionContext, productionOrderId?: string): TransitionResult {
  const next = moved(order, 'building', context);
  return { order: next, events: [createEvent('BuildStarted', eventContext(next, context), productionOrderId === undefined ? {} : { productionOrderId })] };
}

/** The order's production records with `report` added, and the actuals the event carries. */
function withProductionReport(order: Order, report: ProductionReport | undefined): { patch: Partial<Order>; actuals: ProductionActuals } {
  if (report === undefined) return { patch: {}, actuals: {} };
  return {
    patch: { productionReports: [...(order.productionReports ?? []), report] },
    actuals: { labourHours: labourHoursOf(report), consumedMaterials: report.materials },
  };
}

/** building -> in_qc, recording what the shop floor reported (labour, materials with lots). */
export function completeBuild(order: Order, context: TransitionContext, report?: ProductionReport): TransitionResult {
  const { patch, actuals } = withProductionReport(order, report);
  const next = moved(order, 'in_qc', context, patch);
  return { order: next, events: [createEvent('BuildCompleted', eventContext(next, context), actuals)] };
}

/** rework -> in_qc, recording what the shop floor reported for the rework. */
export function completeRework(order: Order, context: TransitionContext, report?: ProductionReport): TransitionResult {
  const { patch, actuals } = withProductionReport(order, report);
  const next = moved(order, 'in_qc', context, patch);
  return { order: next, events: [createEvent('ReworkCompleted', eventContext(next, context), { reworkCount: order.reworkCount, ...actuals })] };
}

/** The result of recording an inspection: the transition plus what the inspection found. */
export interface InspectionTransitionResult extends TransitionResult {
  readonly inspection: InspectionResult;
  readonly disposition: QcDisposition;
}

/**
 * in_qc -> shipping (pass; a certificate of conformance is issued), -> rework (fail, reworks left),
 * -> procuring (fail, no rework left: scrap and re-procure), or -> failed (nothing left).
 *
 * @param certificateId the id of the certificate of conformance to issue on a pass (ids are passed in).
 */
export function recordInspection(order: Order, report: InspectionReport, catalog: Catalog, context: TransitionContext, certificateId: string): InspectionTransitionResult {
  if (order.status !== 'in_qc') throw new IllegalTransitionError(order.orderId, order.status, 'shipping', 'an inspection is recorded in QC only');
  return recordInspectionResult(order, inspectOrder(order, report, catalog), catalog, context, certificateId);
}

/**
 * {@link recordInspection} for an inspection already checked against the checklist (by the QC
 * station's door): the same dispositions and transitions.
 */
export function recordInspectionResult(order: Order, inspection: InspectionResult, catalog: Catalog, context: TransitionContext, certificateId: string): InspectionTransitionResult {
  if (order.status !== 'in_qc') throw new IllegalTransitionError(order.orderId, order.status, 'shipping', 'an inspection is recorded in QC only');
  const disposition = qcDisposition(order, inspection, catalog);
  const failedChecks = inspection.failedChecks.map((check) => ({ lineId: check.lineId, checkId: check.checkId, message: check.message }));
  switch (disposition) {
    case 'ship': {
      const next = moved(order, 'shipping', context, { certificateId });
      return {
        order: next,
        inspection,
        disposition,
        events: [createEvent('InspectionPassed', eventContext(next, context), { certificateId, checksPassed: inspection.checksPassed, reworkCount: order.reworkCount })],
      };
    }
    case 'rework': {
      const next = moved(order, 'rework', context, { reworkCount: order.reworkCount + 1 });
      return {
        order: next,
        inspection,
        disposition,
        events: [createEvent('InspectionFailed', eventContext(next, context), { failedChecks, disposition, reworkCount: next.reworkCount, scrapCount: next.scrapCount ?? 0 })],
      };
    }
    case 'scrap': {
      const next = moved(order, 'procuring', context, { reworkCount: 0, scrapCount: (order.scrapCount ?? 0) + 1 });
      return {
        order: next,
        inspection,
        disposition,
        events: [createEvent('InspectionFailed', eventContext(next, context), { failedChecks, disposition, reworkCount: 0, scrapCount: next.scrapCount ?? 0 })],
      };
    }
    case 'fail': {
      const failure: OrderFailure = { step: 'QualityControl', error: 'InspectionFailedError', cause: `no rework or scrap left after ${order.reworkCount} reworks and ${order.scrapCount ?? 0} scraps` };
      const next = moved(order, 'failed', context, { failure });
      const eventBase = eventContext(next, context);
      return {
        order: next,
        inspection,
        disposition,
        events: [
          createEvent('InspectionFailed', eventBase, { failedChecks, disposition, reworkCount: order.reworkCount, scrapCount: order.scrapCount ?? 0 }),
          createEvent('OrderFailed', { ...eventBase, actor: { kind: 'system', id: 'workflow' } }, { previousStatus: order.status, failure }),
        ],
      };
    }
  }
}

/** Records the booked shipment of an order in `shipping` (no status change). */
export function recordShipment(order: Order, context: TransitionContext, shipment: { readonly carrier: string; readonly trackingNumber: string }): TransitionResult {
  if (order.status !== 'shipping') throw new IllegalTransitionError(order.orderId, order.status, 'shipping', 'a shipment is booked only while shipping');
  const next: Order = { ...order, shipment: { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, bookedAt: context.now }, updatedAt: context.now };
  return { order: next, events: [createEvent('ShipmentBooked', eventContext(next, context), shipment)] };
}

/**
 * shipping -> delivered. With the consumption reported by the shop floor and purchasing, the
 * actual cost and the order's real margin are computed and kept on the order.
 */
export function confirmDelivery(order: Order, catalog: Catalog, context: TransitionContext, consumption?: ActualConsumption): TransitionResult {
  const cost = consumption ? actualCost(consumption, order.quote.priceCents, catalog) : undefined;
  const next = moved(order, 'delivered', context, {
    ...(cost ? { actualCost: cost } : {}),
    ...(order.shipment ? { shipment: { ...order.shipment, deliveredAt: context.now } } : {}),
  });
  return {
    order: next,
    events: [createEvent('OrderDelivered', eventContext(next, context), { deliveredAt: context.now, priceCents: order.quote.priceCents, ...(cost ? { actualCost: cost } : {}) })],
  };
}

/**
 * Cancels an order (allowed until it has shipped) and says what to compensate for its stage.
 *
 * @throws {IllegalTransitionError} when shipping or already finished.
 */
export function cancelOrder(order: Order, context: TransitionContext): CompensatedTransitionResult {
  const rule = cancellationRule(order.status);
  const next = moved(order, 'cancelled', context, context.reason === undefined ? {} : { closedReason: context.reason }, rule.refusal);
  return {
    order: next,
    compensation: rule.compensation,
    events: [createEvent('OrderCancelled', eventContext(next, context), { previousStatus: order.status, compensation: rule.compensation })],
  };
}

/** Any non-terminal status -> failed, recording where and why. */
export function failOrder(order: Order, context: TransitionContext, failure: OrderFailure): TransitionResult {
  const next = moved(order, 'failed', context, { failure });
  return { order: next, events: [createEvent('OrderFailed', eventContext(next, context), { previousStatus: order.status, failure })] };
}

/** Inputs a specification change re-plans with (the same as placing an order). */
export interface ReplanInputs {
  readonly catalog: Catalog;
  readonly stock: readonly StockLevel[];
  readonly load: WorkCenterLoad;
}

/**
 * Changes the order's lines (allowed until the build starts): the new specification is validated
 * and re-planned (requirements, promise, quote), the design revision moves on, the order returns
 * to review, and the compensation for its stage is returned.
 *
 * @throws {IllegalTransitionError} once the build has started; {@link DomainValidationError} with
 *   every problem (paths `lines[i]...`) when the new lines are invalid.
 */
export function changeSpecification(order: Order, lines: readonly OrderRequestLine[], inputs: ReplanInputs, context: TransitionContext): CompensatedTransitionResult {
  const rule = specificationChangeRule(order.status);
  if (!rule.allowed) throw new IllegalTransitionError(order.orderId, order.status, 'in_review', `specification change refused: ${rule.refusal ?? 'not allowed'}`);
  const validated = validateOrderRequest(
    { customer: order.customer, lines, requestedDeliveryDate: order.requestedDeliveryDate, priority: order.priority },
    inputs.catalog,
  );
  if (!validated.ok) throw new DomainValidationError(validated.problems);
  const newLines: OrderLine[] = validated.value.lines.map((line, index) => ({ lineId: `L${index + 1}`, ...line }));
  const plan = planOrder(newLines, inputs.catalog, inputs.stock, inputs.load, context.now);
  const patch: Partial<Order> = {
    lines: newLines,
    requirements: plan.requirements,
    promise: plan.promise,
    quote: plan.quote,
    designRevision: order.designRevision + 1,
    catalogVersion: inputs.catalog.catalogVersion,
  };
  // In review already: the review restarts on the new specification without a status change.
  const next = order.status === 'in_review' ? { ...order, ...patch, updatedAt: context.now } : moved(order, 'in_review', context, patch);
  return {
    order: next,
    compensation: rule.compensation,
    events: [
      createEvent('SpecificationChanged', eventContext(next, context), {
        previousStatus: order.status,
        previousLines: order.lines,
        lines: newLines,
        designRevision: next.designRevision,
        promise: plan.promise,
        quote: plan.quote,
        compensation: rule.compensation,
      }),
    ],
  };
}
