/**
 * Purchase orders in the single table: their own partition (supplier webhooks find them by id),
 * listed per order through GSI1 and per supplier through GSI2.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PurchaseOrder } from '../../domain/procurement/purchase-order.types';
import {
  ConcurrentModificationError,
  PurchaseOrderAlreadyExistsError,
  PurchaseOrderNotFoundError,
} from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import type { CreatePurchaseOrderResult, PurchaseOrderRepository } from '../../ports/purchase-order-repository';
import { checkNewPurchaseOrder, checkPurchaseOrderChange, isSamePurchaseOrder } from '../../ports/repository-entity-rules';
import { requireId } from '../../ports/repository-input-rules';
import { conditionFailureItem, isConditionalCheckFailed, isTransactionConflict } from './dynamodb-errors';
import { fromItem, toItem, type Item } from './item-codec';
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
