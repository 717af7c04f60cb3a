/** In-memory twin of the callback repository (same rules and errors as the DynamoDB one). */
import type { CallbackPurpose, CallbackRecord } from '../../domain/procurement/callback.types';
import type { CallbackRepository, NewCallback, WaitOpening, WaitToOpen } from '../../ports/callback-repository';
import { CallbackAlreadyCompletedError, CallbackExpiredError, CallbackNotFoundError, InvalidRepositoryInputError, WebhookAlreadyReceivedError } from '../../ports/data-errors';
import { checkWebhookReceipt } from '../../ports/idempotency-rules';
import type { WebhookDedupStore, WebhookReceipt } from '../../ports/webhook-dedup-store';
import { checkCallbackLookup, checkNewCallback, checkWaitToOpen, rebindRefusal, requireCallbackId } from '../../ports/repository-entity-rules';
import { requireInstant } from '../../ports/repository-input-rules';
import { newCallbackId } from '../dynamodb/callback-id';
import { copy } from './memory-page';

export class InMemoryCallbackRepository implements CallbackRepository {
  /** `receipts`: the dedup store whose receipts `complete` writes with a delivery (the same table on DynamoDB). */
  public constructor(private readonly options: { readonly receipts?: WebhookDedupStore } = {}) {}

  private readonly callbacks = new Map<string, CallbackRecord>();
  /** The DynamoDB adapter's reference sort order per record: `<createdAt>#<id>`, or `<stepRunAt>#W#<subject>` for a step run's wait. */
  private readonly sortKeys = new Map<string, string>();
  /** Step runs' waits: `<orderId>|<purpose>|<stepRunAt>|<subjectId>` -> callback id. */
  private readonly waits = new Map<string, string>();

  public async create(callback: NewCallback): Promise<CallbackRecord> {
    checkNewCallback(callback);
    const record: CallbackRecord = { ...copy(callback), callbackId: newCallbackId() };
    this.callbacks.set(record.callbackId, record);
    this.sortKeys.set(record.callbackId, `${record.createdAt}#${record.callbackId}`);
    return Promise.resolve(copy(record));
  }

  public async open(wait: WaitToOpen): Promise<WaitOpening> {
    checkWaitToOpen(wait);
    const { stepRunAt, ...callback } = copy(wait);
    const waitName = [wait.orderId, wait.purpose, stepRunAt, wait.subjectId].join('|');
    const existingId = this.waits.get(waitName);
    const existing = existingId === undefined ? undefined : this.callbacks.get(existingId);
    if (existing === undefined) {
      const record: CallbackRecord = { ...callback, callbackId: newCallbackId() };
      this.callbacks.set(record.callbackId, record);
      this.sortKeys.set(record.callbackId, `${stepRunAt}#W#${encodeURIComponent(wait.subjectId)}`);
      this.waits.set(waitName, record.callbackId);
      return Promise.resolve({ outcome: 'opened', record: copy(record) });
    }
    if (existing.completedAt === undefined && (existing.attempt ?? 0) < wait.attempt) {
      const rebound: CallbackRecord = { ...existing, taskToken: wait.taskToken, attempt: wait.attempt };
      this.callbacks.set(rebound.callbackId, rebound);
      return Promise.resolve({ outcome: 'rebound', record: copy(rebound) });
    }
    return Promise.resolve({ outcome: rebindRefusal(existing, wait.taskToken), record: copy(existing) });
  }

  public async markNotified(callbackId: string, notifiedAt: string): Promise<void> {
    requireCallbackId(callbackId);
    requireInstant('notifiedAt', notifiedAt);
    const record = this.callbacks.get(callbackId);
    if (record === undefined) throw new CallbackNotFoundError(callbackId);
    if (record.notifiedAt === undefined) this.callbacks.set(callbackId, { ...record, notifiedAt });
    return Promise.resolve();
  }

  public async get(callbackId: string): Promise<CallbackRecord | undefined> {
    requireCallbackId(callbackId);
    const record = this.callbacks.get(callbackId);
    return Promise.resolve(record === undefined ? undefined : copy(record));
  }

  public async complete(callbackId: string, completedAt: string, answer?: unknown, delivery?: { readonly receipt: WebhookReceipt; readonly asRead: CallbackRecord }): Promise<CallbackRecord> {
    requireCallbackId(callbackId);
    const nowEpochSeconds = Math.floor(requireInstant('completedAt', completedAt) / 1000);
    if (delivery === undefined) return Promise.resolve(this.completeNow(callbackId, completedAt, nowEpochSeconds, answer));
    checkWebhookReceipt(delivery.receipt);
    // All or nothing, as the DynamoDB transaction: the receipt first (a redelivery is a duplicate
    // whatever the wait's state), given back when the wait cannot be completed.
    const receipts = this.requireReceipts();
    if (!(await receipts.claim(delivery.receipt))) throw new WebhookAlreadyReceivedError(delivery.receipt.source, delivery.receipt.webhookId);
    try {
      return this.completeNow(callbackId, completedAt, nowEpochSeconds, answer);
    } catch (error) {
      await receipts.release(delivery.receipt.source, delivery.receipt.webhookId);
      throw error;
    }
  }

  /** Checks and marks the record used with no await in between (one caller wins). */
  private completeNow(callbackId: string, completedAt: string, nowEpochSeconds: number, answer: unknown): CallbackRecord {
    const record = this.callbacks.get(callbackId);
    if (record === undefined) throw new CallbackNotFoundError(callbackId);
    if (record.completedAt !== undefined) throw new CallbackAlreadyCompletedError(record.completedAt);
    if (record.expiresAtEpochSeconds <= nowEpochSeconds) throw new CallbackExpiredError(record.expiresAtEpochSeconds);
    const completed: CallbackRecord = { ...record, completedAt, ...(answer === undefined ? {} : { answer: JSON.stringify(answer) }) };
    this.callbacks.set(callbackId, completed);
    return copy(completed);
  }

  private requireReceipts(): WebhookDedupStore {
    if (this.options.receipts === undefined) throw new InvalidRepositoryInputError('delivery', 'needs the repository built with a receipts store');
    return this.options.receipts;
  }

  public async findOpenBySubject(orderId: string, purpose: CallbackPurpose, subjectId?: string): Promise<CallbackRecord | undefined> {
    checkCallbackLookup(orderId, purpose, subjectId);
    // The DynamoDB adapter's order: the reference sort key, newest first.
    const order = (record: CallbackRecord): string => this.sortKeys.get(record.callbackId) ?? '';
    const newest = [...this.callbacks.values()]
      .filter((record) => record.orderId === orderId && record.purpose === purpose && (subjectId === undefined || record.subjectId === subjectId))
      .sort((a, b) => (order(a) < order(b) ? 1 : order(a) > order(b) ? -1 : 0))[0];
    return Promise.resolve(newest === undefined || newest.completedAt !== undefined ? undefined : copy(newest));
  }
}
