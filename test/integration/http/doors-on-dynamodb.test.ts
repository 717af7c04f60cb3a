/**
 * The doors against the real DynamoDB engine (DynamoDB Local): the conditional writes behind
 * "first decision wins", Idempotency-Key and webhook dedup hold when requests race, and the order
 * routes work end to end on the real table layout. Step Functions, email and Slack are in-memory.
 */
// Before the handler modules: they check their environment when they load.
import '../../unit/http/support/door-environment';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DynamoDbApprovalRepository } from '../../../functions/adapters/dynamodb/approval-repository.dynamodb';
import { DynamoDbCallbackRepository } from '../../../functions/adapters/dynamodb/callback-repository.dynamodb';
import { DynamoDbCatalogRepository } from '../../../functions/adapters/dynamodb/catalog-repository.dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { ensureTable } from '../../../functions/adapters/dynamodb/ensure-table';
import { DynamoDbIdempotencyStore } from '../../../functions/adapters/dynamodb/idempotency-store.dynamodb';
import { DynamoDbOrderRepository } from '../../../functions/adapters/dynamodb/order-repository.dynamodb';
import { DynamoDbPurchaseOrderRepository } from '../../../functions/adapters/dynamodb/purchase-order-repository.dynamodb';
import { DynamoDbStockRepository } from '../../../functions/adapters/dynamodb/stock-repository.dynamodb';
import { DynamoDbWebhookDedupStore } from '../../../functions/adapters/dynamodb/webhook-dedup-store.dynamodb';
import { seedOrderRequests } from '../../../functions/domain/catalog/seed';
import { createDecideApprovalHandler } from '../../../functions/http/approvals/decide-approval.handler';
import { createCancelOrderHandler } from '../../../functions/http/orders/cancel-order.handler';
import { createGetOrderTimelineHandler } from '../../../functions/http/orders/get-order-timeline.handler';
import { createListOrdersHandler } from '../../../functions/http/orders/list-orders.handler';
import { createPlaceOrderHandler } from '../../../functions/http/orders/place-order.handler';
import { createReportShipmentEventHandler } from '../../../functions/http/shipping/report-shipment-event.handler';
import { createReceiveSupplierEventHandler } from '../../../functions/http/suppliers/receive-supplier-event.handler';
import { signWebhook } from '../../../functions/shared/security/supplier-webhook-signature';
import { apiEvent, givenPendingApproval, givenSeedCatalog, givenSentPurchaseOrder, invoke, jsonOf, jsonPost, memoryDoors, SUPPLIER_SECRET, TestClock } from '../../unit/http/support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

let client: DynamoDBClient;
const tableName = `doors-${randomUUID()}`;

/** In-memory doors whose repositories are the DynamoDB ones on a fresh table. */
function dynamoDoors(clock = new TestClock()) {
  const doors = memoryDoors({ clock });
  const table = { client: createDocumentClient(client), tableName };
  const adapters = {
    ...doors.adapters,
    orders: new DynamoDbOrderRepository(table),
    approvals: new DynamoDbApprovalRepository(table),
    callbacks: new DynamoDbCallbackRepository(table),
    purchaseOrders: new DynamoDbPurchaseOrderRepository(table),
    stock: new DynamoDbStockRepository(table),
    catalog: new DynamoDbCatalogRepository(table),
    idempotency: new DynamoDbIdempotencyStore(table),
    webhookDedup: new DynamoDbWebhookDedupStore(table),
  };
  const deps = {
    ...doors.deps,
    orders: () => adapters.orders,
    approvals: () => adapters.approvals,
    callbacks: () => adapters.callbacks,
    purchaseOrders: () => adapters.purchaseOrders,
    stock: () => adapters.stock,
    catalog: () => adapters.catalog,
    idempotency: () => adapters.idempotency,
    webhookDedup: () => adapters.webhookDedup,
  };
  return { clock: doors.clock, adapters, deps };
}

describe('the doors on DynamoDB Local', () => {
  beforeAll(async () => {
    client = new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(client, tableName);
    await givenSeedCatalog(dynamoDoors());
  });

  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });

  describe('orders', () => {
    it('places one order for concurrent retries with the same Idempotency-Key, answering every one with the first response, then lists and shows it', async () => {
      // Prepare
      const doors = dynamoDoors();
      const handler = createPlaceOrderHandler(doors.deps);
      const key = `race-${randomUUID()}`;
      const request = () => jsonPost('/orders', seedOrderRequests.machineParts, { headers: { 'Idempotency-Key': key }, apiKeyId: 'erp-1' });

      // Act
      const results = await Promise.all([1, 2, 3, 4].map(() => invoke(handler, request())));

      // Assess
      expect(results.map((result) => result.statusCode)).toEqual([201, 201, 201, 201]);
      expect(results.filter((result) => result.headers?.['Idempotent-Replayed'] === undefined)).toHaveLength(1);
      expect(new Set(results.map((result) => result.body)).size).toBe(1);
      const orderId = jsonOf<{ orderId: string }>(results[0]!).orderId;
      expect([...doors.adapters.workflow.executions.keys()]).toEqual([orderId]);
      const listed = jsonOf<{ items: { orderId: string }[] }>(await invoke(createListOrdersHandler(doors.deps), apiEvent({ query: { customer: 'cus-kraft-maschinenbau' } })));
      expect(listed.items.map((order) => order.orderId)).toEqual([orderId]);
      const timeline = jsonOf<{ items: { type: string }[] }>(await invoke(createGetOrderTimelineHandler(doors.deps), apiEvent({ pathParameters: { orderId } })));
      expect(timeline.items.map((entry) => entry.type)).toEqual(['OrderPlaced']);
    });

    it('makes one DynamoDB write per POST /orders with an Idempotency-Key (the order, its timeline entry and the key\'s record together)', async () => {
      // Prepare
      const commands: string[] = [];
      const counted = new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      counted.middlewareStack.add(
        (next, context) => (args) => {
          commands.push(String(context.commandName));
          return next(args);
        },
        { step: 'initialize', name: 'countCommands' },
      );
      const doors = dynamoDoors();
      const table = { client: createDocumentClient(counted), tableName };
      const idempotency = new DynamoDbIdempotencyStore(table);
      const orders = new DynamoDbOrderRepository(table);
      const handler = createPlaceOrderHandler({ ...doors.deps, orders: () => orders });
      const key = `count-${randomUUID()}`;

      // Act
      const first = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable, { headers: { 'Idempotency-Key': key }, apiKeyId: 'erp-1' }));
      const writes = commands.filter((name) => /^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name));
      commands.length = 0;
      const replay = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable, { headers: { 'Idempotency-Key': key }, apiKeyId: 'erp-1' }));
      const replayWrites = commands.filter((name) => /^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name));
      counted.destroy();

      // Assess
      expect(first.statusCode).toBe(201);
      expect(writes).toEqual(['TransactWriteItemsCommand']);
      expect(replay.headers?.['Idempotent-Replayed']).toBe('true');
      expect(replayWrites).toEqual(['TransactWriteItemsCommand']);
      expect(await idempotency.get('placeOrder:erp-1', key)).toMatchObject({ status: 'completed', response: { body: first.body } });
    });

    it('cancels an order in procurement: PO cancelled and reservation released on the real tables', async () => {
      // Prepare
      const doors = dynamoDoors();
      const placed = jsonOf<{ orderId: string }>(await invoke(createPlaceOrderHandler(doors.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable)));
      const order = await doors.adapters.orders.get(placed.orderId);
      await doors.adapters.orders.update({ ...order!, status: 'procuring' }, order!.version);
      await givenSentPurchaseOrder(doors, { poId: `po-${randomUUID().slice(0, 8)}`, orderId: placed.orderId });
      await doors.adapters.stock.reserve({ orderId: placed.orderId, componentId: 'oak-panel-40', quantity: 2, reservedAt: doors.clock.now().toISOString() });
      doors.clock.advanceSeconds(60);

      // Act
      const result = await invoke(createCancelOrderHandler(doors.deps), jsonPost(`/orders/${placed.orderId}/cancel`, { reason: 'No longer needed' }, { pathParameters: { orderId: placed.orderId } }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(jsonOf(result)).toMatchObject({ status: 'cancelled', compensation: { reservationsReleased: ['oak-panel-40'] } });
      const pos = await doors.adapters.purchaseOrders.listByOrder(placed.orderId);
      expect(pos.items.map((po) => po.status)).toEqual(['cancelled']);
      expect(await doors.adapters.stock.listReservations(placed.orderId)).toEqual([]);
    });
  });

  describe('first decision wins', () => {
    it('lets exactly one of many concurrent decisions through and resumes the workflow once', async () => {
      // Prepare
      const doors = dynamoDoors();
      const approvalId = `apr-${randomUUID().slice(0, 8)}`;
      await givenPendingApproval(doors, { approvalId, approvers: ['a@acme.example', 'b@acme.example', 'c@acme.example'] });
      const handler = createDecideApprovalHandler(doors.deps);
      const deciders = ['a@acme.example', 'b@acme.example', 'c@acme.example', 'a@acme.example', 'b@acme.example', 'c@acme.example'];

      // Act
      const results = await Promise.all(
        deciders.map((decidedBy) => invoke(handler, jsonPost(`/approvals/${approvalId}/decision`, { outcome: 'approved', decidedBy }, { pathParameters: { approvalId } }))),
      );

      // Assess
      expect(results.map((result) => result.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
      const winner = (await doors.adapters.approvals.get(approvalId))?.decision?.decidedBy;
      for (const loser of results.filter((result) => result.statusCode === 409)) {
        expect(jsonOf<{ decision: { decidedBy: string } }>(loser).decision.decidedBy).toBe(winner);
      }
    });
  });

  describe('supplier webhooks', () => {
    it('acts once on a delivery sent several times at once (dedup by webhook-id)', async () => {
      // Prepare
      const doors = dynamoDoors(new TestClock(new Date()));
      const poId = `po-${randomUUID().slice(0, 8)}`;
      const { callbackId } = await givenSentPurchaseOrder(doors, { poId });
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const body = JSON.stringify({ type: 'purchase_order.acknowledged', timestamp: '2026-03-02T09:15:00Z', data: { poId, callbackId, confirmedDeliveryDate: '2026-03-16' } });
      const timestamp = Math.floor(Date.now() / 1000);
      const event = apiEvent({
        method: 'POST',
        pathParameters: { supplierId: 'sup-a' },
        headers: { 'webhook-id': `msg_${poId}`, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(SUPPLIER_SECRET, `msg_${poId}`, timestamp, body) },
        body,
      });

      // Act
      const results = await Promise.all([1, 2, 3].map(() => invoke(handler, event)));

      // Assess
      expect(results.map((result) => result.statusCode)).toEqual([200, 200, 200]);
      expect(results.map((result) => jsonOf<{ outcome: string }>(result).outcome).sort()).toEqual(['duplicate', 'duplicate', 'processed']);
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
    });
  });

  describe('shipping', () => {
    it('books, then delivers on the real table (newest open wait first), acting once on a delivery reported several times at once', async () => {
      // Prepare
      const doors = dynamoDoors();
      const placed = jsonOf<{ orderId: string }>(await invoke(createPlaceOrderHandler(doors.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable)));
      const { orderId } = placed;
      const order = await doors.adapters.orders.get(orderId);
      await doors.adapters.orders.update({ ...order!, status: 'shipping' }, order!.version);
      // The waits the lifecycle's await-shipment step opens, one per round (subject `<orderId>-shipment-<round>`).
      const awaitShipment = async (round: 'booking' | 'delivery', taskToken: string) => {
        const now = doors.clock.now();
        await doors.adapters.callbacks.create({ purpose: 'shipment', orderId, subjectId: `${orderId}-shipment-${round}`, taskToken, createdAt: now.toISOString(), expiresAtEpochSeconds: Math.floor(now.getTime() / 1000) + 30 * 24 * 3600 });
      };
      const handler = createReportShipmentEventHandler(doors.deps);
      const report = (body: unknown) => jsonPost(`/shipping/orders/${orderId}/events`, body, { pathParameters: { orderId } });
      const bookingToken = `booking-${randomUUID()}-${'b'.repeat(40)}`;
      const deliveryToken = `delivery-${randomUUID()}-${'d'.repeat(40)}`;
      doors.adapters.workflow.registerWaitingToken(bookingToken);
      doors.adapters.workflow.registerWaitingToken(deliveryToken);

      // Act
      await awaitShipment('booking', bookingToken);
      const booked = await invoke(handler, report({ event: 'shipment-booked', reportId: 'ship-b', carrier: 'DHL Freight', trackingNumber: 'JD0146' }));
      doors.clock.advanceSeconds(5);
      await awaitShipment('delivery', deliveryToken);
      const delivered = await Promise.all([1, 2, 3].map(() => invoke(handler, report({ event: 'delivery-confirmed', reportId: 'ship-d', receivedBy: 'Goods receipt' }))));

      // Assess
      expect(booked.statusCode).toBe(200);
      expect(delivered.map((result) => result.statusCode)).toEqual([200, 200, 200]);
      expect(delivered.map((result) => jsonOf<{ outcome: string }>(result).outcome).sort()).toEqual(['duplicate', 'duplicate', 'recorded']);
      expect(doors.adapters.workflow.taskResults.map((task) => [task.taskToken, task.output])).toEqual([
        [bookingToken, { carrier: 'DHL Freight', trackingNumber: 'JD0146', bookedAt: '2026-03-02T10:00:00.000Z' }],
        [deliveryToken, { deliveredAt: '2026-03-02T10:00:05.000Z', receivedBy: 'Goods receipt' }],
      ]);
    });
  });
});
