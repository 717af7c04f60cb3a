import { describe, expect, it, vi } from 'vitest';
import { InMemoryCallbackRepository } from '../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryIdempotencyStore } from '../../../functions/adapters/memory/idempotency-store.memory';
import { InMemoryOrderRepository } from '../../../functions/adapters/memory/order-repository.memory';
import { InMemoryPurchaseOrderRepository } from '../../../functions/adapters/memory/purchase-order-repository.memory';
import { InMemoryStockRepository } from '../../../functions/adapters/memory/stock-repository.memory';
import { InMemoryWorkflowGateway } from '../../../functions/adapters/workflow/workflow-gateway.memory';
import { seedCatalog } from '../../../functions/domain/catalog/seed';
import type { OutgoingEvent } from '../../../functions/ports/event-publisher';
import type { PurchaseOrderMessage } from '../../../functions/ports/notifier';
import { createSendPurchaseOrder } from '../../../functions/use-cases/procurement-steps';
import { completeWait, findSubjectWait } from '../../../functions/use-cases/resume-waiting-step';
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
  const openSpy = vi.spyOn(callbacks, 'open');
  const workflow = new InMemoryWorkflowGateway();
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
    workflow,
  };
  return { deps, order, poId, sent, published, openSpy, purchaseOrders, callbacks, workflow };
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

  describe('a retry with the same task token (a duplicate invocation)', () => {
    it('sends no second PO and returns the first callback id', async () => {
      // Prepare
      const { deps, order, poId, sent, openSpy } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const first = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' });
      // Act
      const second = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-secret-1' });
      // Assess
      expect(second.callbackId).toBe(first.callbackId);
      expect(sent).toHaveLength(1);
      expect(await Promise.all(openSpy.mock.results.map(async (result) => (await (result.value as ReturnType<typeof deps.callbacks.open>)).outcome))).toEqual(['opened', 'current']);
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

  // Issue 3: Step Functions retries a callback Task whose answer was lost with a NEW task token.
  // Behaviour changed on purpose: this used to open a second callback (and send a second PO), so
  // the supplier's answer to the first PO reached a dead token.
  describe('a retry with a new task token (Step Functions retried the Task: same step run, next attempt)', () => {
    it('keeps the callback id the supplier was given, sends no second PO and rebinds the wait to the new token', async () => {
      // Prepare
      const { deps, order, poId, sent, published, callbacks } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const first = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-0', attempt: 0 });
      // Act
      const second = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-1', attempt: 1 });
      // Assess
      expect(second.callbackId).toBe(first.callbackId);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.callbackId).toBe(first.callbackId);
      expect(await callbacks.get(first.callbackId)).toMatchObject({ taskToken: 'token-attempt-1', attempt: 1 });
      expect(new Set(published.map((event) => event.detail.eventId)).size).toBe(1);
    });

    it('lets the supplier quoting the first callback id resume the live attempt', async () => {
      // Prepare
      const { deps, order, poId, callbacks, workflow } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const { callbackId } = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-0', attempt: 0 });
      await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-1', attempt: 1 });
      workflow.registerWaitingToken('token-attempt-1');
      const now = new Date(aMondayMorning);
      // Act
      const wait = await findSubjectWait(callbacks, { orderId: order.orderId, purpose: 'purchase-order', subjectId: poId }, callbackId, now);
      await completeWait({ callbacks, workflow }, wait, { outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-20' }, now);
      // Assess
      expect(workflow.taskResults).toEqual([{ taskToken: 'token-attempt-1', kind: 'success', output: { outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-20' } }]);
    });

    it('never lets an older attempt take the wait back from a newer one', async () => {
      // Prepare
      const { deps, order, poId, sent, callbacks } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const { callbackId } = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-2', attempt: 2 });
      // Act
      const stale = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-1', attempt: 1 });
      // Assess
      expect(stale.callbackId).toBe(callbackId);
      expect((await callbacks.get(callbackId))?.taskToken).toBe('token-attempt-2');
      expect(sent).toHaveLength(1);
    });

    it('resumes itself with the answer the wait got while the dead token was bound, and does not reopen it', async () => {
      // Prepare
      const { deps, order, poId, sent, callbacks, workflow } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const { callbackId } = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-0', attempt: 0 });
      const now = new Date(aMondayMorning);
      const answer = { outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-20' };
      // The supplier answers before the retry: the first attempt's token is already dead.
      await expect(completeWait({ callbacks, workflow }, (await callbacks.get(callbackId))!, answer, now)).rejects.toMatchObject({ name: 'TaskTokenInvalidError' });
      workflow.registerWaitingToken('token-attempt-1');
      // Act
      await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-attempt-1', attempt: 1 });
      // Assess
      expect(workflow.taskResults).toEqual([{ taskToken: 'token-attempt-1', kind: 'success', output: answer }]);
      expect(await callbacks.get(callbackId)).toMatchObject({ taskToken: 'token-attempt-0', completedAt: aMondayMorning });
      expect(sent).toHaveLength(1);
    });
  });

  describe('a new wait (another step run)', () => {
    it('opens a new callback and sends the PO with it', async () => {
      // Prepare
      const { deps, order, poId, sent } = await prepare();
      const send = createSendPurchaseOrder(deps);
      const first = await send({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-a' });
      // Act
      const second = await send({ orderId: order.orderId, at: new Date(Date.parse(aMondayMorning) + 60_000).toISOString(), poId, taskToken: 'token-b' });
      // Assess
      expect(second.callbackId).not.toBe(first.callbackId);
      expect(sent).toHaveLength(2);
    });
  });
});
