/**
 * Supplier answers that overtake the workflow (issue 6): a delivery reported before await-po-delivery
 * opened its wait, a shipment before the acknowledgement was recorded. They are accepted once, kept
 * on the PO, and the workflow picks them up; invalid answers are still refused.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PurchaseOrder, PurchaseOrderStatus } from '../../../functions/domain/procurement/purchase-order.types';
import { createAwaitPoDelivery, createRecordPoAcknowledgement, createRecordPoDelivery, createSendPurchaseOrder } from '../../../functions/use-cases/procurement-steps';
import { createReceiveSupplierEvent, type SupplierEventInput } from '../../../functions/use-cases/receive-supplier-event';
import { aMondayMorning } from '../../support/builders/order.builder';
import { aProcurementScene, procurementSupplierId as supplierId } from '../../support/builders/procurement.builder';

const componentId = 'oak-panel-40';
const at = aMondayMorning;

async function prepare(poStatus: PurchaseOrderStatus = 'draft') {
  const { deps, order, orders, poId, purchaseOrders, callbacks, workflow, webhookDedup, sent } = await aProcurementScene({ componentId, poStatus });
  const receive = createReceiveSupplierEvent({ purchaseOrders, orders, callbacks, workflow, webhookDedup, now: () => new Date(at) });
  const step = { orderId: order.orderId, at, poId };
  const steps = {
    send: async (token: string) => {
      workflow.registerWaitingToken(token);
      return createSendPurchaseOrder(deps)({ ...step, taskToken: token });
    },
    recordAck: () => createRecordPoAcknowledgement(deps)({ ...step, at: '2026-03-02T09:00:01.000Z', ack: { outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-20' } }),
    awaitDelivery: async (token: string) => {
      workflow.registerWaitingToken(token);
      return createAwaitPoDelivery(deps)({ ...step, at: '2026-03-02T09:00:02.000Z', taskToken: token });
    },
    recordDelivery: (lots: readonly string[]) => createRecordPoDelivery(deps)({ ...step, at: '2026-03-02T09:00:03.000Z', delivery: { lotNumbers: { [componentId]: lots } } }),
  };
  return { deps, order, poId, purchaseOrders, callbacks, workflow, webhookDedup, receive, steps, sent };
}

const ack = (poId: string): SupplierEventInput => ({ type: 'purchase_order.acknowledged', timestamp: at, data: { poId, confirmedDeliveryDate: '2026-03-20' } });
const shipped = (poId: string, trackingNumber = '1Z999'): SupplierEventInput => ({ type: 'purchase_order.shipped', timestamp: at, data: { poId, trackingNumber, carrier: 'Freight' } });
const delivered = (poId: string, lots: readonly string[] = ['LOT-1']): SupplierEventInput => ({ type: 'purchase_order.delivered', timestamp: '2026-03-20T10:00:00.000Z', data: { poId, lines: [{ componentId, quantity: 2, lotNumbers: [...lots] }] } });

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

describe('receive-supplier-event (answers that overtake the workflow)', () => {
  describe('a delivery before its wait opened', () => {
    it('is accepted once, kept on the PO with its receipt, and resumes nothing yet', async () => {
      // Prepare
      const { poId, receive, purchaseOrders, webhookDedup, workflow } = await prepare('acknowledged');

      // Act
      const outcome = await receive(supplierId, 'msg_deliver', delivered(poId));

      // Assess
      expect(outcome).toBe('processed');
      expect((await purchaseOrders.get(poId))?.earlyDelivery).toEqual({ lotNumbers: { [componentId]: ['LOT-1'] }, deliveredAt: '2026-03-20T10:00:00.000Z', receivedAt: at });
      expect(await webhookDedup.seen(`supplier:${supplierId}`, 'msg_deliver', at)).toBe(true);
      expect(workflow.taskResults).toEqual([]);
    });

    it('recognises a redelivery (same webhook id, or the same lots again) and refuses other lots', async () => {
      // Prepare
      const { poId, receive, purchaseOrders } = await prepare('acknowledged');
      await receive(supplierId, 'msg_deliver', delivered(poId));

      // Act
      const redelivered = await receive(supplierId, 'msg_deliver', delivered(poId));
      const sameAgain = await receive(supplierId, 'msg_deliver_again', delivered(poId));
      const contradiction = await failure(receive(supplierId, 'msg_deliver_other', delivered(poId, ['LOT-2'])));

      // Assess
      expect([redelivered, sameAgain]).toEqual(['duplicate', 'duplicate']);
      expect(contradiction).toMatchObject({ name: 'EventNotApplicableError' });
      expect((await purchaseOrders.get(poId))?.earlyDelivery?.lotNumbers).toEqual({ [componentId]: ['LOT-1'] });
    });

    it('completes the wait at once when await-po-delivery opens it, telling the supplier nothing', async () => {
      // Prepare
      const { poId, receive, steps, workflow, sent, callbacks, order } = await prepare('acknowledged');
      await receive(supplierId, 'msg_deliver', delivered(poId));

      // Act
      const { callbackId } = await steps.awaitDelivery('token-delivery');

      // Assess
      expect(workflow.taskResults).toEqual([{ kind: 'success', taskToken: 'token-delivery', output: { outcome: 'delivered', lotNumbers: { [componentId]: ['LOT-1'] }, deliveredAt: '2026-03-20T10:00:00.000Z' } }]);
      expect((await callbacks.get(callbackId))?.completedAt).toBe(at);
      expect(await callbacks.findOpenBySubject(order.orderId, 'purchase-order', poId)).toBeUndefined();
      expect(sent).toEqual([]);
    });

    it('completes a wait that opened between its look-up and its write (the step read the PO before it)', async () => {
      // Prepare
      const { poId, receive, steps, callbacks, workflow } = await prepare('acknowledged');
      await steps.awaitDelivery('token-delivery');
      vi.spyOn(callbacks, 'findOpenBySubject').mockResolvedValueOnce(undefined);

      // Act
      const outcome = await receive(supplierId, 'msg_deliver', delivered(poId));

      // Assess
      expect(outcome).toBe('processed');
      expect(workflow.taskResults.map((result) => result.taskToken)).toEqual(['token-delivery']);
    });

    it('does not answer the acknowledgement wait when it comes before the acknowledgement', async () => {
      // Prepare
      const { poId, receive, steps, workflow, purchaseOrders } = await prepare();
      await steps.send('token-ack');

      // Act
      const early = await receive(supplierId, 'msg_deliver', delivered(poId));
      const acknowledged = await receive(supplierId, 'msg_ack', ack(poId));

      // Assess
      expect([early, acknowledged]).toEqual(['processed', 'processed']);
      expect(workflow.taskResults).toEqual([{ kind: 'success', taskToken: 'token-ack', output: expect.objectContaining({ outcome: 'acknowledged' }) as unknown }]);
      expect((await purchaseOrders.get(poId))?.earlyDelivery).toBeDefined();
    });
  });

  describe('a shipment before the acknowledgement is recorded', () => {
    it('is accepted and kept; recording the acknowledgement ships the PO', async () => {
      // Prepare
      const { poId, receive, steps, purchaseOrders, order, deps } = await prepare();
      await steps.send('token-ack');
      await receive(supplierId, 'msg_ack', ack(poId));

      // Act
      const outcome = await receive(supplierId, 'msg_ship', shipped(poId));
      const kept = await purchaseOrders.get(poId);
      await steps.recordAck();

      // Assess
      expect(outcome).toBe('processed');
      expect(kept).toMatchObject({ status: 'sent', earlyShipment: { trackingNumber: '1Z999', carrier: 'Freight', receivedAt: at } });
      const po = await purchaseOrders.get(poId);
      expect(po).toMatchObject({ status: 'shipped', trackingNumber: '1Z999', confirmedDeliveryDate: '2026-03-20' });
      expect(po?.earlyShipment).toBeUndefined();
      const timeline = await deps.orders.listTimeline(order.orderId);
      expect(timeline.items.filter((entry) => entry.type === 'PurchaseOrderShipped')).toHaveLength(1);
    });

    it('recognises the same shipment again and refuses another tracking number', async () => {
      // Prepare
      const { poId, receive } = await prepare('sent');
      await receive(supplierId, 'msg_ship', shipped(poId));

      // Act
      const redelivered = await receive(supplierId, 'msg_ship', shipped(poId));
      const sameAgain = await receive(supplierId, 'msg_ship_again', shipped(poId));
      const contradiction = await failure(receive(supplierId, 'msg_ship_other', shipped(poId, '1Z000')));

      // Assess
      expect([redelivered, sameAgain]).toEqual(['duplicate', 'processed']);
      expect(contradiction).toMatchObject({ name: 'EventNotApplicableError' });
    });

    it('adds its tracking number to a PO already delivered', async () => {
      // Prepare
      const { poId, receive, purchaseOrders } = await prepare('delivered');

      // Act
      const outcome = await receive(supplierId, 'msg_ship', shipped(poId));

      // Assess
      expect(outcome).toBe('processed');
      expect(await purchaseOrders.get(poId)).toMatchObject({ status: 'delivered', trackingNumber: '1Z999' });
    });
  });

  describe('the order of the answers', () => {
    const finalPo = async (early: boolean): Promise<Partial<PurchaseOrder>> => {
      const { poId, receive, steps, purchaseOrders, workflow } = await prepare();
      await steps.send('token-ack');
      await receive(supplierId, 'msg_ack', ack(poId));
      if (early) {
        await receive(supplierId, 'msg_ship', shipped(poId));
        await receive(supplierId, 'msg_deliver', delivered(poId));
      }
      await steps.recordAck();
      if (!early) await receive(supplierId, 'msg_ship', shipped(poId));
      await steps.awaitDelivery('token-delivery');
      if (!early) await receive(supplierId, 'msg_deliver', delivered(poId));
      const answer = workflow.taskResults.find((result) => result.taskToken === 'token-delivery');
      await steps.recordDelivery(((answer as { output: { lotNumbers: Record<string, string[]> } } | undefined)?.output.lotNumbers[componentId]) ?? []);
      const { version: _version, updatedAt: _updatedAt, ...po } = (await purchaseOrders.get(poId))!;
      return po;
    };

    it('does not change the final PO: early answers end as answers in order do', async () => {
      // Prepare, Act
      const inOrder = await finalPo(false);
      const early = await finalPo(true);

      // Assess
      expect(inOrder).toMatchObject({ status: 'delivered', trackingNumber: '1Z999', lines: [expect.objectContaining({ lotNumbers: ['LOT-1'] })] });
      expect(early).toEqual(inOrder);
    });
  });

  describe('invalid answers (still refused)', () => {
    it('refuses an unknown PO, another supplier, an unknown component and a cancelled PO', async () => {
      // Prepare
      const { poId, receive } = await prepare('cancelled');

      // Act
      const unknownPo = await failure(receive(supplierId, 'msg_1', delivered('no-such-po')));
      const otherSupplier = await failure(receive('another-supplier', 'msg_2', delivered(poId)));
      const unknownComponent = await failure(receive(supplierId, 'msg_3', { type: 'purchase_order.delivered', timestamp: at, data: { poId, lines: [{ componentId: 'nope', quantity: 1, lotNumbers: [] }] } }));
      const cancelledDelivery = await failure(receive(supplierId, 'msg_4', delivered(poId)));
      const cancelledShipment = await failure(receive(supplierId, 'msg_5', shipped(poId)));

      // Assess
      expect(unknownPo).toMatchObject({ name: 'UnknownReferenceError' });
      expect(otherSupplier).toMatchObject({ name: 'PurchaseOrderOfAnotherSupplierError' });
      expect(unknownComponent).toMatchObject({ name: 'UnknownReferenceError' });
      expect(cancelledDelivery).toMatchObject({ name: 'NoWaitingStepError' });
      expect(cancelledShipment).toMatchObject({ name: 'EventNotApplicableError' });
    });

    it('refuses an acknowledgement of a PO already acknowledged instead of answering its delivery wait', async () => {
      // Prepare
      const { poId, receive, steps, workflow } = await prepare('acknowledged');
      await steps.awaitDelivery('token-delivery');

      // Act
      const again = await failure(receive(supplierId, 'msg_ack_2', ack(poId)));

      // Assess
      expect(again).toMatchObject({ name: 'EventNotApplicableError', state: 'acknowledged' });
      expect(workflow.taskResults).toEqual([]);
    });
  });
});
