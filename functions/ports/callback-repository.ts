/**
 * Callback records: a waiting workflow step's task token, kept server-side behind an opaque
 * random id. Links, messages and webhooks carry only the id; the token never leaves the table
 * except to resume the workflow. A record can be used once.
 */
import type { CallbackPurpose, CallbackRecord } from '../domain/procurement/callback.types';

/** What the caller provides; the repository draws the random id. */
export type NewCallback = Omit<CallbackRecord, 'callbackId' | 'completedAt'>;

export interface CallbackRepository {
  /**
   * Stores the record under a fresh random id (>= 128 bits, base64url) and returns it.
   * @throws InvalidRepositoryInputError.
   */
  create(callback: NewCallback): Promise<CallbackRecord>;

  /**
   * Strongly consistent; undefined when there is none (never existed, or deleted by TTL).
   * @throws InvalidRepositoryInputError when the id is not of the shape this repository issues.
   */
  get(callbackId: string): Promise<CallbackRecord | undefined>;

  /**
   * Marks the record used, once: the first call wins and gets the record (with its task token),
   * every later call fails.
   * @throws CallbackAlreadyCompletedError, CallbackExpiredError (checked against `completedAt`),
   *   CallbackNotFoundError, InvalidRepositoryInputError.
   */
  complete(callbackId: string, completedAt: string): Promise<CallbackRecord>;

  /**
   * The wait an order is in for `purpose` (and, if given, for that subject), found from the order:
   * for callers that know the order but were given no callback id (shop-floor and QC reports are
   * keyed by order). Strongly consistent, so a wait opened a moment ago is found.
   *
   * Returns the NEWEST record for the order and purpose (ordered by `createdAt`, then id) whose
   * subject matches, if that record is not completed; undefined when there is none or the newest
   * one was already used (an older, unused record was superseded: e.g. a production wait re-opened
   * after a heartbeat timeout). An expired record is returned as is: `complete` then names it with
   * CallbackExpiredError.
   * @throws InvalidRepositoryInputError (orderId, purpose, subjectId).
   */
  findOpenBySubject(orderId: string, purpose: CallbackPurpose, subjectId?: string): Promise<CallbackRecord | undefined>;
}
