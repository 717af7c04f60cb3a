/**
 * Purchase orders in the single table: their own partition (supplier webhooks find them by id),
 * listed per order through GSI1 and per supplier through GSI2.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PurchaseOrder, PurchaseOrderStatus } from '../../domain/procurement/purchase-order.types';
import {
  ConcurrentModificationError,
  PurchaseOrderAlreadyExistsError,
  PurchaseOrderNotFoundError,
  WebhookAlreadyReceivedError,
} from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import type { CreatePurchaseOrderResult, EarlyAnswer, KeepEarlyAnswerResult, PurchaseOrderRepository } from '../../ports/purchase-order-repository';
import type { WebhookReceipt } from '../../ports/webhook-dedup-store';
import { checkNewPurchaseOrder, checkPurchaseOrderChange, isSamePurchaseOrder } from '../../ports/repository-entity-rules';
import { requireId, requireInstant } from '../../ports/repository-input-rules';
import { cancellationReasons, conditionFailureItem, isConditionalCheckFailed, isTransactionConflict } from './dynamodb-errors';
import { fromItem, toItem, withoutUndefined, type Item } from './item-codec';
import {
  ENTITY_TYPES,
  PURCHASE_ORDER_CHILD_PREFIX,
  orderChildrenPartition,
  purchaseOrderIndexKeys,
  purchaseOrderKey,
  supplierPurchaseOrdersPartition,
} from './keys';
import { queryPage } from './query-page';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { GSI1, GSI2 } from './table-schema';
import { webhookReceiptPut } from './webhook-dedup-store.dynamodb';

export const purchaseOrderItem = (po: PurchaseOrder): Item =>
  toItem(po, { entityType: ENTITY_TYPES.purchaseOrder, key: purchaseOrderKey(po.poId), indexKeys: purchaseOrderIndexKeys(po) });

export class DynamoDbPurchaseOrderRepository implements PurchaseOrderRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async create(purchaseOrder: PurchaseOrder): Promise<CreatePurchaseOrderResult> {
    const poId = checkNewPurchaseOrder(purchaseOrder);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: purchaseOrderItem(purchaseOrder),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true, purchaseOrder };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = conditionFailureItem(error);
      const existing = old === undefined ? undefined : fromItem<PurchaseOrder>(old, ENTITY_TYPES.purchaseOrder);
      if (existing !== undefined && isSamePurchaseOrder(existing, purchaseOrder)) return { created: false, purchaseOrder: existing };
      throw new PurchaseOrderAlreadyExistsError(poId, { cause: error });
    }
  }

  public async get(poId: string): Promise<PurchaseOrder | undefined> {
    requireId('poId', poId);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: purchaseOrderKey(poId), ConsistentRead: true }));
    return output.Item === undefined ? undefined : fromItem<PurchaseOrder>(output.Item, ENTITY_TYPES.purchaseOrder);
  }

  public async update(purchaseOrder: PurchaseOrder, expectedVersion: number): Promise<PurchaseOrder> {
    const poId = checkPurchaseOrderChange(purchaseOrder, expectedVersion);
    const stored: PurchaseOrder = { ...purchaseOrder, version: expectedVersion + 1 };
    const conflict = (actualVersion: number | undefined, cause: unknown): ConcurrentModificationError =>
      new ConcurrentModificationError(
        { entity: 'purchase-order', entityId: poId, orderId: purchaseOrder.orderId, expectedVersion, ...(actualVersion === undefined ? {} : { actualVersion }) },
        { cause },
      );
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: purchaseOrderItem(stored),
          ConditionExpression: '#version = :expectedVersion',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        const old = conditionFailureItem(error);
        if (old === undefined) throw new PurchaseOrderNotFoundError(poId, { cause: error });
        throw conflict(old['version'] as number, error);
      }
      if (isTransactionConflict(error)) throw conflict(undefined, error);
      throw error;
    }
    return stored;
  }

  public async keepEarlyAnswer(poId: string, answer: EarlyAnswer, options: { readonly statuses: readonly PurchaseOrderStatus[]; readonly receipt?: WebhookReceipt }): Promise<KeepEarlyAnswerResult> {
    requireId('poId', poId);
    requireInstant('answer.value.receivedAt', answer.value.receivedAt);
    const field = answer.kind === 'delivery' ? 'earlyDelivery' : 'earlyShipment';
    const statusNames = options.statuses.map((_, index) => `:status${index}`);
    const update = {
      TableName: this.tableName,
      Key: purchaseOrderKey(poId),
      UpdateExpression: 'SET #field = :answer, #version = #version + :one',
      ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(#field)${statusNames.length === 0 ? '' : ` AND #status IN (${statusNames.join(', ')})`}`,
      ExpressionAttributeNames: { '#pk': 'pk', '#field': field, '#version': 'version', ...(statusNames.length === 0 ? {} : { '#status': 'status' }) },
      ExpressionAttributeValues: { ':answer': withoutUndefined(answer.value), ':one': 1, ...Object.fromEntries(options.statuses.map((status, index) => [`:status${index}`, status])) },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    const refused = (old: Item | undefined, cause: unknown): KeepEarlyAnswerResult => {
      if (old === undefined) throw new PurchaseOrderNotFoundError(poId, { cause });
      return { kept: false, purchaseOrder: fromItem<PurchaseOrder>(old, ENTITY_TYPES.purchaseOrder) };
    };
    if (options.receipt === undefined) {
      try {
        const output = await this.client.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
        return { kept: true, purchaseOrder: fromItem<PurchaseOrder>(output.Attributes ?? {}, ENTITY_TYPES.purchaseOrder) };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        return refused(conditionFailureItem(error), error);
      }
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, { Put: webhookReceiptPut(this.tableName, options.receipt) }] }));
    } catch (error) {
      const [poReason, receiptReason] = cancellationReasons(error) ?? [];
      if (receiptReason?.code === 'ConditionalCheckFailed') throw new WebhookAlreadyReceivedError(options.receipt.source, options.receipt.webhookId, { cause: error });
      if (poReason?.code !== 'ConditionalCheckFailed') throw error;
      return refused(poReason.item, error);
    }
    // A transaction returns no item: the PO as stored now (the caller's read after its write).
    const stored = await this.get(poId);
    if (stored === undefined) throw new PurchaseOrderNotFoundError(poId);
    return { kept: true, purchaseOrder: stored };
  }

  public async listByOrder(orderId: string, page?: PageRequest): Promise<Page<PurchaseOrder>> {
    const result = await queryPage(
      {
        client: this.client,
        tableName: this.tableName,
        index: GSI1,
        partitionValue: orderChildrenPartition(requireId('orderId', orderId)),
        sortPrefix: PURCHASE_ORDER_CHILD_PREFIX,
        descending: false,
      },
      page,
    );
    return { ...result, items: result.items.map((item) => fromItem<PurchaseOrder>(item, ENTITY_TYPES.purchaseOrder)) };
  }

  public async listBySupplier(supplierId: string, page?: PageRequest): Promise<Page<PurchaseOrder>> {
    const result = await queryPage(
      {
        client: this.client,
        tableName: this.tableName,
        index: GSI2,
        partitionValue: supplierPurchaseOrdersPartition(requireId('supplierId', supplierId)),
        descending: true,
      },
      page,
    );
    return { ...result, items: result.items.map((item) => fromItem<PurchaseOrder>(item, ENTITY_TYPES.purchaseOrder)) };
  }
}
