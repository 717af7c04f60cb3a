/**
 * A waiting workflow step, kept server-side: the Step Functions task token sits here behind an
 * opaque random id, so links, messages, webhooks and logs carry only the id.
 */
export type CallbackPurpose = 'approval' | 'purchase-order' | 'production' | 'inspection' | 'shipment';

export interface CallbackRecord {
  /** Opaque, random, unguessable (at least 128 bits). */
  readonly callbackId: string;
  readonly purpose: CallbackPurpose;
  readonly orderId: string;
  /** The approval, PO, production order... this wait is about. */
  readonly subjectId: string;
  /** The Step Functions task token. Never logged, never sent outside. */
  readonly taskToken: string;
  readonly createdAt: string;
  /** Epoch seconds for DynamoDB TTL; expiry is still checked in code at use. */
  readonly expiresAtEpochSeconds: number;
  /** Set once the callback has been used (single use). */
  readonly completedAt?: string;
  /**
   * Which attempt of the waiting step run holds the wait (`$$.State.RetryCount`): a retried step
   * gets a new task token and rebinds the same wait to it; an older attempt never takes it back.
   * Absent on records opened without attempts (counts as 0).
   */
  readonly attempt?: number;
  /** When the other side was told (email, PO): a retried step tells it no second time. */
  readonly notifiedAt?: string;
  /**
   * The answer the wait was completed with (JSON text), kept so a retried step whose earlier
   * attempt was answered (with a token that died with that attempt) can resume with it.
   */
  readonly answer?: string;
}
