/**
 * Builders of the doors' DynamoDB adapters, for composeDoorDependencies. All of a container's
 * repositories share one DynamoDB client (and its connection pool), built on first use.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbApprovalRepository } from '../../adapters/dynamodb/approval-repository.dynamodb';
import { DynamoDbCallbackRepository } from '../../adapters/dynamodb/callback-repository.dynamodb';
import { DynamoDbCatalogRepository } from '../../adapters/dynamodb/catalog-repository.dynamodb';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbIdempotencyStore } from '../../adapters/dynamodb/idempotency-store.dynamodb';
import { DynamoDbOrderRepository } from '../../adapters/dynamodb/order-repository.dynamodb';
import { DynamoDbPurchaseOrderRepository } from '../../adapters/dynamodb/purchase-order-repository.dynamodb';
import { DynamoDbStockRepository } from '../../adapters/dynamodb/stock-repository.dynamodb';
import { DynamoDbWebhookDedupStore } from '../../adapters/dynamodb/webhook-dedup-store.dynamodb';
import type { DoorConfig } from './door-config';
import { once, type DoorAdapterBuilder } from './door-composition';

const documentClient = once(() => createDocumentClient(new DynamoDBClient({})));
const table = (config: DoorConfig) => ({ client: documentClient(), tableName: config.tableName() });

export const orderRepository: DoorAdapterBuilder<'orders'> = (config) => new DynamoDbOrderRepository(table(config));
export const approvalRepository: DoorAdapterBuilder<'approvals'> = (config) => new DynamoDbApprovalRepository(table(config));
export const callbackRepository: DoorAdapterBuilder<'callbacks'> = (config) => new DynamoDbCallbackRepository(table(config));
export const purchaseOrderRepository: DoorAdapterBuilder<'purchaseOrders'> = (config) => new DynamoDbPurchaseOrderRepository(table(config));
export const stockRepository: DoorAdapterBuilder<'stock'> = (config) => new DynamoDbStockRepository(table(config));
/**
 * How long a door's container reuses the catalog it loaded (five requests) before reading it again:
 * the shop-floor and QC reports plan and inspect against it on every call. The same window as POST
 * /orders' own reuse (PLACE_ORDER_CACHE_MS), so an operator's catalog change shows in every door
 * within it.
 */
export const DOOR_CATALOG_REUSE_MS = 5_000;

export const catalogRepository: DoorAdapterBuilder<'catalog'> = (config) => new DynamoDbCatalogRepository({ ...table(config), reuseLoadedCatalogMs: DOOR_CATALOG_REUSE_MS });

/**
 * The catalog read on every load, for a door that keeps its own: POST /orders refreshes it ahead
 * (place-order.handler.ts), and a reuse below that would hand its refresh a catalog up to 5 s old.
 */
export const catalogRepositoryWithoutReuse: DoorAdapterBuilder<'catalog'> = (config) => new DynamoDbCatalogRepository(table(config));
export const idempotencyStore: DoorAdapterBuilder<'idempotency'> = (config) => new DynamoDbIdempotencyStore(table(config));
export const webhookDedupStore: DoorAdapterBuilder<'webhookDedup'> = (config) => new DynamoDbWebhookDedupStore(table(config));
