/**
 * Callback records in the single table: the task token behind a random id, used once. Completion
 * is one conditional update (exists, not yet completed, not expired), so of two clicks on the same
 * link exactly one gets the token. Each record has a reference (id only) in its order's item
 * collection, written in the same transaction, so the order's current wait can be found from the
 * order with a strongly consistent Query.
 *
 * A step run's wait (`open`) names its reference by the run's instant and subject, so a retried
 * attempt (new task token) finds the first attempt's record and rebinds it with one conditional
 * update: only to a newer attempt, never once answered.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallbackPurpose, CallbackRecord } from '../../domain/procurement/callback.types';
import type { CallbackRepository, NewCallback, WaitOpening, WaitToOpen } from '../../ports/callback-repository';
import {
  CallbackAlreadyCompletedError,
  CallbackAlreadyExistsError,
  CallbackExpiredError,
  CallbackNotFoundError,
} from '../../ports/data-errors';
import { checkCallbackLookup, checkNewCallback, checkWaitToOpen, rebindRefusal, requireCallbackId } from '../../ports/repository-entity-rules';
import { requireInstant } from '../../ports/repository-input-rules';
import { newCallbackId } from './callback-id';
import { cancellationReasons, conditionFailureItem, isConditionalCheckFailed } from './dynamodb-errors';
import { fromItem, toItem } from './item-codec';
import { ENTITY_TYPES, callbackKey, callbackRefKey, callbackRefPrefix, orderPk, waitRefKey } from './keys';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { TTL_ATTRIBUTE } from './table-schema';

/**
 * How long an expired or used record stays before TTL removes it: long enough to tell a late
 * clicker "this link expired / was used" rather than "unknown link".
 */
export const CALLBACK_RETENTION_SECONDS = 7 * 24 * 3600;

/** References read per Query page while looking for an order's wait (an order has a handful). */
export const CALLBACK_REF_PAGE_SIZE = 25;

/** What the order's item collection holds about a callback: where to find it, never the token. */
interface CallbackRef {
  readonly callbackId: string;
  readonly purpose: CallbackPurpose;
  readonly orderId: string;
  readonly subjectId: string;
  readonly createdAt: string;
}

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
    const ttl = { [TTL_ATTRIBUTE]: record.expiresAtEpochSeconds + CALLBACK_RETENTION_SECONDS };
    const ref: CallbackRef = { callbackId: record.callbackId, purpose: record.purpose, orderId: record.orderId, subjectId: record.subjectId, createdAt: record.createdAt };
    const notExists = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: toItem(record, { entityType: ENTITY_TYPES.callback, key: callbackKey(record.callbackId), extra: ttl }), ...notExists } },
            { Put: { TableName: this.tableName, Item: toItem(ref, { entityType: ENTITY_TYPES.callbackRef, key: callbackRefKey(ref), extra: ttl }), ...notExists } },
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.some((reason) => reason.code === 'ConditionalCheckFailed') === true) throw new CallbackAlreadyExistsError({ cause: error });
      throw error;
    }
    return record;
  }

  public async open(wait: WaitToOpen): Promise<WaitOpening> {
    checkWaitToOpen(wait);
    const { stepRunAt, ...callback } = wait;
    const record: CallbackRecord = { ...callback, callbackId: newCallbackId() };
    const ttl = { [TTL_ATTRIBUTE]: record.expiresAtEpochSeconds + CALLBACK_RETENTION_SECONDS };
    const ref: CallbackRef = { callbackId: record.callbackId, purpose: record.purpose, orderId: record.orderId, subjectId: record.subjectId, createdAt: stepRunAt };
    const notExists = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: toItem(ref, { entityType: ENTITY_TYPES.callbackRef, key: waitRefKey(wait), extra: ttl }), ...notExists, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
            { Put: { TableName: this.tableName, Item: toItem(record, { entityType: ENTITY_TYPES.callback, key: callbackKey(record.callbackId), extra: ttl }), ...notExists } },
          ],
        }),
      );
      return { outcome: 'opened', record };
    } catch (error) {
      const reasons = cancellationReasons(error);
      const refReason = reasons?.[0];
      if (refReason?.code === 'ConditionalCheckFailed' && refReason.item !== undefined) {
        const existing = fromItem<CallbackRef>(refReason.item, ENTITY_TYPES.callbackRef);
        return this.rebind(existing.callbackId, wait.taskToken, wait.attempt);
      }
      if (reasons?.some((reason) => reason.code === 'ConditionalCheckFailed') === true) throw new CallbackAlreadyExistsError({ cause: error });
      throw error;
    }
  }

  /** Hands the wait to a newer attempt's token, unless it was answered or a newer attempt holds it. */
  private async rebind(callbackId: string, taskToken: string, attempt: number): Promise<WaitOpening> {
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: callbackKey(callbackId),
          UpdateExpression: 'SET #taskToken = :taskToken, #attempt = :attempt',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#completedAt) AND (attribute_not_exists(#attempt) OR #attempt < :attempt)',
          ExpressionAttributeNames: { '#pk': 'pk', '#taskToken': 'taskToken', '#attempt': 'attempt', '#completedAt': 'completedAt' },
          ExpressionAttributeValues: { ':taskToken': taskToken, ':attempt': attempt },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'rebound', record: fromItem<CallbackRecord>(output.Attributes ?? {}, ENTITY_TYPES.callback) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = conditionFailureItem(error);
      if (old === undefined) throw new CallbackNotFoundError(callbackId, { cause: error });
      const existing = fromItem<CallbackRecord>(old, ENTITY_TYPES.callback);
      return { outcome: rebindRefusal(existing, taskToken), record: existing };
    }
  }

  public async markNotified(callbackId: string, notifiedAt: string): Promise<void> {
    requireCallbackId(callbackId);
    requireInstant('notifiedAt', notifiedAt);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: callbackKey(callbackId),
          UpdateExpression: 'SET #notifiedAt = if_not_exists(#notifiedAt, :notifiedAt)',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk', '#notifiedAt': 'notifiedAt' },
          ExpressionAttributeValues: { ':notifiedAt': notifiedAt },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new CallbackNotFoundError(callbackId, { cause: error });
      throw error;
    }
  }

  public async get(callbackId: string): Promise<CallbackRecord | undefined> {
    requireCallbackId(callbackId);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: callbackKey(callbackId), ConsistentRead: true }));
    return output.Item === undefined ? undefined : fromItem<CallbackRecord>(output.Item, ENTITY_TYPES.callback);
  }

  public async complete(callbackId: string, completedAt: string, answer?: unknown): Promise<CallbackRecord> {
    requireCallbackId(callbackId);
    const nowEpochSeconds = Math.floor(requireInstant('completedAt', completedAt) / 1000);
    const answerText = answer === undefined ? undefined : JSON.stringify(answer);
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: callbackKey(callbackId),
          UpdateExpression: answerText === undefined ? 'SET #completedAt = :completedAt' : 'SET #completedAt = :completedAt, #answer = :answer',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#completedAt) AND #expiresAt > :now',
          ExpressionAttributeNames: { '#pk': 'pk', '#completedAt': 'completedAt', '#expiresAt': 'expiresAtEpochSeconds', ...(answerText === undefined ? {} : { '#answer': 'answer' }) },
          ExpressionAttributeValues: { ':completedAt': completedAt, ':now': nowEpochSeconds, ...(answerText === undefined ? {} : { ':answer': answerText }) },
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

  public async findOpenBySubject(orderId: string, purpose: CallbackPurpose, subjectId?: string): Promise<CallbackRecord | undefined> {
    checkCallbackLookup(orderId, purpose, subjectId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': orderPk(orderId), ':prefix': callbackRefPrefix(purpose) },
          ScanIndexForward: false,
          Limit: CALLBACK_REF_PAGE_SIZE,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of output.Items ?? []) {
        const ref = fromItem<CallbackRef>(item, ENTITY_TYPES.callbackRef);
        if (subjectId !== undefined && ref.subjectId !== subjectId) continue;
        // The newest reference decides; one whose record TTL already removed is skipped.
        const record = await this.get(ref.callbackId);
        if (record !== undefined) return record.completedAt === undefined ? record : undefined;
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
    return undefined;
  }
}
