/**
 * Idempotency-Key for POST routes: the header, the request's hash, and the response as stored and
 * replayed. The same key and the same body replay the first response (with
 * `Idempotent-Replayed: true`); the same key with another body is a 422. POST /orders writes the
 * completed record in the same transaction as the order (use-cases/place-order.ts), so a request
 * that fails before that write leaves no record and its retry runs afresh.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { StoredResponse } from '../../ports/idempotency-store';
import { IdempotencyKeySchema } from '../orders/place-order.schema';
import { ValidationFailedError } from './http-errors';
import type { HttpResult } from './http-route';
import { header } from './request';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

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

/** The hash a request is remembered by: of its canonical JSON, so whitespace and key order do not matter. */
export function requestHashOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('base64url');
}

/** A response as stored with an idempotency record (header values as strings). */
export function toStoredResponse(result: HttpResult): StoredResponse {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]));
  return { statusCode: result.statusCode, headers, body: result.body };
}

/** A stored response, replayed: the same status, headers and body, marked `Idempotent-Replayed: true`. */
export function replayOf(response: StoredResponse): HttpResult {
  return { statusCode: response.statusCode, headers: { ...response.headers, 'Idempotent-Replayed': 'true' }, body: response.body };
}
