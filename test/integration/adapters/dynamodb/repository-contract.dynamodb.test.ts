/** The shared repository contract, run against the DynamoDB adapters on DynamoDB Local (a fresh table per test). */
import { DynamoDbApprovalRepository } from '../../../../functions/adapters/dynamodb/approval-repository.dynamodb';
import { DynamoDbCallbackRepository } from '../../../../functions/adapters/dynamodb/callback-repository.dynamodb';
import { DynamoDbCatalogRepository } from '../../../../functions/adapters/dynamodb/catalog-repository.dynamodb';
import { DynamoDbIdempotencyStore } from '../../../../functions/adapters/dynamodb/idempotency-store.dynamodb';
import { DynamoDbOrderChildrenReader } from '../../../../functions/adapters/dynamodb/order-children.dynamodb';
import { DynamoDbOrderRepository } from '../../../../functions/adapters/dynamodb/order-repository.dynamodb';
import { DynamoDbPurchaseOrderRepository } from '../../../../functions/adapters/dynamodb/purchase-order-repository.dynamodb';
import { DynamoDbStockRepository } from '../../../../functions/adapters/dynamodb/stock-repository.dynamodb';
import { DynamoDbWebhookDedupStore } from '../../../../functions/adapters/dynamodb/webhook-dedup-store.dynamodb';
import { describeRepositoryContract } from '../../../contract/repositories/repository-contract';
import { createTestTable, type TestTable } from './dynamodb-test-table';

let table: TestTable | undefined;

describeRepositoryContract('DynamoDB', {
  create: async () => {
    table = await createTestTable('contract');
    const options = { client: table.documentClient, tableName: table.tableName };
    return {
      orders: new DynamoDbOrderRepository(options),
      approvals: new DynamoDbApprovalRepository(options),
      purchaseOrders: new DynamoDbPurchaseOrderRepository(options),
      orderChildren: new DynamoDbOrderChildrenReader(options),
      stock: new DynamoDbStockRepository(options),
      callbacks: new DynamoDbCallbackRepository(options),
      idempotency: new DynamoDbIdempotencyStore(options),
      webhooks: new DynamoDbWebhookDedupStore(options),
      catalog: new DynamoDbCatalogRepository(options),
    };
  },
  dispose: async () => {
    await table?.drop();
    table = undefined;
  },
});
