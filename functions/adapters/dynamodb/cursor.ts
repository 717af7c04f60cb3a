/**
 * Opaque pagination cursors for queries: base64url of the key where the next page starts. A
 * cursor is accepted only if it decodes to exactly the key attributes of this query, all strings,
 * in this query's partition (and under its sort-key prefix): a tampered cursor, or one handed out
 * by another list, is refused with InvalidCursorError instead of reading elsewhere.
 */
import { InvalidCursorError } from '../../ports/data-errors';
import type { Item } from './item-codec';

/** A cursor never needs more than a few key strings. */
const MAX_CURSOR_LENGTH = 2048;
const CURSOR_VERSION = 1;

export interface CursorScope {
  /** Every attribute of the start key: the table key plus, for an index query, the index key. */
  readonly keyAttributes: readonly string[];
  /** The partition key attribute queried and its value. */
  readonly partitionAttribute: string;
  readonly partitionValue: string;
  /** The sort key attribute and, for begins_with queries, the prefix every key must have. */
  readonly sortAttribute: string;
  readonly sortPrefix?: string;
}

/** The start key of the page after `item`, as a cursor. */
export function encodeCursor(item: Item, scope: CursorScope): string {
  const key: Record<string, unknown> = {};
  for (const attribute of scope.keyAttributes) key[attribute] = item[attribute];
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, k: key }), 'utf8').toString('base64url');
}

/** The start key in `cursor`, checked against the query it is used with. */
export function decodeCursor(cursor: string, scope: CursorScope): Record<string, string> {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError('not a base64url string of a sensible length');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError('does not decode to JSON', { cause: error });
  }
  if (typeof decoded !== 'object' || decoded === null || (decoded as { v?: unknown }).v !== CURSOR_VERSION) {
    throw new InvalidCursorError('unknown cursor format');
  }
  const key = (decoded as { k?: unknown }).k;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursorError('no start key');
  const entries = Object.entries(key);
  const expected = new Set(scope.keyAttributes);
  if (entries.length !== expected.size || entries.some(([name, value]) => !expected.has(name) || typeof value !== 'string')) {
    throw new InvalidCursorError('the start key does not belong to this list');
  }
  const startKey = Object.fromEntries(entries) as Record<string, string>;
  if (startKey[scope.partitionAttribute] !== scope.partitionValue) throw new InvalidCursorError('the cursor belongs to another list');
  if (scope.sortPrefix !== undefined && !(startKey[scope.sortAttribute] ?? '').startsWith(scope.sortPrefix)) {
    throw new InvalidCursorError('the cursor belongs to another list');
  }
  return startKey;
}
