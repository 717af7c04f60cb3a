/**
 * API idempotency records in the single table. Claiming is one conditional put: it succeeds when
 * there is no record, the record is past its TTL (DynamoDB deletes lazily), or an in-progress claim
 * of the same request was abandoned (its lock expired). Otherwise the existing record, returned
 * with the failure, says what to answer. `completedRecordPut` is the same put of a completed
 * record, for a transaction that writes it with the effect it remembers (the order repository's).
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IdempotencyKeyReuseError, IdempotencyRecordNotInProgressError } from '../../ports/data-errors';
import type { ClaimRequest, ClaimResult, CompletedRequest, IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../ports/idempotency-store';
import { checkClaimRequest, checkStoredResponse, completedRecordOf } from '../../ports/idempotency-rules';
import { requireId } from '../../ports/repository-input-rules';
import { conditionFailureItem, isConditionalCheckFailed } from './dynamodb-errors';
import { fromItem, toItem, type Item } from './item-codec';
import { ENTITY_TYPES, idempotencyKey } from './keys';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { TTL_ATTRIBUTE } from './table-schema';

/** The key is free: no record, one past its TTL, or an abandoned in-progress claim of the same request. */
const KEY_IS_FREE = 'attribute_not_exists(#pk) OR #ttl <= :now OR (#status = :inProgress AND #lockExpiresAt <= :now AND #requestHash = :requestHash)';

/** A put of `record` that takes its key only when the key is free (ALL_OLD: a refusal returns the record there). */
function putIfKeyFree(tableName: string, record: IdempotencyRecord, nowEpochSeconds: number) {
  return {
    TableName: tableName,
    Item: toItem(record, {
      entityType: ENTITY_TYPES.idempotency,
      key: idempotencyKey(record.scope, record.key),
      extra: { [TTL_ATTRIBUTE]: record.expiresAtEpochSeconds },
    }),
    ConditionExpression: KEY_IS_FREE,
    ExpressionAttributeNames: {
      '#pk': 'pk',
      '#ttl': TTL_ATTRIBUTE,
      '#status': 'status',
      '#lockExpiresAt': 'lockExpiresAtEpochSeconds',
      '#requestHash': 'requestHash',
    },
    ExpressionAttributeValues: { ':now': nowEpochSeconds, ':inProgress': 'in-progress', ':requestHash': record.requestHash },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/**
 * The Put (for a TransactWriteItems) of `request`'s completed record, taking the key on the terms
 * of `claim`. `nowEpochSeconds` is `request.now` as checked by checkCompletedRequest.
 */
export function completedRecordPut(tableName: string, request: CompletedRequest, nowEpochSeconds: number) {
  return putIfKeyFree(tableName, completedRecordOf(request, nowEpochSeconds), nowEpochSeconds);
}

/** An idempotency record as read (or returned with a refused condition). */
export const idempotencyRecordOf = (item: Item): IdempotencyRecord => fromItem<IdempotencyRecord>(item, ENTITY_TYPES.idempotency);

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async claim(request: ClaimRequest): Promise<ClaimResult> {
    const nowEpochSeconds = checkClaimRequest(request);
    const record: IdempotencyRecord = {
      scope: request.scope,
      key: request.key,
      requestHash: request.requestHash,
      status: 'in-progress',
      createdAt: request.now,
      lockExpiresAtEpochSeconds: nowEpochSeconds + request.lockSeconds,
      expiresAtEpochSeconds: nowEpochSeconds + request.ttlSeconds,
    };
    try {
      await this.client.send(new PutCommand(putIfKeyFree(this.tableName, record, nowEpochSeconds)));
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = conditionFailureItem(error);
      if (old === undefined) return { outcome: 'in-progress' };
      const existing = idempotencyRecordOf(old);
      if (existing.requestHash !== request.requestHash) throw new IdempotencyKeyReuseError(request.scope, request.key, { cause: error });
      if (existing.status === 'completed' && existing.response !== undefined) return { outcome: 'completed', response: existing.response };
      return { outcome: 'in-progress' };
    }
  }

  public async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    requireId('scope', scope);
    requireId('key', key);
    checkStoredResponse(response);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: idempotencyKey(scope, key),
          UpdateExpression: 'SET #status = :completed, #response = :response',
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: { ':completed': 'completed', ':inProgress': 'in-progress', ':response': response },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new IdempotencyRecordNotInProgressError(scope, key, { cause: error });
      throw error;
    }
  }

  public async release(scope: string, key: string): Promise<void> {
    requireId('scope', scope);
    requireId('key', key);
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: idempotencyKey(scope, key),
          // Deleting nothing is fine; deleting a completed record would lose its response.
          ConditionExpression: 'attribute_not_exists(#pk) OR #status = :inProgress',
          ExpressionAttributeNames: { '#pk': 'pk', '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress' },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new IdempotencyRecordNotInProgressError(scope, key, { cause: error });
      throw error;
    }
  }

  public async get(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    requireId('scope', scope);
    requireId('key', key);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: idempotencyKey(scope, key), ConsistentRead: true }));
    return output.Item === undefined ? undefined : idempotencyRecordOf(output.Item);
  }
}
