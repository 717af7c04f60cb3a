import { describe, expect, it, vi } from 'vitest';
import { InMemoryCallbackRepository } from '../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryIdempotencyStore } from '../../../functions/adapters/memory/idempotency-store.memory';
import { InMemoryOrderRepository } from '../../../functions/adapters/memory/order-repository.memory';
import { InMemoryPurchaseOrderRepository } from '../../../functions/adapters/memory/purchase-order-repository.memory';
import { InMemoryStockRepository } from '../../../functions/adapters/memory/stock-repository.memory';
import { seedCatalog } from '../../../functions/domain/catalog/seed';
import type { OutgoingEvent } from '../../../functions/ports/event-publisher';
import type { PurchaseOrderMessage } from '../../../functions/ports/notifier';
import { createSendPurchaseOrder } from '../../../functions/use-cases/procurement-steps';
import { aMondayMorning, anOrder } from '../../support/builders/order.builder';

async function prepare() {
  const orders = new InMemoryOrderRepository();
  const order = anOrder({ status: 'procuring' });
  await orders.create(order);
  const purchaseOrders = new InMemoryPurchaseOrderRepository();
  const supplierId = seedCatalog.suppliers[0]?.supplierId ?? 'sup';
  const poId = `${order.orderId}-r1-${supplierId}-a0`;
  await purchaseOrders.create({ poId, orderId: order.orderId, supplierId, lines: [{ componentId: 'c', quantity: 2, unit: 'pcs', unitCostCents: 100 }], status: 'draft', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1 });
  const sent: PurchaseOrderMessage[] = [];
  const published: OutgoingEvent[] = [];
  const callbacks = new InMemoryCallbackRepository();
  const createSpy = vi.spyOn(callbacks, 'create');
  const deps = {
    orders,
    events: { publish: (events: readonly OutgoingEvent[]) => Promise.resolve(void published.push(...events)) },
    clock: () => aMondayMorning,
    purchaseOrders,
    stock: new InMemoryStockRepository(),
    catalog: () => Promise.resolve(seedCatalog),
    calendar: seedCatalog.calendar,
    supplierAckWorkingHours: 16,
    callbacks,
    idempotency: new InMemoryIdempotencyStore(),
    suppliers: { send: (message: PurchaseOrderMessage) => Promise.resolve(void sent.push(message)) },
  };
  return { deps, order, poId, sent, published, createSpy, purchaseOrders };
}

describe('send-purchase-order (use case)', () => {
  describe('the PO reaching the supplier system', () => {
    it('publishes PurchaseOrder.Placed with everything an integration needs: ids, lines with prices, the reply deadline', async () => {
      // Prepare
      const { deps, order, poId, published } = await prepare();

      // Act
      await createSendPurchaseOrder(deps)({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' });

      // Assess
      expect(published).toHaveLength(1);
      expect(published[0]).toMatchObject({ source: 'mto.orders', detailType: 'PurchaseOrder.Placed' });
      expect(published[0]?.detail).toMatchObject({
        poId,
        orderId: order.orderId,
        supplierId: seedCatalog.suppliers[0]?.supplierId,
        lines: [{ componentId: 'c', quantity: 2, unit: 'pcs', unitCostCents: 100 }],
        totalCents: 200,
        respondBy: expect.stringMatching(/^2026-03-0\dT/) as unknown,
      });
      expect(JSON.stringify(published)).not.toContain('token-secret-1');
      const timeline = await deps.orders.listTimeline(order.orderId);
      expect(timeline.items.map((entry) => entry.type)).toEqual(['PurchaseOrderPlaced']);
    });
  });

  describe('a first run', () => {
    it('stores the callback, sends the PO with its callback id (never the token) and marks it sent', async () => {
      // Prepare
      const { deps, order, poId, sent, published, purchaseOrders } = await prepare();
      // Act
      const { callbackId } = await createSendPurchaseOrder(deps)({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' });
      // Assess
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ type: 'purchase-order.created', poId, callbackId });
      expect(JSON.stringify(sent)).not.toContain('token-secret-1');
      expect((await purchaseOrders.get(poId))?.status).toBe('sent');
      expect(published.map((event) => event.detail.eventId)).toEqual([`${order.orderId}/${aMondayMorning}#po-${poId}-placed#0000`]);
    });
  });

  describe('a retry with the same task token (Step Functions retried the step)', () => {
    it('sends no second PO and returns the first callback id', async () => {
      // Prepare
      const { deps, order, poId, sent, createSpy } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const first = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' });
      // Act
      const second = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' });
      // Assess
      expect(second.callbackId).toBe(first.callbackId);
      expect(sent).toHaveLength(1);
      expect(createSpy).toHaveBeenCalledTimes(1);
    });

    it('tries again when the first attempt failed to reach the supplier', async () => {
      // Prepare
      const { deps, order, poId, sent } = await prepare();
      const failing = { ...deps, suppliers: { send: () => Promise.reject(new Error('smtp down')) } };
      await expect(createSendPurchaseOrder(failing)({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' })).rejects.toThrow('smtp down');
      // Act
      await createSendPurchaseOrder(deps)({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' });
      // Assess
      expect(sent).toHaveLength(1);
    });
  });

  describe('a new wait (another task token)', () => {
    it('opens a new callback', async () => {
      const { deps, order, poId, sent } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const first = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-a' });
      const second = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-b' });
      expect(second.callbackId).not.toBe(first.callbackId);
      expect(sent).toHaveLength(2);
    });
  });
});
