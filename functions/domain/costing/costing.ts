/**
 * Costing in integer cents: the quote at intake (estimated materials + labour + overhead, priced
 * for the target margin) and the actual cost at completion (consumed materials and recorded labour),
 * with the margin per order.
 *
 * Overhead = work-center burden (hours x overhead rate) + material handling
 * (materials x `materialOverheadFraction`). Every multiplication is rounded to whole cents at the
 * line where it happens, so breakdowns add up exactly.
 */
import type { Catalog } from '../catalog/catalog.types';
import { DomainValidationError } from '../common/problem';
import type { ActualCost, ComponentRequirement, CostBreakdown, Quote } from '../order/order.types';
import type { PlannedOperation } from '../planning/routing';

/** Rounds a cent amount to whole cents (half away from zero for positive amounts). */
export function toCents(amount: number): number {
  return Math.round(amount);
}

function breakdown(materialsCents: number, labourCents: number, overheadCents: number): CostBreakdown {
  return { materialsCents, labourCents, overheadCents, totalCents: materialsCents + labourCents + overheadCents };
}

function workCenterOf(catalog: Catalog, workCenterId: string) {
  const workCenter = catalog.workCenters.find((candidate) => candidate.workCenterId === workCenterId);
  if (!workCenter) throw new DomainValidationError([{ path: 'workCenterId', rule: 'unknown-work-center', message: `no work center '${workCenterId}'` }]);
  return workCenter;
}

function labourAndBurden(catalog: Catalog, entries: ReadonlyArray<{ readonly workCenterId: string; readonly hours: number }>): { labourCents: number; burdenCents: number } {
  let labourCents = 0;
  let burdenCents = 0;
  for (const entry of entries) {
    const workCenter = workCenterOf(catalog, entry.workCenterId);
    labourCents += toCents(entry.hours * workCenter.labourRateCentsPerHour);
    burdenCents += toCents(entry.hours * workCenter.overheadRateCentsPerHour);
  }
  return { labourCents, burdenCents };
}

/** Margin as a fraction of price, rounded to 4 decimals; 0 when the price is 0. */
export function marginFraction(priceCents: number, costCents: number): number {
  if (priceCents === 0) return 0;
  return Math.round(((priceCents - costCents) / priceCents) * 10_000) / 10_000;
}

/**
 * Estimated cost of an order from its requirements (at standard cost) and planned operations.
 */
export function estimateCost(requirements: readonly ComponentRequirement[], operations: readonly PlannedOperation[], catalog: Catalog): CostBreakdown {
  let materialsCents = 0;
  for (const requirement of requirements) {
    const component = catalog.components.find((candidate) => candidate.componentId === requirement.componentId);
    if (!component) {
      throw new DomainValidationError([{ path: 'requirements', rule: 'unknown-component', message: `no component '${requirement.componentId}'` }]);
    }
    materialsCents += toCents(requirement.quantity * component.standardCostCents);
  }
  const { labourCents, burdenCents } = labourAndBurden(catalog, operations);
  return breakdown(materialsCents, labourCents, burdenCents + toCents(materialsCents * catalog.policy.materialOverheadFraction));
}

/**
 * The price for a cost at the catalog's target margin: cost / (1 - target), rounded UP to a
 * multiple of `priceRoundingCents` so the margin never falls below target by rounding.
 */
export function priceFor(costCents: number, catalog: Catalog): number {
  const { targetMarginFraction, priceRoundingCents } = catalog.policy;
  const exact = costCents / (1 - targetMarginFraction);
  // Subtract a hair before rounding up so exact multiples are not pushed up by float noise.
  return Math.ceil(exact / priceRoundingCents - 1e-9) * priceRoundingCents;
}

/**
 * The quote at intake: estimated cost, price for the target margin, resulting margin.
 *
 * @example quoteOrder(requirements, operations, seedCatalog) // { currency: 'EUR', priceCents: 182_300, marginFraction: 0.3502, ... }
 */
export function quoteOrder(requirements: readonly ComponentRequirement[], operations: readonly PlannedOperation[], catalog: Catalog): Quote {
  const estimatedCost = estimateCost(requirements, operations, catalog);
  const priceCents = priceFor(estimatedCost.totalCents, catalog);
  return { currency: catalog.currency, estimatedCost, priceCents, marginFraction: marginFraction(priceCents, estimatedCost.totalCents) };
}

/** Material actually consumed by the build (issued from stock or received on a PO). */
export interface MaterialConsumption {
  readonly componentId: string;
  readonly quantity: number;
  /** What it actually cost per unit (the PO price); standard cost when omitted. */
  readonly unitCostCents?: number;
}

/** Labour booked by the shop floor. */
export interface LabourRecord {
  readonly workCenterId: string;
  readonly hours: number;
}

/** What was really used, reported by the shop floor and purchasing. */
export interface ActualConsumption {
  readonly materials: readonly MaterialConsumption[];
  readonly labour: readonly LabourRecord[];
}

/**
 * Actual cost at completion and the order's real margin against the quoted price.
 *
 * @throws {DomainValidationError} naming the entry when a quantity or hours value is negative or a
 *   component / work center is unknown.
 */
export function actualCost(consumption: ActualConsumption, quotedPriceCents: number, catalog: Catalog): ActualCost {
  const problems = [
    ...consumption.materials.flatMap((entry, index) =>
      !(entry.quantity >= 0) ? [{ path: `materials[${index}].quantity`, rule: 'range', message: 'consumed quantity must be >= 0' }] : [],
    ),
    ...consumption.labour.flatMap((entry, index) => (!(entry.hours >= 0) ? [{ path: `labour[${index}].hours`, rule: 'range', message: 'hours must be >= 0' }] : [])),
    ...consumption.materials.flatMap((entry, index) =>
      catalog.components.some((component) => component.componentId === entry.componentId)
        ? []
        : [{ path: `materials[${index}].componentId`, rule: 'unknown-component', message: `no component '${entry.componentId}'` }],
    ),
    ...consumption.labour.flatMap((entry, index) =>
      catalog.workCenters.some((workCenter) => workCenter.workCenterId === entry.workCenterId)
        ? []
        : [{ path: `labour[${index}].workCenterId`, rule: 'unknown-work-center', message: `no work center '${entry.workCenterId}'` }],
    ),
  ];
  if (problems.length > 0) throw new DomainValidationError(problems);
  let materialsCents = 0;
  for (const entry of consumption.materials) {
    const standard = catalog.components.find((component) => component.componentId === entry.componentId)?.standardCostCents ?? 0;
    materialsCents += toCents(entry.quantity * (entry.unitCostCents ?? standard));
  }
  const { labourCents, burdenCents } = labourAndBurden(catalog, consumption.labour);
  const cost = breakdown(materialsCents, labourCents, burdenCents + toCents(materialsCents * catalog.policy.materialOverheadFraction));
  return { currency: catalog.currency, cost, marginFraction: marginFraction(quotedPriceCents, cost.totalCents) };
}
