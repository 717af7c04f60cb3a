/** The shared repository contract, run against the in-memory twins. */
import { InMemoryApprovalRepository } from '../../../../functions/adapters/memory/approval-repository.memory';
import { InMemoryCallbackRepository } from '../../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryCatalogRepository } from '../../../../functions/adapters/memory/catalog-repository.memory';
import { InMemoryIdempotencyStore } from '../../../../functions/adapters/memory/idempotency-store.memory';
import { InMemoryOrderChildrenReader } from '../../../../functions/adapters/memory/order-children.memory';
import { InMemoryOrderRepository } from '../../../../functions/adapters/memory/order-repository.memory';
import { InMemoryPurchaseOrderRepository } from '../../../../functions/adapters/memory/purchase-order-repository.memory';
import { InMemoryStockRepository } from '../../../../functions/adapters/memory/stock-repository.memory';
import { InMemoryWebhookDedupStore } from '../../../../functions/adapters/memory/webhook-dedup-store.memory';
import { describeRepositoryContract } from '../../../contract/repositories/repository-contract';

describeRepositoryContract('in-memory', {
  create: () => {
    // One table on DynamoDB: a callback's completion writes the webhook receipt the store reads.
    const webhooks = new InMemoryWebhookDedupStore();
    // Likewise, an order's creation can write the idempotency record the store reads.
    const idempotency = new InMemoryIdempotencyStore();
    const approvals = new InMemoryApprovalRepository();
    const purchaseOrders = new InMemoryPurchaseOrderRepository({ receipts: webhooks });
    return Promise.resolve({
      orders: new InMemoryOrderRepository({ idempotency }),
      approvals,
      purchaseOrders,
      orderChildren: new InMemoryOrderChildrenReader(approvals, purchaseOrders),
      stock: new InMemoryStockRepository(),
      callbacks: new InMemoryCallbackRepository({ receipts: webhooks }),
      idempotency,
      webhooks,
      catalog: new InMemoryCatalogRepository(),
    });
  },
  dispose: () => Promise.resolve(),
});
