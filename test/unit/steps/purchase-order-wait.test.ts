import { describe, expect, it, vi } from 'vitest';
import { seedCatalog } from '../../../functions/domain/catalog/seed';
import { createSendPurchaseOrder } from '../../../functions/use-cases/procurement-steps';
import { completeWait, findSubjectWait } from '../../../functions/use-cases/resume-waiting-step';
import { aMondayMorning } from '../../support/builders/order.builder';
import { aProcurementScene } from '../../support/builders/procurement.builder';

async function prepare() {
  const scene = await aProcurementScene({ componentId: 'c' });
  const openSpy = vi.spyOn(scene.callbacks, 'open');
  return { ...scene, openSpy };
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

  describe('a PO cancelled meanwhile', () => {
    it('is not emailed when the compensation cancels it just after the step marked it sent', async () => {
      // Prepare: the compensation cancels the PO right after the step's draft -> sent write
      const { deps, order, poId, sent } = await aProcurementScene({ componentId: 'oak-panel-40' });
      const update = deps.purchaseOrders.update.bind(deps.purchaseOrders);
      vi.spyOn(deps.purchaseOrders, 'update').mockImplementation(async (po, expectedVersion) => {
        const stored = await update(po, expectedVersion);
        if (stored.status === 'sent') await update({ ...stored, status: 'cancelled' }, stored.version);
        return stored;
      });

      // Act
      const sending = createSendPurchaseOrder(deps)({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-raced' });

      // Assess
      await expect(sending).rejects.toMatchObject({ name: 'IllegalPurchaseOrderTransitionError' });
      expect(sent).toEqual([]);
    });

    it('is never sent: no email, no wait, no PurchaseOrder.Placed, and a named error', async () => {
      // Prepare: the order's compensation cancelled the PO while this step's invocation was under way
      const { deps, order, poId, sent, published } = await aProcurementScene({ componentId: 'oak-panel-40', poStatus: 'cancelled' });

      // Act
      const sending = createSendPurchaseOrder(deps)({ orderId: order.orderId, at: aMondayMorning, poId, taskToken: 'token-late' });

      // Assess
      await expect(sending).rejects.toMatchObject({ name: 'IllegalPurchaseOrderTransitionError', from: 'cancelled' });
      expect(sent).toEqual([]);
      expect(published).toEqual([]);
    });
  });
});
