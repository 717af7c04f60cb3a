/**
 * Ids for new entities: a kind prefix and 100 random bits in lower-case Crockford base32
 * (`ord_7k2m...`), safe in URLs, DynamoDB keys and Step Functions execution names. For a request
 * made idempotent by a client key, `deterministicId` derives the id from the key instead, so a
 * retry after a partial failure finds the order the first attempt created.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IdGenerator, IdKind } from '../../domain/common/ids';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

const PREFIXES: Readonly<Record<IdKind, string>> = {
  order: 'ord',
  'purchase-order': 'po',
  certificate: 'coc',
  'production-order': 'prd',
};

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const randomIdGenerator: IdGenerator = {
  newId: (kind) => `${PREFIXES[kind]}_${base32(randomBytes(13), 20)}`,
};

/** The same id for the same (kind, seed), e.g. seed = the caller's scope and idempotency key. */
export function deterministicId(kind: IdKind, seed: string): string {
  return `${PREFIXES[kind]}_${base32(createHash('sha256').update(seed).digest(), 20)}`;
}
