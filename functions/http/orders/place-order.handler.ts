/**
 * POST /orders (API key): validate, price and promise, store, start the lifecycle. Idempotent per
 * API key and Idempotency-Key; with a key, the order id is derived from it, so a retry after a
 * partial failure completes the same order instead of creating a second one, and the key's record
 * (the request's hash and this response) is written in the order's own transaction: one write.
 * OrderPlaced is not published here: the lifecycle's first step publishes it (door-events.ts).
 *
 * Per container, the catalog, the work-center load and the components' stock are reused for a few
 * seconds (`cacheMs`, refreshed ahead in the background so that no request waits for the reload)
 * rather than read on every request: the catalog is five DynamoDB reads, the load
 * a query per load-bearing status plus planning every open order, the stock a batch read. None of
 * them moves within seconds in a way the promise could follow: the catalog is seeded by an operator;
 * only orders procuring or building count towards the load, which a just-placed order reaches only
 * after review and approval; and stock is reserved only then too, so two orders placed a second
 * apart see the same stock whether it was read once or twice.
 */
import { deterministicId, randomIdGenerator } from '../../adapters/ids/id-generator.random';
import type { Catalog } from '../../domain/catalog/catalog.types';
import type { IdGenerator } from '../../domain/common/ids';
import type { Order } from '../../domain/order/order.types';
import { createPlaceOrder, loadCatalog } from '../../use-cases/place-order';
import { currentWorkCenterLoad } from '../../use-cases/work-center-load';
import { catalogRepositoryWithoutReuse, orderRepository, stockRepository } from '../shared/door-adapters.dynamodb';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, executionArns, type DoorDependencies } from '../shared/door-composition';
import { logger } from '../shared/http-logger';
import { httpRoute } from '../shared/http-route';
import { IDEMPOTENCY_TTL_SECONDS, idempotencyKeyOf, replayOf, requestHashOf, toStoredResponse } from '../shared/idempotency';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { cachedFor } from '../shared/ttl-cache';
import { toOrderView } from './order-view';
import { PlaceOrderRequestSchema } from './place-order.schema';

export type PlaceOrderDeps = Pick<DoorDependencies, 'catalog' | 'stock' | 'orders' | 'workflow' | 'now'> & Partial<Pick<DoorDependencies, 'executionArns'>>;

export interface PlaceOrderHandlerOptions {
  /** How long a container reuses the catalog, work-center load and stock it read; 0 (the default) reads them on every request. */
  readonly cacheMs?: number;
}

/** What the deployed handler reuses the catalog, work-center load and stock for. */
export const PLACE_ORDER_CACHE_MS = 5_000;

export function createPlaceOrderHandler(deps: PlaceOrderDeps, options: PlaceOrderHandlerOptions = {}) {
  const cacheMs = options.cacheMs ?? 0;
  const currentCatalog = cachedFor(cacheMs, deps.now, () => loadCatalog(deps.catalog()));
  const currentLoad = cachedFor(cacheMs, deps.now, async (catalog: Catalog) => {
    const load = await currentWorkCenterLoad(deps.orders(), catalog);
    if (load.truncated || load.unplannable.length > 0) logger.warn('Work-center load approximated', { openOrders: load.orders, truncated: load.truncated, unplannable: load.unplannable.slice(0, 20) });
    return load;
  });
  const currentStock = cachedFor(cacheMs, deps.now, (catalog: Catalog) => deps.stock().getMany(catalog.components.map((component) => component.componentId)));
  return httpRoute({ operationId: 'placeOrder' }, async (event) => {
    const body = parseJsonBody(event, PlaceOrderRequestSchema);
    const key = idempotencyKeyOf(event);
    const scope = `placeOrder:${event.requestContext?.identity?.apiKeyId ?? 'anonymous'}`;
    const ids: IdGenerator = key === undefined ? randomIdGenerator : { newId: (kind) => deterministicId(kind, `${scope}\n${key}`) };
    const placeOrder = createPlaceOrder({
      catalog: deps.catalog(),
      stock: deps.stock(),
      orders: deps.orders(),
      workflow: deps.workflow(),
      ids,
      now: deps.now,
      currentCatalog: () => currentCatalog(undefined),
      currentLoad,
      currentStock,
      ...(deps.executionArns ? { executionArnFor: deps.executionArns() } : {}),
    });
    const respond = (order: Order) => jsonResponse(201, toOrderView(order), { Location: `/orders/${order.orderId}` });
    const placed = await placeOrder(
      body,
      key === undefined ? undefined : { scope, key, requestHash: requestHashOf(body), ttlSeconds: IDEMPOTENCY_TTL_SECONDS, responseFor: (order) => toStoredResponse(respond(order)) },
    );
    if (placed.outcome === 'replayed') return replayOf(placed.response);
    return placed.response ?? respond(placed.order);
  });
}

export const handler = createPlaceOrderHandler(
  composeDoorDependencies({ catalog: catalogRepositoryWithoutReuse, stock: stockRepository, orders: orderRepository, workflow: workflowGateway, executionArns }),
  { cacheMs: PLACE_ORDER_CACHE_MS },
);
