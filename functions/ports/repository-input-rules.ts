/**
 * The input rules every repository implementation enforces the same way (DynamoDB and in-memory),
 * so bad input gets the same named error naming the field and the rule, before anything is written.
 */
import { InvalidRepositoryInputError } from './data-errors';
import type { TimelineEntry } from '../domain/order/order.types';

/** DynamoDB keys may be up to 1 KB (sort) / 2 KB (partition); ids stay far below, prefixes included. */
const MAX_ID_LENGTH = 256;

/** A non-empty id without control characters, of sensible length. */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidRepositoryInputError(field, 'must be a non-empty string');
  if (value.length > MAX_ID_LENGTH) throw new InvalidRepositoryInputError(field, `must be at most ${MAX_ID_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new InvalidRepositoryInputError(field, 'must not contain control characters');
  return value;
}

/** An optimistic-locking version: a positive integer. */
export function requireVersion(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidRepositoryInputError(field, `must be a positive integer (got ${String(value)})`);
  }
  return value;
}

/** New versioned entities start at version 1. */
export function requireInitialVersion(field: string, value: unknown): void {
  if (value !== 1) throw new InvalidRepositoryInputError(field, `a new item starts at version 1 (got ${String(value)})`);
}

/** A quantity of stock: a positive finite number. */
export function requirePositiveQuantity(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidRepositoryInputError(field, `must be a positive number (got ${String(value)})`);
  }
  return value;
}

/** A non-negative finite number (stock on hand, reserved). */
export function requireNonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidRepositoryInputError(field, `must be a non-negative number (got ${String(value)})`);
  }
  return value;
}

/** Epoch seconds as an integer. */
export function requireEpochSeconds(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidRepositoryInputError(field, `must be whole epoch seconds (got ${String(value)})`);
  }
  return value;
}

/** An ISO-8601 instant that parses; returns it in epoch milliseconds. */
export function requireInstant(field: string, value: unknown): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) throw new InvalidRepositoryInputError(field, `must be an ISO-8601 instant (got ${String(value)})`);
  return parsed;
}

/**
 * Timeline entries written with an order: each belongs to that order, ids are unique within the
 * write, and there are at most `max` of them.
 */
export function checkTimelineEntries(orderId: string, entries: readonly TimelineEntry[], max: number): void {
  if (entries.length > max) throw new InvalidRepositoryInputError('timelineEntries', `at most ${max} entries per write (got ${entries.length})`);
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const entryId = requireId(`timelineEntries[${index}].entryId`, entry.entryId);
    if (entry.orderId !== orderId) {
      throw new InvalidRepositoryInputError(`timelineEntries[${index}].orderId`, `must be the order's id ${orderId} (got ${String(entry.orderId)})`);
    }
    if (seen.has(entryId)) throw new InvalidRepositoryInputError(`timelineEntries[${index}].entryId`, `must be unique within the write (${entryId} repeats)`);
    seen.add(entryId);
  });
}
