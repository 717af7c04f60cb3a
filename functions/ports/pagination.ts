/**
 * Cursor pagination shared by every list in the repositories. A cursor is opaque to callers: pass
 * back `nextCursor` unchanged to get the next page. A cursor from another list, or a malformed one,
 * is refused with `InvalidCursorError`.
 */

/** Default and maximum page sizes: lists are for screens and workflow steps, never bulk export. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  /** Items per page, 1..MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page; omitted for the first page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present only when more items follow. */
  readonly nextCursor?: string;
}

/**
 * The page size a request asks for, checked: an integer in 1..MAX_PAGE_SIZE, or the default.
 * Returns the reason it is not, so each implementation throws its named error.
 */
export function checkPageSize(limit: number | undefined): { readonly ok: true; readonly limit: number } | { readonly ok: false; readonly rule: string } {
  if (limit === undefined) return { ok: true, limit: DEFAULT_PAGE_SIZE };
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return { ok: false, rule: `must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${String(limit)})` };
  }
  return { ok: true, limit };
}

/** Every item of a paginated list (small lists: an order's POs, approvals). */
export async function allPages<T>(list: (page: { limit: number; cursor?: string }) => Promise<{ readonly items: readonly T[]; readonly nextCursor?: string }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor === undefined ? { limit: MAX_PAGE_SIZE } : { limit: MAX_PAGE_SIZE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}
