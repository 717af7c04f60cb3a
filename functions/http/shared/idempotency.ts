/**
 * Idempotency-Key semantics for POST routes: the same key and the same body replay the first
 * response (with `Idempotent-Replayed: true`); the same key with another body is a 422; a retry
 * while the first request is still running is a 409 (retry shortly). A request that fails leaves
 * no record, so its retry runs afresh.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IdempotencyStore } from '../../ports/idempotency-store';
import { IdempotencyKeySchema } from '../orders/place-order.schema';
import { ConflictError, ValidationFailedError } from './http-errors';
import { logger } from './http-logger';
import type { HttpResult } from './http-route';
import { header } from './request';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** How long a claim blocks retries before it counts as abandoned (a crashed request). */
export const IDEMPOTENCY_LOCK_SECONDS = 60;

export interface IdempotentRequest {
  /** Whose keys these are and for what: `placeOrder:{api key id}`. */
  readonly scope: string;
  readonly key: string | undefined;
  /** The parsed request; its canonical JSON is hashed, so whitespace and key order do not matter. */
  readonly body: unknown;
}

/** The Idempotency-Key header, if sent; a malformed one is a 422 naming the header. */
export function idempotencyKeyOf(event: Pick<APIGatewayProxyEvent, 'headers'>): string | undefined {
  const value = header(event, 'idempotency-key');
  if (value === undefined) {
    return undefined;
  }
  const parsed = IdempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationFailedError([{ path: 'header.Idempotency-Key', rule: 'format', message: 'Printable ASCII without spaces, 1 to 255 characters.' }]);
  }
  return parsed.data;
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function withIdempotency(store: IdempotencyStore, now: () => Date, request: IdempotentRequest, produce: () => Promise<HttpResult>): Promise<HttpResult> {
  if (request.key === undefined) {
    return produce();
  }
  const requestHash = createHash('sha256').update(canonicalJson(request.body)).digest('base64url');
  const claim = await store.claim({
    scope: request.scope,
    key: request.key,
    requestHash,
    now: now().toISOString(),
    lockSeconds: IDEMPOTENCY_LOCK_SECONDS,
    ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
  });
  if (claim.outcome === 'completed') {
    return { statusCode: claim.response.statusCode, headers: { ...claim.response.headers, 'Idempotent-Replayed': 'true' }, body: claim.response.body };
  }
  if (claim.outcome === 'in-progress') {
    throw new ConflictError('idempotency-key-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still being processed; retry in a few seconds.', {
      extensions: { retryAfterSeconds: 2 },
    });
  }
  let result: HttpResult;
  try {
    result = await produce();
  } catch (error) {
    await store.release(request.scope, request.key).catch((releaseError: unknown) => {
      // The claim then expires by itself after the lock time.
      logger.warn('Could not release an idempotency claim', { scope: request.scope, error: releaseError as Error });
    });
    throw error;
  }
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]));
  await store.complete(request.scope, request.key, { statusCode: result.statusCode, headers, body: result.body });
  return result;
}
