/**
 * Callback records: a waiting workflow step's task token, kept server-side behind an opaque
 * random id. Links, messages and webhooks carry only the id; the token never leaves the table
 * except to resume the workflow. A record can be used once.
 */
import type { CallbackPurpose, CallbackRecord } from '../domain/procurement/callback.types';
import type { WebhookReceipt } from './webhook-dedup-store';

/** What the caller provides; the repository draws the random id. */
export type NewCallback = Omit<CallbackRecord, 'callbackId' | 'completedAt' | 'attempt' | 'notifiedAt' | 'answer'>;

/**
 * One wait of a step run, as an attempt of the step opens it. Step Functions gives every attempt
 * (a Retry of the Task) a new task token, but it is still the same wait: the same callback id, the
 * same PO number the supplier quotes. The wait is named by the order, purpose, subject and the step
 * run's instant (`$$.State.EnteredTime`, the same on every retry).
 */
export interface WaitToOpen extends NewCallback {
  /** `$$.State.EnteredTime` of the waiting step run. */
  readonly stepRunAt: string;
  /** `$$.State.RetryCount` of this attempt: a higher attempt rebinds the wait to its token. */
  readonly attempt: number;
}

/**
 * What opening a wait found:
 * - `opened`: the first attempt; the record is new (tell the other side);
 * - `rebound`: a later attempt; the open wait now resumes this attempt's token;
 * - `current`: this very attempt already holds the wait (a duplicate invocation);
 * - `superseded`: a later attempt holds the wait; this attempt's token is stale;
 * - `answered`: the wait was answered already (`completedAt`, `answer`); it is not reopened.
 */
export type WaitOpening = { readonly outcome: 'opened' | 'rebound' | 'current' | 'superseded' | 'answered'; readonly record: CallbackRecord };

export interface CallbackRepository {
  /**
   * Stores the record under a fresh random id (>= 128 bits, base64url) and returns it.
   * @throws InvalidRepositoryInputError.
   */
  create(callback: NewCallback): Promise<CallbackRecord>;

  /**
   * Opens the wait of a step run, or finds it when an earlier attempt opened it: then the record
   * (same callback id) is rebound to this attempt's token if this attempt is newer and the wait is
   * not answered. One conditional write on a first open; a retry adds one conditional update.
   * @throws InvalidRepositoryInputError.
   */
  open(wait: WaitToOpen): Promise<WaitOpening>;

  /**
   * Notes that the other side was told about the wait (sets `notifiedAt` once; later calls keep the first).
   * @throws CallbackNotFoundError, InvalidRepositoryInputError.
   */
  markNotified(callbackId: string, notifiedAt: string): Promise<void>;

  /**
   * Strongly consistent; undefined when there is none (never existed, or deleted by TTL).
   * @throws InvalidRepositoryInputError when the id is not of the shape this repository issues.
   */
  get(callbackId: string): Promise<CallbackRecord | undefined>;

  /**
   * Marks the record used, once: the first call wins and gets the record (with the task token bound
   * at that moment: the live attempt's), every later call fails. `answer` (JSON-serialisable), when
   * given, is kept on the record, so a retried step whose earlier attempt was answered resumes with it.
   * `delivery`, when given, stores the webhook receipt in the same write (the delivery that
   * answered; a delivery already received fails it with WebhookAlreadyReceivedError and nothing is
   * written); `asRead` is the record as the caller read it (a rebind since is read again).
   * @throws CallbackAlreadyCompletedError, CallbackExpiredError (checked against `completedAt`),
   *   CallbackNotFoundError, WebhookAlreadyReceivedError, InvalidRepositoryInputError.
   */
  complete(callbackId: string, completedAt: string, answer?: unknown, delivery?: { readonly receipt: WebhookReceipt; readonly asRead: CallbackRecord }): Promise<CallbackRecord>;

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
