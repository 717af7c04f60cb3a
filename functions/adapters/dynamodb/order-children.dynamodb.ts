/**
 * An order's approvals and purchase orders in one query: both are listed per order on GSI1 under
 * the same partition (`orderChildrenPartition`), their sort keys prefixed by kind, so the whole
 * partition holds exactly the two lists, each in its own order.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Approval } from '../../domain/approval/approval.types';
import type { PurchaseOrder } from '../../domain/procurement/purchase-order.types';
import type { OrderChildren, OrderChildrenReader } from '../../ports/order-children';
import { requireId } from '../../ports/repository-input-rules';
import { CorruptItemError } from '../../ports/data-errors';
import { ENTITY_TYPE_ATTRIBUTE, fromItem } from './item-codec';
import { ENTITY_TYPES, orderChildrenPartition } from './keys';
import { queryAll } from './query-page';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { GSI1, PK, SK } from './table-schema';

export class DynamoDbOrderChildrenReader implements OrderChildrenReader {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async listChildren(orderId: string): Promise<OrderChildren> {
    const items = await queryAll({ client: this.client, tableName: this.tableName, index: GSI1, partitionValue: orderChildrenPartition(requireId('orderId', orderId)), descending: false });
    const approvals: Approval[] = [];
    const purchaseOrders: PurchaseOrder[] = [];
    for (const item of items) {
      switch (item[ENTITY_TYPE_ATTRIBUTE]) {
        case ENTITY_TYPES.approval:
          approvals.push(fromItem<Approval>(item, ENTITY_TYPES.approval));
          break;
        case ENTITY_TYPES.purchaseOrder:
          purchaseOrders.push(fromItem<PurchaseOrder>(item, ENTITY_TYPES.purchaseOrder));
          break;
        default:
          // Only these two kinds are indexed under an order's children (keys.ts).
          throw new CorruptItemError(`expected an Approval or a PurchaseOrder at ${String(item[PK])}/${String(item[SK])}, found ${String(item[ENTITY_TYPE_ATTRIBUTE])}`);
      }
    }
    return { approvals, purchaseOrders };
  }
}
