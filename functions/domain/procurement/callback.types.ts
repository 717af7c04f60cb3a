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
}
