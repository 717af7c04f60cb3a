/**
 * Input rules of the idempotency and webhook-dedup stores, shared by every implementation.
 * Each returns the request time in epoch seconds, which the stores compare with TTLs and locks.
 */
import { InvalidRepositoryInputError } from './data-errors';
import type { ClaimRequest, StoredResponse } from './idempotency-store';
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

export function checkWebhookReceipt(receipt: WebhookReceipt): number {
  requireId('source', receipt.source);
  requireId('webhookId', receipt.webhookId);
  requirePositiveSeconds('ttlSeconds', receipt.ttlSeconds);
  return Math.floor(requireInstant('receivedAt', receipt.receivedAt) / 1000);
}
