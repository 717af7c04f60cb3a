/**
 * A supplier's answer to a waiting PO step carries its webhook receipt in the wait's completion:
 * no claim before, nothing to release when the answer is refused (409 before the wait opened), a
 * redelivery after success is a duplicate, and concurrent deliveries of one webhook resume once.
 */
import { describe, expect, it, vi } from 'vitest';
import { InMemoryCallbackRepository } from '../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryOrderRepository } from '../../../functions/adapters/memory/order-repository.memory';
import { InMemoryPurchaseOrderRepository } from '../../../functions/adapters/memory/purchase-order-repository.memory';
import { InMemoryWebhookDedupStore } from '../../../functions/adapters/memory/webhook-dedup-store.memory';
import { InMemoryWorkflowGateway } from '../../../functions/adapters/workflow/workflow-gateway.memory';
import { createReceiveSupplierEvent, type SupplierEventInput } from '../../../functions/use-cases/receive-supplier-event';
import { aMondayMorning } from '../../support/builders/order.builder';

async function prepare() {
  const webhookDedup = new InMemoryWebhookDedupStore();
  const callbacks = new InMemoryCallbackRepository({ receipts: webhookDedup });
  const purchaseOrders = new InMemoryPurchaseOrderRepository();
  const workflow = new InMemoryWorkflowGateway();
  const poId = 'ord-1-r1-sup-a-a0';
  await purchaseOrders.create({ poId, orderId: 'ord-1', supplierId: 'sup-a', lines: [{ componentId: 'c', quantity: 2, unit: 'pcs', unitCostCents: 100 }], status: 'sent', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1 });
  const receive = createReceiveSupplierEvent({ purchaseOrders, orders: new InMemoryOrderRepository(), callbacks, workflow, webhookDedup, now: () => new Date(aMondayMorning) });
  const openWait = async (taskToken: string) => {
    workflow.registerWaitingToken(taskToken);
    return callbacks.open({ purpose: 'purchase-order', orderId: 'ord-1', subjectId: poId, taskToken, createdAt: aMondayMorning, expiresAtEpochSeconds: Math.floor(Date.parse(aMondayMorning) / 1000) + 3600, stepRunAt: aMondayMorning, attempt: 0 });
  };
  const ack: SupplierEventInput = { type: 'purchase_order.acknowledged', timestamp: aMondayMorning, data: { poId, confirmedDeliveryDate: '2026-03-20' } };
  return { receive, openWait, ack, webhookDedup, workflow };
}

describe('receive-supplier-event with the receipt in the completion', () => {
  it('writes no receipt for an answer refused before its wait opened, so the retry is processed once', async () => {
    // Prepare
    const { receive, openWait, ack, webhookDedup, workflow } = await prepare();
    const releases = vi.spyOn(webhookDedup, 'release');
    const early = await receive('sup-a', 'msg_ack_1', ack).catch((error: unknown) => error);
    const seenAfterRefusal = await webhookDedup.seen('supplier:sup-a', 'msg_ack_1', aMondayMorning);
    await openWait('token-0');

    // Act
    const retried = await receive('sup-a', 'msg_ack_1', ack);
    const redelivered = await receive('sup-a', 'msg_ack_1', ack);

    // Assess
    expect(early).toMatchObject({ name: 'NoWaitingStepError' });
    expect([retried, redelivered]).toEqual(['processed', 'duplicate']);
    expect(workflow.taskResults.map((result) => result.taskToken)).toEqual(['token-0']);
    expect(seenAfterRefusal).toBe(false);
    expect(releases).not.toHaveBeenCalled();
  });

  it('resumes the step once for two concurrent deliveries of one webhook', async () => {
    // Prepare
    const { receive, openWait, ack, workflow } = await prepare();
    await openWait('token-0');

    // Act
    const outcomes = await Promise.all([receive('sup-a', 'msg_ack_2', ack), receive('sup-a', 'msg_ack_2', ack)]);

    // Assess
    expect([...outcomes].sort()).toEqual(['duplicate', 'processed']);
    expect(workflow.taskResults).toHaveLength(1);
  });
});
