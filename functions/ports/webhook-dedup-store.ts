/**
 * Remembers which webhook deliveries were already processed (supplier systems and shop-floor
 * terminals retry deliveries), so each webhook id is acted on once.
 */

export interface WebhookReceipt {
  /** Who sent it: a supplier id, 'shop-floor', 'carrier'. Ids are unique per source only. */
  readonly source: string;
  /** The sender's delivery id (the `webhook-id` header). */
  readonly webhookId: string;
  readonly receivedAt: string;
  /** How long to remember it; longer than the sender's retry window. */
  readonly ttlSeconds: number;
}

export interface WebhookDedupStore {
  /** True the first time this (source, webhookId) is claimed; false for a redelivery. */
  claim(receipt: WebhookReceipt): Promise<boolean>;

  /** Forgets a claim whose processing failed, so the sender's retry is processed. */
  release(source: string, webhookId: string): Promise<void>;

  /**
   * Whether this delivery was acted on (a receipt within its TTL), without claiming it: a read. For
   * callers whose effect carries the receipt in its own write (`CallbackRepository.complete` with a
   * receipt), so a delivery costs no claim and a failed one no release.
   */
  seen(source: string, webhookId: string, now: string): Promise<boolean>;
}
