/**
 * Reading DynamoDB's refusals: which condition failed, the item that made it fail (returned with
 * ReturnValuesOnConditionCheckFailure: ALL_OLD), and transaction conflicts. Matched by `name`, not
 * by class, so errors from another copy of the SDK (or a test double) are recognised too.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Item } from './item-codec';

interface NamedError {
  readonly name: string;
}

const hasName = (error: unknown, name: string): boolean =>
  typeof error === 'object' && error !== null && (error as NamedError).name === name;

function unmarshallItem(raw: unknown): Item | undefined {
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  return unmarshall(raw as Record<string, AttributeValue>);
}

/** A single-item write's condition failed. */
export const isConditionalCheckFailed = (error: unknown): boolean => hasName(error, 'ConditionalCheckFailedException');

/** The item that failed a single-item write's condition (absent when there was no item). */
export function conditionFailureItem(error: unknown): Item | undefined {
  return unmarshallItem((error as { Item?: unknown }).Item);
}

export interface CancellationReason {
  /** 'None', 'ConditionalCheckFailed', 'TransactionConflict', 'ValidationError', ... */
  readonly code: string;
  /** The item that failed its condition, when the write asked for ALL_OLD and one existed. */
  readonly item: Item | undefined;
}

/** The per-item reasons of a cancelled transaction, in request order; undefined for other errors. */
export function cancellationReasons(error: unknown): readonly CancellationReason[] | undefined {
  if (!hasName(error, 'TransactionCanceledException')) return undefined;
  const reasons = (error as { CancellationReasons?: readonly { Code?: string; Item?: unknown }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => ({ code: reason.Code ?? 'None', item: unmarshallItem(reason.Item) }));
}

/**
 * Another transaction held one of the items: nothing was written, and trying again is safe.
 * (A single write against an item in a transaction fails with TransactionConflictException.)
 */
export function isTransactionConflict(error: unknown): boolean {
  if (hasName(error, 'TransactionConflictException')) return true;
  const reasons = cancellationReasons(error);
  return reasons !== undefined && reasons.some((reason) => reason.code === 'TransactionConflict');
}
