// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { createReceiveSupplierEventHandler } from '../../../../functions/http/suppliers/receive-supplier-event.handler';
import { signWebhook } from '../../../../functions/shared/security/supplier-webhook-signature';
import {
  apiEvent,
  givenOrder,
  givenSentPurchaseOrder,
  invoke,
  jsonOf,
  memoryDoors,
  OTHER_SUPPLIER_SECRET,
  problemOf,
  SUPPLIER_NEXT_SECRET,
  SUPPLIER_SECRET,
  TestClock,
} from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

type Doors = ReturnType<typeof memoryDoors>;

/** The reference package checks the timestamp against the real clock, so these tests run on it. */
function realTimeDoors(): Doors {
  return memoryDoors({ clock: new TestClock(new Date()) });
}

interface SignedOptions {
  readonly supplierId?: string;
  readonly secret?: string;
  readonly webhookId?: string;
  readonly timestamp?: number;
  readonly signatureHeader?: string;
}

function signedEvent(doors: Doors, body: string, options: SignedOptions = {}) {
  const supplierId = options.supplierId ?? 'sup-a';
  const webhookId = options.webhookId ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = options.timestamp ?? Math.floor(doors.clock.now().getTime() / 1000);
  const signature = options.signatureHeader ?? signWebhook(options.secret ?? SUPPLIER_SECRET, webhookId, timestamp, body);
  return apiEvent({
    method: 'POST',
    path: `/suppliers/${supplierId}/events`,
    resource: '/suppliers/{supplierId}/events',
    pathParameters: { supplierId },
    headers: { 'Content-Type': 'application/json', 'Webhook-Id': webhookId, 'Webhook-Timestamp': String(timestamp), 'Webhook-Signature': signature },
    body,
  });
}

function acknowledged(callbackId: string, poId = 'po-0042'): string {
  return JSON.stringify({ type: 'purchase_order.acknowledged', timestamp: '2026-03-02T09:15:00Z', data: { poId, callbackId, confirmedDeliveryDate: '2026-03-16' } });
}

describe('POST /suppliers/{supplierId}/events', () => {
  describe('accepted events', () => {
    it('resumes the waiting PO step with the acknowledgement (outcome and confirmed date)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId, taskToken } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, acknowledged(callbackId)));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(jsonOf(result)).toMatchObject({ outcome: 'processed' });
      expect(doors.adapters.workflow.taskResults).toEqual([
        { taskToken, kind: 'success', output: { outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-16', supplierTimestamp: '2026-03-02T09:15:00Z' } },
      ]);
    });

    it('resumes the PO\'s open wait when the supplier quotes only our PO number (no callbackId)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { taskToken } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.acknowledged', timestamp: '2026-03-02T09:15:00Z', data: { poId: 'po-0042', confirmedDeliveryDate: '2026-03-16' } });

      // Act
      const result = await invoke(handler, signedEvent(doors, body));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(doors.adapters.workflow.taskResults).toEqual([
        { taskToken, kind: 'success', output: { outcome: 'acknowledged', confirmedDeliveryDate: '2026-03-16', supplierTimestamp: '2026-03-02T09:15:00Z' } },
      ]);
    });

    it('resumes with outcome rejected and the reason (the workflow re-sources)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId, taskToken } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.rejected', timestamp: '2026-03-02T09:15:00Z', data: { poId: 'po-0042', callbackId, reason: 'Out of stock' } });

      // Act
      const result = await invoke(handler, signedEvent(doors, body));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(doors.adapters.workflow.taskResults[0]).toMatchObject({ taskToken, kind: 'success', output: { outcome: 'rejected', reason: 'Out of stock' } });
    });

    it('resumes the delivery wait with lot numbers by component', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId, taskToken } = await givenSentPurchaseOrder(doors, { status: 'acknowledged' });
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({
        type: 'purchase_order.delivered',
        timestamp: '2026-03-15T08:30:00Z',
        data: { poId: 'po-0042', callbackId, lines: [{ componentId: 'walnut-board', quantity: 12, lotNumbers: ['LOT-A', 'LOT-B'] }] },
      });

      // Act
      const result = await invoke(handler, signedEvent(doors, body));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(doors.adapters.workflow.taskResults[0]).toMatchObject({
        taskToken,
        output: { outcome: 'delivered', lotNumbers: { 'walnut-board': ['LOT-A', 'LOT-B'] }, deliveredAt: '2026-03-15T08:30:00Z' },
      });
    });

    it('accepts a delivery that comes before its wait opened (200), keeps it on the PO, and knows its redelivery', async () => {
      // Prepare
      const doors = realTimeDoors();
      await givenOrder(doors);
      const { callbackId } = await givenSentPurchaseOrder(doors, { status: 'acknowledged' });
      await doors.adapters.callbacks.complete(callbackId, doors.clock.now().toISOString());
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.delivered', timestamp: '2026-03-15T08:30:00Z', data: { poId: 'po-0042', lines: [{ componentId: 'walnut-board', quantity: 12, lotNumbers: ['LOT-A'] }] } });

      // Act
      const result = await invoke(handler, signedEvent(doors, body, { webhookId: 'msg_early' }));
      const again = await invoke(handler, signedEvent(doors, body, { webhookId: 'msg_early' }));

      // Assess
      expect([result.statusCode, again.statusCode]).toEqual([200, 200]);
      expect([jsonOf(result), jsonOf(again)]).toMatchObject([{ outcome: 'processed' }, { outcome: 'duplicate' }]);
      expect((await doors.adapters.purchaseOrders.get('po-0042'))?.earlyDelivery?.lotNumbers).toEqual({ 'walnut-board': ['LOT-A'] });
      expect(doors.adapters.workflow.taskResults).toEqual([]);
    });

    it('records a shipment on the PO and the order timeline without resuming anything', async () => {
      // Prepare
      const doors = realTimeDoors();
      await givenOrder(doors);
      await givenSentPurchaseOrder(doors, { status: 'acknowledged' });
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.shipped', timestamp: '2026-03-12T14:00:00Z', data: { poId: 'po-0042', trackingNumber: '1Z999', carrier: 'UPS' } });

      // Act
      const result = await invoke(handler, signedEvent(doors, body));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(await doors.adapters.purchaseOrders.get('po-0042')).toMatchObject({ status: 'shipped', trackingNumber: '1Z999', version: 2 });
      const timeline = await doors.adapters.orders.listTimeline('ord-0001');
      expect(timeline.items.map((entry) => entry.type)).toContain('PurchaseOrderShipped');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('accepts a signature made with the second (rotated-in) secret', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, acknowledged(callbackId), { secret: SUPPLIER_NEXT_SECRET }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
    });

    it('answers a replayed delivery (same webhook-id) with 200 and changes nothing', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const event = signedEvent(doors, acknowledged(callbackId), { webhookId: 'msg_replayed_0001' });
      await invoke(handler, event);

      // Act
      const replay = await invoke(handler, event);

      // Assess
      expect(replay.statusCode).toBe(200);
      expect(jsonOf(replay)).toEqual({ webhookId: 'msg_replayed_0001', outcome: 'duplicate' });
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
    });

    it('answers a redelivery racing its twin with 200 duplicate: its dedup check came before the twin completed the wait', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const event = signedEvent(doors, acknowledged(callbackId), { webhookId: 'msg_racing_0001' });
      await invoke(handler, event);
      // The twin read "not received" a moment before the first delivery was stored with the wait's answer.
      const dedup = doors.adapters.webhookDedup;
      const seen = dedup.seen.bind(dedup);
      vi.spyOn(dedup, 'seen').mockImplementationOnce(() => Promise.resolve(false)).mockImplementation(seen);

      // Act
      const twin = await invoke(handler, event);

      // Assess
      expect(twin.statusCode).toBe(200);
      expect(jsonOf(twin)).toEqual({ webhookId: 'msg_racing_0001', outcome: 'duplicate' });
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
    });
  });

  describe('refused events', () => {
    it('refuses a bad signature (403) and does nothing', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = acknowledged(callbackId);
      const event = signedEvent(doors, body);

      // Act
      const result = await invoke(handler, { ...event, body: body.replace('2026-03-16', '2026-03-17') });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:signature-invalid', status: 403 });
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it("refuses a body signed with another supplier's secret (403)", async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, acknowledged(callbackId), { secret: OTHER_SUPPLIER_SECRET }));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:signature-invalid');
    });

    it.each([
      ['6 minutes old', -360],
      ['6 minutes in the future', 360],
    ])('refuses a timestamp %s (403)', async (_label, offsetSeconds) => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const timestamp = Math.floor(doors.clock.now().getTime() / 1000) + offsetSeconds;

      // Act
      const result = await invoke(handler, signedEvent(doors, acknowledged(callbackId), { timestamp }));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:signature-timestamp-out-of-window');
    });

    it('refuses missing signature headers (403)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const event = apiEvent({ method: 'POST', pathParameters: { supplierId: 'sup-a' }, headers: { 'Content-Type': 'application/json' }, body: '{}' });

      // Act
      const result = await invoke(handler, event);

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).detail).toContain('webhook-id');
    });

    it('refuses an unknown supplier (404)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, '{}', { supplierId: 'sup-zz' }));

      // Assess
      expect(result.statusCode).toBe(404);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-found');
    });

    it("refuses an event about another supplier's PO (403), even correctly signed", async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, acknowledged(callbackId), { supplierId: 'sup-b', secret: OTHER_SUPPLIER_SECRET }));

      // Assess
      expect(result.statusCode).toBe(403);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:wrong-supplier');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('refuses malformed JSON (400) after checking the signature', async () => {
      // Prepare
      const doors = realTimeDoors();
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, '{"type": "purchase_order.acknowledged",'));

      // Assess
      expect(result.statusCode).toBe(400);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:malformed-request');
    });

    it('names every missing and mistyped field (422)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.acknowledged', timestamp: 'yesterday', data: { poId: 42, callbackId: 'short', confirmedDeliveryDate: '16.03.2026' } });

      // Act
      const result = await invoke(handler, signedEvent(doors, body));

      // Assess
      expect(result.statusCode).toBe(422);
      const paths = problemOf(result).errors?.map((error) => `${error.path}:${error.rule}`);
      expect(paths).toEqual(expect.arrayContaining(['timestamp:format', 'data.poId:type', 'data.callbackId:format', 'data.confirmedDeliveryDate:format']));
    });

    it('refuses an unknown event type (422 naming type)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, JSON.stringify({ type: 'purchase_order.lost', timestamp: '2026-03-02T09:15:00Z', data: {} })));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.[0]?.path).toBe('type');
    });

    it('refuses an unknown PO (422 naming data.poId)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, acknowledged(callbackId, 'po-9999')));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors).toEqual([expect.objectContaining({ path: 'data.poId', rule: 'unknown-reference' })]);
    });

    it('refuses a callbackId that belongs to another PO (422)', async () => {
      // Prepare
      const doors = realTimeDoors();
      await givenSentPurchaseOrder(doors);
      const other = await givenSentPurchaseOrder(doors, { poId: 'po-0043' });
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, acknowledged(other.callbackId, 'po-0042')));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.[0]?.path).toBe('data.callbackId');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('refuses a second answer to the same wait under a new webhook-id (409)', async () => {
      // Prepare
      const doors = realTimeDoors();
      const { callbackId } = await givenSentPurchaseOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      await invoke(handler, signedEvent(doors, acknowledged(callbackId)));

      // Act
      const second = await invoke(handler, signedEvent(doors, acknowledged(callbackId)));

      // Assess
      expect(second.statusCode).toBe(409);
      expect(problemOf(second).type).toBe('urn:mto-flow:problem:already-answered');
    });

    it('refuses a shipment for a PO that was never sent (409 naming its state)', async () => {
      // Prepare
      const doors = realTimeDoors();
      await givenOrder(doors);
      await givenSentPurchaseOrder(doors);
      const sent = await doors.adapters.purchaseOrders.get('po-0042');
      await doors.adapters.purchaseOrders.update({ ...sent!, status: 'draft' }, sent!.version);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.shipped', timestamp: '2026-03-12T14:00:00Z', data: { poId: 'po-0042', trackingNumber: '1Z999' } });

      // Act
      const result = await invoke(handler, signedEvent(doors, body));

      // Assess
      expect(result.statusCode).toBe(409);
      expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:not-waiting', state: 'draft' });
    });

    it('lets a refused delivery be retried under the same webhook-id once fixed', async () => {
      // Prepare
      const doors = realTimeDoors();
      await givenOrder(doors);
      await givenSentPurchaseOrder(doors);
      const sent = await doors.adapters.purchaseOrders.get('po-0042');
      await doors.adapters.purchaseOrders.update({ ...sent!, status: 'draft' }, sent!.version);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.shipped', timestamp: '2026-03-12T14:00:00Z', data: { poId: 'po-0042', trackingNumber: '1Z999' } });
      await invoke(handler, signedEvent(doors, body, { webhookId: 'msg_retry' }));
      const po = await doors.adapters.purchaseOrders.get('po-0042');
      await doors.adapters.purchaseOrders.update({ ...po!, status: 'acknowledged' }, po!.version);

      // Act
      const retry = await invoke(handler, signedEvent(doors, body, { webhookId: 'msg_retry' }));

      // Assess
      expect(retry.statusCode).toBe(200);
      expect(jsonOf(retry)).toMatchObject({ outcome: 'processed' });
    });

    it('refuses an oversize body (413) before anything else', async () => {
      // Prepare
      const doors = realTimeDoors();
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act
      const result = await invoke(handler, signedEvent(doors, `{"pad":"${'x'.repeat(70_000)}"}`));

      // Assess
      expect(result.statusCode).toBe(413);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:payload-too-large');
    });
  });
});
