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
import type { WebhookReceipt } from '../../ports/webhook-dedup-store';
import {
  CallbackAlreadyCompletedError,
  CallbackAlreadyExistsError,
  CallbackExpiredError,
  CallbackNotFoundError,
  WebhookAlreadyReceivedError,
} from '../../ports/data-errors';
import { checkCallbackLookup, checkNewCallback, checkWaitToOpen, rebindRefusal, requireCallbackId } from '../../ports/repository-entity-rules';
import { requireInstant } from '../../ports/repository-input-rules';
import { newCallbackId } from './callback-id';
import { cancellationReasons, conditionFailureItem, isConditionalCheckFailed } from './dynamodb-errors';
import { fromItem, toItem, type Item } from './item-codec';
import { ENTITY_TYPES, callbackKey, callbackRefKey, callbackRefPrefix, orderPk, waitRefKey } from './keys';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { webhookReceiptPut } from './webhook-dedup-store.dynamodb';
import { TTL_ATTRIBUTE } from './table-schema';

/**
 * How long an expired or used record stays before TTL removes it: long enough to tell a late
 * clicker "this link expired / was used" rather than "unknown link".
 */
export const CALLBACK_RETENTION_SECONDS = 7 * 24 * 3600;

/** References read per Query page while looking for an order's wait (an order has a handful). */
export const CALLBACK_REF_PAGE_SIZE = 25;

/** The conditional completion of a callback, as an UpdateItem or a transaction's Update. */
interface CompletionUpdate {
  readonly TableName: string;
  readonly Key: Record<string, string>;
  readonly UpdateExpression: string;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, unknown>;
  readonly ReturnValuesOnConditionCheckFailure: 'ALL_OLD';
}

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

  public async complete(callbackId: string, completedAt: string, answer?: unknown, delivery?: { readonly receipt: WebhookReceipt; readonly asRead: CallbackRecord }): Promise<CallbackRecord> {
    requireCallbackId(callbackId);
    const nowEpochSeconds = Math.floor(requireInstant('completedAt', completedAt) / 1000);
    const answerText = answer === undefined ? undefined : JSON.stringify(answer);
    const update = (tokenCondition: string | undefined): CompletionUpdate => ({
      TableName: this.tableName,
      Key: callbackKey(callbackId),
      UpdateExpression: answerText === undefined ? 'SET #completedAt = :completedAt' : 'SET #completedAt = :completedAt, #answer = :answer',
      ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(#completedAt) AND #expiresAt > :now${tokenCondition === undefined ? '' : ' AND #taskToken = :taskToken'}`,
      ExpressionAttributeNames: {
        '#pk': 'pk',
        '#completedAt': 'completedAt',
        '#expiresAt': 'expiresAtEpochSeconds',
        ...(answerText === undefined ? {} : { '#answer': 'answer' }),
        ...(tokenCondition === undefined ? {} : { '#taskToken': 'taskToken' }),
      },
      ExpressionAttributeValues: {
        ':completedAt': completedAt,
        ':now': nowEpochSeconds,
        ...(answerText === undefined ? {} : { ':answer': answerText }),
        ...(tokenCondition === undefined ? {} : { ':taskToken': tokenCondition }),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    });
    const refusal = (old: Item | undefined, cause: unknown): Error => {
      if (old === undefined) return new CallbackNotFoundError(callbackId, { cause });
      const existing = fromItem<CallbackRecord>(old, ENTITY_TYPES.callback);
      if (existing.completedAt !== undefined) return new CallbackAlreadyCompletedError(existing.completedAt, { cause });
      return new CallbackExpiredError(existing.expiresAtEpochSeconds, { cause });
    };
    if (delivery !== undefined) return this.completeWithReceipt(callbackId, delivery, update, refusal, answerText, completedAt);
    try {
      const output = await this.client.send(new UpdateCommand({ ...update(undefined), ReturnValues: 'ALL_NEW' }));
      return fromItem<CallbackRecord>(output.Attributes ?? {}, ENTITY_TYPES.callback);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw refusal(conditionFailureItem(error), error);
    }
  }

  /**
   * Completion and the webhook receipt in one transaction. A transaction returns no item, so the
   * token is the one the caller read, made a condition; a rebind since (a retried step) reads again.
   */
  private async completeWithReceipt(
    callbackId: string,
    delivery: { readonly receipt: WebhookReceipt; readonly asRead: CallbackRecord },
    update: (tokenCondition: string | undefined) => CompletionUpdate,
    refusal: (old: Item | undefined, cause: unknown) => Error,
    answerText: string | undefined,
    completedAt: string,
  ): Promise<CallbackRecord> {
    let asRead = delivery.asRead;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: [{ Update: update(asRead.taskToken) }, { Put: webhookReceiptPut(this.tableName, delivery.receipt) }] }));
        return { ...asRead, completedAt, ...(answerText === undefined ? {} : { answer: answerText }) };
      } catch (error) {
        const [callbackReason, receiptReason] = cancellationReasons(error) ?? [];
        if (receiptReason?.code === 'ConditionalCheckFailed') throw new WebhookAlreadyReceivedError(delivery.receipt.source, delivery.receipt.webhookId, { cause: error });
        if (callbackReason?.code !== 'ConditionalCheckFailed') throw error;
        const old = callbackReason.item;
        const current = old === undefined ? undefined : fromItem<CallbackRecord>(old, ENTITY_TYPES.callback);
        // Open and in time, but rebound to a newer attempt's token since it was read: complete that one.
        const rebound = current !== undefined && current.completedAt === undefined && current.taskToken !== asRead.taskToken && current.expiresAtEpochSeconds > Math.floor(Date.parse(completedAt) / 1000);
        if (!rebound || attempt >= 3) throw refusal(old, error);
        asRead = current;
      }
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
