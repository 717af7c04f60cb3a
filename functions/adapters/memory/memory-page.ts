/**
 * Pagination for the in-memory repositories, with the same contract as the DynamoDB ones: opaque
 * base64url cursors valid only for the list that issued them, `nextCursor` only when more follow.
 */
import { InvalidCursorError, InvalidRepositoryInputError } from '../../ports/data-errors';
import { checkPageSize, type Page, type PageRequest } from '../../ports/pagination';

export interface SortedEntry<T> {
  readonly sortKey: string;
  readonly value: T;
}

const CURSOR_VERSION = 1;

function encode(listId: string, after: string): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, l: listId, a: after }), 'utf8').toString('base64url');
}

function decode(cursor: string, listId: string): string {
  if (cursor.length === 0 || cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError('not a base64url string of a sensible length');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError('does not decode to JSON', { cause: error });
  }
  const fields = decoded as { v?: unknown; l?: unknown; a?: unknown } | null;
  if (typeof fields !== 'object' || fields === null || fields.v !== CURSOR_VERSION || typeof fields.a !== 'string') {
    throw new InvalidCursorError('unknown cursor format');
  }
  if (fields.l !== listId) throw new InvalidCursorError('the cursor belongs to another list');
  return fields.a;
}

/** A deep copy, so callers can never change what the repository holds. */
export const copy = <T>(value: T): T => structuredClone(value);

/** One page of `entries` (any order) sorted by sort key, ascending or descending. */
export function pageOf<T>(entries: readonly SortedEntry<T>[], listId: string, descending: boolean, page: PageRequest = {}): Page<T> {
  const size = checkPageSize(page.limit);
  if (!size.ok) throw new InvalidRepositoryInputError('limit', size.rule);
  const after = page.cursor === undefined ? undefined : decode(page.cursor, listId);
  const sorted = [...entries].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  if (descending) sorted.reverse();
  const rest = after === undefined ? sorted : sorted.filter((entry) => (descending ? entry.sortKey < after : entry.sortKey > after));
  const pageEntries = rest.slice(0, size.limit);
  const items = pageEntries.map((entry) => copy(entry.value));
  const last = pageEntries[pageEntries.length - 1];
  return rest.length > size.limit && last !== undefined ? { items, nextCursor: encode(listId, last.sortKey) } : { items };
}
