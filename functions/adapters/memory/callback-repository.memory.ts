/** In-memory twin of the callback repository (same rules and errors as the DynamoDB one). */
import type { CallbackPurpose, CallbackRecord } from '../../domain/procurement/callback.types';
import type { CallbackRepository, NewCallback } from '../../ports/callback-repository';
import { CallbackAlreadyCompletedError, CallbackExpiredError, CallbackNotFoundError } from '../../ports/data-errors';
import { checkCallbackLookup, checkNewCallback, requireCallbackId } from '../../ports/repository-entity-rules';
import { requireInstant } from '../../ports/repository-input-rules';
import { newCallbackId } from '../dynamodb/callback-id';
import { copy } from './memory-page';

export class InMemoryCallbackRepository implements CallbackRepository {
  private readonly callbacks = new Map<string, CallbackRecord>();

  public async create(callback: NewCallback): Promise<CallbackRecord> {
    checkNewCallback(callback);
    const record: CallbackRecord = { ...copy(callback), callbackId: newCallbackId() };
    this.callbacks.set(record.callbackId, record);
    return Promise.resolve(copy(record));
  }

  public async get(callbackId: string): Promise<CallbackRecord | undefined> {
    requireCallbackId(callbackId);
    const record = this.callbacks.get(callbackId);
    return Promise.resolve(record === undefined ? undefined : copy(record));
  }

  public async complete(callbackId: string, completedAt: string): Promise<CallbackRecord> {
    requireCallbackId(callbackId);
    const nowEpochSeconds = Math.floor(requireInstant('completedAt', completedAt) / 1000);
    const record = this.callbacks.get(callbackId);
    if (record === undefined) throw new CallbackNotFoundError(callbackId);
    if (record.completedAt !== undefined) throw new CallbackAlreadyCompletedError(record.completedAt);
    if (record.expiresAtEpochSeconds <= nowEpochSeconds) throw new CallbackExpiredError(record.expiresAtEpochSeconds);
    const completed: CallbackRecord = { ...record, completedAt };
    this.callbacks.set(callbackId, completed);
    return Promise.resolve(copy(completed));
  }

  public async findOpenBySubject(orderId: string, purpose: CallbackPurpose, subjectId?: string): Promise<CallbackRecord | undefined> {
    checkCallbackLookup(orderId, purpose, subjectId);
    // The DynamoDB adapter's order: the reference sort key `<createdAt>#<callbackId>`, newest first.
    const order = (record: CallbackRecord): string => `${record.createdAt}#${record.callbackId}`;
    const newest = [...this.callbacks.values()]
      .filter((record) => record.orderId === orderId && record.purpose === purpose && (subjectId === undefined || record.subjectId === subjectId))
      .sort((a, b) => (order(a) < order(b) ? 1 : order(a) > order(b) ? -1 : 0))[0];
    return Promise.resolve(newest === undefined || newest.completedAt !== undefined ? undefined : copy(newest));
  }
}
