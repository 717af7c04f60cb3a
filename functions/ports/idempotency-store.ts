/**
 * Idempotency records for the API: a client's Idempotency-Key, scoped (e.g. by caller and route),
 * remembers the request's hash and, once done, the response, so a retried request gets the same
 * answer instead of a second order.
 */

/** The HTTP response replayed for a retried request. */
export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type IdempotencyStatus = 'in-progress' | 'completed';

export interface IdempotencyRecord {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly status: IdempotencyStatus;
  readonly createdAt: string;
  readonly response?: StoredResponse;
  /** Epoch seconds after which an in-progress claim is considered abandoned and may be taken over. */
  readonly lockExpiresAtEpochSeconds: number;
  /** Epoch seconds after which the record is gone (TTL). */
  readonly expiresAtEpochSeconds: number;
}

export interface ClaimRequest {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  /** The current time. */
  readonly now: string;
  /** How long an in-progress claim blocks retries before it counts as abandoned (a crashed request). */
  readonly lockSeconds: number;
  /** How long the record (and the stored response) is kept. */
  readonly ttlSeconds: number;
}

/**
 * A completed record written in the same atomic write as the effect it remembers (e.g.
 * `OrderRepository.create`'s `idempotency` option): one write instead of claim, effect, complete.
 * It takes the key on the same terms as `claim` (no record, one past its TTL, or an abandoned
 * in-progress claim of the same request); otherwise nothing is written.
 */
export interface CompletedRequest {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  /** What later requests with this key and hash get replayed. */
  readonly response: StoredResponse;
  /** The current time (ISO instant), compared with the TTL and lock of a record already there. */
  readonly now: string;
  /** How long the record (and the stored response) is kept. */
  readonly ttlSeconds: number;
}

export type ClaimResult =
  /** Go ahead: this request owns the key now. */
  | { readonly outcome: 'claimed' }
  /** The same request is being handled right now: answer 409 and let the client retry later. */
  | { readonly outcome: 'in-progress' }
  /** The same request was handled: replay this response. */
  | { readonly outcome: 'completed'; readonly response: StoredResponse };

export interface IdempotencyStore {
  /**
   * Claims the key for this request. A record past its TTL, or an abandoned in-progress claim of
   * the same request, counts as absent.
   * @throws IdempotencyKeyReuseError when the key was used for a different request hash.
   * @throws InvalidRepositoryInputError.
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;

  /**
   * Stores the response of a claimed request; later claims replay it.
   * @throws IdempotencyRecordNotInProgressError when the record is not in progress.
   */
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;

  /** Drops an in-progress claim (the request failed before any effect), so a retry starts afresh. */
  release(scope: string, key: string): Promise<void>;

  /** Strongly consistent; undefined when there is none. */
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
}
