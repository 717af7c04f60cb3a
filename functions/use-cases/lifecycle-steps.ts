/**
 * Use cases of the order lifecycle's own steps: review, the review and design decisions, the
 * bounded design-revision loop, the build's completion, QC and delivery. Every status change is the
 * domain's transition (functions/domain/order/order-transitions.ts: the one lifecycle table decides),
 * stored with its timeline entries in one write and published (see step-support.ts). Each step
 * tells the state machine where to go from the order's stored state, so a retry answers the same.
 */
import type { Catalog } from '../domain/catalog/catalog.types';
import type { Order } from '../domain/order/order.types';
import { IllegalTransitionError } from '../domain/order/order-lifecycle';
import { reviewOrder } from '../domain/order/order-review';
import {
  approveDesign,
  approveOrder,
  completeBuild,
  completeRework,
  confirmDelivery,
  recordInspection,
  recordInspectionResult,
  rejectDesign,
  rejectOrder,
  startReview,
  submitDesignRevision,
  type TransitionResult,
} from '../domain/order/order-transitions';
import { actualConsumption, productionReport } from '../domain/production/production-actuals';
import type { FailedCheck, InspectionResult as DomainInspectionResult } from '../domain/quality/inspection';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import type { StockRepository } from '../ports/stock-repository';
import { ApprovalExpiredError, QualityLimitReachedError } from './lifecycle-errors';
import { unannouncedOrderPlaced } from './door-events';
import { allPages } from '../ports/pagination';
import { commitOrderChange, requireOrder, stepContext, type StageDeps } from './step-support';

export interface LifecycleDeps extends StageDeps {
  /** The catalog, with the deployment's review and QC thresholds applied to its policy. */
  readonly catalog: () => Promise<Catalog>;
}

/** Where the lifecycle goes after review: design approval, straight to procurement, or a person. */
export type ReviewNext = 'design-approval' | 'procurement';

export interface ReviewOutcome {
  readonly outcome: 'cleared' | 'needs-approval';
  /** Why a person must look (empty when cleared). */
  readonly reasons: readonly string[];
  /** Where an approved order goes ('review' while a person must decide). */
  readonly next: ReviewNext | 'review';
}

function nextAfterApproval(order: Order): ReviewNext | undefined {
  if (order.status === 'awaiting_design_approval') return 'design-approval';
  if (order.status === 'procuring') return 'procurement';
  return undefined;
}

/** An order is not where the step expects it (cancelled meanwhile, or a workflow defect). */
function unexpected(order: Order, expected: Order['status'], what: string): IllegalTransitionError {
  return new IllegalTransitionError(order.orderId, order.status, expected, what);
}

/**
 * received -> in_review, then the automatic rules: a clear pass approves the order (on to design
 * approval or procurement); otherwise a person decides, told every reason. An order sent back to
 * review by a specification change is reviewed again without a second "review started".
 *
 * The lifecycle's first step, so it publishes the OrderPlaced that `POST /orders` stored with a
 * `received` order (door-events.ts), before its own events: a retry that finds the order still
 * received publishes it again under the same id; one that finds it in review knows it went out.
 */
export function createReviewOrder(deps: LifecycleDeps) {
  return async ({ orderId, at }: { orderId: string; at: string }): Promise<ReviewOutcome> => {
    const catalog = await deps.catalog();
    const stored = await requireOrder(deps.orders, orderId);
    const placed = await unannouncedOrderPlaced(deps.orders, stored);
    if (placed !== undefined) await deps.events.publish([placed]);
    const { order } = await commitOrderChange(deps, orderId, { at, tag: 'review-order' }, (current) => {
      if (current.status !== 'received' && current.status !== 'in_review') return undefined;
      const started = current.status === 'received' ? startReview(current, stepContext(at)) : undefined;
      const inReview = started?.order ?? current;
      const verdict = reviewOrder(inReview, catalog);
      if (verdict.outcome === 'needs-human') return started;
      const approved = approveOrder(inReview, catalog, stepContext(at), { automatic: true, reasons: [] });
      return { order: approved.order, events: [...(started?.events ?? []), ...approved.events] };
    }, stored);
    const next = nextAfterApproval(order);
    if (next !== undefined) return { outcome: 'cleared', reasons: [], next };
    if (order.status !== 'in_review') throw unexpected(order, 'in_review', 'the review runs on a received order');
    const verdict = reviewOrder(order, catalog);
    return { outcome: verdict.outcome === 'auto-approve' ? 'cleared' : 'needs-approval', reasons: verdict.findings.map((finding) => finding.message), next: 'review' };
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

const approverOf = (decision: ApprovalResult) => ({ kind: 'approver' as const, id: decision.decidedBy ?? 'unknown' });

/** A person's review decision: in_review -> approved (design approval or procurement) or rejected. */
export function createApplyReviewDecision(deps: LifecycleDeps) {
  return async ({ orderId, at, decision }: { orderId: string; at: string; decision: ApprovalResult }): Promise<{ next: ReviewNext | 'rejected' }> => {
    if (decision.outcome === 'expired') throw new ApprovalExpiredError(decision.approvalId);
    const catalog = await deps.catalog();
    const context = stepContext(at, approverOf(decision), decision.comment);
    const { order } = await commitOrderChange(deps, orderId, { at, tag: 'review-decision' }, (current) => {
      if (current.status !== 'in_review') return undefined;
      return decision.outcome === 'approved'
        ? approveOrder(current, catalog, context, { automatic: false, reasons: [] })
        : rejectOrder(current, context, { automatic: false, reasons: [] });
    });
    if (order.status === 'rejected') return { next: 'rejected' };
    const next = nextAfterApproval(order);
    if (next === undefined) throw unexpected(order, 'procuring', 'a review decision applies to an order in review');
    return { next };
  };
}

export interface DesignDecisionSoFar {
  readonly next: 'first' | 'revise' | 'approved' | 'rejected';
  readonly comment?: string | null | undefined;
}

/**
 * The design revision approvers will see: the order's current one the first time; after a
 * rejection, design_revision -> awaiting_design_approval with the next revision (carrying the
 * comments). The bound on revisions is the domain's (`rejectDesign` rejects the order past it).
 */
export function createOpenDesignRevision(deps: LifecycleDeps) {
  return async ({ orderId, at, previous }: { orderId: string; at: string; previous: DesignDecisionSoFar }): Promise<{ designRevision: number }> => {
    const { order } = await commitOrderChange(deps, orderId, { at, tag: 'design-revision' }, (current) =>
      previous.next === 'revise' && current.status === 'design_revision' ? submitDesignRevision(current, stepContext(at, undefined, previous.comment)) : undefined,
    );
    if (order.status !== 'awaiting_design_approval') throw unexpected(order, 'awaiting_design_approval', 'a design revision is opened for approval');
    return { designRevision: order.designRevision };
  };
}

/** A design decision on the exact revision shown: approved -> procuring; rejected -> revision, or rejected past the bound. */
export function createApplyDesignDecision(deps: LifecycleDeps) {
  return async ({ orderId, at, designRevision, decision }: { orderId: string; at: string; designRevision: number; decision: ApprovalResult }): Promise<{ next: 'approved' | 'revise' | 'rejected'; comment: string | null }> => {
    if (decision.outcome === 'expired') throw new ApprovalExpiredError(decision.approvalId);
    const catalog = await deps.catalog();
    const context = stepContext(at, approverOf(decision), decision.comment);
    const { order } = await commitOrderChange(deps, orderId, { at, tag: 'design-decision' }, (current) => {
      // A decision on another revision than the one under approval changes nothing.
      if (current.status !== 'awaiting_design_approval' || current.designRevision !== designRevision) return undefined;
      return decision.outcome === 'approved' ? approveDesign(current, context) : rejectDesign(current, catalog, context);
    });
    if (order.status === 'procuring') return { next: 'approved', comment: null };
    if (order.status === 'design_revision') return { next: 'revise', comment: decision.comment };
    if (order.status === 'rejected') return { next: 'rejected', comment: decision.comment };
    throw unexpected(order, 'procuring', `a design decision applies to revision ${designRevision} under approval`);
  };
}

/** The production order id of the order's current build or rework round (stable for the round). */
export function productionOrderIdOf(order: Pick<Order, 'orderId' | 'reworkCount' | 'scrapCount'>): string {
  const build = `${order.orderId}-build-${(order.scrapCount ?? 0) + 1}`;
  return order.reworkCount > 0 ? `${build}-rework-${order.reworkCount}` : build;
}

/** What the shop floor reports when the build (or a rework) is done. */
export interface ProductionReportMessage {
  readonly consumedMaterials?: readonly { componentId: string; quantity: number; lotNumbers?: readonly string[] }[];
  readonly labourHours?: number;
  readonly labour?: readonly { workCenterId: string; hours: number }[];
  readonly completedAt?: string;
  readonly reportedBy?: string;
}

/** building (or rework) -> in_qc, with the labour and materials (and their lots) the shop floor reported. */
export function createRecordProduction(deps: LifecycleDeps & { readonly stock: StockRepository }) {
  return async ({ orderId, at, report }: { orderId: string; at: string; report: ProductionReportMessage }): Promise<{ recorded: true }> => {
    const catalog = await deps.catalog();
    // Consuming a reservation is idempotent per (order, component): all in one write, or one by one
    // when that is refused (a reservation released or consumed since the list, by a compensation or
    // a duplicate run of this step), each one's outcome then its own.
    const reservations = await deps.stock.listReservations(orderId);
    if ((await deps.stock.consumeAll(orderId, reservations)) === 'refused') {
      for (const reservation of reservations) await deps.stock.consume(orderId, reservation.componentId, reservation.quantity);
    }
    const actor = { kind: 'shop-floor' as const, id: report.reportedBy ?? 'shop-floor' };
    await commitOrderChange(deps, orderId, { at, tag: 'record-production' }, (current) => {
      if (current.status !== 'building' && current.status !== 'rework') return undefined;
      const round = current.status === 'building' ? 'build' : 'rework';
      const record = productionReport(
        current,
        {
          productionOrderId: productionOrderIdOf(current),
          round,
          completedAt: report.completedAt ?? at,
          ...(report.reportedBy === undefined ? {} : { reportedBy: report.reportedBy }),
          ...(report.labourHours === undefined ? {} : { labourHours: report.labourHours }),
          ...(report.labour === undefined ? {} : { labour: report.labour }),
          ...(report.consumedMaterials === undefined ? {} : { consumedMaterials: report.consumedMaterials }),
        },
        catalog,
      );
      return round === 'build' ? completeBuild(current, stepContext(at, actor), record) : completeRework(current, stepContext(at, actor), record);
    });
    return { recorded: true };
  };
}

/** What the QC station's door sends back: the raw results (preferred) or its checked summary. */
export interface InspectionMessage {
  readonly passed: boolean;
  readonly inspector?: string;
  /** The inspector's results per line: the step checks them against the checklist itself. */
  readonly lines?: readonly { readonly lineId: string; readonly results: Readonly<Record<string, number | boolean>> }[];
  /** `<lineId>/<checkId>: <message>` per failed check, when only the summary is sent. */
  readonly failedChecks?: readonly string[];
  readonly checksPassed?: number;
}

/** The summary form as the domain's inspection result. */
function inspectionFromSummary(message: InspectionMessage): DomainInspectionResult {
  const failedChecks: FailedCheck[] = (message.failedChecks ?? []).map((text) => {
    const [reference = text, description = text] = text.split(/: (.*)/s);
    const [lineId = '', checkId = reference] = reference.includes('/') ? reference.split('/', 2) : ['', reference];
    return { lineId, checkId, description, reason: 'visual-rejected', message: text };
  });
  if (!message.passed && failedChecks.length === 0) failedChecks.push({ lineId: '', checkId: 'inspection', description: 'inspection', reason: 'visual-rejected', message: 'failed without detail' });
  return { passed: message.passed && failedChecks.length === 0, checksPassed: message.checksPassed ?? 0, failedChecks };
}

/**
 * in_qc -> shipping (pass: certificate of conformance), rework (fail, reworks left), procuring
 * (scrap and re-procure) or failed (nothing left: QualityLimitReachedError sends the workflow to its
 * failure handler, which finds the order failed already and compensates).
 */
export function createApplyInspectionResult(deps: LifecycleDeps) {
  return async ({ orderId, at, result, round }: { orderId: string; at: string; result: InspectionMessage; round: number }): Promise<{ next: 'passed' | 'rework' | 'scrap'; procurementRound: number }> => {
    const catalog = await deps.catalog();
    const actor = { kind: 'inspector' as const, id: result.inspector ?? 'qc' };
    const { order } = await commitOrderChange(deps, orderId, { at, tag: 'inspection-result' }, (current): TransitionResult | undefined => {
      if (current.status !== 'in_qc') return undefined;
      const certificateId = `CoC-${productionOrderIdOf(current)}`;
      return result.lines !== undefined
        ? recordInspection(current, { inspector: actor.id, lines: result.lines }, catalog, stepContext(at, actor), certificateId)
        : recordInspectionResult(current, inspectionFromSummary(result), catalog, stepContext(at, actor), certificateId);
    });
    switch (order.status) {
      case 'shipping':
        return { next: 'passed', procurementRound: round };
      case 'rework':
        return { next: 'rework', procurementRound: round };
      case 'procuring':
        return { next: 'scrap', procurementRound: round + 1 };
      case 'failed':
        throw new QualityLimitReachedError(orderId, order.failure?.cause ?? 'inspection failed with no rework or scrap left');
      default:
        throw unexpected(order, 'shipping', 'an inspection result applies to an order in QC');
    }
  };
}

export interface DeliveryConfirmation {
  readonly deliveredAt?: string;
  readonly receivedBy?: string;
}

/** shipping -> delivered, with the final cost and margin from the actuals (consumed materials at the prices paid, booked labour). */
export function createCompleteOrder(deps: LifecycleDeps & { readonly purchaseOrders: PurchaseOrderRepository }) {
  return async ({ orderId, at, delivery }: { orderId: string; at: string; delivery: DeliveryConfirmation }): Promise<{ delivered: true; actualCostCents: number | null; marginFraction: number | null }> => {
    const catalog = await deps.catalog();
    const purchaseOrders = await allPages((page) => deps.purchaseOrders.listByOrder(orderId, page));
    const actor = { kind: 'carrier' as const, id: delivery.receivedBy ?? 'carrier' };
    const { order } = await commitOrderChange(deps, orderId, { at, tag: 'complete-order' }, (current) =>
      current.status === 'shipping' ? confirmDelivery(current, catalog, stepContext(at, actor), actualConsumption(current, purchaseOrders)) : undefined,
    );
    if (order.status !== 'delivered') throw unexpected(order, 'delivered', 'delivery is confirmed for a shipped order');
    return { delivered: true, actualCostCents: order.actualCost?.cost.totalCents ?? null, marginFraction: order.actualCost?.marginFraction ?? null };
  };
}
