/**
 * Production actuals: what the shop floor reports when a build or a rework round finishes, turned
 * into the order's production record, and the consumption the final cost is computed from (what was
 * really used, at the price really paid), not the estimate.
 */
import type { Catalog } from '../catalog/catalog.types';
import { DomainValidationError, type Problem } from '../common/problem';
import type { ActualConsumption, MaterialConsumption } from '../costing/costing';
import type { Order, ProductionReport } from '../order/order.types';
import type { PurchaseOrder } from '../procurement/purchase-order.types';
import { planOperations } from '../planning/routing';

/** The shop floor's report of a finished round, as it arrives. */
export interface ProductionReportInput {
  readonly productionOrderId: string;
  readonly round: 'build' | 'rework';
  readonly completedAt: string;
  readonly reportedBy?: string;
  /** Total labour hours; split over the work centers by the planned hours when `labour` is absent. */
  readonly labourHours?: number;
  /** Labour per work center, when the shop floor books it that way. */
  readonly labour?: ReadonlyArray<{ readonly workCenterId: string; readonly hours: number }>;
  readonly consumedMaterials?: ReadonlyArray<{ readonly componentId: string; readonly quantity: number; readonly lotNumbers?: readonly string[] }>;
}

const roundHours = (hours: number): number => Math.round(hours * 100) / 100;

/**
 * Splits `totalHours` over work centers in proportion to the planned hours of the order's routing
 * (hundredths of an hour; the rounding remainder goes to the largest share, so the parts add up).
 */
export function allocateLabour(order: Pick<Order, 'lines'>, totalHours: number, catalog: Catalog): Array<{ workCenterId: string; hours: number }> {
  const planned = new Map<string, number>();
  for (const operation of planOperations(order.lines, catalog)) planned.set(operation.workCenterId, (planned.get(operation.workCenterId) ?? 0) + operation.hours);
  const plannedTotal = [...planned.values()].reduce((sum, hours) => sum + hours, 0);
  if (totalHours === 0 || plannedTotal === 0) return [];
  const shares = [...planned.entries()].map(([workCenterId, hours]) => ({ workCenterId, hours: roundHours((totalHours * hours) / plannedTotal) }));
  const remainder = roundHours(totalHours - shares.reduce((sum, share) => sum + share.hours, 0));
  const largest = shares.reduce((best, share) => (share.hours > best.hours ? share : best));
  largest.hours = roundHours(largest.hours + remainder);
  return shares;
}

/**
 * The production record of a finished round, checked against the catalog.
 *
 * @throws {DomainValidationError} naming every bad entry (negative hours or quantities, unknown
 *   components or work centers).
 */
export function productionReport(order: Pick<Order, 'lines'>, input: ProductionReportInput, catalog: Catalog): ProductionReport {
  const problems: Problem[] = [];
  if (input.labourHours !== undefined && !(input.labourHours >= 0)) problems.push({ path: 'labourHours', rule: 'range', message: 'labour hours must be >= 0' });
  (input.labour ?? []).forEach((entry, index) => {
    if (!(entry.hours >= 0)) problems.push({ path: `labour[${index}].hours`, rule: 'range', message: 'hours must be >= 0' });
    if (!catalog.workCenters.some((workCenter) => workCenter.workCenterId === entry.workCenterId)) {
      problems.push({ path: `labour[${index}].workCenterId`, rule: 'unknown-work-center', message: `no work center '${entry.workCenterId}'` });
    }
  });
  (input.consumedMaterials ?? []).forEach((entry, index) => {
    if (!(entry.quantity >= 0)) problems.push({ path: `consumedMaterials[${index}].quantity`, rule: 'range', message: 'consumed quantity must be >= 0' });
    if (!catalog.components.some((component) => component.componentId === entry.componentId)) {
      problems.push({ path: `consumedMaterials[${index}].componentId`, rule: 'unknown-component', message: `no component '${entry.componentId}'` });
    }
  });
  if (problems.length > 0) throw new DomainValidationError(problems);
  const labour = input.labour !== undefined ? input.labour.map((entry) => ({ workCenterId: entry.workCenterId, hours: entry.hours })) : allocateLabour(order, input.labourHours ?? 0, catalog);
  return {
    productionOrderId: input.productionOrderId,
    round: input.round,
    completedAt: input.completedAt,
    ...(input.reportedBy === undefined ? {} : { reportedBy: input.reportedBy }),
    labour,
    materials: (input.consumedMaterials ?? []).map((entry) => ({ componentId: entry.componentId, quantity: entry.quantity, lotNumbers: [...(entry.lotNumbers ?? [])] })),
  };
}

/** Total labour hours of a record. */
export function labourHoursOf(report: Pick<ProductionReport, 'labour'>): number {
  return roundHours(report.labour.reduce((sum, entry) => sum + entry.hours, 0));
}

/**
 * What the order really consumed: the labour booked in every round, and the materials reported
 * (a build round reported without materials consumed its bill of materials as planned; a rework
 * round without materials consumed none), priced at what the order's delivered purchase orders paid
 * for each component (quantity-weighted) or at standard cost for what came from stock.
 */
export function actualConsumption(order: Pick<Order, 'requirements' | 'productionReports'>, purchaseOrders: readonly PurchaseOrder[]): ActualConsumption {
  const reports = order.productionReports ?? [];
  const quantities = new Map<string, number>();
  const add = (componentId: string, quantity: number): void => {
    quantities.set(componentId, (quantities.get(componentId) ?? 0) + quantity);
  };
  for (const report of reports) {
    if (report.materials.length > 0) for (const material of report.materials) add(material.componentId, material.quantity);
    else if (report.round === 'build') for (const requirement of order.requirements) add(requirement.componentId, requirement.quantity);
  }
  const paid = new Map<string, { quantity: number; cents: number }>();
  for (const po of purchaseOrders) {
    if (po.status !== 'delivered') continue;
    for (const line of po.lines) {
      const sum = paid.get(line.componentId) ?? { quantity: 0, cents: 0 };
      paid.set(line.componentId, { quantity: sum.quantity + line.quantity, cents: sum.cents + line.quantity * line.unitCostCents });
    }
  }
  const materials: MaterialConsumption[] = [...quantities.entries()].map(([componentId, quantity]) => {
    const price = paid.get(componentId);
    return price === undefined || price.quantity === 0 ? { componentId, quantity } : { componentId, quantity, unitCostCents: price.cents / price.quantity };
  });
  const labour = new Map<string, number>();
  for (const report of reports) for (const entry of report.labour) labour.set(entry.workCenterId, (labour.get(entry.workCenterId) ?? 0) + entry.hours);
  return { materials, labour: [...labour.entries()].map(([workCenterId, hours]) => ({ workCenterId, hours: roundHours(hours) })) };
}
