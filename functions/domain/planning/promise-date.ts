/**
 * Promise date (available-to-promise / capable-to-promise): when can we deliver, and why then.
 *
 * The model, kept simple enough to explain to a customer:
 * 1. review and design approval take `policy.approvalAllowanceDays` working days from now;
 * 2. purchasing starts after approval: each shortfall arrives `leadTimeDays` calendar days later
 *    from its preferred supplier (at the start of the next working day); stock needs no wait;
 * 3. production is released when both are done; each line runs its routing in sequence; a work
 *    center runs one operation at a time at `capacityHoursPerDay` productive hours per working day,
 *    after the backlog already loaded on it (`load`), lines taking their turn in order;
 * 4. shipping takes `policy.shippingDays` working days;
 * 5. never earlier than `policy.minimumLeadDays` working days from today.
 *
 * The critical path is traced backwards from the last operation to finish: through the operation
 * (or the other line's operation on the same work center) that held it up, down to the approval,
 * the supplier delivery or the backlog that started the chain.
 */
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  localDate,
  nextWorkingInstant,
  parseInstant,
  startOfWorkday,
  workdayLengthHours,
} from '../calendar/business-calendar';
import type { Catalog, WorkCenterLoad } from '../catalog/catalog.types';
import type { StockLevel } from '../catalog/stock.types';
import type { ComponentRequirement, PromiseDate, PromiseStep } from '../order/order.types';
import { checkAvailability, describeQuantity } from './availability';
import { explodeOrder, productOf, type PlannedLine } from './bom-explosion';
import { planOperations, type PlannedOperation } from './routing';

/** What the promise is computed from. Time is passed in: `now` is an ISO instant. */
export interface PromiseInput {
  readonly lines: readonly PlannedLine[];
  /** The order's aggregated requirements; exploded from `lines` when omitted. */
  readonly requirements?: readonly ComponentRequirement[];
  readonly stock: readonly StockLevel[];
  /** Hours already committed per work center; missing work centers are idle. */
  readonly load: WorkCenterLoad;
  readonly now: string;
}

/** A work center named by an operation is not in the catalog. */
export class UnknownWorkCenterError extends Error {
  readonly workCenterId: string;

  constructor(workCenterId: string) {
    super(`Unknown work center '${workCenterId}'`);
    this.name = 'UnknownWorkCenterError';
    this.workCenterId = workCenterId;
  }
}

type Bound = { readonly kind: 'release' } | { readonly kind: 'line' } | { readonly kind: 'work-center'; readonly previous: number } | { readonly kind: 'backlog' };

interface ScheduledOperation {
  readonly operation: PlannedOperation;
  readonly start: string;
  readonly end: string;
  /** Working hours on the calendar the operation occupies (hours / capacity factor). */
  readonly calendarHours: number;
  readonly bound: Bound;
}

function later(a: string, b: string): string {
  return a >= b ? a : b;
}

function roundDays(days: number): number {
  return Math.round(days * 10) / 10;
}

interface MaterialPlan {
  readonly readyAt: string;
  /** The step explaining the material wait: the slowest purchase, or stock. */
  readonly step: PromiseStep;
}

function planMaterials(catalog: Catalog, requirements: readonly ComponentRequirement[], stock: readonly StockLevel[], approvedAt: string): MaterialPlan {
  const orderDate = localDate(catalog.calendar, approvedAt);
  let slowest: { readyAt: string; step: PromiseStep } | undefined;
  for (const availability of checkAvailability(requirements, stock)) {
    if (availability.shortfall <= 0) continue;
    const component = catalog.components.find((candidate) => candidate.componentId === availability.componentId);
    const source = component?.sources[0];
    if (!component || !source) continue;
    const supplier = catalog.suppliers.find((candidate) => candidate.supplierId === source.supplierId);
    const receivedOn = addWorkingDays(catalog.calendar, addCalendarDays(orderDate, source.leadTimeDays), 0);
    const readyAt = later(startOfWorkday(catalog.calendar, receivedOn), approvedAt);
    if (!slowest || readyAt > slowest.readyAt) {
      slowest = {
        readyAt,
        step: {
          kind: 'procurement',
          description: `waiting for ${describeQuantity(availability.shortfall, availability.unit, component.name)} from ${supplier?.name ?? source.supplierId}, lead time ${source.leadTimeDays} days`,
          days: source.leadTimeDays,
        },
      };
    }
  }
  return (
    slowest ?? {
      readyAt: approvedAt,
      step: { kind: 'stock', description: `all ${requirements.length} components available from stock`, days: 0 },
    }
  );
}

/**
 * Computes the promise date and the critical path that explains it.
 *
 * @example computePromiseDate({ lines, stock, load: { 'wc-cnc': 24 }, now: '2026-03-02T09:00:00Z' }, seedCatalog)
 *   // { date: '2026-03-20', criticalPath: [{ kind: 'approval', ... }, { kind: 'procurement', description: 'waiting for 2.128 m2 of walnut panel 40 mm from Alpine Hardwoods GmbH, lead time 12 days', days: 12 }, ...] }
 * @throws {UnknownProductError} / {@link UnknownWorkCenterError} on a catalog that does not match the lines.
 */
export function computePromiseDate(input: PromiseInput, catalog: Catalog): PromiseDate {
  const { calendar, policy } = catalog;
  const now = new Date(parseInstant(input.now, 'now')).toISOString();
  const today = localDate(calendar, now);
  const dayHours = workdayLengthHours(calendar);
  const requirements = input.requirements ?? explodeOrder(input.lines, catalog);

  const approvedAt = policy.approvalAllowanceDays > 0 ? addWorkingHours(calendar, now, policy.approvalAllowanceDays * dayHours) : nextWorkingInstant(calendar, now);
  const materials = planMaterials(catalog, requirements, input.stock, approvedAt);
  const releaseAt = materials.readyAt;

  const factorOf = (workCenterId: string): number => {
    const workCenter = catalog.workCenters.find((candidate) => candidate.workCenterId === workCenterId);
    if (!workCenter) throw new UnknownWorkCenterError(workCenterId);
    return dayHours / workCenter.capacityHoursPerDay;
  };
  const free = new Map<string, { at: string; by: number | 'backlog' }>();
  const freeAt = (workCenterId: string): { at: string; by: number | 'backlog' } => {
    let entry = free.get(workCenterId);
    if (!entry) {
      const backlog = Math.max(0, input.load[workCenterId] ?? 0);
      entry = { at: backlog > 0 ? addWorkingHours(calendar, now, backlog * factorOf(workCenterId)) : now, by: 'backlog' };
      free.set(workCenterId, entry);
    }
    return entry;
  };

  const scheduled: ScheduledOperation[] = [];
  const operations = planOperations(input.lines, catalog);
  let lineReady = releaseAt;
  operations.forEach((operation, index) => {
    const firstOfLine = index === 0 || operations[index - 1]?.lineIndex !== operation.lineIndex;
    if (firstOfLine) lineReady = releaseAt;
    const center = freeAt(operation.workCenterId);
    let start: string;
    let bound: Bound;
    if (center.at > lineReady) {
      start = center.at;
      bound = center.by === 'backlog' ? { kind: 'backlog' } : { kind: 'work-center', previous: center.by };
    } else {
      start = lineReady;
      bound = firstOfLine ? { kind: 'release' } : { kind: 'line' };
    }
    const calendarHours = operation.hours * factorOf(operation.workCenterId);
    const end = addWorkingHours(calendar, start, calendarHours);
    scheduled.push({ operation, start, end, calendarHours, bound });
    free.set(operation.workCenterId, { at: end, by: index });
    lineReady = end;
  });

  const productionEndAt = scheduled.reduce((latest, entry) => later(latest, entry.end), releaseAt);
  const criticalPath = traceCriticalPath(catalog, input, scheduled, materials.step, dayHours);

  let date = addWorkingDays(calendar, localDate(calendar, productionEndAt), policy.shippingDays);
  criticalPath.push({ kind: 'shipping', description: `shipping: ${policy.shippingDays} working days`, days: policy.shippingDays });
  const earliest = addWorkingDays(calendar, today, policy.minimumLeadDays);
  if (earliest > date) {
    date = earliest;
    criticalPath.push({ kind: 'minimum', description: `minimum lead time of ${policy.minimumLeadDays} working days`, days: policy.minimumLeadDays });
  }
  return {
    date,
    criticalPath,
    materialsReadyAt: materials.readyAt,
    productionStartAt: scheduled.reduce((earliestStart, entry) => (entry.start < earliestStart ? entry.start : earliestStart), productionEndAt),
    productionEndAt,
  };
}

function traceCriticalPath(catalog: Catalog, input: PromiseInput, scheduled: readonly ScheduledOperation[], materialStep: PromiseStep, dayHours: number): PromiseStep[] {
  const { policy } = catalog;
  const releaseSteps: PromiseStep[] = [];
  if (policy.approvalAllowanceDays > 0) {
    releaseSteps.push({ kind: 'approval', description: `order review and design approval: ${policy.approvalAllowanceDays} working days`, days: policy.approvalAllowanceDays });
  }
  releaseSteps.push(materialStep);
  if (scheduled.length === 0) return releaseSteps;

  let current = scheduled.reduce((latest, entry, index) => (entry.end >= (scheduled[latest]?.end ?? '') ? index : latest), 0);
  const steps: PromiseStep[] = [];
  // Each step moves to an earlier operation, so this ends within scheduled.length iterations.
  for (;;) {
    const entry = scheduled[current];
    if (!entry) break;
    const { operation } = entry;
    const line = input.lines[operation.lineIndex];
    const workCenter = catalog.workCenters.find((candidate) => candidate.workCenterId === operation.workCenterId);
    const productName = line ? productOf(catalog, line.productId).name : operation.productId;
    steps.unshift({
      kind: 'operation',
      description: `${operation.name} at ${workCenter?.name ?? operation.workCenterId}: ${operation.hours} h for line ${operation.lineIndex + 1} (${line?.quantity ?? 1} x ${productName})`,
      days: roundDays(entry.calendarHours / dayHours),
    });
    const { bound } = entry;
    if (bound.kind === 'line') current -= 1;
    else if (bound.kind === 'work-center') current = bound.previous;
    else if (bound.kind === 'backlog') {
      const backlog = input.load[operation.workCenterId] ?? 0;
      steps.unshift({
        kind: 'queue',
        description: `queue at ${workCenter?.name ?? operation.workCenterId}: ${backlog} h of work already planned`,
        days: roundDays((backlog * (dayHours / (workCenter?.capacityHoursPerDay ?? dayHours))) / dayHours),
      });
      return steps;
    } else return [...releaseSteps, ...steps];
  }
  return steps;
}
