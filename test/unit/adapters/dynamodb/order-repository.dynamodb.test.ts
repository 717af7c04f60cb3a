import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbOrderRepository } from '../../../../functions/adapters/dynamodb/order-repository.dynamodb';
import {
  ConcurrentModificationError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReuseError,
  IdempotentRequestCompletedError,
  InvalidCursorError,
  OrderAlreadyExistsError,
  OrderNotFoundError,
  TimelineEntryAlreadyExistsError,
} from '../../../../functions/ports/data-errors';
import { aTimelineEntry, anOrder, failure } from '../../../contract/repositories/fixtures';
import { TABLE, conditionalCheckFailed, mockedDocumentClient, onlyInput, transactionCanceled, transactionConflict } from './dynamodb-mock';

describe('DynamoDbOrderRepository', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let repository: DynamoDbOrderRepository;
  const order = anOrder({ orderId: 'ord-1', createdAt: '2025-03-03T08:00:00.000Z', customer: { customerId: 'cust-1', name: 'Ada', email: 'ada@example.com' } });
  const orderKeys = {
    pk: 'ORDER#ord-1',
    sk: 'ORDER',
    gsi1pk: 'ORDER_STATUS#received',
    gsi1sk: '2025-03-03T08:00:00.000Z#ord-1',
    gsi2pk: 'CUSTOMER#cust-1',
    gsi2sk: '2025-03-03T08:00:00.000Z#ord-1',
    entityType: 'Order',
  };
  /** The order as a document: one JSON string, with the version its writes' conditions read at the top level. */
  const documentOf = (stored: typeof order) => ({ version: stored.version, ...orderKeys, document: JSON.stringify(stored) });
  const orderItem = documentOf(order);
  const entryItem = (entry: ReturnType<typeof aTimelineEntry>) => ({ pk: 'ORDER#ord-1', sk: `TIMELINE#${entry.entryId}`, entityType: 'TimelineEntry', document: JSON.stringify(entry) });

  beforeEach(() => {
    mocked = mockedDocumentClient();
    repository = new DynamoDbOrderRepository({ client: mocked.client, tableName: TABLE });
  });

  describe('create', () => {
    it('puts the order with its index keys, on condition that no item has its key', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});

      // Act
      await repository.create(order);

      // Assess
      expect(onlyInput(mocked.mock, PutCommand)).toEqual({
        TableName: TABLE,
        Item: orderItem,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
      });
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses to store %s, which JSON would not read back the same, before any request', async (unstorable) => {
      // Act
      const error = await failure(repository.create({ ...order, quote: { ...order.quote, priceCents: unstorable } }));

      // Assess
      expect(error).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'priceCents' });
      expect(mocked.mock.calls()).toHaveLength(0);
    });

    it('writes the order and its first timeline entries in one transaction', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).resolves({});
      const entry = aTimelineEntry('ord-1', 1);

      // Act
      await repository.create(order, [entry]);

      // Assess
      expect(mocked.mock).toHaveReceivedCommandTimes(PutCommand, 0);
      expect(onlyInput(mocked.mock, TransactWriteCommand)).toEqual({
        TransactItems: [
          { Put: { TableName: TABLE, Item: orderItem, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } } },
          {
            Put: {
              TableName: TABLE,
              Item: entryItem(entry),
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': 'pk' },
            },
          },
        ],
      });
    });

    it('names a refused put OrderAlreadyExistsError, with the SDK error as cause', async () => {
      // Prepare
      const refusal = conditionalCheckFailed();
      mocked.mock.on(PutCommand).rejects(refusal);

      // Act
      const error = await failure(repository.create(order));

      // Assess
      expect(error).toBeInstanceOf(OrderAlreadyExistsError);
      expect(error).toMatchObject({ name: 'OrderAlreadyExistsError', entityId: 'ord-1', cause: refusal });
    });

    it('does not write optional fields left undefined', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});

      // Act
      await repository.create({ ...order, notes: undefined, failure: undefined });

      // Assess
      const item = onlyInput(mocked.mock, PutCommand)['Item'] as Record<string, unknown>;
      expect(Object.keys(item)).not.toContain('notes');
      expect(Object.keys(item)).not.toContain('failure');
    });
  });

  describe('create with an idempotency record', () => {
    const response = { statusCode: 201, headers: { Location: '/orders/ord-1' }, body: '{"orderId":"ord-1"}' };
    const request = { scope: 'placeOrder:shop-1', key: 'key-1', requestHash: 'hash-a', response, now: '2025-03-03T08:00:00.000Z', ttlSeconds: 3600 };
    const nowEpochSeconds = Date.parse(request.now) / 1000;
    const storedRecord = (overrides: Record<string, unknown> = {}) => ({
      pk: 'IDEMPOTENCY#placeOrder%3Ashop-1#key-1',
      sk: 'IDEMPOTENCY',
      entityType: 'IdempotencyRecord',
      scope: request.scope,
      key: request.key,
      requestHash: 'hash-a',
      status: 'completed',
      createdAt: request.now,
      response,
      lockExpiresAtEpochSeconds: nowEpochSeconds,
      expiresAtEpochSeconds: nowEpochSeconds + 3600,
      ttl: nowEpochSeconds + 3600,
      ...overrides,
    });

    it('writes the order, its entries and the completed record (last, with the claim condition and ALL_OLD) in one transaction', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).resolves({});
      const entry = aTimelineEntry('ord-1', 1);

      // Act
      await repository.create(order, [entry], { idempotency: request });

      // Assess
      expect(mocked.mock).toHaveReceivedCommandTimes(PutCommand, 0);
      const items = onlyInput(mocked.mock, TransactWriteCommand)['TransactItems'] as { Put: Record<string, unknown> }[];
      expect(items.map((item) => (item.Put['Item'] as { sk: string }).sk)).toEqual(['ORDER', `TIMELINE#${entry.entryId}`, 'IDEMPOTENCY']);
      expect(items[2]?.Put).toMatchObject({
        Item: { ...storedRecord(), pk: expect.stringMatching(/^IDEMPOTENCY#/) as unknown },
        ConditionExpression: expect.stringContaining('attribute_not_exists(#pk) OR #ttl <= :now') as unknown,
        ExpressionAttributeValues: { ':now': nowEpochSeconds, ':inProgress': 'in-progress', ':requestHash': 'hash-a' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    });

    it('names the record\'s refusal before the order\'s: the same request completed carries its response', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', { code: 'ConditionalCheckFailed', item: storedRecord() }));

      // Act
      const attempt = await failure(repository.create(order, [], { idempotency: request }));

      // Assess
      expect(attempt).toBeInstanceOf(IdempotentRequestCompletedError);
      expect((attempt as IdempotentRequestCompletedError).response).toEqual(response);
    });

    it('maps a record of another request to IdempotencyKeyReuseError, and an in-progress claim to IdempotencyKeyInProgressError', async () => {
      // Prepare
      mocked.mock
        .on(TransactWriteCommand)
        .rejectsOnce(transactionCanceled('None', { code: 'ConditionalCheckFailed', item: storedRecord({ requestHash: 'hash-b' }) }))
        .rejectsOnce(transactionCanceled('None', { code: 'ConditionalCheckFailed', item: storedRecord({ status: 'in-progress', response: undefined, lockExpiresAtEpochSeconds: nowEpochSeconds + 60 }) }));

      // Act
      const reuse = await failure(repository.create(order, [], { idempotency: request }));
      const inProgress = await failure(repository.create(order, [], { idempotency: request }));

      // Assess
      expect(reuse).toBeInstanceOf(IdempotencyKeyReuseError);
      expect(inProgress).toBeInstanceOf(IdempotencyKeyInProgressError);
    });

    it('maps a refused order whose record passed to OrderAlreadyExistsError', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

      // Act
      const attempt = await failure(repository.create(order, [], { idempotency: request }));

      // Assess
      expect(attempt).toBeInstanceOf(OrderAlreadyExistsError);
    });

    it('tries again after losing to a concurrent transaction (a duplicate in flight)', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejectsOnce(transactionCanceled('TransactionConflict', 'None')).resolves({});

      // Act
      await repository.create(order, [], { idempotency: request });

      // Assess
      expect(mocked.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    });

    it('refuses 99 timeline entries with a record (the transaction would exceed 100 items), naming the field', async () => {
      // Prepare
      const entries = Array.from({ length: 99 }, (_, index) => aTimelineEntry('ord-1', index + 1));

      // Act
      const attempt = await failure(repository.create(order, entries, { idempotency: request }));

      // Assess
      expect(attempt).toMatchObject({ name: 'InvalidRepositoryInputError' });
      expect(mocked.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
    });
  });

  describe('saveTransition', () => {
    const changed = { ...order, status: 'in_review' as const };
    const entry = aTimelineEntry('ord-1', 1);

    it('puts version expectedVersion + 1 on condition of the expected version, with the entries, in one transaction', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).resolves({});

      // Act
      const saved = await repository.saveTransition(changed, 4, [entry]);

      // Assess
      expect(saved.version).toBe(5);
      expect(onlyInput(mocked.mock, TransactWriteCommand)).toEqual({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { ...documentOf({ ...changed, version: 5 }), gsi1pk: 'ORDER_STATUS#in_review' },
              ConditionExpression: '#version = :expectedVersion',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expectedVersion': 4 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Put: {
              TableName: TABLE,
              Item: entryItem(entry),
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': 'pk' },
            },
          },
        ],
      });
    });

    it('maps a failed order condition with an old item to ConcurrentModificationError with both versions', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled({ code: 'ConditionalCheckFailed', item: { ...orderItem, version: 6 } }, 'None'));

      // Act
      const error = await failure(repository.saveTransition(changed, 4, [entry]));

      // Assess
      expect(error).toBeInstanceOf(ConcurrentModificationError);
      expect(error).toMatchObject({ orderId: 'ord-1', entity: 'order', expectedVersion: 4, actualVersion: 6 });
    });

    it('maps a failed order condition without an item to OrderNotFoundError', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

      // Act
      const error = await failure(repository.saveTransition(changed, 4, [entry]));

      // Assess
      expect(error).toBeInstanceOf(OrderNotFoundError);
    });

    it('maps a failed entry condition to TimelineEntryAlreadyExistsError naming that entry', async () => {
      // Prepare
      const second = aTimelineEntry('ord-1', 2);
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('None', 'None', 'ConditionalCheckFailed'));

      // Act
      const error = await failure(repository.saveTransition(changed, 4, [entry, second]));

      // Assess
      expect(error).toBeInstanceOf(TimelineEntryAlreadyExistsError);
      expect(error).toMatchObject({ entityId: `ord-1/${second.entryId}` });
    });

    it('maps a transaction conflict to ConcurrentModificationError', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('TransactionConflict', 'None'));

      // Act
      const error = await failure(repository.saveTransition(changed, 4, [entry]));

      // Assess
      expect(error).toBeInstanceOf(ConcurrentModificationError);
      expect(error).toMatchObject({ expectedVersion: 4, actualVersion: undefined });
    });

    it('without entries puts alone, and maps its refusal with the old item to ConcurrentModificationError', async () => {
      // Prepare
      mocked.mock.on(PutCommand).rejects(conditionalCheckFailed({ ...orderItem, version: 9 }));

      // Act
      const error = await failure(repository.update(changed, 4));

      // Assess
      expect(mocked.mock).toHaveReceivedCommandWith(PutCommand, { ConditionExpression: '#version = :expectedVersion', ExpressionAttributeValues: { ':expectedVersion': 4 } });
      expect(mocked.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
      expect(error).toMatchObject({ name: 'ConcurrentModificationError', actualVersion: 9 });
    });

    it('passes on errors it cannot name unchanged', async () => {
      // Prepare
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      mocked.mock.on(TransactWriteCommand).rejects(throttled);

      // Act
      const error = await failure(repository.saveTransition(changed, 4, [entry]));

      // Assess
      expect(error).toBe(throttled);
    });

    it('refuses an expected version that is not a positive integer before sending anything', async () => {
      // Act
      const error = await failure(repository.saveTransition(changed, 0, []));

      // Assess
      expect(error).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'expectedVersion' });
      expect(mocked.mock.calls()).toHaveLength(0);
    });
  });

  describe('appendTimeline', () => {
    it('checks that the order exists in the same transaction as the entries', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

      // Act
      const error = await failure(repository.appendTimeline('ord-1', [aTimelineEntry('ord-1', 1)]));

      // Assess
      expect(error).toBeInstanceOf(OrderNotFoundError);
      expect(onlyInput(mocked.mock, TransactWriteCommand)).toMatchObject({
        TransactItems: [
          { ConditionCheck: { TableName: TABLE, Key: { pk: 'ORDER#ord-1', sk: 'ORDER' }, ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } } },
          { Put: { ConditionExpression: 'attribute_not_exists(#pk)' } },
        ],
      });
    });
  });

  describe('reads', () => {
    it('gets the order strongly consistently and strips the storage attributes', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: orderItem });

      // Act
      const read = await repository.get('ord-1');

      // Assess
      expect(read).toEqual(order);
      expect(onlyInput(mocked.mock, GetCommand)).toEqual({ TableName: TABLE, Key: { pk: 'ORDER#ord-1', sk: 'ORDER' }, ConsistentRead: true });
    });

    it('reads an order stored before documents (its fields at the top level) the same', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: { ...order, ...orderKeys } });

      // Act
      const read = await repository.get('ord-1');

      // Assess
      expect(read).toEqual(order);
    });

    it.each([
      ['not JSON', '{"orderId":'],
      ['not a JSON object', '[1,2]'],
      ['not a string', 42],
    ])('refuses an order whose document is %s with CorruptItemError naming the item', async (_, document) => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: { ...orderItem, document } });

      // Act
      const error = await failure(repository.get('ord-1'));

      // Assess
      expect(error).toMatchObject({ name: 'CorruptItemError', message: expect.stringContaining('ORDER#ord-1/ORDER') as unknown });
    });

    it('refuses an order whose top-level version disagrees with its document (written by something else) with CorruptItemError', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: { ...orderItem, version: order.version + 1 } });

      // Act
      const error = await failure(repository.get('ord-1'));

      // Assess
      expect(error).toMatchObject({ name: 'CorruptItemError', message: expect.stringContaining('version') as unknown });
    });

    it('lists by status on gsi1, newest first, asking for one more than the page', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [orderItem] });

      // Act
      const page = await repository.listByStatus('received', { limit: 10 });

      // Assess
      expect(page).toEqual({ items: [order] });
      expect(onlyInput(mocked.mock, QueryCommand)).toEqual({
        TableName: TABLE,
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk' },
        ExpressionAttributeValues: { ':pk': 'ORDER_STATUS#received' },
        ScanIndexForward: false,
        Limit: 11,
      });
    });

    it('hands out a cursor when more items follow and turns it back into the start key', async () => {
      // Prepare
      const second = { ...documentOf({ ...order, orderId: 'ord-2' }), pk: 'ORDER#ord-2', gsi2sk: 'x#ord-2' };
      mocked.mock.on(QueryCommand).resolvesOnce({ Items: [orderItem, second] }).resolves({ Items: [second] });

      // Act
      const first = await repository.listByCustomer('cust-1', { limit: 1 });
      await repository.listByCustomer('cust-1', { limit: 1, cursor: first.nextCursor ?? '' });

      // Assess
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(mocked.mock).toHaveReceivedNthCommandWith(QueryCommand, 2, {
        IndexName: 'gsi2',
        ExclusiveStartKey: { pk: 'ORDER#ord-1', sk: 'ORDER', gsi2pk: 'CUSTOMER#cust-1', gsi2sk: '2025-03-03T08:00:00.000Z#ord-1' },
      });
    });

    it('refuses a cursor of another customer with InvalidCursorError, before querying', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [orderItem, orderItem] });
      const first = await repository.listByCustomer('cust-1', { limit: 1 });
      mocked.mock.resetHistory();

      // Act
      const error = await failure(repository.listByCustomer('cust-2', { cursor: first.nextCursor ?? '' }));

      // Assess
      expect(error).toBeInstanceOf(InvalidCursorError);
      expect(mocked.mock).toHaveReceivedCommandTimes(QueryCommand, 0);
    });

    it('reads the timeline from the order partition, oldest first, strongly consistently', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [] });

      // Act
      await repository.listTimeline('ord-1');

      // Assess
      expect(onlyInput(mocked.mock, QueryCommand)).toEqual({
        TableName: TABLE,
        ConsistentRead: true,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': 'ORDER#ord-1', ':prefix': 'TIMELINE#' },
        ScanIndexForward: true,
        Limit: 26,
      });
    });

    it('finds the entries of one write with a consistent begins_with query on their id prefix', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [] });

      // Act
      await repository.findTimelineEntries('ord-1', '2026-03-02T08:00:00.000Z#review-order#');

      // Assess
      expect(onlyInput(mocked.mock, QueryCommand)).toEqual({
        TableName: TABLE,
        ConsistentRead: true,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': 'ORDER#ord-1', ':prefix': 'TIMELINE#2026-03-02T08:00:00.000Z#review-order#' },
        ScanIndexForward: true,
      });
    });
  });

  describe('transaction conflicts outside a cancellation', () => {
    it('maps TransactionConflictException of a single put to ConcurrentModificationError', async () => {
      // Prepare
      mocked.mock.on(PutCommand).rejects(transactionConflict());

      // Act
      const error = await failure(repository.update(order, 1));

      // Assess
      expect(error).toBeInstanceOf(ConcurrentModificationError);
    });
  });
});
