// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { seedOrderRequests } from '../../../../functions/domain/catalog/seed';
import { createCancelOrderHandler } from '../../../../functions/http/orders/cancel-order.handler';
import { createPlaceOrderHandler } from '../../../../functions/http/orders/place-order.handler';
import { createRequestOrderChangeHandler } from '../../../../functions/http/orders/request-order-change.handler';
import type { OrderStatus } from '../../../../functions/domain/order/order-status';
import { givenOrder, givenPendingApproval, givenSeedCatalog, givenSentPurchaseOrder, invoke, jsonOf, jsonPost, memoryDoors, problemOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const LONGER_TABLE = {
  lines: [{ productId: 'dining-table', configuration: { wood: 'oak', length_mm: 2200, width_mm: 950, finish: 'oil', legs: 'straight', extension_leaves: 0 }, quantity: 1 }],
  reason: 'The room is larger than planned.',
};

async function orderIn(status: OrderStatus) {
  const doors = memoryDoors();
  await givenSeedCatalog(doors);
  const order = await givenOrder(doors, { status });
  const started = await doors.adapters.workflow.startOrderExecution(order.orderId, { orderId: order.orderId });
  await doors.adapters.orders.update({ ...order, executionArn: started.executionArn }, order.version);
  return doors;
}

function changeRequest(body: unknown, orderId = 'ord-0001') {
  return jsonPost(`/orders/${orderId}/change-requests`, body, { pathParameters: { orderId } });
}

function cancelRequest(body: unknown, orderId = 'ord-0001') {
  return jsonPost(`/orders/${orderId}/cancel`, body, { pathParameters: { orderId } });
}

describe('POST /orders/{orderId}/change-requests', () => {
  it('sends the order back to review with the new configuration and a new lifecycle run (202)', async () => {
    // Prepare
    const doors = await orderIn('awaiting_design_approval');
    await givenPendingApproval(doors);

    // Act
    const result = await invoke(createRequestOrderChangeHandler(doors.deps), changeRequest(LONGER_TABLE));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(jsonOf(result)).toMatchObject({ status: 'in_review', designRevision: 2, lines: [{ configuration: { length_mm: 2200 } }] });
    expect(doors.adapters.workflow.executions.get('ord-0001')?.status).toBe('ABORTED');
    expect(doors.adapters.workflow.executions.get('ord-0001-2')?.status).toBe('RUNNING');
    expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('revoked');
    expect((await doors.adapters.orders.get('ord-0001'))?.executionArn).toMatch(/:ord-0001-2$/);
  });

  it('names the new run on the order even when its first step has already changed the order (202, not a conflict); a cancel then stops that run', async () => {
    // Prepare: the new run's first step writes the order before the door records the run's ARN
    const doors = await orderIn('awaiting_design_approval');
    const { workflow, orders } = doors.adapters;
    const start = workflow.startOrderExecution.bind(workflow);
    vi.spyOn(workflow, 'startOrderExecution').mockImplementation(async (orderId, input, options) => {
      const started = await start(orderId, input, options);
      const current = await orders.get(orderId);
      await orders.update({ ...current!, priority: 'rush' }, current!.version);
      return started;
    });

    // Act
    const changed = await invoke(createRequestOrderChangeHandler(doors.deps), changeRequest(LONGER_TABLE));
    const cancelled = await invoke(createCancelOrderHandler(doors.deps), cancelRequest({ reason: 'Changed our mind' }));

    // Assess
    expect(changed.statusCode).toBe(202);
    expect((await orders.get('ord-0001'))?.executionArn).toMatch(/:ord-0001-2$/);
    expect(cancelled.statusCode).toBe(200);
    expect(workflow.executions.get('ord-0001-2')?.status).toBe('ABORTED');
  });

  it('leaves the order naming the run of the latest change when two changes race, and stops the superseded run', async () => {
    // Prepare: a second change goes through while the first one's run starts
    const doors = await orderIn('awaiting_design_approval');
    const { workflow, orders } = doors.adapters;
    const handler = createRequestOrderChangeHandler(doors.deps);
    const start = workflow.startOrderExecution.bind(workflow);
    let second: Awaited<ReturnType<typeof invoke>> | undefined;
    vi.spyOn(workflow, 'startOrderExecution').mockImplementation(async (orderId, input, options) => {
      const started = await start(orderId, input, options);
      if (second === undefined && options?.run === 2) second = await invoke(handler, changeRequest({ ...LONGER_TABLE, reason: 'Longer still.' }));
      return started;
    });

    // Act
    const first = await invoke(handler, changeRequest(LONGER_TABLE));

    // Assess
    expect([first.statusCode, second?.statusCode]).toEqual([202, 202]);
    const order = await orders.get('ord-0001');
    expect(order).toMatchObject({ designRevision: 3, executionArn: expect.stringMatching(/:ord-0001-3$/) as unknown });
    expect(workflow.executions.get('ord-0001-2')?.status).toBe('ABORTED');
    expect(workflow.executions.get('ord-0001-3')?.status).toBe('RUNNING');
  });

  it('keeps the run of a change when the request that placed the order is replayed', async () => {
    // Prepare
    const doors = memoryDoors();
    await givenSeedCatalog(doors);
    const place = createPlaceOrderHandler(doors.deps);
    const request = jsonPost('/orders', seedOrderRequests.oakDiningTable, { headers: { 'idempotency-key': 'replay-after-change' } });
    const { orderId } = jsonOf<{ orderId: string }>(await invoke(place, request));
    expect((await invoke(createRequestOrderChangeHandler(doors.deps), changeRequest(LONGER_TABLE, orderId))).statusCode).toBe(202);

    // Act
    const replayed = await invoke(place, request);

    // Assess
    expect(replayed.statusCode).toBe(201);
    expect((await doors.adapters.orders.get(orderId))?.executionArn).toMatch(new RegExp(`:${orderId}-2$`));
  });

  it.each<OrderStatus>(['building', 'in_qc', 'shipping'])('refuses a change once the order is %s (409 naming the stage)', async (status) => {
    // Prepare
    const doors = await orderIn(status);

    // Act
    const result = await invoke(createRequestOrderChangeHandler(doors.deps), changeRequest(LONGER_TABLE));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:change-not-allowed', stage: status });
    expect(problemOf(result).detail).toContain(status);
  });

  it('changes an order in the same millisecond as it was placed: the two writes\' timeline entries get distinct ids', async () => {
    // Prepare: the clock stands still between the placement and the change.
    const doors = memoryDoors();
    await givenSeedCatalog(doors);
    const placed = await invoke(createPlaceOrderHandler(doors.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable));
    const { orderId } = jsonOf<{ orderId: string }>(placed);

    // Act
    const result = await invoke(createRequestOrderChangeHandler(doors.deps), changeRequest(LONGER_TABLE, orderId));

    // Assess
    expect(result.statusCode).toBe(202);
    const timeline = (await doors.adapters.orders.listTimeline(orderId)).items;
    expect(timeline.map((entry) => entry.type)).toEqual(['OrderPlaced', 'SpecificationChanged']);
    expect(new Set(timeline.map((entry) => entry.at)).size).toBe(1);
    const changed = doors.adapters.outbox.events.find((event) => event.detailType === 'Order.SpecificationChanged');
    expect(changed?.detail).toMatchObject({ eventId: `${orderId}/${String(timeline[1]?.entryId)}` });
  });

  it('names every catalog problem of the new lines (422)', async () => {
    // Prepare
    const doors = await orderIn('in_review');

    // Act
    const result = await invoke(
      createRequestOrderChangeHandler(doors.deps),
      changeRequest({ ...LONGER_TABLE, lines: [{ productId: 'dining-table', configuration: { wood: 'plastic', length_mm: 99_999 }, quantity: 1 }] }),
    );

    // Assess
    expect(result.statusCode).toBe(422);
    const paths = problemOf(result).errors?.map((error) => error.path) ?? [];
    expect(paths.some((path) => path.startsWith('lines[0].configuration'))).toBe(true);
  });

  it('refuses a change without a reason (422) and malformed JSON (400)', async () => {
    // Prepare
    const doors = await orderIn('in_review');
    const handler = createRequestOrderChangeHandler(doors.deps);

    // Act
    const missing = await invoke(handler, changeRequest({ lines: LONGER_TABLE.lines }));
    const malformed = await invoke(handler, changeRequest('{"lines": ['));

    // Assess
    expect(missing.statusCode).toBe(422);
    expect(problemOf(missing).errors).toEqual([expect.objectContaining({ path: 'reason', rule: 'required' })]);
    expect(malformed.statusCode).toBe(400);
  });

  it('answers 404 for an unknown order', async () => {
    // Prepare
    const doors = await orderIn('in_review');

    // Act
    const result = await invoke(createRequestOrderChangeHandler(doors.deps), changeRequest(LONGER_TABLE, 'ord-nope'));

    // Assess
    expect(result.statusCode).toBe(404);
  });
});

describe('POST /orders/{orderId}/cancel', () => {
  it('cancels, stops the workflow, cancels open POs with their suppliers and releases reservations', async () => {
    // Prepare
    const doors = await orderIn('procuring');
    await givenSentPurchaseOrder(doors);
    await doors.adapters.stock.reserve({ orderId: 'ord-0001', componentId: 'oak-panel-40', quantity: 1, reservedAt: '2026-03-02T10:00:00.000Z' });

    // Act
    const result = await invoke(createCancelOrderHandler(doors.deps), cancelRequest({ reason: 'Found a table elsewhere' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({
      status: 'cancelled',
      alreadyCancelled: false,
      compensation: { workflowStopped: true, purchaseOrdersCancelled: ['po-0042'], reservationsReleased: ['oak-panel-40'] },
    });
    expect(doors.adapters.workflow.executions.get('ord-0001')?.status).toBe('ABORTED');
    expect((await doors.adapters.purchaseOrders.get('po-0042'))?.status).toBe('cancelled');
    expect(doors.adapters.outbox.supplierMessages).toEqual([expect.objectContaining({ type: 'purchase-order.cancelled', poId: 'po-0042', supplierId: 'sup-a' })]);
    expect(await doors.adapters.stock.listReservations('ord-0001')).toEqual([]);
    const timeline = (await doors.adapters.orders.listTimeline('ord-0001')).items.map((entry) => entry.type);
    const cancelledAt = timeline.indexOf('OrderCancelled');
    expect((await doors.adapters.orders.listTimeline('ord-0001')).items[cancelledAt]).toMatchObject({ reason: 'Found a table elsewhere' });
    // The lifecycle's compensation ran after the cancellation: stock and PO on the timeline (and the bus).
    expect(timeline.slice(cancelledAt + 1)).toEqual(['StockReleased', 'PurchaseOrderCancelled', 'OrderCompensated']);
    expect(doors.adapters.outbox.events.map((event) => event.detailType)).toEqual(expect.arrayContaining(['Order.Cancelled', 'Stock.Released', 'PurchaseOrder.Cancelled']));
    // A door's event has the documented flat detail, as a step's: the envelope beside the event's own fields.
    const cancelled = doors.adapters.outbox.events.find((event) => event.detailType === 'Order.Cancelled');
    const cancelledEntry = (await doors.adapters.orders.listTimeline('ord-0001')).items.find((entry) => entry.type === 'OrderCancelled');
    expect(cancelled?.detail).toMatchObject({ eventId: `ord-0001/${String(cancelledEntry?.entryId)}`, type: 'OrderCancelled', orderId: 'ord-0001', status: 'cancelled', reason: 'Found a table elsewhere' });
    expect(cancelled?.detail).not.toHaveProperty('detail');
    expect(cancelled?.detail).not.toHaveProperty('detailType');
    // Past `received`, the lifecycle's first step has published OrderPlaced: not again.
    expect(doors.adapters.outbox.events.map((event) => event.detailType)).not.toContain('Order.Placed');
  });

  it('publishes the stored OrderPlaced (flat detail, its timeline entry id, as the review step would) just before OrderCancelled when the order is still received', async () => {
    // Prepare: placed through the door, so its OrderPlaced is stored; the workflow has not run.
    const doors = memoryDoors();
    await givenSeedCatalog(doors);
    const placed = await invoke(createPlaceOrderHandler(doors.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable));
    const { orderId } = jsonOf<{ orderId: string }>(placed);
    const [placedEntry] = (await doors.adapters.orders.listTimeline(orderId)).items;
    doors.clock.advanceSeconds(60);

    // Act
    const result = await invoke(createCancelOrderHandler(doors.deps), cancelRequest({ reason: 'Ordered by mistake' }, orderId));

    // Assess
    expect(result.statusCode).toBe(200);
    const orderEvents = doors.adapters.outbox.events.filter((event) => event.detailType === 'Order.Placed' || event.detailType === 'Order.Cancelled');
    expect(orderEvents.map((event) => event.detailType)).toEqual(['Order.Placed', 'Order.Cancelled']);
    expect(placedEntry?.type).toBe('OrderPlaced');
    expect(orderEvents[0]?.detail).toMatchObject({ eventId: `${orderId}/${placedEntry?.entryId}`, type: 'OrderPlaced', orderId, customerId: seedOrderRequests.oakDiningTable.customer.customerId });
    expect(orderEvents[1]?.detail).toMatchObject({ type: 'OrderCancelled', orderId, status: 'cancelled', reason: 'Ordered by mistake' });
    for (const event of orderEvents) expect(event.detail).not.toHaveProperty('detail');
  });

  it('cancels an order in the same millisecond as it was placed: the two writes\' timeline entries get distinct ids', async () => {
    // Prepare: the clock stands still between the placement and the cancellation.
    const doors = memoryDoors();
    await givenSeedCatalog(doors);
    const placed = await invoke(createPlaceOrderHandler(doors.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable));
    const { orderId } = jsonOf<{ orderId: string }>(placed);

    // Act
    const result = await invoke(createCancelOrderHandler(doors.deps), cancelRequest({ reason: 'Ordered by mistake' }, orderId));

    // Assess
    expect(result.statusCode).toBe(200);
    const timeline = (await doors.adapters.orders.listTimeline(orderId)).items;
    expect(timeline.map((entry) => entry.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(new Set(timeline.map((entry) => entry.at)).size).toBe(1);
  });

  it('is idempotent: a second cancel answers 200 and changes nothing more', async () => {
    // Prepare
    const doors = await orderIn('procuring');
    await givenSentPurchaseOrder(doors);
    const handler = createCancelOrderHandler(doors.deps);
    await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));
    const version = (await doors.adapters.orders.get('ord-0001'))?.version;

    // Act
    const again = await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));

    // Assess
    expect(again.statusCode).toBe(200);
    expect(jsonOf(again)).toMatchObject({ status: 'cancelled', alreadyCancelled: true, compensation: { purchaseOrdersCancelled: [] } });
    expect((await doors.adapters.orders.get('ord-0001'))?.version).toBe(version);
    expect(doors.adapters.outbox.supplierMessages).toHaveLength(1);
  });

  it('cancels a PO its supplier acknowledges while the cancel runs (200, not a conflict), telling the supplier once', async () => {
    // Prepare: the supplier's acknowledgement lands between the compensation's read of the PO and its write
    const doors = await orderIn('procuring');
    await givenSentPurchaseOrder(doors);
    const purchaseOrders = doors.adapters.purchaseOrders;
    const update = purchaseOrders.update.bind(purchaseOrders);
    let acknowledged = false;
    vi.spyOn(purchaseOrders, 'update').mockImplementation(async (po, expectedVersion) => {
      if (!acknowledged) {
        acknowledged = true;
        const read = await purchaseOrders.get(po.poId);
        if (read) await update({ ...read, status: 'acknowledged', confirmedDeliveryDate: '2026-03-20' }, read.version);
      }
      return update(po, expectedVersion);
    });

    // Act
    const result = await invoke(createCancelOrderHandler(doors.deps), cancelRequest({ reason: 'Found a table elsewhere' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ status: 'cancelled', compensation: { purchaseOrdersCancelled: ['po-0042'] } });
    expect(acknowledged).toBe(true);
    expect((await purchaseOrders.get('po-0042'))?.status).toBe('cancelled');
    expect(doors.adapters.outbox.supplierMessages.map((message) => message.type)).toEqual(['purchase-order.cancelled']);
  });

  it('publishes OrderCancelled even when the compensation fails after the write; the retry publishes it again (same id) and finishes the compensation', async () => {
    // Prepare: the supplier channel is down for the first attempt
    const doors = await orderIn('procuring');
    await givenSentPurchaseOrder(doors);
    const handler = createCancelOrderHandler(doors.deps);
    const supplierSend = vi.spyOn(doors.adapters.outbox.suppliers, 'send').mockRejectedValueOnce(new Error('supplier endpoint unreachable'));

    // Act
    const first = await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));
    const retry = await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));

    // Assess
    expect(first.statusCode).toBeGreaterThanOrEqual(500);
    expect(retry.statusCode).toBe(200);
    expect(jsonOf(retry)).toMatchObject({ status: 'cancelled', alreadyCancelled: true, compensation: { purchaseOrdersCancelled: ['po-0042'] } });
    expect(supplierSend).toHaveBeenCalledTimes(2);
    expect((await doors.adapters.purchaseOrders.get('po-0042'))?.status).toBe('cancelled');
    const cancelledEvents = doors.adapters.outbox.events.filter((event) => event.detailType === 'Order.Cancelled');
    const cancelledEntry = (await doors.adapters.orders.listTimeline('ord-0001')).items.find((entry) => entry.type === 'OrderCancelled');
    expect(cancelledEvents.map((event) => event.detail.eventId)).toEqual([`ord-0001/${String(cancelledEntry?.entryId)}`, `ord-0001/${String(cancelledEntry?.entryId)}`]);
    expect(doors.adapters.outbox.events.map((event) => event.detailType)).toContain('PurchaseOrder.Cancelled');
  });

  it('compensates even when the event bus refuses the cancellation; the retry publishes it', async () => {
    // Prepare: the bus is down for the first attempt
    const doors = await orderIn('procuring');
    await givenSentPurchaseOrder(doors);
    const handler = createCancelOrderHandler(doors.deps);
    vi.spyOn(doors.adapters.outbox, 'publish').mockRejectedValueOnce(new Error('EventBridge throttled'));

    // Act
    const first = await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));
    const afterFirst = { workflow: doors.adapters.workflow.executions.get('ord-0001')?.status, po: (await doors.adapters.purchaseOrders.get('po-0042'))?.status };
    doors.clock.advanceSeconds(30);
    const retry = await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));

    // Assess
    expect(first.statusCode).toBeGreaterThanOrEqual(500);
    expect(afterFirst).toEqual({ workflow: 'ABORTED', po: 'cancelled' });
    expect(retry.statusCode).toBe(200);
    expect(doors.adapters.outbox.events.map((event) => event.detailType)).toContain('Order.Cancelled');
    expect(doors.adapters.outbox.supplierMessages).toHaveLength(1);
  });

  it('reports on a later retry the POs its failed first attempt cancelled (PurchaseOrder.Cancelled for each)', async () => {
    // Prepare: two open POs; the second supplier's endpoint fails once
    const doors = await orderIn('procuring');
    await givenSentPurchaseOrder(doors);
    await givenSentPurchaseOrder(doors, { poId: 'po-0043', supplierId: 'sup-b' });
    const handler = createCancelOrderHandler(doors.deps);
    const deliver = doors.adapters.outbox.suppliers.send.bind(doors.adapters.outbox.suppliers);
    let failed = false;
    vi.spyOn(doors.adapters.outbox.suppliers, 'send').mockImplementation(async (message) => {
      if (message.poId === 'po-0043' && !failed) {
        failed = true;
        throw new Error('supplier endpoint unreachable');
      }
      return deliver(message);
    });

    // Act
    const first = await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));
    doors.clock.advanceSeconds(30);
    const retry = await invoke(handler, cancelRequest({ reason: 'Changed our mind' }));

    // Assess
    expect(first.statusCode).toBeGreaterThanOrEqual(500);
    expect(retry.statusCode).toBe(200);
    const cancelledPos = doors.adapters.outbox.events.filter((event) => event.detailType === 'PurchaseOrder.Cancelled').map((event) => event.detail.poId);
    expect(cancelledPos.sort()).toEqual(['po-0042', 'po-0043']);
    expect(doors.adapters.outbox.supplierMessages.map((message) => message.poId).sort()).toEqual(['po-0042', 'po-0043']);
  });

  it('publishes the stored OrderPlaced again with OrderCancelled on a repeated cancel of an order cancelled while received', async () => {
    // Prepare
    const doors = memoryDoors();
    await givenSeedCatalog(doors);
    const placed = await invoke(createPlaceOrderHandler(doors.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable));
    const { orderId } = jsonOf<{ orderId: string }>(placed);
    const handler = createCancelOrderHandler(doors.deps);
    await invoke(handler, cancelRequest({ reason: 'Ordered by mistake' }, orderId));
    const firstIds = doors.adapters.outbox.events.map((event) => event.detail.eventId);

    // Act
    const again = await invoke(handler, cancelRequest({ reason: 'Ordered by mistake' }, orderId));

    // Assess
    expect(again.statusCode).toBe(200);
    expect(firstIds).toHaveLength(2);
    expect(doors.adapters.outbox.events.slice(2).map((event) => event.detail.eventId)).toEqual(firstIds);
  });

  it.each<OrderStatus>(['shipping', 'delivered', 'rejected'])('refuses to cancel an order that is %s (409 naming the stage)', async (status) => {
    // Prepare
    const doors = await orderIn(status);

    // Act
    const result = await invoke(createCancelOrderHandler(doors.deps), cancelRequest({ reason: 'Too late?' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:cancel-not-allowed', stage: status });
  });

  it('refuses a cancellation without a reason (422), malformed JSON (400), an unknown order (404)', async () => {
    // Prepare
    const doors = await orderIn('in_review');
    const handler = createCancelOrderHandler(doors.deps);

    // Act
    const missing = await invoke(handler, cancelRequest({ reason: 42 }));
    const malformed = await invoke(handler, cancelRequest('not json'));
    const unknown = await invoke(handler, cancelRequest({ reason: 'x' }, 'ord-nope'));

    // Assess
    expect(missing.statusCode).toBe(422);
    expect(problemOf(missing).errors).toEqual([expect.objectContaining({ path: 'reason', rule: 'type' })]);
    expect(malformed.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(404);
  });
});
