/**
 * Storage of orders and their timelines. The timeline (audit trail) is written in the same atomic
 * write as the state change it describes, so an order is never in a state its timeline does not
 * explain, and a timeline never tells of a change that did not happen.
 */
import type { Order, TimelineEntry } from '../domain/order/order.types';
import type { OrderStatus } from '../domain/order/order-status';
import type { CompletedRequest } from './idempotency-store';
import type { Page, PageRequest } from './pagination';

/** Most timeline entries one write may carry (DynamoDB's transaction limit minus the order itself). */
export const MAX_TIMELINE_ENTRIES_PER_WRITE = 99;

export interface CreateOrderOptions {
  /**
   * The completed idempotency record of the request that placed the order (its response to
   * replay), written in the same atomic write as the order and its entries: a keyed request is one
   * write. The record takes the key on the terms of `IdempotencyStore.claim`; a refused key
   * writes nothing and is reported before any conflict of the order itself (a duplicate request
   * finds both taken, and the record says what to answer). At most
   * MAX_TIMELINE_ENTRIES_PER_WRITE - 1 timeline entries then.
   */
  readonly idempotency?: CompletedRequest;
}

export interface OrderRepository {
  /**
   * Stores a new order (its `version` must be 1) and its first timeline entries, atomically; with
   * `options.idempotency`, its completed idempotency record too.
   * @throws OrderAlreadyExistsError when an order with this id exists (never overwritten); with
   *   `options.idempotency`, only when the key itself was free (e.g. its record expired).
   * @throws IdempotencyKeyReuseError when the key holds another request (nothing written).
   * @throws IdempotentRequestCompletedError when the key holds this request, completed: carries
   *   the stored response (nothing written).
   * @throws IdempotencyKeyInProgressError when the key holds an in-progress claim of this request
   *   within its lock (nothing written).
   * @throws TimelineEntryAlreadyExistsError, InvalidRepositoryInputError (also when the adapter
   *   cannot write idempotency records).
   */
  create(order: Order, timelineEntries?: readonly TimelineEntry[], options?: CreateOrderOptions): Promise<Order>;

  /** The order, read strongly consistently; undefined when there is none. */
  get(orderId: string): Promise<Order | undefined>;

  /**
   * Stores a state change and its timeline entries in one atomic write, if the stored order is
   * still at `expectedVersion`. The stored order gets version `expectedVersion + 1` (whatever
   * `order.version` says) and is returned.
   * @throws ConcurrentModificationError when the stored version differs (nothing written).
   * @throws OrderNotFoundError when there is no such order.
   * @throws TimelineEntryAlreadyExistsError when an entry id is taken (nothing written).
   */
  saveTransition(order: Order, expectedVersion: number, timelineEntries: readonly TimelineEntry[]): Promise<Order>;

  /** `saveTransition` without timeline entries (changes that are not events, e.g. the execution ARN). */
  update(order: Order, expectedVersion: number): Promise<Order>;

  /**
   * Appends entries that describe no state change (a reminder sent, a PO acknowledged), atomically.
   * `orderRead: true` says the caller has just read the order: its existence is then not checked
   * again, so the write does not touch the order item (no conflict with concurrent changes of it).
   * @throws OrderNotFoundError, TimelineEntryAlreadyExistsError.
   */
  appendTimeline(orderId: string, timelineEntries: readonly TimelineEntry[], options?: { readonly orderRead?: boolean }): Promise<void>;

  /** Orders in one status, newest first (by createdAt). */
  listByStatus(status: OrderStatus, page?: PageRequest): Promise<Page<Order>>;

  /** One customer's orders, newest first (by createdAt). */
  listByCustomer(customerId: string, page?: PageRequest): Promise<Page<Order>>;

  /** An order's timeline in the order things happened (by entryId), oldest first. */
  listTimeline(orderId: string, page?: PageRequest): Promise<Page<TimelineEntry>>;

  /**
   * The entries whose id starts with `entryIdPrefix` (oldest first), read strongly consistently:
   * the entries of one write, found by the prefix their ids share (a retried workflow step finds
   * what its first attempt wrote). Meant for a handful of entries, not a whole timeline.
   * @throws InvalidRepositoryInputError (orderId, entryIdPrefix).
   */
  findTimelineEntries(orderId: string, entryIdPrefix: string): Promise<TimelineEntry[]>;
}
