/**
 * What a shop floor would book for an order's build: the hours its routing plans (the hours the
 * quote was costed with), so the demo's and the CLI's orders end with an actual cost that can be
 * compared with the quote. A rework round redoes part of the work: `REWORK_SHARE` of those hours.
 */
import type { Catalog } from '../../functions/domain/catalog/catalog.types';
import type { Configuration } from '../../functions/domain/order/order.types';
import { planOperations } from '../../functions/domain/planning/routing';

interface PlannedLineView {
  readonly productId: string;
  readonly configuration: Configuration;
  readonly quantity: number;
}

/** The share of the planned hours a rework round books (the failed operations, not the whole build). */
export const REWORK_SHARE = 0.25;

/**
 * The labour hours to book for the round an order is in (its `status`, from `GET /orders/{id}`):
 * its lines' planned hours for the build, `REWORK_SHARE` of them in `rework`; to the hundredth.
 */
export function labourHoursToBook(order: Readonly<Record<string, unknown>>, catalog: Catalog): number {
  const hours = planOperations(order.lines as readonly PlannedLineView[], catalog).reduce((sum, operation) => sum + operation.hours, 0);
  return Math.round(hours * (order.status === 'rework' ? REWORK_SHARE : 1) * 100) / 100;
}
