/**
 * In-memory twin of the order repository, for unit tests of use cases and for the contract suite.
 * Same rules and errors as the DynamoDB one; each method checks and writes without yielding, so it
 * is as atomic as a transaction. `create` with an idempotency record needs the repository built
 * with the in-memory idempotency store that keeps the records (`{ idempotency }`): on DynamoDB both
 * share one table and one transaction.
 */
import type { OrderStatus } from '../../domain/order/order-status';
import type { Order, TimelineEntry } from '../../domain/order/order.types';
import {
  ConcurrentModificationError,
  InvalidRepositoryInputError,
  OrderAlreadyExistsError,
  OrderNotFoundError,
  TimelineEntryAlreadyExistsError,
} from '../../ports/data-errors';
import { checkCompletedRequest } from '../../ports/idempotency-rules';
import { MAX_TIMELINE_ENTRIES_PER_WRITE, type CreateOrderOptions, type OrderRepository } from '../../ports/order-repository';
import type { Page, PageRequest } from '../../ports/pagination';
import { checkNewOrder, checkOrderChange } from '../../ports/repository-entity-rules';
import { checkTimelineEntries, requireId } from '../../ports/repository-input-rules';
import type { InMemoryIdempotencyStore } from './idempotency-store.memory';
import { copy, pageOf } from './memory-page';

export class InMemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<string, Order>();
  /** Timeline entries by order id, then entry id. */
  private readonly timelines = new Map<string, Map<string, TimelineEntry>>();

  /** `idempotency`: the store whose records `create` writes with an order (its `idempotency` option). */
  public constructor(private readonly options: { readonly idempotency?: InMemoryIdempotencyStore } = {}) {}

  public async create(order: Order, timelineEntries: readonly TimelineEntry[] = [], options: CreateOrderOptions = {}): Promise<Order> {
    const request = options.idempotency;
    const orderId = checkNewOrder(order, timelineEntries, request === undefined ? MAX_TIMELINE_ENTRIES_PER_WRITE : MAX_TIMELINE_ENTRIES_PER_WRITE - 1);
    // The key is checked first: a duplicate request finds the key and the order taken, and the key says what to answer.
    let writeRecord = (): void => undefined;
    if (request !== undefined) {
      const nowEpochSeconds = checkCompletedRequest(request);
      if (this.options.idempotency === undefined) throw new InvalidRepositoryInputError('idempotency', 'needs the repository built with an idempotency store');
      writeRecord = this.options.idempotency.takeKeyCompleted(request, nowEpochSeconds);
    }
    if (this.orders.has(orderId)) throw new OrderAlreadyExistsError(orderId);
    this.assertEntriesAbsent(orderId, timelineEntries);
    this.orders.set(orderId, copy(order));
    this.writeEntries(orderId, timelineEntries);
    writeRecord();
    return Promise.resolve(copy(order));
  }

  public async get(orderId: string): Promise<Order | undefined> {
    requireId('orderId', orderId);
    const order = this.orders.get(orderId);
    return Promise.resolve(order === undefined ? undefined : copy(order));
  }

  public async saveTransition(order: Order, expectedVersion: number, timelineEntries: readonly TimelineEntry[]): Promise<Order> {
    const orderId = checkOrderChange(order, expectedVersion, timelineEntries);
    const current = this.orders.get(orderId);
    if (current === undefined) throw new OrderNotFoundError(orderId);
    if (current.version !== expectedVersion) {
      throw new ConcurrentModificationError({ entity: 'order', entityId: orderId, expectedVersion, actualVersion: current.version });
    }
    this.assertEntriesAbsent(orderId, timelineEntries);
    const stored: Order = { ...copy(order), version: expectedVersion + 1 };
    this.orders.set(orderId, stored);
    this.writeEntries(orderId, timelineEntries);
    return Promise.resolve(copy(stored));
  }

  public async update(order: Order, expectedVersion: number): Promise<Order> {
    return this.saveTransition(order, expectedVersion, []);
  }

  public async appendTimeline(orderId: string, timelineEntries: readonly TimelineEntry[], _options?: { readonly orderRead?: boolean }): Promise<void> {
    requireId('orderId', orderId);
    checkTimelineEntries(orderId, timelineEntries, MAX_TIMELINE_ENTRIES_PER_WRITE);
    if (timelineEntries.length === 0) return Promise.resolve();
    if (!this.orders.has(orderId)) throw new OrderNotFoundError(orderId);
    this.assertEntriesAbsent(orderId, timelineEntries);
    this.writeEntries(orderId, timelineEntries);
    return Promise.resolve();
  }

  public async listByStatus(status: OrderStatus, page?: PageRequest): Promise<Page<Order>> {
    requireId('status', status);
    const entries = [...this.orders.values()]
      .filter((order) => order.status === status)
      .map((order) => ({ sortKey: `${order.createdAt}#${order.orderId}`, value: order }));
    return Promise.resolve(pageOf(entries, `orders-by-status:${status}`, true, page));
  }

  public async listByCustomer(customerId: string, page?: PageRequest): Promise<Page<Order>> {
    requireId('customerId', customerId);
    const entries = [...this.orders.values()]
      .filter((order) => order.customer.customerId === customerId)
      .map((order) => ({ sortKey: `${order.createdAt}#${order.orderId}`, value: order }));
    return Promise.resolve(pageOf(entries, `orders-by-customer:${customerId}`, true, page));
  }

  public async listTimeline(orderId: string, page?: PageRequest): Promise<Page<TimelineEntry>> {
    requireId('orderId', orderId);
    const entries = [...(this.timelines.get(orderId)?.values() ?? [])].map((entry) => ({ sortKey: entry.entryId, value: entry }));
    return Promise.resolve(pageOf(entries, `timeline:${orderId}`, false, page));
  }

  public async findTimelineEntries(orderId: string, entryIdPrefix: string): Promise<TimelineEntry[]> {
    requireId('orderId', orderId);
    requireId('entryIdPrefix', entryIdPrefix);
    const entries = [...(this.timelines.get(orderId)?.values() ?? [])].filter((entry) => entry.entryId.startsWith(entryIdPrefix));
    return Promise.resolve(entries.sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0)).map((entry) => copy(entry)));
  }

  private assertEntriesAbsent(orderId: string, entries: readonly TimelineEntry[]): void {
    const timeline = this.timelines.get(orderId);
    const taken = entries.find((entry) => timeline?.has(entry.entryId) === true);
    if (taken !== undefined) throw new TimelineEntryAlreadyExistsError(orderId, taken.entryId);
  }

  private writeEntries(orderId: string, entries: readonly TimelineEntry[]): void {
    const timeline = this.timelines.get(orderId) ?? new Map<string, TimelineEntry>();
    for (const entry of entries) timeline.set(entry.entryId, copy(entry));
    this.timelines.set(orderId, timeline);
  }
}
