/**
 * In-memory twin of the idempotency store (same rules and outcomes as the DynamoDB one). The
 * in-memory order repository built with it (`new InMemoryOrderRepository({ idempotency })`) writes
 * completed records with orders through `takeKeyCompleted`, as the DynamoDB one writes them in the
 * order's transaction: both live in one table there.
 */
import { IdempotencyKeyReuseError, IdempotencyRecordNotInProgressError } from '../../ports/data-errors';
import { checkClaimRequest, checkStoredResponse, completedRecordOf, isKeyFree, keyTakenError } from '../../ports/idempotency-rules';
import type { ClaimRequest, ClaimResult, CompletedRequest, IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../ports/idempotency-store';
import { requireId } from '../../ports/repository-input-rules';
import { copy } from './memory-page';

const recordId = (scope: string, key: string): string => `${scope}\u0000${key}`;

export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  public async claim(request: ClaimRequest): Promise<ClaimResult> {
    const nowEpochSeconds = checkClaimRequest(request);
    const id = recordId(request.scope, request.key);
    const existing = this.records.get(id);
    if (existing !== undefined && !isKeyFree(existing, request.requestHash, nowEpochSeconds)) {
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

  /**
   * Checks that `request` may take its key (throws what `OrderRepository.create` documents when
   * not) and returns the completed record's write, for the caller to run once its own checks pass.
   * Synchronous, so a caller's check-then-write does not yield: atomic, like one transaction.
   */
  public takeKeyCompleted(request: CompletedRequest, nowEpochSeconds: number): () => void {
    const id = recordId(request.scope, request.key);
    const existing = this.records.get(id);
    if (existing !== undefined && !isKeyFree(existing, request.requestHash, nowEpochSeconds)) throw keyTakenError(copy(existing), request.requestHash);
    const record = completedRecordOf(copy(request), nowEpochSeconds);
    return () => {
      this.records.set(id, record);
    };
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
