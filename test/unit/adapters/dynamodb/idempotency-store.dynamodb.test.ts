import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbIdempotencyStore } from '../../../../functions/adapters/dynamodb/idempotency-store.dynamodb';
import { DynamoDbWebhookDedupStore } from '../../../../functions/adapters/dynamodb/webhook-dedup-store.dynamodb';
import { IdempotencyKeyReuseError, IdempotencyRecordNotInProgressError } from '../../../../functions/ports/data-errors';
import { failure } from '../../../contract/repositories/fixtures';
import { TABLE, conditionalCheckFailed, mockedDocumentClient, onlyInput } from './dynamodb-mock';

const NOW = '2025-03-03T08:00:00.000Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;

describe('DynamoDbIdempotencyStore', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let store: DynamoDbIdempotencyStore;
  const request = { scope: 'key-1:POST /orders', key: 'abc#1', requestHash: 'sha256:aaa', now: NOW, lockSeconds: 30, ttlSeconds: 86_400 };
  const record = {
    scope: request.scope,
    key: request.key,
    requestHash: 'sha256:aaa',
    status: 'in-progress',
    createdAt: NOW,
    lockExpiresAtEpochSeconds: NOW_SECONDS + 30,
    expiresAtEpochSeconds: NOW_SECONDS + 86_400,
  };
  const key = { pk: 'IDEMPOTENCY#key-1%3APOST%20%2Forders#abc%231', sk: 'IDEMPOTENCY' };
  const response = { statusCode: 201, headers: { location: '/orders/o-1' }, body: '{}' };

  beforeEach(() => {
    mocked = mockedDocumentClient();
    store = new DynamoDbIdempotencyStore({ client: mocked.client, tableName: TABLE });
  });

  describe('claim', () => {
    it('puts an in-progress record unless a live one exists (absent, past TTL, or an abandoned claim of the same request)', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolves({});

      // Act
      const result = await store.claim(request);

      // Assess
      expect(result).toEqual({ outcome: 'claimed' });
      expect(onlyInput(mocked.mock, PutCommand)).toEqual({
        TableName: TABLE,
        Item: { ...record, ...key, entityType: 'IdempotencyRecord', ttl: NOW_SECONDS + 86_400 },
        ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :now OR (#status = :inProgress AND #lockExpiresAt <= :now AND #requestHash = :requestHash)',
        ExpressionAttributeNames: { '#pk': 'pk', '#ttl': 'ttl', '#status': 'status', '#lockExpiresAt': 'lockExpiresAtEpochSeconds', '#requestHash': 'requestHash' },
        ExpressionAttributeValues: { ':now': NOW_SECONDS, ':inProgress': 'in-progress', ':requestHash': 'sha256:aaa' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    });

    it('answers from the existing record: in progress, completed with its response, or a reused key', async () => {
      // Prepare
      mocked.mock
        .on(PutCommand)
        .rejectsOnce(conditionalCheckFailed({ ...record, ...key, entityType: 'IdempotencyRecord' }))
        .rejectsOnce(conditionalCheckFailed({ ...record, ...key, entityType: 'IdempotencyRecord', status: 'completed', response }))
        .rejects(conditionalCheckFailed({ ...record, ...key, entityType: 'IdempotencyRecord', requestHash: 'sha256:other' }));

      // Act
      const inProgress = await store.claim(request);
      const completed = await store.claim(request);
      const reused = await failure(store.claim(request));

      // Assess
      expect(inProgress).toEqual({ outcome: 'in-progress' });
      expect(completed).toEqual({ outcome: 'completed', response });
      expect(reused).toBeInstanceOf(IdempotencyKeyReuseError);
    });

    it('refuses a lock longer than the TTL, naming the field', async () => {
      // Act
      const error = await failure(store.claim({ ...request, lockSeconds: 90_000 }));

      // Assess
      expect(error).toMatchObject({ name: 'InvalidRepositoryInputError', field: 'lockSeconds' });
    });
  });

  describe('complete and release', () => {
    it('completes only an in-progress record', async () => {
      // Prepare
      mocked.mock.on(UpdateCommand).rejects(conditionalCheckFailed());

      // Act
      const error = await failure(store.complete(request.scope, request.key, response));

      // Assess
      expect(error).toBeInstanceOf(IdempotencyRecordNotInProgressError);
      expect(onlyInput(mocked.mock, UpdateCommand)).toEqual({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET #status = :completed, #response = :response',
        ConditionExpression: '#status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: { ':completed': 'completed', ':inProgress': 'in-progress', ':response': response },
      });
    });

    it('releases only an in-progress (or absent) record', async () => {
      // Prepare
      mocked.mock.on(DeleteCommand).resolves({});

      // Act
      await store.release(request.scope, request.key);

      // Assess
      expect(onlyInput(mocked.mock, DeleteCommand)).toEqual({
        TableName: TABLE,
        Key: key,
        ConditionExpression: 'attribute_not_exists(#pk) OR #status = :inProgress',
        ExpressionAttributeNames: { '#pk': 'pk', '#status': 'status' },
        ExpressionAttributeValues: { ':inProgress': 'in-progress' },
      });
    });
  });
});

describe('DynamoDbWebhookDedupStore', () => {
  let mocked: ReturnType<typeof mockedDocumentClient>;
  let store: DynamoDbWebhookDedupStore;

  beforeEach(() => {
    mocked = mockedDocumentClient();
    store = new DynamoDbWebhookDedupStore({ client: mocked.client, tableName: TABLE });
  });

  describe('claim', () => {
    it('puts a receipt with a TTL unless a live one exists; a refusal means a redelivery', async () => {
      // Prepare
      mocked.mock.on(PutCommand).resolvesOnce({}).rejects(conditionalCheckFailed());
      const receipt = { source: 'supplier-b', webhookId: 'msg_1', receivedAt: NOW, ttlSeconds: 3600 };

      // Act
      const outcomes = [await store.claim(receipt), await store.claim(receipt)];

      // Assess
      expect(outcomes).toEqual([true, false]);
      expect(mocked.mock).toHaveReceivedNthCommandWith(PutCommand, 1, {
        TableName: TABLE,
        Item: { source: 'supplier-b', webhookId: 'msg_1', receivedAt: NOW, pk: 'WEBHOOK#supplier-b#msg_1', sk: 'WEBHOOK', entityType: 'WebhookReceipt', ttl: NOW_SECONDS + 3600 },
        ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :now',
        ExpressionAttributeNames: { '#pk': 'pk', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': NOW_SECONDS },
      });
    });
  });
});
