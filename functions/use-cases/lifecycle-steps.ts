/**
 * Use cases of the order lifecycle's own steps: automatic review, the review and design decisions,
 * the bounded design-revision loop, build, QC and shipping. Each takes its ports and returns what
 * the state machine needs to choose the next state; each is safe to run twice (Step Functions may).
 */
import type { Order } from '../domain/order/order.types';
import type { StockRepository } from '../ports/stock-repository';
import { ApprovalExpiredError, DesignRevisionLimitReachedError, QualityLimitReachedError } from './lifecycle-errors';
import { changeStage, requireOrder, type StageDeps } from './step-support';

/** Review thresholds; the catalog's policy unless the deployment overrides them. */
export interface ReviewPolicy {
  readonly minMarginFraction: number;
  readonly approvalLimitCents: number;
}

export interface ReviewOutcome {
  readonly outcome: 'cleared' | 'needs-approval';
  /** Why a person must look (empty when cleared). */
  readonly reasons: readonly string[];
}

/** The automatic review rules: each returns a reason when the order needs a person. */
export function reviewRules(order: Order, policy: ReviewPolicy): string[] {
  const reasons: string[] = [];
  if (order.lines.length === 0) reasons.push('the order has no lines');
  if (order.quote.marginFraction < policy.minMarginFraction) {
    reasons.push(`margin ${(order.quote.marginFraction * 100).toFixed(1)} % is below the minimum ${(policy.minMarginFraction * 100).toFixed(1)} %`);
  }
  if (order.promise.date > order.requestedDeliveryDate) {
    reasons.push(`promise date ${order.promise.date} is after the requested date ${order.requestedDeliveryDate}`);
  }
  if (order.quote.priceCents > policy.approvalLimitCents) {
    reasons.push(`order value ${order.quote.priceCents} exceeds the approval limit ${policy.approvalLimitCents} (${order.quote.currency} cents)`);
  }
  return reasons;
}

export function createReviewOrder(deps: StageDeps & { readonly policy: ReviewPolicy }) {
  return async ({ orderId }: { orderId: string }): Promise<ReviewOutcome> => {
    const order = await requireOrder(deps.orders, orderId);
    const reasons = reviewRules(order, deps.policy);
    await changeStage(deps, orderId, {
      to: 'in_review',
      type: 'OrderReviewStarted',
      occurrence: String(order.designRevision),
      summary: reasons.length === 0 ? 'Automatic review passed every rule' : `Review needs a person: ${reasons.join('; ')}`,
      data: { reasons },
    });
    return { outcome: reasons.length === 0 ? 'cleared' : 'needs-approval', reasons };
  };
}

/** What the approval child machine returns. */
export interface ApprovalResult {
  readonly approvalId: string;
  readonly outcome: 'approved' | 'rejected' | 'expired';
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly comment: string | null;
}

export function createApplyReviewDecision(deps: StageDeps) {
  return async ({ orderId, decision }: { orderId: string; decision: ApprovalResult }): Promise<{ next: 'continue' | 'rejected' }> => {
    if (decision.outcome === 'expired') throw new ApprovalExpiredError(decision.approvalId);
    const actor = { kind: 'approver' as const, id: decision.decidedBy ?? 'unknown' };
    if (decision.outcome === 'rejected') {
      await changeStage(deps, orderId, {
        to: 'rejected',
        type: 'OrderRejected',
        occurrence: decision.approvalId,
        actor,
        summary: `Order rejected in review by ${actor.id}`,
        ...(decision.comment === null ? {} : { reason: decision.comment }),
        data: { approvalId: decision.approvalId },
      });
      return { next: 'rejected' };
    }
    await changeStage(deps, orderId, {
      type: 'OrderReviewApproved',
      occurrence: decision.approvalId,
      actor,
      summary: `Order approved in review by ${actor.id}`,
      data: { approvalId: decision.approvalId },
    });
    return { next: 'continue' };
  };
}

export interface DesignDecisionSoFar {
  readonly next: 'first' | 'revise' | 'approved';
  /** Absent on the first round (the synthesized definition carries no nulls). */
  readonly comment?: string | null;
}

/**
 * Opens the design revision approvers will see: revision 1 the first time, the next one after a
 * rejection (carrying its comments). Past `maxDesignRevisions` a person takes the order over.
 */
export function createOpenDesignRevision(deps: StageDeps & { readonly maxDesignRevisions: number }) {
  return async ({ orderId, previous }: { orderId: string; previous: DesignDecisionSoFar }): Promise<{ designRevision: number }> => {
    const order = await requireOrder(deps.orders, orderId);
    const isRevision = previous.next === 'revise';
    const designRevision = isRevision ? order.designRevision + 1 : Math.max(order.designRevision, 1);
    if (isRevision && designRevision > deps.maxDesignRevisions) {
      throw new DesignRevisionLimitReachedError(orderId, order.designRevision);
    }
    // A retry after the write finds the order already awaiting this very revision.
    if (order.status === 'awaiting_design_approval' && order.designRevision === designRevision) return { designRevision };
    await changeStage(deps, orderId, {
      to: 'awaiting_design_approval',
      type: 'DesignRevisionOpened',
      occurrence: String(designRevision),
      summary: isRevision ? `Design revision ${designRevision} opened after the comments on revision ${order.designRevision}` : `Design revision ${designRevision} sent for approval`,
      ...(previous.comment === null || previous.comment === undefined ? {} : { reason: previous.comment }),
      data: { designRevision },
      patch: { designRevision },
    });
    return { designRevision };
  };
}

export function createApplyDesignDecision(deps: StageDeps) {
  return async ({ orderId, designRevision, decision }: { orderId: string; designRevision: number; decision: ApprovalResult }): Promise<{ next: 'approved' | 'revise'; comment: string | null }> => {
    if (decision.outcome === 'expired') throw new ApprovalExpiredError(decision.approvalId);
    const actor = { kind: 'approver' as const, id: decision.decidedBy ?? 'unknown' };
    if (decision.outcome === 'rejected') {
      await changeStage(deps, orderId, {
        to: 'design_revision',
        type: 'DesignRejected',
        occurrence: String(designRevision),
        actor,
        summary: `Design revision ${designRevision} rejected by ${actor.id}`,
        ...(decision.comment === null ? {} : { reason: decision.comment }),
        data: { designRevision, approvalId: decision.approvalId },
      });
      return { next: 'revise', comment: decision.comment };
    }
    await changeStage(deps, orderId, {
      type: 'DesignApproved',
      occurrence: String(designRevision),
      actor,
      summary: `Design revision ${designRevision} approved by ${actor.id}`,
      data: { designRevision, approvalId: decision.approvalId },
    });
    return { next: 'approved', comment: null };
  };
}

/** What the shop floor reports when the build is done. */
export interface ProductionReport {
  readonly consumedMaterials?: readonly { componentId: string; quantity: number; lotNumbers?: readonly string[] }[];
  readonly labourHours?: number;
  readonly completedAt?: string;
}

export function createRecordProduction(deps: StageDeps & { readonly stock: StockRepository }) {
  return async ({ orderId, report }: { orderId: string; report: ProductionReport }): Promise<{ recorded: true }> => {
    const order = await requireOrder(deps.orders, orderId);
    // Consuming a reservation is idempotent per (order, component).
    for (const reservation of await deps.stock.listReservations(orderId)) await deps.stock.consume(orderId, reservation.componentId);
    await changeStage(deps, orderId, {
      to: 'in_qc',
      type: 'ProductionCompleted',
      occurrence: String(order.reworkCount),
      summary: `Build finished${report.labourHours === undefined ? '' : ` after ${report.labourHours} labour hours`}; sent to quality control`,
      data: { consumedMaterials: report.consumedMaterials ?? [], labourHours: report.labourHours ?? null },
    });
    return { recorded: true };
  };
}

export interface InspectionResult {
  readonly passed: boolean;
  readonly inspector?: string;
  readonly failedChecks?: readonly string[];
  readonly certificateId?: string;
}

export interface QcBounds {
  readonly maxReworkCycles: number;
  /** Scrap-and-re-procure rounds allowed before the order fails. */
  readonly maxScraps: number;
}

/** Pass: certificate. Fail: rework while under the bound, then scrap and procure again, then fail. */
export function createApplyInspectionResult(deps: StageDeps & { readonly bounds: QcBounds }) {
  return async ({ orderId, result, round }: { orderId: string; result: InspectionResult; round: number }): Promise<{ next: 'passed' | 'rework' | 'scrap'; procurementRound: number }> => {
    const order = await requireOrder(deps.orders, orderId);
    const actor = { kind: 'inspector' as const, id: result.inspector ?? 'qc' };
    if (result.passed) {
      await changeStage(deps, orderId, {
        to: 'shipping',
        type: 'InspectionPassed',
        occurrence: `${round}-${order.reworkCount}`,
        actor,
        summary: `Inspection passed; certificate of conformance ${result.certificateId ?? `CoC-${orderId}-${order.reworkCount}`} recorded`,
        data: { certificateId: result.certificateId ?? `CoC-${orderId}-${order.reworkCount}` },
      });
      return { next: 'passed', procurementRound: round };
    }
    const failedChecks = result.failedChecks ?? [];
    if (order.reworkCount < deps.bounds.maxReworkCycles) {
      await changeStage(deps, orderId, {
        to: 'rework',
        type: 'InspectionFailed',
        occurrence: `${round}-${order.reworkCount}`,
        actor,
        summary: `Inspection failed (${failedChecks.join(', ') || 'no detail'}); rework ${order.reworkCount + 1} of ${deps.bounds.maxReworkCycles}`,
        data: { failedChecks, rework: order.reworkCount + 1 },
        patch: { reworkCount: order.reworkCount + 1 },
      });
      return { next: 'rework', procurementRound: round };
    }
    if (round - 1 < deps.bounds.maxScraps) {
      await changeStage(deps, orderId, {
        to: 'procuring',
        type: 'UnitScrapped',
        occurrence: String(round),
        actor,
        summary: `Inspection failed after ${order.reworkCount} reworks: unit scrapped, materials procured again (round ${round + 1})`,
        data: { failedChecks, procurementRound: round + 1 },
        patch: { reworkCount: 0 },
      });
      return { next: 'scrap', procurementRound: round + 1 };
    }
    throw new QualityLimitReachedError(orderId, `inspection failed after ${order.reworkCount} reworks and ${round - 1} scrapped units`);
  };
}

export interface DeliveryConfirmation {
  readonly deliveredAt?: string;
  readonly receivedBy?: string;
}

/** Final cost and margin, then delivered. */
export function createCompleteOrder(deps: StageDeps) {
  return async ({ orderId, delivery }: { orderId: string; delivery: DeliveryConfirmation }): Promise<{ delivered: true }> => {
    const order = await requireOrder(deps.orders, orderId);
    // Until actuals are fed from the shop floor, the final cost is the estimate plus rework labour.
    const reworkLabour = Math.round(order.quote.estimatedCost.labourCents * 0.25 * order.reworkCount);
    const cost = { ...order.quote.estimatedCost, labourCents: order.quote.estimatedCost.labourCents + reworkLabour, totalCents: order.quote.estimatedCost.totalCents + reworkLabour };
    const marginFraction = order.quote.priceCents === 0 ? 0 : (order.quote.priceCents - cost.totalCents) / order.quote.priceCents;
    await changeStage(deps, orderId, {
      to: 'delivered',
      type: 'OrderDelivered',
      occurrence: 'final',
      actor: { kind: 'carrier', id: delivery.receivedBy ?? 'carrier' },
      summary: `Delivered${delivery.deliveredAt === undefined ? '' : ` at ${delivery.deliveredAt}`}; final margin ${(marginFraction * 100).toFixed(1)} %`,
      data: { finalCostCents: cost.totalCents, marginFraction },
      patch: { actualCost: { currency: order.quote.currency, cost, marginFraction } },
    });
    return { delivered: true };
  };
}
