import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbStockRepository } from '../../functions/adapters/dynamodb/stock-repository.dynamodb';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';
import { driveOrder } from '../../local/demo/order-driver';
import { LOCAL_REGION } from '../../local/runtime/local-stack';
import { duplicateApprovalEmails, duplicateEnvelopeIds, duplicateOccurrences } from './support/duplicates';
import { startTestStack, type StartedStack } from './support/local-stack.fixture';
import { PatientLocalClient } from './support/patient-client';

/** The steps the transient faults hit: every stage of the lifecycle has one. */
const FLAKY_STEPS = /review-order|open-approval|reserve-stock|send-purchase-order|record-po-delivery|record-production|apply-inspection-result|complete-order/;

describe('the lifecycle under faults injected at the local Lambda service', () => {
  let started: StartedStack;
  let stock: DynamoDbStockRepository;
  let client: PatientLocalClient;
  const stockLevels = async (): Promise<Record<string, { onHand: number; reserved: number }>> => {
    const levels: Record<string, { onHand: number; reserved: number }> = {};
    let cursor: string | undefined;
    do {
      const page = await stock.list({ limit: 100, ...(cursor === undefined ? {} : { cursor }) });
      for (const level of page.items) levels[level.componentId] = { onHand: level.onHand, reserved: level.reserved };
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return levels;
  };

  beforeAll(async () => {
    started = await startTestStack();
    client = new PatientLocalClient({ endpoints: started.stack.endpoints, iam: started.stack.secrets.iam });
    const tableName = started.stack.app.functions.find((fn) => fn.environment.TABLE_NAME !== undefined)?.environment.TABLE_NAME ?? '';
    // DynamoDB Local keeps tables per access key and region: read with the stack's own.
    const dynamoDb = new DynamoDBClient({ endpoint: started.stack.endpoints.dynamoDb, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    stock = new DynamoDbStockRepository({ client: createDocumentClient(dynamoDb), tableName });
  });
  afterAll(() => started.stack.stop());

  describe('transient Lambda service errors on 30% of the calls of several steps', () => {
    it('completes every order of a batch through the workflows\u2019 Retry, and does nothing twice', async () => {
      // Prepare
      started.stack.functions.setFaults({ seed: 2026, rules: [{ functionName: FLAKY_STEPS, transientRate: 0.3 }] });
      const batch: SeedOrderRequestName[] = ['oakDiningTable', 'walnutExtendingTable', 'officeShelving', 'machineParts'];

      // Act
      const results = await Promise.all(
        batch.map(async (sample) => {
          const { body } = await client.placeOrder(seedOrderRequests[sample], randomUUID());
          return driveOrder(client, String(body.orderId), {}, { timeoutMs: 150_000 });
        }),
      ).finally(() => started.stack.functions.setFaults({ rules: [] }));

      // Assess
      expect(results.map((result) => `${result.orderId}: ${result.finalStatus}`)).toEqual(results.map((result) => `${result.orderId}: delivered`));
      const injected = started.stack.functions.injectedFaults();
      expect(injected.every((fault) => fault.errorType === 'Lambda.ServiceException')).toBe(true);
      // The faults did bite, across the lifecycle: retries, not luck, carried the orders through.
      expect(injected.length).toBeGreaterThanOrEqual(5);
      expect(new Set(injected.map((fault) => fault.functionName)).size).toBeGreaterThanOrEqual(4);
      const orderIds = results.map((result) => result.orderId);
      const events = await client.events();
      expect(duplicateEnvelopeIds(events)).toEqual([]);
      expect(duplicateOccurrences(events, orderIds)).toEqual([]);
      expect(duplicateApprovalEmails(await client.emails())).toEqual([]);
      for (const orderId of orderIds) expect((await client.events({ orderId, detailType: 'Order.Delivered' })).length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('a permanent failure in one step', () => {
    it('fails the order naming the step and the cause, compensates (reservations released, open POs cancelled) and raises the alert', async () => {
      // Prepare: an order that reserves stock and buys from three suppliers; recording a supplier's acknowledgement always fails.
      started.stack.functions.setFaults({ rules: [{ functionName: /record-po-acknowledgement/, permanent: true }] });
      const before = await stockLevels();

      // Act
      const { body } = await client.placeOrder(seedOrderRequests.machineParts, randomUUID());
      const orderId = String(body.orderId);
      const result = await driveOrder(client, orderId, {}, { timeoutMs: 120_000 }).finally(() => started.stack.functions.setFaults({ rules: [] }));
      await client.waitForEvent(orderId, 'Order.Compensated', 60_000);

      // Assess: the order names where and why it failed.
      expect(result.finalStatus).toBe('failed');
      const order = await client.getOrder(orderId);
      expect(order.failure).toMatchObject({ step: 'ProcureMaterials', error: 'InjectedFaultError', cause: expect.stringContaining('always fails: a permanent fault') as unknown });
      expect(String((order.failure as { cause: string }).cause)).toContain('recordpoacknowledgement');
      // Compensation: every reservation released, stock exactly as before, every PO it placed cancelled.
      const placed = await client.events({ orderId, detailType: 'PurchaseOrder.Placed' });
      expect(placed.length).toBeGreaterThan(0);
      expect(await stock.listReservations(orderId)).toEqual([]);
      expect(await stockLevels()).toEqual(before);
      const cancelled = await client.events({ orderId, detailType: 'PurchaseOrder.Cancelled' });
      expect(new Set(cancelled.map((event) => event.detail.poId))).toEqual(new Set(placed.map((event) => event.detail.poId)));
      const atSuppliers = (await client.supplierPurchaseOrders()).filter((po) => po.orderId === orderId);
      expect(atSuppliers.map((po) => po.cancelled)).toEqual(placed.map(() => true));
      // The alert: an Order.Failed event on the bus, and the operators' alert topic got it.
      const failed = await client.events({ orderId, detailType: 'Order.Failed' });
      expect(failed).toHaveLength(1);
      expect(failed[0]?.detail).toMatchObject({ failure: { step: 'ProcureMaterials', error: 'InjectedFaultError' } });
      const alerts = started.stack.outboxes.alerts
        .list()
        .map((alert) => alert.message as { 'detail-type'?: string; detail?: { orderId?: string } })
        .filter((message) => message.detail?.orderId === orderId);
      expect(alerts.map((message) => message['detail-type'])).toContain('Order.Failed');
    });
  });
});
