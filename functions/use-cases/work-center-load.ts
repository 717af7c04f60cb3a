/**
 * The work-center load a new order's promise date is planned behind: the hours that open orders
 * have committed to each work center.
 *
 * An approximation, kept cheap because it runs on every `POST /orders`:
 * - "open" is the orders whose production is committed or under way: `procuring`, `building` and
 *   `rework` (orders still in review or design approval have committed nothing yet; orders in QC or
 *   shipping are off the work centers);
 * - each counts with its whole planned routing (setup + run hours of every operation, the same
 *   planning the build releases), not what is left of it: an order halfway through its build, or a
 *   rework that only repeats some operations, counts in full, so promises err late, not early;
 * - at most `maxOrdersPerStatus` orders per status are read (newest first, one query page of up to
 *   100 each): beyond that the load is undercounted, which `truncated` reports so the caller can log
 *   it; raise the bound (or keep a running load per work center) before a shop runs that many;
 * - an order whose product or configuration the current catalog can no longer plan is skipped.
 */
import type { Catalog, WorkCenterLoad } from '../domain/catalog/catalog.types';
import type { OrderStatus } from '../domain/order/order-status';
import type { Order } from '../domain/order/order.types';
import { hoursByWorkCenter, planOperations } from '../domain/planning/routing';
import type { OrderRepository } from '../ports/order-repository';
import { MAX_PAGE_SIZE } from '../ports/pagination';

/** Statuses whose orders hold work-center capacity. */
export const LOAD_BEARING_STATUSES: readonly OrderStatus[] = ['procuring', 'building', 'rework'];

/** Default bound: two pages per status, at most six queries per order placed. */
export const DEFAULT_MAX_ORDERS_PER_STATUS = 2 * MAX_PAGE_SIZE;

export interface CurrentLoad {
  readonly load: WorkCenterLoad;
  /** How many open orders were counted. */
  readonly orders: number;
  /** Orders left out because a status had more than the bound. */
  readonly truncated: boolean;
  /** Orders counted with nothing, because the catalog cannot plan them any more. */
  readonly unplannable: readonly string[];
}

async function openOrders(orders: OrderRepository, status: OrderStatus, maxOrders: number): Promise<{ items: Order[]; truncated: boolean }> {
  const items: Order[] = [];
  let cursor: string | undefined;
  do {
    const page = await orders.listByStatus(status, { limit: Math.min(MAX_PAGE_SIZE, maxOrders - items.length), ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && items.length < maxOrders);
  return { items, truncated: cursor !== undefined };
}

/** Hours committed per work center by the open orders (see the approximation above). */
export async function currentWorkCenterLoad(orders: OrderRepository, catalog: Catalog, options: { readonly maxOrdersPerStatus?: number } = {}): Promise<CurrentLoad> {
  const maxOrders = Math.max(1, Math.floor(options.maxOrdersPerStatus ?? DEFAULT_MAX_ORDERS_PER_STATUS));
  const byStatus = await Promise.all(LOAD_BEARING_STATUSES.map((status) => openOrders(orders, status, maxOrders)));
  const load: Record<string, number> = {};
  const unplannable: string[] = [];
  let counted = 0;
  for (const order of byStatus.flatMap((result) => result.items)) {
    let hours: Record<string, number>;
    try {
      hours = hoursByWorkCenter(planOperations(order.lines, catalog));
    } catch {
      // Planning errors are the catalog's (a product or formula changed since the order was placed).
      unplannable.push(order.orderId);
      continue;
    }
    counted += 1;
    for (const [workCenterId, workCenterHours] of Object.entries(hours)) {
      load[workCenterId] = Math.round(((load[workCenterId] ?? 0) + workCenterHours) * 100) / 100;
    }
  }
  return { load, orders: counted, truncated: byStatus.some((result) => result.truncated), unplannable };
}
