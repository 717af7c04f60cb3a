import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK_RETENTION_SECONDS, DynamoDbCallbackRepository } from '../../../../functions/adapters/dynamodb/callback-repository.dynamodb';
import { CallbackAlreadyCompletedError, CallbackAlreadyExistsError, CallbackExpiredError, CallbackNotFoundError } from '../../../../functions/ports/data-errors';
import { aNewCallback, failure } from '../../../contract/repositories/fixtures';
import { TABLE, conditionalCheckFailed, mockedDocumentClient, onlyInput, transactionCanceled } from './dynamodb-mock';

describe('DynamoDbCallbackRepository', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let repository: DynamoDbCallbackRepository;
  const callback = aNewCallback({ taskToken: 'secret-task-token', expiresAtEpochSeconds: 1_741_000_000 });
  const callbackId = 'abcdefghijklmnopqrstuvwxyzABCDEF';
  const storedItem = { ...callback, callbackId, pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK', entityType: 'Callback', ttl: 1_741_000_000 + CALLBACK_RETENTION_SECONDS };

  beforeEach(() => {
    mocked = mockedDocumentClient();
    repository = new DynamoDbCallbackRepository({ client: mocked.client, tableName: TABLE });
  });

  describe('create', () => {
    it('stores the token under a fresh 192-bit base64url id with a TTL past the expiry, and a reference in the order collection, in one transaction', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).resolves({});
      const ttl = 1_741_000_000 + CALLBACK_RETENTION_SECONDS;

      // Act
      const created = await repository.create(callback);

      // Assess
      expect(created.callbackId).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const notExists = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } };
      expect(onlyInput(mocked.mock, TransactWriteCommand)).toEqual({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { ...callback, callbackId: created.callbackId, pk: `CALLBACK#${created.callbackId}`, sk: 'CALLBACK', entityType: 'Callback', ttl }, ...notExists } },
          {
            Put: {
              TableName: TABLE,
              Item: {
                callbackId: created.callbackId,
                purpose: callback.purpose,
                orderId: callback.orderId,
                subjectId: callback.subjectId,
                createdAt: callback.createdAt,
                pk: `ORDER#${callback.orderId}`,
                sk: `CALLBACK#${callback.purpose}#${callback.createdAt}#${created.callbackId}`,
                entityType: 'CallbackRef',
                ttl,
              },
              ...notExists,
            },
          },
        ],
      });
      expect(JSON.stringify(onlyInput(mocked.mock, TransactWriteCommand).TransactItems).match(/secret-task-token/g)).toHaveLength(1);
    });

    it('names an id collision with CallbackAlreadyExistsError', async () => {
      // Prepare
      mocked.mock.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

      // Act
      const error = await failure(repository.create(callback));

      // Assess
      expect(error).toBeInstanceOf(CallbackAlreadyExistsError);
    });

    it('refuses an empty task token without echoing anything of it', async () => {
      // Act
      const error = await failure(repository.create({ ...callback, taskToken: '' }));

      // Assess
      expect(error).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'callback.taskToken' });
      expect(mocked.mock.calls()).toHaveLength(0);
    });
  });

  describe('complete', () => {
    it('sets completedAt on condition it exists, was not completed and has not expired', async () => {
      // Prepare
      mocked.mock.on(UpdateCommand).resolves({ Attributes: { ...storedItem, completedAt: '2025-03-03T08:00:00.000Z' } });

      // Act
      const completed = await repository.complete(callbackId, '2025-03-03T08:00:00.000Z');

      // Assess
      expect(completed).toEqual({ ...callback, callbackId, completedAt: '2025-03-03T08:00:00.000Z' });
      expect(onlyInput(mocked.mock, UpdateCommand)).toEqual({
        TableName: TABLE,
        Key: { pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' },
        UpdateExpression: 'SET #completedAt = :completedAt',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#completedAt) AND #expiresAt > :now',
        ExpressionAttributeNames: { '#pk': 'pk', '#completedAt': 'completedAt', '#expiresAt': 'expiresAtEpochSeconds' },
        ExpressionAttributeValues: { ':completedAt': '2025-03-03T08:00:00.000Z', ':now': Date.parse('2025-03-03T08:00:00.000Z') / 1000 },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    });

    it('tells used, expired and unknown callbacks apart from the old item', async () => {
      // Prepare
      mocked.mock
        .on(UpdateCommand)
        .rejectsOnce(conditionalCheckFailed({ ...storedItem, completedAt: '2025-03-01T00:00:00.000Z' }))
        .rejectsOnce(conditionalCheckFailed(storedItem))
        .rejects(conditionalCheckFailed());

      // Act
      const used = await failure(repository.complete(callbackId, '2025-03-03T08:00:00.000Z'));
      const expired = await failure(repository.complete(callbackId, '2025-03-03T08:00:00.000Z'));
      const unknown = await failure(repository.complete(callbackId, '2025-03-03T08:00:00.000Z'));

      // Assess
      expect(used).toBeInstanceOf(CallbackAlreadyCompletedError);
      expect(used).toMatchObject({ completedAt: '2025-03-01T00:00:00.000Z' });
      expect(expired).toBeInstanceOf(CallbackExpiredError);
      expect(unknown).toBeInstanceOf(CallbackNotFoundError);
      expect(String((unknown as Error).message)).not.toContain(callbackId);
    });
  });

  describe('get', () => {
    it('reads strongly consistently and refuses an id of the wrong shape before any lookup', async () => {
      // Prepare
      mocked.mock.on(GetCommand).resolves({ Item: storedItem });

      // Act
      const read = await repository.get(callbackId);
      const malformed = await failure(repository.get('short'));

      // Assess
      expect(read).toEqual({ ...callback, callbackId });
      expect(onlyInput(mocked.mock, GetCommand)).toEqual({ TableName: TABLE, Key: { pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' }, ConsistentRead: true });
      expect(malformed).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'callbackId' });
    });
  });

  describe('findOpenBySubject', () => {
    const orderId = callback.orderId;
    const ref = (id: string, subjectId: string, createdAt: string) => ({
      callbackId: id,
      purpose: 'production',
      orderId,
      subjectId,
      createdAt,
      pk: `ORDER#${orderId}`,
      sk: `CALLBACK#production#${createdAt}#${id}`,
      entityType: 'CallbackRef',
    });
    const otherId = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvu';

    it('queries the order collection consistently, newest first, and reads the matching record', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [ref(otherId, 'production-1', '2025-03-02T00:00:00.000Z'), ref(callbackId, 'production-0', '2025-03-01T00:00:00.000Z')] });
      mocked.mock.on(GetCommand).resolves({ Item: storedItem });

      // Act
      const found = await repository.findOpenBySubject(orderId, 'production', 'production-0');

      // Assess
      expect(found).toEqual({ ...callback, callbackId });
      expect(onlyInput(mocked.mock, QueryCommand)).toEqual({
        TableName: TABLE,
        ConsistentRead: true,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': `ORDER#${orderId}`, ':prefix': 'CALLBACK#production#' },
        ScanIndexForward: false,
        Limit: 25,
      });
      expect(onlyInput(mocked.mock, GetCommand)).toEqual({ TableName: TABLE, Key: { pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' }, ConsistentRead: true });
    });

    it('follows the next page and skips a reference whose record is gone', async () => {
      // Prepare
      mocked.mock
        .on(QueryCommand)
        .resolvesOnce({ Items: [ref(otherId, 'production-0', '2025-03-02T00:00:00.000Z')], LastEvaluatedKey: { pk: `ORDER#${orderId}`, sk: 'x' } })
        .resolvesOnce({ Items: [ref(callbackId, 'production-0', '2025-03-01T00:00:00.000Z')] });
      mocked.mock.on(GetCommand, { Key: { pk: `CALLBACK#${otherId}`, sk: 'CALLBACK' } }).resolves({}).on(GetCommand, { Key: { pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' } }).resolves({ Item: storedItem });

      // Act
      const found = await repository.findOpenBySubject(orderId, 'production');

      // Assess
      expect(found?.callbackId).toBe(callbackId);
      expect(mocked.mock).toHaveReceivedNthCommandWith(QueryCommand, 2, { ExclusiveStartKey: { pk: `ORDER#${orderId}`, sk: 'x' } });
    });

    it('answers undefined when the newest matching record was used, without looking further back', async () => {
      // Prepare
      mocked.mock.on(QueryCommand).resolves({ Items: [ref(callbackId, 'production-0', '2025-03-02T00:00:00.000Z'), ref(otherId, 'production-0', '2025-03-01T00:00:00.000Z')] });
      mocked.mock.on(GetCommand).resolves({ Item: { ...storedItem, completedAt: '2025-03-02T01:00:00.000Z' } });

      // Act
      const found = await repository.findOpenBySubject(orderId, 'production');

      // Assess
      expect(found).toBeUndefined();
      expect(mocked.mock.commandCalls(GetCommand)).toHaveLength(1);
    });
  });
});
