/**
 * Stock levels and reservations in the single table.
 *
 * A stock item stores `available` (= onHand - reserved) next to the two, because a condition
 * expression cannot do arithmetic: `available >= :quantity` is what keeps stock from going below
 * zero, and every update moves the three together. Each change is one transaction of the stock
 * update and a marker item (the reservation, or a receipt) written only if absent, which makes the
 * change idempotent: a retried step finds its marker and changes nothing.
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StockLevel, StockReservation } from '../../domain/catalog/stock.types';
import {
  ConcurrentModificationError,
  CorruptItemError,
  InsufficientStockError,
  ReservationAlreadyExistsError,
  StockNotFoundError,
} from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import { checkReservation, checkStockChanges, checkStockLevel, fitsOneWrite } from '../../ports/repository-entity-rules';
import { requireId, requirePositiveQuantity } from '../../ports/repository-input-rules';
import type { AllOrNothingOutcome, ConsumeOutcome, ReceiveOutcome, ReleaseOutcome, ReserveOutcome, StockReceipt, StockRepository } from '../../ports/stock-repository';
import { cancellationReasons, isTransactionConflict } from './dynamodb-errors';
import { fromItem, toItem, type Item } from './item-codec';
import { ALL_STOCK_PARTITION, ENTITY_TYPES, RESERVATION_SK_PREFIX, orderPk, reservationKey, stockIndexKeys, stockKey, stockReceiptKey } from './keys';
import { DEFAULT_CONFLICT_RETRY, retryOnTransactionConflict, type ConflictRetryOptions } from './conflict-retry';
import { queryAll, queryPage } from './query-page';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { GSI2 } from './table-schema';

/** Storage-only attribute of stock items. */
export const AVAILABLE_ATTRIBUTE = 'available';
/** Attempts of an all-or-nothing change that loses to concurrent transactions, before it is refused. */
const ALL_OR_NOTHING_ATTEMPTS = 2;
/** The cancellation reasons of an all-or-nothing change that mean "not now, not all": refused, not an error. */
const REFUSING_REASONS: ReadonlySet<string> = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_LIMIT = 100;

export const stockItem = (level: StockLevel): Item =>
  toItem(level, {
    entityType: ENTITY_TYPES.stock,
    key: stockKey(level.componentId),
    indexKeys: stockIndexKeys(level.componentId),
    extra: { [AVAILABLE_ATTRIBUTE]: level.onHand - level.reserved },
  });

const toStockLevel = (item: Item): StockLevel => fromItem<StockLevel>(item, ENTITY_TYPES.stock, [AVAILABLE_ATTRIBUTE]);
const toReservation = (item: Item): StockReservation => fromItem<StockReservation>(item, ENTITY_TYPES.reservation);

export interface DynamoDbStockRepositoryOptions extends DynamoDbRepositoryOptions {
  /** How often a write that lost to a concurrent transaction is tried again. */
  readonly conflictRetry?: ConflictRetryOptions;
}

export class DynamoDbStockRepository implements StockRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly conflictRetry: ConflictRetryOptions | undefined;

  public constructor(options: DynamoDbStockRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.conflictRetry = options.conflictRetry;
  }

  public async put(level: StockLevel): Promise<void> {
    checkStockLevel(level);
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: stockItem(level) }));
  }

  public async get(componentId: string): Promise<StockLevel | undefined> {
    requireId('componentId', componentId);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: stockKey(componentId), ConsistentRead: true }));
    return output.Item === undefined ? undefined : toStockLevel(output.Item);
  }

  public async getMany(componentIds: readonly string[]): Promise<readonly StockLevel[]> {
    const unique = [...new Set(componentIds.map((componentId, index) => requireId(`componentIds[${index}]`, componentId)))];
    const levels: StockLevel[] = [];
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(start, start + BATCH_GET_LIMIT).map((componentId) => stockKey(componentId));
      // DynamoDB may hand back some keys unprocessed (throttling, 16 MB limit): ask again for those.
      while (keys !== undefined && keys.length > 0) {
        const output: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        levels.push(...(output.Responses?.[this.tableName] ?? []).map(toStockLevel));
        keys = output.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return levels;
  }

  public async list(page?: PageRequest): Promise<Page<StockLevel>> {
    const result = await queryPage(
      { client: this.client, tableName: this.tableName, index: GSI2, partitionValue: ALL_STOCK_PARTITION, descending: false },
      page,
    );
    return { ...result, items: result.items.map(toStockLevel) };
  }

  public async reserve(reservation: StockReservation): Promise<ReserveOutcome> {
    const { orderId, componentId, quantity } = checkReservation(reservation);
    // A fresh command per attempt: a sent command is not reused.
    const request = (): TransactWriteCommand => new TransactWriteCommand({ TransactItems: reserveActions(this.tableName, reservation) });
    try {
      await this.withRetry(componentId, () => this.client.send(request()));
      return 'reserved';
    } catch (error) {
      const [reservationReason, stockReason] = cancellationReasons(error) ?? [];
      // The reservation exists: a retry of the same step (whatever the stock says now).
      if (reservationReason?.code === 'ConditionalCheckFailed') {
        const existing = reservationReason.item === undefined ? undefined : toReservation(reservationReason.item);
        if (existing === undefined || existing.quantity === quantity) return 'already-reserved';
        throw new ReservationAlreadyExistsError(orderId, componentId, existing.quantity, { cause: error });
      }
      if (stockReason?.code === 'ConditionalCheckFailed') {
        if (stockReason.item === undefined) throw new StockNotFoundError(componentId, { cause: error });
        throw new InsufficientStockError(componentId, quantity, stockReason.item[AVAILABLE_ATTRIBUTE] as number, { cause: error });
      }
      throw error;
    }
  }

  public async release(orderId: string, componentId: string, knownQuantity?: number): Promise<ReleaseOutcome> {
    const outcome = await this.settleReservation(orderId, componentId, knownQuantity, RELEASE);
    return outcome === 'settled' ? 'released' : 'not-reserved';
  }

  public async consume(orderId: string, componentId: string, knownQuantity?: number): Promise<ConsumeOutcome> {
    const outcome = await this.settleReservation(orderId, componentId, knownQuantity, CONSUME);
    return outcome === 'settled' ? 'consumed' : 'not-reserved';
  }

  public async reserveAll(reservations: readonly StockReservation[]): Promise<AllOrNothingOutcome> {
    const componentIds = checkStockChanges({ reservations });
    return this.allOrNothing(componentIds, () => reservations.flatMap((reservation) => reserveActions(this.tableName, reservation)));
  }

  public async consumeAll(orderId: string, reservations: readonly { readonly componentId: string; readonly quantity: number }[]): Promise<AllOrNothingOutcome> {
    const componentIds = checkStockChanges({ orderId, consumptions: reservations });
    return this.allOrNothing(componentIds, () => reservations.flatMap(({ componentId, quantity }) => settleActions(this.tableName, orderId, componentId, quantity, CONSUME)));
  }

  public async receive(componentId: string, quantity: number, receiptId: string): Promise<ReceiveOutcome> {
    requireId('componentId', componentId);
    requirePositiveQuantity('quantity', quantity);
    requireId('receiptId', receiptId);
    // A fresh command per attempt: a sent command is not reused.
    const request = (): TransactWriteCommand => new TransactWriteCommand({ TransactItems: receiveActions(this.tableName, { componentId, quantity, receiptId }) });
    try {
      await this.withRetry(componentId, () => this.client.send(request()));
      return 'received';
    } catch (error) {
      const [receiptReason, stockReason] = cancellationReasons(error) ?? [];
      if (receiptReason?.code === 'ConditionalCheckFailed') return 'already-received';
      if (stockReason?.code === 'ConditionalCheckFailed') throw new StockNotFoundError(componentId, { cause: error });
      throw error;
    }
  }

  public async receiveAll(receipts: readonly StockReceipt[]): Promise<AllOrNothingOutcome> {
    const componentIds = checkStockChanges({ receipts });
    return this.allOrNothing(componentIds, () => receipts.flatMap((receipt) => receiveActions(this.tableName, receipt)));
  }

  public async listReservations(orderId: string): Promise<readonly StockReservation[]> {
    const items = await queryAll({
      client: this.client,
      tableName: this.tableName,
      partitionValue: orderPk(requireId('orderId', orderId)),
      sortPrefix: RESERVATION_SK_PREFIX,
      descending: false,
    });
    return items.map(toReservation);
  }

  /**
   * Removes a reservation and applies its quantity to the stock item, in one transaction; the
   * delete is conditioned on the reservation read (same quantity), so two concurrent releases
   * apply it once. 'absent' when there is no reservation (already released or consumed).
   */
  private async settleReservation(
    orderId: string,
    componentId: string,
    knownQuantity: number | undefined,
    stockChange: StockChange,
  ): Promise<'settled' | 'absent'> {
    requireId('orderId', orderId);
    requireId('componentId', componentId);
    if (knownQuantity !== undefined) requirePositiveQuantity('knownQuantity', knownQuantity);
    let guess = knownQuantity;
    return this.withRetry(componentId, async () => {
      let quantity = guess;
      guess = undefined;
      if (quantity === undefined) {
        const found = await this.client.send(new GetCommand({ TableName: this.tableName, Key: reservationKey(orderId, componentId), ConsistentRead: true }));
        if (found.Item === undefined) return 'absent';
        quantity = toReservation(found.Item).quantity;
      }
      const settled = await this.settle(orderId, componentId, quantity, stockChange);
      // The reservation holds another quantity than the caller knew: read it and settle that.
      if (settled === 'other-quantity') return this.settleReservation(orderId, componentId, undefined, stockChange);
      return settled;
    });
  }

  /** Deletes the reservation of exactly `quantity` and changes the stock by it, in one transaction. */
  private async settle(
    orderId: string,
    componentId: string,
    quantity: number,
    stockChange: StockChange,
  ): Promise<'settled' | 'absent' | 'other-quantity'> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: settleActions(this.tableName, orderId, componentId, quantity, stockChange) }));
      return 'settled';
    } catch (error) {
      const [reservationReason, stockReason] = cancellationReasons(error) ?? [];
      // Settled by someone else (or never there), or held with another quantity.
      if (reservationReason?.code === 'ConditionalCheckFailed') return reservationReason.item === undefined ? 'absent' : 'other-quantity';
      if (stockReason?.code === 'ConditionalCheckFailed') {
        throw new CorruptItemError(`the stock of ${componentId} cannot account for the reservation of order ${orderId} (${quantity})`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * One transaction of every component's actions: 'refused', with nothing written, when a condition
   * fails or it loses to a concurrent transaction twice (the caller's one-by-one fallback retries
   * each on its own), and without a request when a component comes twice (a transaction touches an
   * item once) or there are too many. Any other cancellation (throttling, validation) is thrown.
   */
  private async allOrNothing(componentIds: readonly string[], actions: () => TransactItem[]): Promise<AllOrNothingOutcome> {
    if (componentIds.length === 0) return 'done';
    if (!fitsOneWrite(componentIds)) return 'refused';
    try {
      // A fresh command per attempt: a sent command is not reused.
      await retryOnTransactionConflict(() => this.client.send(new TransactWriteCommand({ TransactItems: actions() })), { ...DEFAULT_CONFLICT_RETRY, ...this.conflictRetry, attempts: ALL_OR_NOTHING_ATTEMPTS });
      return 'done';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.every((reason) => REFUSING_REASONS.has(reason.code)) === true || isTransactionConflict(error)) return 'refused';
      throw error;
    }
  }

  private async withRetry<T>(componentId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await retryOnTransactionConflict(write, this.conflictRetry);
    } catch (error) {
      if (isTransactionConflict(error)) throw new ConcurrentModificationError({ entity: 'stock', entityId: componentId }, { cause: error });
      throw error;
    }
  }
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How settling a reservation changes its component's stock, and what the stock must hold for it. */
interface StockChange {
  readonly update: string;
  readonly names: Readonly<Record<string, string>>;
  readonly condition: string;
}

const RELEASE: StockChange = {
  update: 'SET #available = #available + :quantity, #reserved = #reserved - :quantity, #version = #version + :one',
  names: { '#available': AVAILABLE_ATTRIBUTE, '#reserved': 'reserved', '#version': 'version' },
  condition: 'attribute_exists(#pk) AND #reserved >= :quantity',
};

const CONSUME: StockChange = {
  update: 'SET #onHand = #onHand - :quantity, #reserved = #reserved - :quantity, #version = #version + :one',
  names: { '#onHand': 'onHand', '#reserved': 'reserved', '#version': 'version' },
  condition: 'attribute_exists(#pk) AND #reserved >= :quantity AND #onHand >= :quantity',
};

/** A reservation's two actions: the reservation, if absent, and the stock, if it has enough available. */
function reserveActions(tableName: string, reservation: StockReservation): TransactItem[] {
  const { orderId, componentId, quantity } = reservation;
  return [
    {
      Put: {
        TableName: tableName,
        Item: toItem(reservation, { entityType: ENTITY_TYPES.reservation, key: reservationKey(orderId, componentId) }),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: stockKey(componentId),
        UpdateExpression: 'SET #available = #available - :quantity, #reserved = #reserved + :quantity, #version = #version + :one',
        ConditionExpression: 'attribute_exists(#pk) AND #available >= :quantity',
        ExpressionAttributeNames: { '#pk': 'pk', '#available': AVAILABLE_ATTRIBUTE, '#reserved': 'reserved', '#version': 'version' },
        ExpressionAttributeValues: { ':quantity': quantity, ':one': 1 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ];
}

/** Settling a reservation: its delete, if it holds exactly `quantity`, and the stock change. */
function settleActions(tableName: string, orderId: string, componentId: string, quantity: number, stockChange: StockChange): TransactItem[] {
  return [
    {
      Delete: {
        TableName: tableName,
        Key: reservationKey(orderId, componentId),
        ConditionExpression: 'attribute_exists(#pk) AND #quantity = :quantity',
        ExpressionAttributeNames: { '#pk': 'pk', '#quantity': 'quantity' },
        ExpressionAttributeValues: { ':quantity': quantity },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: stockKey(componentId),
        UpdateExpression: stockChange.update,
        ConditionExpression: stockChange.condition,
        ExpressionAttributeNames: { '#pk': 'pk', ...stockChange.names },
        ExpressionAttributeValues: { ':quantity': quantity, ':one': 1 },
      },
    },
  ];
}

/** A receipt's two actions: the receipt marker, if absent, and the stock's on-hand increase. */
function receiveActions(tableName: string, { componentId, quantity, receiptId }: StockReceipt): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName,
        Item: toItem({ componentId, receiptId, quantity }, { entityType: ENTITY_TYPES.stockReceipt, key: stockReceiptKey(componentId, receiptId) }),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: stockKey(componentId),
        UpdateExpression: 'SET #onHand = #onHand + :quantity, #available = #available + :quantity, #version = #version + :one',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk', '#onHand': 'onHand', '#available': AVAILABLE_ATTRIBUTE, '#version': 'version' },
        ExpressionAttributeValues: { ':quantity': quantity, ':one': 1 },
      },
    },
  ];
}
