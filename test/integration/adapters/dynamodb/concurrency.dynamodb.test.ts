/**
 * What the data layer promises under concurrency, checked against the real engine (DynamoDB
 * Local): optimistic locking lets exactly one of two writers win, stock is never over-reserved,
 * failed transactions leave nothing behind, callbacks are used once, pages never repeat an order.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCallbackRepository } from '../../../../functions/adapters/dynamodb/callback-repository.dynamodb';
import { stockKey, timelineKey } from '../../../../functions/adapters/dynamodb/keys';
import { DynamoDbOrderRepository } from '../../../../functions/adapters/dynamodb/order-repository.dynamodb';
import { DynamoDbStockRepository } from '../../../../functions/adapters/dynamodb/stock-repository.dynamodb';
import {
  CallbackAlreadyCompletedError,
  ConcurrentModificationError,
  InsufficientStockError,
  TimelineEntryAlreadyExistsError,
} from '../../../../functions/ports/data-errors';
import { aNewCallback, aTimelineEntry, anOrder, collectPages, failure, instant, uniqueId } from '../../../contract/repositories/fixtures';
import { createTestTable, type TestTable } from './dynamodb-test-table';

describe('DynamoDB data layer under concurrency', () => {
  let table: TestTable;
  let orders: DynamoDbOrderRepository;
  let stock: DynamoDbStockRepository;
  let callbacks: DynamoDbCallbackRepository;

  beforeAll(async () => {
    table = await createTestTable('concurrency');
    const options = { client: table.documentClient, tableName: table.tableName };
    orders = new DynamoDbOrderRepository(options);
    stock = new DynamoDbStockRepository(options);
    callbacks = new DynamoDbCallbackRepository(options);
  });

  afterAll(async () => {
    await table.drop();
  });

  describe('optimistic locking of orders', () => {
    it('lets exactly one of two concurrent transitions win; the other gets ConcurrentModificationError', async () => {
      // Prepare
      const order = anOrder();
      await orders.create(order);

      // Act
      const results = await Promise.allSettled([
        orders.saveTransition({ ...order, status: 'in_review' }, 1, [aTimelineEntry(order.orderId, 1, { summary: 'review' })]),
        orders.saveTransition({ ...order, status: 'cancelled' }, 1, [aTimelineEntry(order.orderId, 2, { summary: 'cancel' })]),
      ]);

      // Assess
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(ConcurrentModificationError);
      expect(lost[0]).toMatchObject({ orderId: order.orderId, expectedVersion: 1 });
      const stored = await orders.get(order.orderId);
      const timeline = await orders.listTimeline(order.orderId);
      expect(stored?.version).toBe(2);
      // The timeline tells exactly the change that happened.
      expect(timeline.items).toHaveLength(1);
      expect(timeline.items[0]?.summary).toBe(stored?.status === 'in_review' ? 'review' : 'cancel');
    });

    it('lets exactly one of many concurrent writers of the same version win', async () => {
      // Prepare
      const order = anOrder();
      await orders.create(order);

      // Act
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) => orders.saveTransition({ ...order, notes: `writer ${index}` }, 1, [aTimelineEntry(order.orderId, index + 1)])),
      );

      // Assess
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((result) => result.status === 'rejected' && result.reason instanceof ConcurrentModificationError)).toHaveLength(9);
      expect((await orders.listTimeline(order.orderId)).items).toHaveLength(1);
    });
  });

  describe('atomic state change and timeline', () => {
    it('leaves neither the order change nor any timeline entry when the transaction fails', async () => {
      // Prepare
      const order = anOrder();
      const taken = aTimelineEntry(order.orderId, 2);
      await orders.create(order, [taken]);
      const fresh = aTimelineEntry(order.orderId, 1);

      // Act
      const error = await failure(orders.saveTransition({ ...order, status: 'in_review' }, 1, [fresh, taken]));

      // Assess
      expect(error).toBeInstanceOf(TimelineEntryAlreadyExistsError);
      expect(await orders.get(order.orderId)).toEqual(order);
      const freshItem = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: timelineKey(order.orderId, fresh.entryId) }));
      expect(freshItem.Item).toBeUndefined();
    });
  });

  describe('stock reservation', () => {
    it('lets exactly 20 of 50 concurrent reservations against a stock of 20 succeed, ending at 0 available', async () => {
      // Prepare
      const componentId = uniqueId('cmp');
      await stock.put({ componentId, onHand: 20, reserved: 0, unit: 'pcs', version: 1 });

      // Act
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => stock.reserve({ orderId: uniqueId('ord'), componentId, quantity: 1, reservedAt: instant(0) })),
      );

      // Assess
      const reserved = results.filter((result) => result.status === 'fulfilled' && result.value === 'reserved');
      const refused = results.filter((result) => result.status === 'rejected' && result.reason instanceof InsufficientStockError);
      expect(reserved).toHaveLength(20);
      expect(refused).toHaveLength(30);
      expect(await stock.get(componentId)).toMatchObject({ onHand: 20, reserved: 20, version: 21 });
      const raw = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: stockKey(componentId), ConsistentRead: true }));
      expect(raw.Item?.['available']).toBe(0);
    });

    it('reserves once when the same reservation is retried concurrently', async () => {
      // Prepare
      const componentId = uniqueId('cmp');
      const orderId = uniqueId('ord');
      await stock.put({ componentId, onHand: 10, reserved: 0, unit: 'pcs', version: 1 });

      // Act
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => stock.reserve({ orderId, componentId, quantity: 3, reservedAt: instant(0) })));

      // Assess
      expect(outcomes.filter((outcome) => outcome === 'reserved')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'already-reserved')).toHaveLength(7);
      expect(await stock.get(componentId)).toMatchObject({ reserved: 3 });
    });

    it('releases once when the same release is retried concurrently', async () => {
      // Prepare
      const componentId = uniqueId('cmp');
      const orderId = uniqueId('ord');
      await stock.put({ componentId, onHand: 10, reserved: 0, unit: 'pcs', version: 1 });
      await stock.reserve({ orderId, componentId, quantity: 4, reservedAt: instant(0) });

      // Act
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => stock.release(orderId, componentId)));

      // Assess
      expect(outcomes.filter((outcome) => outcome === 'released')).toHaveLength(1);
      expect(await stock.get(componentId)).toMatchObject({ onHand: 10, reserved: 0 });
    });
  });

  describe('callback records', () => {
    it('completes a callback once when many try at the same time', async () => {
      // Prepare
      const created = await callbacks.create(aNewCallback());

      // Act
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => callbacks.complete(created.callbackId, instant(index + 1))));

      // Assess
      const completed = results.filter((result) => result.status === 'fulfilled');
      expect(completed).toHaveLength(1);
      expect(results.filter((result) => result.status === 'rejected' && result.reason instanceof CallbackAlreadyCompletedError)).toHaveLength(9);
      expect((completed[0] as PromiseFulfilledResult<{ taskToken: string }>).value.taskToken).toBe(created.taskToken);
    });
  });

  describe('pagination', () => {
    it('returns each of 130 orders exactly once across pages, newest first', async () => {
      // Prepare
      const customer = { customerId: uniqueId('cust'), name: 'Many Orders Ltd', email: 'buyer@example.com' };
      const created = Array.from({ length: 130 }, (_, index) => anOrder({ customer, createdAt: instant(index) }));
      await Promise.all(created.map((order) => orders.create(order)));

      // Act
      const { items, pages } = await collectPages((cursor) => orders.listByCustomer(customer.customerId, { limit: 25, ...(cursor === undefined ? {} : { cursor }) }));

      // Assess
      expect(pages).toBe(6);
      expect(new Set(items.map((order) => order.orderId)).size).toBe(130);
      expect(items.map((order) => order.orderId)).toEqual(created.map((order) => order.orderId).reverse());
    });
  });
});
