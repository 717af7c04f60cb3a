/**
 * Callback records in the single table: the task token behind a random id, used once. Completion
 * is one conditional update (exists, not yet completed, not expired), so of two clicks on the same
 * link exactly one gets the token.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallbackRecord } from '../../domain/procurement/callback.types';
import type { CallbackRepository, NewCallback } from '../../ports/callback-repository';
import {
  CallbackAlreadyCompletedError,
  CallbackAlreadyExistsError,
  CallbackExpiredError,
  CallbackNotFoundError,
} from '../../ports/data-errors';
import { checkNewCallback, requireCallbackId } from '../../ports/repository-entity-rules';
import { requireInstant } from '../../ports/repository-input-rules';
import { newCallbackId } from './callback-id';
import { conditionFailureItem, isConditionalCheckFailed } from './dynamodb-errors';
import { fromItem, toItem } from './item-codec';
import { ENTITY_TYPES, callbackKey } from './keys';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { TTL_ATTRIBUTE } from './table-schema';

/**
 * How long an expired or used record stays before TTL removes it: long enough to tell a late
 * clicker "this link expired / was used" rather than "unknown link".
 */
export const CALLBACK_RETENTION_SECONDS = 7 * 24 * 3600;

export class DynamoDbCallbackRepository implements CallbackRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async create(callback: NewCallback): Promise<CallbackRecord> {
    checkNewCallback(callback);
    const record: CallbackRecord = { ...callback, callbackId: newCallbackId() };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(record, {
            entityType: ENTITY_TYPES.callback,
            key: callbackKey(record.callbackId),
            extra: { [TTL_ATTRIBUTE]: record.expiresAtEpochSeconds + CALLBACK_RETENTION_SECONDS },
          }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new CallbackAlreadyExistsError({ cause: error });
      throw error;
    }
    return record;
  }

  public async get(callbackId: string): Promise<CallbackRecord | undefined> {
    requireCallbackId(callbackId);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: callbackKey(callbackId), ConsistentRead: true }));
    return output.Item === undefined ? undefined : fromItem<CallbackRecord>(output.Item, ENTITY_TYPES.callback);
  }

  public async complete(callbackId: string, completedAt: string): Promise<CallbackRecord> {
    requireCallbackId(callbackId);
    const nowEpochSeconds = Math.floor(requireInstant('completedAt', completedAt) / 1000);
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: callbackKey(callbackId),
          UpdateExpression: 'SET #completedAt = :completedAt',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#completedAt) AND #expiresAt > :now',
          ExpressionAttributeNames: { '#pk': 'pk', '#completedAt': 'completedAt', '#expiresAt': 'expiresAtEpochSeconds' },
          ExpressionAttributeValues: { ':completedAt': completedAt, ':now': nowEpochSeconds },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromItem<CallbackRecord>(output.Attributes ?? {}, ENTITY_TYPES.callback);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = conditionFailureItem(error);
      if (old === undefined) throw new CallbackNotFoundError(callbackId, { cause: error });
      const existing = fromItem<CallbackRecord>(old, ENTITY_TYPES.callback);
      if (existing.completedAt !== undefined) throw new CallbackAlreadyCompletedError(existing.completedAt, { cause: error });
      throw new CallbackExpiredError(existing.expiresAtEpochSeconds, { cause: error });
    }
  }
}
