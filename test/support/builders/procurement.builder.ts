/**
 * A procurement scene for the procurement step tests: an order in procuring with one draft purchase
 * order of two pieces of a component from the first seed supplier, and the dependencies the
 * procurement steps take, all in memory (receipts shared by the purchase orders and the waits, as
 * the single table shares them). What the steps send and publish is kept for the test to read.
 */
import { InMemoryCallbackRepository } from '../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryIdempotencyStore } from '../../../functions/adapters/memory/idempotency-store.memory';
import { InMemoryOrderRepository } from '../../../functions/adapters/memory/order-repository.memory';
import { InMemoryPurchaseOrderRepository } from '../../../functions/adapters/memory/purchase-order-repository.memory';
import { InMemoryStockRepository } from '../../../functions/adapters/memory/stock-repository.memory';
import { InMemoryWebhookDedupStore } from '../../../functions/adapters/memory/webhook-dedup-store.memory';
import { InMemoryWorkflowGateway } from '../../../functions/adapters/workflow/workflow-gateway.memory';
import { seedCatalog } from '../../../functions/domain/catalog/seed';
import type { PurchaseOrderStatus } from '../../../functions/domain/procurement/purchase-order.types';
import type { OutgoingEvent } from '../../../functions/ports/event-publisher';
import type { PurchaseOrderMessage } from '../../../functions/ports/notifier';
import { aMondayMorning, anOrder } from './order.builder';

export const procurementSupplierId = seedCatalog.suppliers[0]?.supplierId ?? 'sup';

export async function aProcurementScene(options: { readonly componentId: string; readonly poStatus?: PurchaseOrderStatus }) {
  const at = aMondayMorning;
  const orders = new InMemoryOrderRepository();
  const order = anOrder({ status: 'procuring' });
  await orders.create(order);
  const webhookDedup = new InMemoryWebhookDedupStore();
  const purchaseOrders = new InMemoryPurchaseOrderRepository({ receipts: webhookDedup });
  const callbacks = new InMemoryCallbackRepository({ receipts: webhookDedup });
  const workflow = new InMemoryWorkflowGateway();
  const stock = new InMemoryStockRepository();
  await stock.put({ componentId: options.componentId, onHand: 0, reserved: 0, unit: 'pcs', version: 1 });
  const poId = `${order.orderId}-r1-${procurementSupplierId}-a0`;
  await purchaseOrders.create({ poId, orderId: order.orderId, supplierId: procurementSupplierId, lines: [{ componentId: options.componentId, quantity: 2, unit: 'pcs', unitCostCents: 100 }], status: 'draft', createdAt: at, updatedAt: at, sourcingAttempt: 0, version: 1 });
  if (options.poStatus !== undefined && options.poStatus !== 'draft') {
    const po = await purchaseOrders.get(poId);
    await purchaseOrders.update({ ...po!, status: options.poStatus }, po!.version);
  }
  const sent: PurchaseOrderMessage[] = [];
  const published: OutgoingEvent[] = [];
  const deps = {
    orders,
    events: { publish: (events: readonly OutgoingEvent[]) => Promise.resolve(void published.push(...events)) },
    clock: () => at,
    purchaseOrders,
    stock,
    catalog: () => Promise.resolve(seedCatalog),
    calendar: seedCatalog.calendar,
    supplierAckWorkingHours: 16,
    callbacks,
    idempotency: new InMemoryIdempotencyStore(),
    suppliers: { send: (message: PurchaseOrderMessage) => Promise.resolve(void sent.push(message)) },
    workflow,
    checkSchedule: () => Promise.resolve(undefined),
  };
  return { deps, order, orders, poId, purchaseOrders, callbacks, workflow, webhookDedup, stock, sent, published };
}
