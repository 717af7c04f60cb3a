/** In-memory twin of the idempotency store (same rules and outcomes as the DynamoDB one). */
import { IdempotencyKeyReuseError, IdempotencyRecordNotInProgressError } from '../../ports/data-errors';
import { checkClaimRequest, checkStoredResponse } from '../../ports/idempotency-rules';
import type { ClaimRequest, ClaimResult, IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../ports/idempotency-store';
import { requireId } from '../../ports/repository-input-rules';
import { copy } from './memory-page';

const recordId = (scope: string, key: string): string => `${scope}\u0000${key}`;

export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  public async claim(request: ClaimRequest): Promise<ClaimResult> {
    const nowEpochSeconds = checkClaimRequest(request);
    const id = recordId(request.scope, request.key);
    const existing = this.records.get(id);
    const absent = existing === undefined || existing.expiresAtEpochSeconds <= nowEpochSeconds;
    const abandoned =
      existing !== undefined &&
      existing.status === 'in-progress' &&
      existing.lockExpiresAtEpochSeconds <= nowEpochSeconds &&
      existing.requestHash === request.requestHash;
    if (!absent && !abandoned) {
      if (existing.requestHash !== request.requestHash) throw new IdempotencyKeyReuseError(request.scope, request.key);
      if (existing.status === 'completed' && existing.response !== undefined) return Promise.resolve({ outcome: 'completed', response: copy(existing.response) });
      return Promise.resolve({ outcome: 'in-progress' });
    }
    this.records.set(id, {
      scope: request.scope,
      key: request.key,
      requestHash: request.requestHash,
      status: 'in-progress',
      createdAt: request.now,
      lockExpiresAtEpochSeconds: nowEpochSeconds + request.lockSeconds,
      expiresAtEpochSeconds: nowEpochSeconds + request.ttlSeconds,
    });
    return Promise.resolve({ outcome: 'claimed' });
  }

  public async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    requireId('scope', scope);
    requireId('key', key);
    checkStoredResponse(response);
    const existing = this.records.get(recordId(scope, key));
    if (existing?.status !== 'in-progress') throw new IdempotencyRecordNotInProgressError(scope, key);
    this.records.set(recordId(scope, key), { ...existing, status: 'completed', response: copy(response) });
    return Promise.resolve();
  }

  public async release(scope: string, key: string): Promise<void> {
    requireId('scope', scope);
    requireId('key', key);
    const existing = this.records.get(recordId(scope, key));
    if (existing === undefined) return Promise.resolve();
    if (existing.status !== 'in-progress') throw new IdempotencyRecordNotInProgressError(scope, key);
    this.records.delete(recordId(scope, key));
    return Promise.resolve();
  }

  public async get(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    requireId('scope', scope);
    requireId('key', key);
    const existing = this.records.get(recordId(scope, key));
    return Promise.resolve(existing === undefined ? undefined : copy(existing));
  }
}
