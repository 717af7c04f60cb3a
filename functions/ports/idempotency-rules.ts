/**
 * Input rules of the idempotency and webhook-dedup stores, shared by every implementation.
 * Each returns the request time in epoch seconds, which the stores compare with TTLs and locks.
 */
import { IdempotencyKeyInProgressError, IdempotencyKeyReuseError, IdempotentRequestCompletedError, InvalidRepositoryInputError } from './data-errors';
import type { ClaimRequest, CompletedRequest, IdempotencyRecord, StoredResponse } from './idempotency-store';
import { requireId, requireInstant } from './repository-input-rules';
import type { WebhookReceipt } from './webhook-dedup-store';

function requirePositiveSeconds(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidRepositoryInputError(field, `must be a positive whole number of seconds (got ${String(value)})`);
  }
  return value;
}

export function checkClaimRequest(request: ClaimRequest): number {
  requireId('scope', request.scope);
  requireId('key', request.key);
  requireId('requestHash', request.requestHash);
  requirePositiveSeconds('lockSeconds', request.lockSeconds);
  requirePositiveSeconds('ttlSeconds', request.ttlSeconds);
  if (request.lockSeconds > request.ttlSeconds) throw new InvalidRepositoryInputError('lockSeconds', 'must not exceed ttlSeconds');
  return Math.floor(requireInstant('now', request.now) / 1000);
}

export function checkStoredResponse(response: StoredResponse): void {
  if (!Number.isInteger(response.statusCode) || response.statusCode < 100 || response.statusCode > 599) {
    throw new InvalidRepositoryInputError('response.statusCode', `must be an HTTP status code (got ${String(response.statusCode)})`);
  }
  if (typeof response.body !== 'string') throw new InvalidRepositoryInputError('response.body', 'must be a string');
}

export function checkCompletedRequest(request: CompletedRequest): number {
  requireId('scope', request.scope);
  requireId('key', request.key);
  requireId('requestHash', request.requestHash);
  requirePositiveSeconds('ttlSeconds', request.ttlSeconds);
  checkStoredResponse(request.response);
  return Math.floor(requireInstant('now', request.now) / 1000);
}

/** The record `request` leaves: completed at once, kept `ttlSeconds` from `nowEpochSeconds` (its `now`, checked). */
export function completedRecordOf(request: CompletedRequest, nowEpochSeconds: number): IdempotencyRecord {
  return {
    scope: request.scope,
    key: request.key,
    requestHash: request.requestHash,
    status: 'completed',
    createdAt: request.now,
    response: request.response,
    // A completed record is never taken over: its lock only matters while in progress.
    lockExpiresAtEpochSeconds: nowEpochSeconds,
    expiresAtEpochSeconds: nowEpochSeconds + request.ttlSeconds,
  };
}

/**
 * Whether a request with `requestHash` may take the key at `nowEpochSeconds`: there is no record,
 * the record is past its TTL (DynamoDB deletes lazily), or it is an abandoned in-progress claim
 * (lock expired) of the same request.
 */
export function isKeyFree(existing: IdempotencyRecord | undefined, requestHash: string, nowEpochSeconds: number): boolean {
  if (existing === undefined || existing.expiresAtEpochSeconds <= nowEpochSeconds) return true;
  return existing.status === 'in-progress' && existing.lockExpiresAtEpochSeconds <= nowEpochSeconds && existing.requestHash === requestHash;
}

/**
 * Why a request with `requestHash` may not take a key `existing` holds: another request
 * (IdempotencyKeyReuseError), this request completed (IdempotentRequestCompletedError with the
 * response to replay), or this request still in progress (IdempotencyKeyInProgressError).
 */
export function keyTakenError(existing: IdempotencyRecord, requestHash: string, cause?: unknown): Error {
  const options = cause === undefined ? undefined : { cause };
  if (existing.requestHash !== requestHash) return new IdempotencyKeyReuseError(existing.scope, existing.key, options);
  if (existing.status === 'completed' && existing.response !== undefined) return new IdempotentRequestCompletedError(existing.scope, existing.key, existing.response, options);
  return new IdempotencyKeyInProgressError(existing.scope, existing.key, options);
}

export function checkWebhookReceipt(receipt: WebhookReceipt): number {
  requireId('source', receipt.source);
  requireId('webhookId', receipt.webhookId);
  requirePositiveSeconds('ttlSeconds', receipt.ttlSeconds);
  return Math.floor(requireInstant('receivedAt', receipt.receivedAt) / 1000);
}
