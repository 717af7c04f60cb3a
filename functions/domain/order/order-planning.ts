/**
 * Everything intake computes for a set of lines: requirements (BOM explosion), operations
 * (routing), the promise date with its critical path, and the quote.
 */
import type { Catalog, WorkCenterLoad } from '../catalog/catalog.types';
import type { StockLevel } from '../catalog/stock.types';
import { quoteOrder } from '../costing/costing';
import { explodeOrder, type PlannedLine } from '../planning/bom-explosion';
import { computePromiseDate } from '../planning/promise-date';
import { planOperations, type PlannedOperation } from '../planning/routing';
import type { ComponentRequirement, PromiseDate, Quote } from './order.types';

/** The plan of an order at intake (or after a specification change). */
export interface OrderPlan {
  readonly requirements: readonly ComponentRequirement[];
  readonly operations: readonly PlannedOperation[];
  readonly promise: PromiseDate;
  readonly quote: Quote;
}

/**
 * Plans valid lines: explode, route, promise, quote. Lines must have passed
 * `validateOrderRequest` (defaults applied).
 */
export function planOrder(lines: readonly PlannedLine[], catalog: Catalog, stock: readonly StockLevel[], load: WorkCenterLoad, now: string): OrderPlan {
  const requirements = explodeOrder(lines, catalog);
  const operations = planOperations(lines, catalog);
  const promise = computePromiseDate({ lines, requirements, stock, load, now }, catalog);
  const quote = quoteOrder(requirements, operations, catalog);
  return { requirements, operations, promise, quote };
}
