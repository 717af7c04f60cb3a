/**
 * Routing: which operations a configured line needs, on which work center, for how many hours.
 */
import { formulaVariablesOf, matchesCondition } from '../catalog/condition';
import type { Catalog, Product } from '../catalog/catalog.types';
import { evaluateFormula, FormulaError } from '../catalog/formula';
import type { Configuration } from '../order/order.types';
import { BomExplosionError, productOf, type PlannedLine } from './bom-explosion';

/** One operation of one line with its total hours (setup + run x quantity). */
export interface PlannedOperation {
  readonly lineIndex: number;
  readonly productId: string;
  readonly operationId: string;
  readonly name: string;
  readonly workCenterId: string;
  readonly hours: number;
}

/** Hours are kept to the hundredth (36 seconds): precise enough for planning, stable for tests. */
function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}

/**
 * The operations a configured product needs for `quantity` units, in routing order, skipping
 * operations whose `when` does not match.
 *
 * @throws {BomExplosionError} when a run-time formula fails or is negative.
 */
export function operationsFor(product: Product, configuration: Configuration, quantity: number, lineIndex = 0): PlannedOperation[] {
  const variables = formulaVariablesOf(product, configuration);
  return product.routing
    .filter((operation) => !operation.when || matchesCondition(operation.when, configuration))
    .map((operation) => {
      let runHours: number;
      try {
        runHours = evaluateFormula(operation.runHoursPerUnit, variables);
      } catch (error) {
        if (error instanceof FormulaError) throw new BomExplosionError(product.productId, operation.operationId, error.message, { cause: error });
        throw error;
      }
      if (runHours < 0) throw new BomExplosionError(product.productId, operation.operationId, `run hours ${runHours} are negative`);
      return {
        lineIndex,
        productId: product.productId,
        operationId: operation.operationId,
        name: operation.name,
        workCenterId: operation.workCenterId,
        hours: roundHours(operation.setupHours + runHours * quantity),
      };
    });
}

/** The operations of every line of an order, line by line in routing order. */
export function planOperations(lines: readonly PlannedLine[], catalog: Catalog): PlannedOperation[] {
  return lines.flatMap((line, index) => operationsFor(productOf(catalog, line.productId), line.configuration, line.quantity, index));
}

/** Total hours per work center of a set of operations (what an order adds to the load). */
export function hoursByWorkCenter(operations: readonly PlannedOperation[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const operation of operations) totals[operation.workCenterId] = roundHours((totals[operation.workCenterId] ?? 0) + operation.hours);
  return totals;
}
