/**
 * Orders and their timelines in the single table (see docs/data-model.md). The order item and its
 * timeline entries share the order's partition; every state change is one TransactWriteItems of
 * the order (conditioned on the version read) and its entries (conditioned on not existing). A
 * keyed POST /orders adds its completed idempotency record to the creating transaction.
 */
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ConcurrentModificationError,
  OrderAlreadyExistsError,
  OrderNotFoundError,
  TimelineEntryAlreadyExistsError,
} from '../../ports/data-errors';
import type { OrderStatus } from '../../domain/order/order-status';
import type { Order, TimelineEntry } from '../../domain/order/order.types';
import type { CompletedRequest } from '../../ports/idempotency-store';
import { checkCompletedRequest, keyTakenError } from '../../ports/idempotency-rules';
import { MAX_TIMELINE_ENTRIES_PER_WRITE, type CreateOrderOptions, type OrderRepository } from '../../ports/order-repository';
import type { Page, PageRequest } from '../../ports/pagination';
import { checkNewOrder, checkOrderChange } from '../../ports/repository-entity-rules';
import { checkTimelineEntries, requireId } from '../../ports/repository-input-rules';
import { retryOnTransactionConflict } from './conflict-retry';
import { cancellationReasons, conditionFailureItem, isConditionalCheckFailed, isTransactionConflict } from './dynamodb-errors';
import { completedRecordPut, idempotencyRecordOf } from './idempotency-store.dynamodb';
import { fromItem, toDocumentItem, type Item } from './item-codec';
import {
  ENTITY_TYPES,
  TIMELINE_SK_PREFIX,
  customerOrdersPartition,
  orderIndexKeys,
  orderKey,
  orderPk,
  orderStatusPartition,
  timelineKey,
} from './keys';
import { queryAll, queryPage } from './query-page';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { GSI1, GSI2 } from './table-schema';

const NOT_EXISTS = 'attribute_not_exists(#pk)';
const VERSION_IS = '#version = :expectedVersion';

/** An order as a document item (item-codec.ts); its `version` is at the top level too, for the writes' conditions. */
export const orderItem = (order: Order): Item =>
  toDocumentItem(order, { entityType: ENTITY_TYPES.order, key: orderKey(order.orderId), indexKeys: orderIndexKeys(order), exposed: ['version'] });

export const timelineItem = (entry: TimelineEntry): Item =>
  toDocumentItem(entry, { entityType: ENTITY_TYPES.timelineEntry, key: timelineKey(entry.orderId, entry.entryId) });

export class DynamoDbOrderRepository implements OrderRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async create(order: Order, timelineEntries: readonly TimelineEntry[] = [], options: CreateOrderOptions = {}): Promise<Order> {
    if (options.idempotency !== undefined) return this.createWithIdempotencyRecord(order, timelineEntries, options.idempotency);
    const orderId = checkNewOrder(order, timelineEntries);
    const put = {
      TableName: this.tableName,
      Item: orderItem(order),
      ConditionExpression: NOT_EXISTS,
      ExpressionAttributeNames: { '#pk': 'pk' },
    };
    try {
      if (timelineEntries.length === 0) {
        await this.client.send(new PutCommand(put));
      } else {
        await this.client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...this.timelinePuts(timelineEntries)] }));
      }
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new OrderAlreadyExistsError(orderId, { cause: error });
      throw this.translateTransactionError(error, { orderId, entries: timelineEntries, onOrderFailed: () => new OrderAlreadyExistsError(orderId, { cause: error }) });
    }
    return order;
  }

  /**
   * One TransactWriteItems: the order, its entries and the completed idempotency record (last).
   * The record's refusal is reported first: a duplicate request fails both the record's and the
   * order's conditions, and the record (returned with ALL_OLD) says what to answer. Retried when it
   * loses a race to a concurrent transaction (a duplicate in flight): the retry re-checks every
   * condition, so it then finds the winner's record.
   */
  private async createWithIdempotencyRecord(order: Order, timelineEntries: readonly TimelineEntry[], request: CompletedRequest): Promise<Order> {
    const orderId = checkNewOrder(order, timelineEntries, MAX_TIMELINE_ENTRIES_PER_WRITE - 1);
    const nowEpochSeconds = checkCompletedRequest(request);
    const orderPut = { TableName: this.tableName, Item: orderItem(order), ConditionExpression: NOT_EXISTS, ExpressionAttributeNames: { '#pk': 'pk' } };
    const transactItems = [{ Put: orderPut }, ...this.timelinePuts(timelineEntries), { Put: completedRecordPut(this.tableName, request, nowEpochSeconds) }];
    try {
      await retryOnTransactionConflict(() => this.client.send(new TransactWriteCommand({ TransactItems: transactItems })));
    } catch (error) {
      const recordReason = cancellationReasons(error)?.at(-1);
      if (recordReason?.code === 'ConditionalCheckFailed') {
        // The condition fails only on an item that is there, which ALL_OLD returns.
        if (recordReason.item === undefined) throw error;
        throw keyTakenError(idempotencyRecordOf(recordReason.item), request.requestHash, error);
      }
      throw this.translateTransactionError(error, { orderId, entries: timelineEntries, onOrderFailed: () => new OrderAlreadyExistsError(orderId, { cause: error }) });
    }
    return order;
  }

  public async get(orderId: string): Promise<Order | undefined> {
    requireId('orderId', orderId);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: orderKey(orderId), ConsistentRead: true }));
    return output.Item === undefined ? undefined : fromItem<Order>(output.Item, ENTITY_TYPES.order);
  }

  public async saveTransition(order: Order, expectedVersion: number, timelineEntries: readonly TimelineEntry[]): Promise<Order> {
    const orderId = checkOrderChange(order, expectedVersion, timelineEntries);
    const stored: Order = { ...order, version: expectedVersion + 1 };
    const put = {
      TableName: this.tableName,
      Item: orderItem(stored),
      // A missing item fails this too (no version to compare): ALL_OLD tells the two apart.
      ConditionExpression: VERSION_IS,
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    const staleOrMissing = (old: Item | undefined, cause: unknown): Error =>
      old === undefined
        ? new OrderNotFoundError(orderId, { cause })
        : new ConcurrentModificationError({ entity: 'order', entityId: orderId, expectedVersion, actualVersion: old['version'] as number }, { cause });
    try {
      if (timelineEntries.length === 0) {
        await this.client.send(new PutCommand(put));
      } else {
        await this.client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...this.timelinePuts(timelineEntries)] }));
      }
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw staleOrMissing(conditionFailureItem(error), error);
      throw this.translateTransactionError(error, {
        orderId,
        entries: timelineEntries,
        expectedVersion,
        onOrderFailed: (old) => staleOrMissing(old, error),
      });
    }
    return stored;
  }

  public async update(order: Order, expectedVersion: number): Promise<Order> {
    return this.saveTransition(order, expectedVersion, []);
  }

  public async appendTimeline(orderId: string, timelineEntries: readonly TimelineEntry[], options: { readonly orderRead?: boolean } = {}): Promise<void> {
    requireId('orderId', orderId);
    checkTimelineEntries(orderId, timelineEntries, MAX_TIMELINE_ENTRIES_PER_WRITE);
    if (timelineEntries.length === 0) return;
    if (options.orderRead === true) {
      await this.appendWithoutOrderCheck(orderId, timelineEntries);
      return;
    }
    const orderExists = {
      ConditionCheck: {
        TableName: this.tableName,
        Key: orderKey(orderId),
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
      },
    };
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [orderExists, ...this.timelinePuts(timelineEntries)] }));
    } catch (error) {
      throw this.translateTransactionError(error, { orderId, entries: timelineEntries, onOrderFailed: () => new OrderNotFoundError(orderId, { cause: error }) });
    }
  }

  /** The entries alone: one conditional put for one entry (no transaction), else a transaction of the puts. */
  private async appendWithoutOrderCheck(orderId: string, timelineEntries: readonly TimelineEntry[]): Promise<void> {
    const puts = this.timelinePuts(timelineEntries);
    const [only] = puts;
    try {
      if (puts.length === 1 && only !== undefined) await this.client.send(new PutCommand(only.Put));
      else await this.client.send(new TransactWriteCommand({ TransactItems: puts }));
    } catch (error) {
      const first = timelineEntries[0];
      if (isConditionalCheckFailed(error) && first !== undefined) throw new TimelineEntryAlreadyExistsError(orderId, first.entryId, { cause: error });
      const reasons = cancellationReasons(error);
      const failed = reasons === undefined ? undefined : timelineEntries[reasons.findIndex((reason) => reason.code === 'ConditionalCheckFailed')];
      if (failed !== undefined) throw new TimelineEntryAlreadyExistsError(orderId, failed.entryId, { cause: error });
      if (isTransactionConflict(error)) throw this.conflict({ orderId }, error);
      throw error;
    }
  }

  public async listByStatus(status: OrderStatus, page?: PageRequest): Promise<Page<Order>> {
    const result = await queryPage(
      { client: this.client, tableName: this.tableName, index: GSI1, partitionValue: orderStatusPartition(requireId('status', status)), descending: true },
      page,
    );
    return { ...result, items: result.items.map((item) => fromItem<Order>(item, ENTITY_TYPES.order)) };
  }

  public async listByCustomer(customerId: string, page?: PageRequest): Promise<Page<Order>> {
    const result = await queryPage(
      { client: this.client, tableName: this.tableName, index: GSI2, partitionValue: customerOrdersPartition(requireId('customerId', customerId)), descending: true },
      page,
    );
    return { ...result, items: result.items.map((item) => fromItem<Order>(item, ENTITY_TYPES.order)) };
  }

  public async listTimeline(orderId: string, page?: PageRequest): Promise<Page<TimelineEntry>> {
    const result = await queryPage(
      { client: this.client, tableName: this.tableName, partitionValue: orderPk(requireId('orderId', orderId)), sortPrefix: TIMELINE_SK_PREFIX, descending: false },
      page,
    );
    return { ...result, items: result.items.map((item) => fromItem<TimelineEntry>(item, ENTITY_TYPES.timelineEntry)) };
  }

  public async findTimelineEntries(orderId: string, entryIdPrefix: string): Promise<TimelineEntry[]> {
    const items = await queryAll({
      client: this.client,
      tableName: this.tableName,
      partitionValue: orderPk(requireId('orderId', orderId)),
      sortPrefix: `${TIMELINE_SK_PREFIX}${requireId('entryIdPrefix', entryIdPrefix)}`,
      descending: false,
    });
    return items.map((item) => fromItem<TimelineEntry>(item, ENTITY_TYPES.timelineEntry));
  }

  private timelinePuts(entries: readonly TimelineEntry[]) {
    return entries.map((entry) => ({
      Put: { TableName: this.tableName, Item: timelineItem(entry), ConditionExpression: NOT_EXISTS, ExpressionAttributeNames: { '#pk': 'pk' } },
    }));
  }

  /**
   * Names a cancelled transaction whose first item is the order (or its existence check) and the
   * rest are timeline entries. Other errors are returned unchanged.
   */
  private translateTransactionError(
    error: unknown,
    context: {
      readonly orderId: string;
      readonly entries: readonly TimelineEntry[];
      readonly expectedVersion?: number;
      readonly onOrderFailed: (oldItem: Item | undefined) => Error;
    },
  ): unknown {
    const reasons = cancellationReasons(error);
    if (reasons === undefined) {
      if (isTransactionConflict(error)) return this.conflict(context, error);
      return error;
    }
    const [orderReason, ...entryReasons] = reasons;
    if (orderReason?.code === 'ConditionalCheckFailed') return context.onOrderFailed(orderReason.item);
    const failedEntry = entryReasons.findIndex((reason) => reason.code === 'ConditionalCheckFailed');
    const entry = context.entries[failedEntry];
    if (entry !== undefined) return new TimelineEntryAlreadyExistsError(context.orderId, entry.entryId, { cause: error });
    if (isTransactionConflict(error)) return this.conflict(context, error);
    return error;
  }

  private conflict(context: { readonly orderId: string; readonly expectedVersion?: number }, cause: unknown): ConcurrentModificationError {
    return new ConcurrentModificationError(
      { entity: 'order', entityId: context.orderId, ...(context.expectedVersion === undefined ? {} : { expectedVersion: context.expectedVersion }) },
      { cause },
    );
  }
}
