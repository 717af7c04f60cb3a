/**
 * Placing an order: the domain validates it against the catalog and computes the promise date (behind
 * the work-center load of the open orders) and quote; the order is stored with its first timeline
 * entry, OrderPlaced, and its lifecycle execution started (named by the order id, so a second start is
 * harmless). The lifecycle's first step publishes OrderPlaced (door-events.ts): placing an order makes
 * two calls, the write and the start.
 *
 * One write per order: when the execution's ARN is known in advance (`executionArnFor`), the order is
 * created with it, so nothing writes the order after its execution starts. A second write after the
 * start would race the execution's first step (review-order updates the order at once) and lose on
 * the version check.
 *
 * Retry-safe when the caller supplies the order id (derived from an idempotency key): a retry that
 * finds the order already stored continues with the remaining steps instead of failing.
 *
 * Idempotent requests in the same one write: with `idempotency`, the request's completed
 * idempotency record (its hash and the response to replay) is written in the order's transaction,
 * not claimed before and completed after. A retry of a request that got as far as its write (or a
 * duplicate that lost the race to it) finds the record: it still makes sure the execution is
 * started (the first may have crashed right after writing), then replays the stored response.
 */
import type { Catalog } from '../domain/catalog/catalog.types';
import type { StockLevel } from '../domain/catalog/stock.types';
import type { IdGenerator } from '../domain/common/ids';
import { toTimelineEntries } from '../domain/events/timeline';
import { placeOrder } from '../domain/order/place-order';
import type { Order, OrderRequest } from '../domain/order/order.types';
import type { CatalogRepository } from '../ports/catalog-repository';
import { IdempotentRequestCompletedError, OrderAlreadyExistsError } from '../ports/data-errors';
import type { CompletedRequest, StoredResponse } from '../ports/idempotency-store';
import type { OrderRepository } from '../ports/order-repository';
import type { StockRepository } from '../ports/stock-repository';
import { orderExecutionName, type WorkflowGateway } from '../ports/workflow-gateway';
import { DoorUseCaseError } from './door-errors';
import { currentWorkCenterLoad, type CurrentLoad } from './work-center-load';
import { recordExecutionArn } from './step-support';

export interface PlaceOrderDeps {
  readonly catalog: CatalogRepository;
  readonly stock: StockRepository;
  readonly orders: OrderRepository;
  readonly workflow: WorkflowGateway;
  readonly ids: IdGenerator;
  readonly now: () => Date;
  /** Told what the promise was planned behind (e.g. to log a truncated load). */
  readonly onLoadComputed?: (load: CurrentLoad) => void;
  /** The ARN an execution named `executionName` will get; without it the ARN is written after the start. */
  readonly executionArnFor?: (executionName: string) => string;
  /** The catalog; by default read from `catalog` on every call (a handler may cache it briefly). */
  readonly currentCatalog?: () => Promise<Catalog>;
  /** The work-center load; by default computed from the open orders on every call (a handler may cache it briefly). */
  readonly currentLoad?: (catalog: Catalog) => Promise<CurrentLoad>;
  /** The stock of the catalog's components; by default read from `stock` on every call (a handler may cache it briefly). */
  readonly currentStock?: (catalog: Catalog) => Promise<readonly StockLevel[]>;
}

/** How a keyed request is remembered: its record, written with the order. */
export interface IdempotentPlacement extends Pick<CompletedRequest, 'scope' | 'key' | 'requestHash' | 'ttlSeconds'> {
  /** The response to store with the order (and replay to the request's retries), from the order as created. */
  readonly responseFor: (order: Order) => StoredResponse;
}

export type PlaceOrderResult =
  /**
   * The order, as stored after its execution started: placed now, or found and finished (a retry
   * whose idempotency record had expired). `response`: the one stored with it, when placed now
   * with `idempotency`.
   */
  | { readonly outcome: 'placed'; readonly order: Order; readonly response?: StoredResponse }
  /** An earlier request with the key and body placed it: its response, to replay. */
  | { readonly outcome: 'replayed'; readonly response: StoredResponse };

/** No catalog has been stored: the installation is not seeded (an operator's problem, not the caller's). */
export class CatalogNotConfiguredError extends DoorUseCaseError {
  constructor() {
    super('No catalog is stored; seed the catalog before placing orders.');
    this.name = 'CatalogNotConfiguredError';
  }
}

export async function loadCatalog(repository: CatalogRepository): Promise<Catalog> {
  const catalog = await repository.loadCatalog();
  if (!catalog) {
    throw new CatalogNotConfiguredError();
  }
  return catalog;
}

export function createPlaceOrder(deps: PlaceOrderDeps) {
  /**
   * @throws DomainValidationError (every problem, with path and rule) when the request breaks catalog rules
   * @throws IdempotencyKeyReuseError when `idempotency.key` was used for another request (nothing written)
   * @throws IdempotencyKeyInProgressError when an in-progress claim of this request holds the key (nothing written)
   */
  return async function placeNewOrder(request: OrderRequest, idempotency?: IdempotentPlacement): Promise<PlaceOrderResult> {
    const catalog = await (deps.currentCatalog ? deps.currentCatalog() : loadCatalog(deps.catalog));
    const [stock, current] = await Promise.all([
      deps.currentStock ? deps.currentStock(catalog) : deps.stock.getMany(catalog.components.map((component) => component.componentId)),
      deps.currentLoad ? deps.currentLoad(catalog) : currentWorkCenterLoad(deps.orders, catalog),
    ]);
    deps.onLoadComputed?.(current);
    const now = deps.now().toISOString();
    // The promise is planned behind the hours open orders hold on each work center (an approximation: work-center-load.ts).
    const placed = placeOrder(request, catalog, stock, current.load, now, deps.ids);
    const order: Order = deps.executionArnFor ? { ...placed.order, executionArn: deps.executionArnFor(orderExecutionName(placed.order.orderId)) } : placed.order;
    const record = idempotency === undefined ? undefined : { scope: idempotency.scope, key: idempotency.key, requestHash: idempotency.requestHash, ttlSeconds: idempotency.ttlSeconds, response: idempotency.responseFor(order), now };

    let stored: Order;
    let replay: StoredResponse | undefined;
    let created = false;
    try {
      stored = await deps.orders.create(order, toTimelineEntries(placed.events), record === undefined ? undefined : { idempotency: record });
      created = true;
    } catch (error) {
      if (error instanceof IdempotentRequestCompletedError) replay = error.response;
      else if (!(error instanceof OrderAlreadyExistsError)) throw error;
      const existing = await deps.orders.get(order.orderId);
      if (!existing) {
        // A record without its order (they are written together, so never expected): nothing to finish.
        if (replay !== undefined) return { outcome: 'replayed', response: replay };
        throw error;
      }
      // A retry of a request that got this far before (or a duplicate that lost the race to it):
      // finish what it started.
      stored = existing;
    }

    const started = await deps.workflow.startOrderExecution(stored.orderId, { orderId: stored.orderId });
    // The first run; an order a change has moved on since (a replayed request) keeps its own.
    stored = await recordExecutionArn(deps.orders, stored, started.executionArn, 1);
    if (replay !== undefined) return { outcome: 'replayed', response: replay };
    // The response stored with the order, so that the first answer and its replays are the same bytes.
    return { outcome: 'placed', order: stored, ...(created && record !== undefined ? { response: record.response } : {}) };
  };
}
