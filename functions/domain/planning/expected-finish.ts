/**
 * Expected finish: the promise-date model (functions/domain/planning/promise-date.ts) run again
 * from what has happened so far, so a slip shows before the promise date is missed.
 *
 * The same chain as the promise, with facts in place of plans where there are facts:
 * 1. approvals: done when the check runs after them; if design approval is still ahead, it takes
 *    what is left of `policy.approvalAllowanceDays` (counted from the order's creation), at least
 *    one working day more;
 * 2. materials: once purchase orders exist, each open PO arrives on the supplier's confirmed date,
 *    or (not yet confirmed) its lead time after the PO was sent; before that, the promise's planned
 *    materials date moved by however late the approvals are; after procurement, they are in;
 * 3. production: the routing's operations at each work center's capacity (lines in parallel, a work
 *    center doing one thing at a time); none left once the build is done, the routing again for a
 *    rework;
 * 4. shipping: `policy.shippingDays` working days after production ends.
 *
 * The cause is the largest of the delays against the plan, in a sentence.
 */
import { addCalendarDays, addWorkingDays, addWorkingHours, calendarDaysBetween, localDate, parseInstant, startOfWorkday, workdayLengthHours } from '../calendar/business-calendar';
import type { Catalog } from '../catalog/catalog.types';
import type { Approval } from '../approval/approval.types';
import type { Order } from '../order/order.types';
import type { PurchaseOrder } from '../procurement/purchase-order.types';
import { planOperations } from './routing';

/**
 * Where a schedule check runs, in lifecycle order: after each stage, and 'purchasing' while
 * procurement is under way (a supplier just confirmed a delivery date).
 */
export const SCHEDULE_STAGES = ['review', 'design-approval', 'purchasing', 'procurement', 'build', 'quality-control'] as const;
export type ScheduleStage = (typeof SCHEDULE_STAGES)[number];

/** What has happened so far. */
export interface ProgressFacts {
  /** ISO instant of the check. */
  readonly now: string;
  /** The stage just finished, or 'purchasing' while procurement is under way. */
  readonly stage: ScheduleStage;
  /** The order's purchase orders, every status. */
  readonly purchaseOrders: readonly PurchaseOrder[];
}

export interface ExpectedFinish {
  /** Expected delivery date (YYYY-MM-DD). */
  readonly date: string;
  /** What moves the date most, against the plan behind the promise. */
  readonly cause: string;
  /** The chain's milestones (ISO instants). */
  readonly approvalsDoneAt: string;
  readonly materialsReadyAt: string;
  readonly productionEndAt: string;
}

const later = (a: string, b: string): string => (a >= b ? a : b);
const msBetween = (from: string, to: string): number => parseInstant(to) - parseInstant(from);
const shift = (instant: string, ms: number): string => new Date(parseInstant(instant) + Math.max(0, ms)).toISOString();

const CLOSED_PO: ReadonlySet<PurchaseOrder['status']> = new Set(['cancelled', 'rejected', 'timed_out']);
const DESIGN_STATUSES: ReadonlySet<Order['status']> = new Set(['awaiting_design_approval', 'design_revision']);

function stageIndex(stage: ScheduleStage): number {
  return SCHEDULE_STAGES.indexOf(stage);
}

/** Working hours the routing takes: lines run in parallel, each work center one operation at a time. */
function productionWorkingHours(order: Pick<Order, 'lines'>, catalog: Catalog): number {
  const dayHours = workdayLengthHours(catalog.calendar);
  const perLine = new Map<number, number>();
  const perCenter = new Map<string, number>();
  for (const operation of planOperations(order.lines, catalog)) {
    const capacity = catalog.workCenters.find((center) => center.workCenterId === operation.workCenterId)?.capacityHoursPerDay ?? dayHours;
    const calendarHours = operation.hours * (dayHours / capacity);
    perLine.set(operation.lineIndex, (perLine.get(operation.lineIndex) ?? 0) + calendarHours);
    perCenter.set(operation.workCenterId, (perCenter.get(operation.workCenterId) ?? 0) + calendarHours);
  }
  return Math.max(0, ...perLine.values(), ...perCenter.values());
}

interface MaterialsEstimate {
  readonly readyAt: string;
  readonly cause?: string;
}

function materialsEstimate(order: Order, facts: ProgressFacts, catalog: Catalog, approvalsDoneAt: string, plannedMaterialsAt: string, approvalDelayMs: number): MaterialsEstimate {
  if (stageIndex(facts.stage) >= stageIndex('procurement')) return { readyAt: facts.now };
  const open = facts.purchaseOrders.filter((po) => !CLOSED_PO.has(po.status));
  if (open.length === 0) return { readyAt: later(shift(plannedMaterialsAt, approvalDelayMs), approvalsDoneAt) };
  let latest: MaterialsEstimate = { readyAt: approvalsDoneAt };
  for (const po of open) {
    let arrives: string;
    let cause: string;
    if (po.status === 'delivered') {
      arrives = po.updatedAt;
      cause = `purchase order ${po.poId} delivered`;
    } else if (po.confirmedDeliveryDate !== undefined) {
      arrives = startOfWorkday(catalog.calendar, po.confirmedDeliveryDate);
      cause = `${supplierName(catalog, po.supplierId)} confirmed purchase order ${po.poId} for ${po.confirmedDeliveryDate}`;
    } else {
      const leadDays = Math.max(0, ...po.lines.map((line) => leadTimeDays(catalog, line.componentId, po.supplierId)));
      const due = addWorkingDays(catalog.calendar, addCalendarDays(localDate(catalog.calendar, po.createdAt), leadDays), 0);
      arrives = startOfWorkday(catalog.calendar, due);
      cause = `purchase order ${po.poId} to ${supplierName(catalog, po.supplierId)} (lead time ${leadDays} days) is not confirmed yet`;
    }
    if (arrives > latest.readyAt) latest = { readyAt: arrives, cause };
  }
  return { readyAt: later(latest.readyAt, facts.now), ...(latest.cause === undefined ? {} : { cause: latest.cause }) };
}

function supplierName(catalog: Catalog, supplierId: string): string {
  return catalog.suppliers.find((supplier) => supplier.supplierId === supplierId)?.name ?? supplierId;
}

function leadTimeDays(catalog: Catalog, componentId: string, supplierId: string): number {
  const sources = catalog.components.find((component) => component.componentId === componentId)?.sources ?? [];
  return (sources.find((source) => source.supplierId === supplierId) ?? sources[0])?.leadTimeDays ?? 0;
}

/**
 * When the order is now expected to be delivered, and why.
 *
 * @example expectedFinish(order, { now, stage: 'design-approval', purchaseOrders }, seedCatalog)
 *   // { date: '2026-03-27', cause: 'Alpine Hardwoods GmbH confirmed purchase order po-1 for 2026-03-20', ... }
 */
export function expectedFinish(order: Order, facts: ProgressFacts, catalog: Catalog): ExpectedFinish {
  const { calendar, policy } = catalog;
  const dayHours = workdayLengthHours(calendar);
  const plannedApprovalsAt = addWorkingHours(calendar, order.createdAt, policy.approvalAllowanceDays * dayHours);
  const designAhead = facts.stage === 'review' && DESIGN_STATUSES.has(order.status);
  const approvalsDoneAt = designAhead ? later(plannedApprovalsAt, addWorkingHours(calendar, facts.now, dayHours)) : facts.now;
  const approvalDelayMs = stageIndex(facts.stage) >= stageIndex('procurement') ? 0 : Math.max(0, msBetween(plannedApprovalsAt, approvalsDoneAt));

  const plannedMaterialsAt = order.promise.materialsReadyAt ?? plannedApprovalsAt;
  const materials = materialsEstimate(order, facts, catalog, approvalsDoneAt, plannedMaterialsAt, approvalDelayMs);

  const buildDone = stageIndex(facts.stage) >= stageIndex('build');
  const reworkAhead = order.status === 'rework';
  const hours = !buildDone || reworkAhead ? productionWorkingHours(order, catalog) : 0;
  const productionStart = later(later(materials.readyAt, approvalsDoneAt), facts.now);
  const productionEndAt = hours > 0 ? addWorkingHours(calendar, productionStart, hours) : productionStart;
  const date = addWorkingDays(calendar, localDate(calendar, productionEndAt), policy.shippingDays);

  // The largest delay against the plan names the cause.
  const plannedProductionEnd = order.promise.productionEndAt ?? productionEndAt;
  const delays: Array<{ ms: number; cause: string }> = [
    { ms: approvalDelayMs, cause: `approvals take ${Math.ceil(approvalDelayMs / 86_400_000)} day(s) longer than the ${policy.approvalAllowanceDays} working days planned` },
    { ms: msBetween(shift(plannedMaterialsAt, approvalDelayMs), materials.readyAt), cause: materials.cause ?? 'materials arrive later than planned' },
    { ms: buildDone && !reworkAhead ? msBetween(plannedProductionEnd, facts.now) : 0, cause: 'the build took longer than planned' },
    { ms: reworkAhead ? hours * 3_600_000 : 0, cause: `rework ${order.reworkCount} after a failed inspection repeats the routing` },
  ];
  const worst = delays.reduce((best, delay) => (delay.ms > best.ms ? delay : best), { ms: 0, cause: 'on plan' });
  return { date, cause: worst.cause, approvalsDoneAt, materialsReadyAt: materials.readyAt, productionEndAt };
}

/** Calendar days `date` lies after the promise date (0 when on time). */
export function slipDays(promiseDate: string, date: string): number {
  return Math.max(0, calendarDaysBetween(promiseDate, date));
}

/** Hours covered by a set of intervals, overlaps counted once. */
function coveredHours(intervals: ReadonlyArray<readonly [string, string]>): number {
  const sorted = intervals
    .map(([from, to]) => [parseInstant(from), parseInstant(to)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let totalMs = 0;
  let currentEnd = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= currentEnd) continue;
    totalMs += to - Math.max(from, currentEnd);
    currentEnd = to;
  }
  return Math.round((totalMs / 3_600_000) * 10) / 10;
}

/**
 * Time the order spent waiting on people (approval requests until decided, expired or withdrawn)
 * and on suppliers (purchase orders until delivered or closed), in hours; overlaps count once.
 */
export function waitingTime(approvals: readonly Approval[], purchaseOrders: readonly PurchaseOrder[], now: string): { onPeopleHours: number; onSuppliersHours: number } {
  const people = approvals.map((approval) => {
    const end = approval.decision?.decidedAt ?? (approval.status === 'pending' ? now : approval.expiresAt < now ? approval.expiresAt : now);
    return [approval.requestedAt, end] as const;
  });
  const suppliers = purchaseOrders
    .filter((po) => po.status !== 'draft')
    .map((po) => [po.createdAt, po.status === 'delivered' || CLOSED_PO.has(po.status) ? po.updatedAt : now] as const);
  return { onPeopleHours: coveredHours(people), onSuppliersHours: coveredHours(suppliers) };
}
