import { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStockRepository } from '../../../../functions/adapters/dynamodb/stock-repository.dynamodb';
import {
  ConcurrentModificationError,
  CorruptItemError,
  InsufficientStockError,
  ReservationAlreadyExistsError,
  StockNotFoundError,
} from '../../../../functions/ports/data-errors';
import { MAX_COMPONENTS_AT_ONCE } from '../../../../functions/ports/stock-repository';
import { failure } from '../../../contract/repositories/fixtures';
import { TABLE, mockedDocumentClient, onlyInput, transactionCanceled } from './dynamodb-mock';

describe('DynamoDbStockRepository', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let repository: DynamoDbStockRepository;
  const reservation = { orderId: 'ord-1', componentId: 'oak', quantity: 3, reservedAt: '2025-03-03T08:00:00.000Z' };
  const reservationItem = { ...reservation, pk: 'ORDER#ord-1', sk: 'RESERVATION#oak', entityType: 'StockReservation' };
  const stockItem = { componentId: 'oak', onHand: 10, reserved: 8, available: 2, unit: 'm2', version: 4, pk: 'STOCK#oak', sk: 'STOCK', entityType: 'StockLevel' };

  beforeEach(() => {
    mocked = mockedDocumentClient();
    // No pauses between conflict retries in unit tests.
    repository = new DynamoDbStockRepository({ client: mocked.client, tableName: TABLE, conflictRetry: { attempts: 3, baseDelayMs: 0 } });
  });

  describe('put', () => {
    it('stores available = onHand - reserved beside the level, listed in gsi2', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});

      // Act
      await repository.put({ componentId: 'oak', onHand: 10, reserved: 8, unit: 'm2', version: 4 });

      // Assess
      expect(onlyInput(mocked.mock, PutCommand)).toEqual({ TableName: TABLE, Item: { ...stockItem, gsi2pk: 'STOCK', gsi2sk: 'oak' } });
    });
  });

  describe('reserve', () => {
    it('puts the reservation if absent and takes the quantity from available stock only if enough is available, in one transaction', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).resolves({});

      // Act
      const outcome = await repository.reserve(reservation);

      // Assess
      expect(outcome).toBe('reserved');
      expect(onlyInput(mocked.mock, TransactWriteCommand)).toEqual({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: reservationItem,
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': 'pk' },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: { pk: 'STOCK#oak', sk: 'STOCK' },
              UpdateExpression: 'SET #available = #available - :quantity, #reserved = #reserved + :quantity, #version = #version + :one',
              ConditionExpression: 'attribute_exists(#pk) AND #available >= :quantity',
              ExpressionAttributeNames: { '#pk': 'pk', '#available': 'available', '#reserved': 'reserved', '#version': 'version' },
              ExpressionAttributeValues: { ':quantity': 3, ':one': 1 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      });
    });

    it('answers already-reserved when the same reservation exists', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled({ code: 'ConditionalCheckFailed', item: reservationItem }, 'ConditionalCheckFailed'));

      // Act
      const outcome = await repository.reserve(reservation);

      // Assess
      expect(outcome).toBe('already-reserved');
    });

    it('refuses a reservation of another quantity under the same key with ReservationAlreadyExistsError', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled({ code: 'ConditionalCheckFailed', item: { ...reservationItem, quantity: 5 } }, 'None'));

      // Act
      const error = await failure(repository.reserve(reservation));

      // Assess
      expect(error).toBeInstanceOf(ReservationAlreadyExistsError);
      expect(error).toMatchObject({ existingQuantity: 5 });
    });

    it('maps a failed stock condition with the item to InsufficientStockError with the available quantity', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('None', { code: 'ConditionalCheckFailed', item: stockItem }));

      // Act
      const error = await failure(repository.reserve(reservation));

      // Assess
      expect(error).toBeInstanceOf(InsufficientStockError);
      expect(error).toMatchObject({ componentId: 'oak', requested: 3, available: 2 });
    });

    it('maps a failed stock condition without an item to StockNotFoundError', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed'));

      // Act
      const error = await failure(repository.reserve(reservation));

      // Assess
      expect(error).toBeInstanceOf(StockNotFoundError);
    });

    it('tries again after a transaction conflict', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejectsOnce(transactionCanceled('None', 'TransactionConflict')).resolves({});

      // Act
      const outcome = await repository.reserve(reservation);

      // Assess
      expect(outcome).toBe('reserved');
      expect(mocked.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    });

    it('gives up after the configured attempts with ConcurrentModificationError', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('None', 'TransactionConflict'));

      // Act
      const error = await failure(repository.reserve(reservation));

      // Assess
      expect(error).toBeInstanceOf(ConcurrentModificationError);
      expect(error).toMatchObject({ entity: 'stock', entityId: 'oak' });
      expect(mocked.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
    });

    it('refuses a non-positive quantity before sending anything', async () => {
      // Act
      const error = await failure(repository.reserve({ ...reservation, quantity: 0 }));

      // Assess
      expect(error).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'reservation.quantity' });
      expect(mocked.mock.calls()).toHaveLength(0);
    });
  });

  describe('reserveAll, consumeAll, receiveAll (all or nothing)', () => {
    const steel = { ...reservation, componentId: 'steel' };

    it("sends every component's actions in one transaction, each as the single call sends it", async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).resolves({});

      // Act
      const outcome = await repository.reserveAll([reservation, steel]);

      // Assess
      expect(outcome).toBe('done');
      const items = (onlyInput(mocked.mock, TransactWriteCommand).TransactItems ?? []) as Record<string, { Key?: unknown; Item?: { sk?: string } }>[];
      expect(items.map((item) => Object.keys(item)[0])).toEqual(['Put', 'Update', 'Put', 'Update']);
      expect(items[2]?.Put?.Item?.sk).toBe('RESERVATION#steel');
      expect(items[3]?.Update?.Key).toEqual({ pk: 'STOCK#steel', sk: 'STOCK' });
    });

    it('answers refused, writing nothing, when a condition fails or conflicts persist (two attempts)', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejectsOnce(transactionCanceled('None', 'None', 'None', 'ConditionalCheckFailed')).rejects(transactionCanceled('TransactionConflict', 'None'));

      // Act
      const short = await repository.reserveAll([reservation, steel]);
      const contended = await repository.consumeAll('ord-1', [{ componentId: 'oak', quantity: 3 }]);

      // Assess
      expect([short, contended]).toEqual(['refused', 'refused']);
      expect(mocked.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
    });

    it('throws any other failure (throttling, validation), not a refusal', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejectsOnce(transactionCanceled('ThrottlingError', 'None')).rejects(new Error('socket hang up'));

      // Act
      const throttled = await failure(repository.receiveAll([{ componentId: 'oak', quantity: 1, receiptId: 'po-1#oak' }]));
      const broken = await failure(repository.reserveAll([reservation]));

      // Assess
      expect(throttled).toMatchObject({ name: 'TransactionCanceledException' });
      expect(broken).toMatchObject({ message: 'socket hang up' });
    });

    it('refuses without a request a component named twice or more than a transaction holds; an empty list is done', async () => {
      // Act
      const twice = await repository.reserveAll([reservation, reservation]);
      const tooMany = await repository.receiveAll(Array.from({ length: MAX_COMPONENTS_AT_ONCE + 1 }, (_, index) => ({ componentId: `c-${index}`, quantity: 1, receiptId: `po-1#c-${index}` })));
      const empty = await repository.consumeAll('ord-1', []);

      // Assess
      expect([twice, tooMany, empty]).toEqual(['refused', 'refused', 'done']);
      expect(mocked.mock.calls()).toHaveLength(0);
    });
  });

  describe('release', () => {
    it('deletes the reservation read (same quantity) and gives the quantity back, in one transaction', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: reservationItem });
      mocked.mock.on(TransactWriteCommand).resolves({});

      // Act
      const outcome = await repository.release('ord-1', 'oak');

      // Assess
      expect(outcome).toBe('released');
      expect(onlyInput(mocked.mock, GetCommand)).toEqual({ TableName: TABLE, Key: { pk: 'ORDER#ord-1', sk: 'RESERVATION#oak' }, ConsistentRead: true });
      expect(onlyInput(mocked.mock, TransactWriteCommand)).toEqual({
        TransactItems: [
          {
            Delete: {
              TableName: TABLE,
              Key: { pk: 'ORDER#ord-1', sk: 'RESERVATION#oak' },
              ConditionExpression: 'attribute_exists(#pk) AND #quantity = :quantity',
              ExpressionAttributeNames: { '#pk': 'pk', '#quantity': 'quantity' },
              ExpressionAttributeValues: { ':quantity': 3 },
              // Tells a settled reservation (none) from one of another quantity.
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: { pk: 'STOCK#oak', sk: 'STOCK' },
              UpdateExpression: 'SET #available = #available + :quantity, #reserved = #reserved - :quantity, #version = #version + :one',
              ConditionExpression: 'attribute_exists(#pk) AND #reserved >= :quantity',
              ExpressionAttributeNames: { '#pk': 'pk', '#available': 'available', '#reserved': 'reserved', '#version': 'version' },
              ExpressionAttributeValues: { ':quantity': 3, ':one': 1 },
            },
          },
        ],
      });
    });

    it('answers not-reserved without writing when there is no reservation', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({});

      // Act
      const outcome = await repository.release('ord-1', 'oak');

      // Assess
      expect(outcome).toBe('not-reserved');
      expect(mocked.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
    });

    it('answers not-reserved when a concurrent release removed it first', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: reservationItem });
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

      // Act
      const outcome = await repository.release('ord-1', 'oak');

      // Assess
      expect(outcome).toBe('not-reserved');
    });

    it('names stock that cannot account for the reservation CorruptItemError', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: reservationItem });
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed'));

      // Act
      const error = await failure(repository.release('ord-1', 'oak'));

      // Assess
      expect(error).toBeInstanceOf(CorruptItemError);
    });
  });

  describe('consume and receive', () => {
    it('consumes by lowering on-hand and reserved together', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: reservationItem });
      mocked.mock.on(TransactWriteCommand).resolves({});

      // Act
      const outcome = await repository.consume('ord-1', 'oak');

      // Assess
      expect(outcome).toBe('consumed');
      expect(onlyInput(mocked.mock, TransactWriteCommand)).toMatchObject({
        TransactItems: [
          { Delete: { Key: { pk: 'ORDER#ord-1', sk: 'RESERVATION#oak' } } },
          {
            Update: {
              UpdateExpression: 'SET #onHand = #onHand - :quantity, #reserved = #reserved - :quantity, #version = #version + :one',
              ConditionExpression: 'attribute_exists(#pk) AND #reserved >= :quantity AND #onHand >= :quantity',
            },
          },
        ],
      });
    });

    it('receives once per receipt: a receipt marker put if absent, with the stock increase', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).resolvesOnce({}).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

      // Act
      const outcomes = [await repository.receive('oak', 4, 'po-7#1'), await repository.receive('oak', 4, 'po-7#1')];

      // Assess
      expect(outcomes).toEqual(['received', 'already-received']);
      expect(mocked.mock).toHaveReceivedCommandWith(TransactWriteCommand, {
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { componentId: 'oak', receiptId: 'po-7#1', quantity: 4, pk: 'STOCK#oak', sk: 'RECEIPT#po-7%231', entityType: 'StockReceipt' },
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': 'pk' },
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: { pk: 'STOCK#oak', sk: 'STOCK' },
              UpdateExpression: 'SET #onHand = #onHand + :quantity, #available = #available + :quantity, #version = #version + :one',
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: { '#pk': 'pk', '#onHand': 'onHand', '#available': 'available', '#version': 'version' },
              ExpressionAttributeValues: { ':quantity': 4, ':one': 1 },
            },
          },
        ],
      });
    });
  });

  describe('getMany', () => {
    it('asks again for keys DynamoDB left unprocessed', async () => {
      // Prepare
      mocked.mock
        .on(BatchGetCommand)
        .resolvesOnce({ Responses: { [TABLE]: [stockItem] }, UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'STOCK#ash', sk: 'STOCK' }] } } })
        .resolves({ Responses: { [TABLE]: [{ ...stockItem, componentId: 'ash', pk: 'STOCK#ash' }] } });

      // Act
      const levels = await repository.getMany(['oak', 'ash', 'oak']);

      // Assess
      expect(levels.map((level) => level.componentId)).toEqual(['oak', 'ash']);
      expect(mocked.mock).toHaveReceivedNthCommandWith(BatchGetCommand, 1, {
        RequestItems: { [TABLE]: { Keys: [{ pk: 'STOCK#oak', sk: 'STOCK' }, { pk: 'STOCK#ash', sk: 'STOCK' }], ConsistentRead: true } },
      });
      expect(mocked.mock).toHaveReceivedNthCommandWith(BatchGetCommand, 2, {
        RequestItems: { [TABLE]: { Keys: [{ pk: 'STOCK#ash', sk: 'STOCK' }], ConsistentRead: true } },
      });
      expect(levels[0]).not.toHaveProperty('available');
    });
  });
});
