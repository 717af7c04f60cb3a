/**
 * Bill-of-materials explosion: a configured product and a quantity become component requirements,
 * aggregated over all lines of an order.
 *
 * Rounding, so results are repeatable and scale exactly with the line quantity:
 * 1. per product unit, the rules for one component are summed (with their scrap allowance);
 * 2. that per-unit quantity is rounded up to a whole unit for discrete components (you cannot cut
 *    a hinge) or to 3 decimals for measured ones;
 * 3. it is multiplied by the line quantity and summed over lines (3 decimals, float noise removed).
 */
import { matchesCondition, formulaVariablesOf } from '../catalog/condition';
import type { Catalog, Component, Product } from '../catalog/catalog.types';
import { evaluateFormula, FormulaError } from '../catalog/formula';
import type { ComponentRequirement, Configuration } from '../order/order.types';

/** Decimals kept for measured quantities (m, m2, kg, l). */
const QUANTITY_DECIMALS = 3;
/** Float noise below this is ignored when rounding discrete quantities up. */
const EPSILON = 1e-9;

/** A BOM rule produced an unusable quantity (formula error, negative) or names a missing component. */
export class BomExplosionError extends Error {
  readonly productId: string;
  readonly ruleId: string;

  constructor(productId: string, ruleId: string, message: string, options?: { cause?: unknown }) {
    super(`BOM rule ${productId}/${ruleId}: ${message}`, options);
    this.name = 'BomExplosionError';
    this.productId = productId;
    this.ruleId = ruleId;
  }
}

/** Rounds a measured quantity to the kept decimals (also removes float noise such as 0.30000000000000004). */
export function roundQuantity(quantity: number): number {
  const factor = 10 ** QUANTITY_DECIMALS;
  return Math.round(quantity * factor) / factor;
}

function roundPerUnit(component: Component, quantity: number): number {
  return component.discrete ? Math.ceil(roundQuantity(quantity) - EPSILON) : roundQuantity(quantity);
}

function componentById(catalog: Catalog): Map<string, Component> {
  return new Map(catalog.components.map((component) => [component.componentId, component]));
}

/**
 * Components needed for ONE unit of a configured product, already rounded per unit. The
 * configuration is expected to be valid (see `validateOrderRequest`); defaults must be applied.
 *
 * @throws {BomExplosionError} when a formula fails, a quantity is negative or a component is unknown.
 */
export function explodeUnit(product: Product, configuration: Configuration, catalog: Catalog): ComponentRequirement[] {
  const components = componentById(catalog);
  const variables = formulaVariablesOf(product, configuration);
  const perUnit = new Map<string, number>();
  for (const rule of product.bom) {
    if (rule.when && !matchesCondition(rule.when, configuration)) continue;
    if (!components.has(rule.componentId)) throw new BomExplosionError(product.productId, rule.ruleId, `unknown component '${rule.componentId}'`);
    let quantity: number;
    try {
      quantity = evaluateFormula(rule.quantity, variables);
    } catch (error) {
      if (error instanceof FormulaError) throw new BomExplosionError(product.productId, rule.ruleId, error.message, { cause: error });
      throw error;
    }
    if (quantity < 0) throw new BomExplosionError(product.productId, rule.ruleId, `quantity ${quantity} is negative`);
    perUnit.set(rule.componentId, (perUnit.get(rule.componentId) ?? 0) + quantity * (1 + (rule.scrapFraction ?? 0)));
  }
  const requirements: ComponentRequirement[] = [];
  for (const [componentId, quantity] of perUnit) {
    const component = components.get(componentId);
    if (!component) continue;
    const rounded = roundPerUnit(component, quantity);
    if (rounded > 0) requirements.push({ componentId, quantity: rounded, unit: component.unit });
  }
  return requirements.sort((a, b) => a.componentId.localeCompare(b.componentId));
}

/** Components needed for a line: the per-unit requirements times the line quantity. */
export function explodeLine(product: Product, configuration: Configuration, quantity: number, catalog: Catalog): ComponentRequirement[] {
  return explodeUnit(product, configuration, catalog).map((requirement) => ({
    ...requirement,
    quantity: roundQuantity(requirement.quantity * quantity),
  }));
}

/** Sums requirements per component (sorted by component id), dropping zero quantities. */
export function aggregateRequirements(requirements: readonly ComponentRequirement[]): ComponentRequirement[] {
  const totals = new Map<string, ComponentRequirement>();
  for (const requirement of requirements) {
    const existing = totals.get(requirement.componentId);
    totals.set(requirement.componentId, {
      componentId: requirement.componentId,
      unit: requirement.unit,
      quantity: roundQuantity((existing?.quantity ?? 0) + requirement.quantity),
    });
  }
  return [...totals.values()].filter((requirement) => requirement.quantity > 0).sort((a, b) => a.componentId.localeCompare(b.componentId));
}

/** The minimal line shape the planning functions need. */
export interface PlannedLine {
  readonly productId: string;
  readonly configuration: Configuration;
  readonly quantity: number;
}

/** A line names a product the catalog does not have. */
export class UnknownProductError extends Error {
  readonly productId: string;

  constructor(productId: string) {
    super(`Unknown product '${productId}'`);
    this.name = 'UnknownProductError';
    this.productId = productId;
  }
}

/** Looks up a line's product or throws {@link UnknownProductError}. */
export function productOf(catalog: Catalog, productId: string): Product {
  const product = catalog.products.find((candidate) => candidate.productId === productId);
  if (!product) throw new UnknownProductError(productId);
  return product;
}

/**
 * Explodes every line of an order and aggregates: the order's component requirements, one per
 * component, sorted by component id.
 */
export function explodeOrder(lines: readonly PlannedLine[], catalog: Catalog): ComponentRequirement[] {
  return aggregateRequirements(lines.flatMap((line) => explodeLine(productOf(catalog, line.productId), line.configuration, line.quantity, catalog)));
}
