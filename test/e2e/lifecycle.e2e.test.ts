/**
 * The make-to-order lifecycle end to end: the synthesized app on the local stack, every outside party
 * played through its door (approval links, shop-floor and QC routes, the shipping route, simulated
 * suppliers), each branch asserted on the order's final state, its timeline, the events on the bus
 * and the messages in the outboxes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbStockRepository } from '../../functions/adapters/dynamodb/stock-repository.dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { seedOrderRequests } from '../../functions/domain/catalog/seed';
import { driveOrder } from '../../local/demo/order-driver';
import { startTestStack, type StartedStack } from './support/local-stack.fixture';

describe('the order lifecycle on the local stack', () => {
  let started: StartedStack;
  beforeAll(async () => {
    started = await startTestStack();
  });
  afterAll(() => started.stack.stop());

  const place = async (sample: keyof typeof seedOrderRequests, key: string): Promise<string> => String((await started.client.placeOrder(seedOrderRequests[sample], key)).body.orderId);
  const eventTypes = async (orderId: string): Promise<string[]> => (await started.client.events({ orderId })).map((event) => event['detail-type']);
  const timelineTypes = async (orderId: string): Promise<string[]> => (await started.client.timeline(orderId)).map((entry) => String(entry.type));

  it('takes a clean order from intake to delivery, recording who did what on the timeline and the bus', async () => {
    // Act
    const orderId = await place('oakDiningTable', 'clean-1');
    const result = await driveOrder(started.client, orderId, {});

    // Assess
    expect(result.finalStatus).toBe('delivered');
    expect(result.path).toEqual(expect.arrayContaining(['awaiting_design_approval', 'procuring', 'building', 'in_qc', 'shipping', 'delivered']));
    expect(result.order.actualCost).toMatchObject({ currency: 'EUR', cost: { totalCents: expect.any(Number) }, marginFraction: expect.any(Number) });
    // The last step publishes Order.Delivered after it stored the order as delivered, which is
    // what the driver saw: the event may land a moment later.
    await started.client.waitForEvent(orderId, 'Order.Delivered', 10_000);
    const events = await eventTypes(orderId);
    expect(events).toEqual(expect.arrayContaining(['Order.Placed', 'Order.DesignApproved', 'Order.InspectionPassed', 'Order.Delivered']));
    expect(events.indexOf('Order.Placed')).toBeLessThan(events.indexOf('Order.Delivered'));
    const timeline = await started.client.timeline(orderId);
    expect(timeline.at(0)).toMatchObject({ type: 'OrderPlaced', actor: { kind: 'customer' } });
    expect(timeline.find((entry) => entry.type === 'DesignApproved')).toMatchObject({ actor: { kind: 'approver', id: 'engineering@example.com' } });
    const emails = (await started.client.emails()).filter((email) => `${email.subject} ${email.text ?? ''}`.includes(orderId));
    expect(emails.some((email) => email.to.includes('engineering@example.com') && /\/approvals\/[A-Za-z0-9_-]+\?/.test(email.html ?? ''))).toBe(true);
    // The task token never leaves the server: not in any email, Slack message or event.
    const outbound = JSON.stringify([emails, started.stack.outboxes.slackMessages(), await started.client.events({ orderId })]);
    expect(outbound).not.toMatch(/"taskToken"|AAAA[A-Za-z0-9+/=]{200,}/);
  });

  it('loops a rejected design back through a revision, with the approver\'s comment on the timeline', async () => {
    const orderId = await place('walnutExtendingTable', 'design-1');
    const result = await driveOrder(started.client, orderId, { rejectFirstDesign: 'Legs 100 mm further in, please.' });

    expect(result.finalStatus).toBe('delivered');
    const timeline = await started.client.timeline(orderId);
    const rejected = timeline.find((entry) => entry.type === 'DesignRejected');
    expect(rejected).toMatchObject({ reason: 'Legs 100 mm further in, please.' });
    expect((await eventTypes(orderId)).filter((type) => type === 'Order.DesignApproved')).toHaveLength(1);
    expect(result.order.designRevision).toBe(2);
  });

  it('re-sources a purchase order the preferred supplier rejects to the alternate supplier', async () => {
    await started.client.supplierBehaviour('sup-steelstock', { mode: 'reject' });
    try {
      const orderId = await place('machineParts', 'resource-1');
      const result = await driveOrder(started.client, orderId, {});

      expect(result.finalStatus).toBe('delivered');
      const events = await started.client.events({ orderId });
      expect(events.map((event) => event['detail-type'])).toEqual(expect.arrayContaining(['PurchaseOrder.Rejected', 'PurchaseOrder.Resourced']));
      const purchaseOrders = (await started.client.supplierPurchaseOrders()).filter((po) => po.orderId === orderId);
      expect(purchaseOrders.find((po) => po.supplierId === 'sup-steelstock')?.sent).toEqual(['reject']);
      expect(purchaseOrders.find((po) => po.supplierId === 'sup-metallwerk')?.sent).toEqual(['acknowledge', 'ship', 'deliver']);
    } finally {
      await started.client.supplierBehaviour('sup-steelstock', { mode: 'normal' });
    }
  });

  it('sends an order that fails inspection back to rework, then ships it once it passes', async () => {
    const orderId = await place('officeShelving', 'rework-1');
    const result = await driveOrder(started.client, orderId, { failFirstInspection: true });

    expect(result.finalStatus).toBe('delivered');
    // Statuses are observed by polling, so a short-lived one (rework) may pass unseen: the timeline
    // and the events are the record.
    expect(result.order.reworkCount).toBe(1);
    const events = await eventTypes(orderId);
    expect(events.indexOf('Order.InspectionFailed')).toBeGreaterThanOrEqual(0);
    expect(events.lastIndexOf('Order.InspectionPassed')).toBeGreaterThan(events.indexOf('Order.InspectionFailed'));
  });

  it('cancels an order while procuring: open purchase orders are cancelled with their suppliers and stock reservations released', async () => {
    // Prepare: a supplier that stays silent keeps the order's POs open
    await started.client.supplierBehaviour('sup-nordic-timber', { mode: 'silent' });
    try {
      const orderId = await place('hotelFitOut', 'cancel-1');

      // Act
      const result = await driveOrder(started.client, orderId, { cancelWhileProcuring: 'The hotel postponed its refurbishment.' });

      // Assess
      expect(result.finalStatus).toBe('cancelled');
      const events = await eventTypes(orderId);
      expect(events).toEqual(expect.arrayContaining(['Order.Cancelled', 'PurchaseOrder.Cancelled']));
      const purchaseOrders = (await started.client.supplierPurchaseOrders()).filter((po) => po.orderId === orderId);
      expect(purchaseOrders.filter((po) => po.supplierId === 'sup-nordic-timber').every((po) => po.cancelled)).toBe(true);
      const dynamoDb = new DynamoDBClient({ endpoint: started.stack.endpoints.dynamoDb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const stock = new DynamoDbStockRepository({ client: createDocumentClient(dynamoDb), tableName: started.stack.app.tables[0]!.name });
      expect(await stock.listReservations(orderId)).toEqual([]);
      const executions = await started.stack.engine.call('ListExecutions', { stateMachineArn: started.stack.stateMachineArn('mto-flow-dev-order-lifecycle'), statusFilter: 'RUNNING' });
      expect((executions.executions as { name: string }[]).filter((execution) => execution.name.startsWith(orderId))).toEqual([]);
      expect(await timelineTypes(orderId)).toContain('OrderCancelled');
      dynamoDb.destroy();
    } finally {
      await started.client.supplierBehaviour('sup-nordic-timber', { mode: 'normal' });
    }
  });
});
