/** HMAC-SHA256 and constant-time comparison, the two primitives behind every signature check here. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(key: string | Buffer, message: string | Buffer): Buffer {
  return createHmac('sha256', key).update(message).digest();
}

/**
 * Compares two strings in time independent of where they differ. Strings of different lengths are
 * unequal; the length itself is not secret (signatures have a fixed, public length).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    return false;
  }
  return timingSafeEqual(left, right);
}
