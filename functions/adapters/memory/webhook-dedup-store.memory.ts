/** In-memory twin of the webhook dedup store (same rules as the DynamoDB one). */
import { checkWebhookReceipt } from '../../ports/idempotency-rules';
import { requireId, requireInstant } from '../../ports/repository-input-rules';
import type { WebhookDedupStore, WebhookReceipt } from '../../ports/webhook-dedup-store';

const receiptId = (source: string, webhookId: string): string => `${source}\u0000${webhookId}`;

export class InMemoryWebhookDedupStore implements WebhookDedupStore {
  /** Expiry (epoch seconds) by receipt. */
  private readonly receipts = new Map<string, number>();

  public async claim(receipt: WebhookReceipt): Promise<boolean> {
    const nowEpochSeconds = checkWebhookReceipt(receipt);
    const id = receiptId(receipt.source, receipt.webhookId);
    const expiresAt = this.receipts.get(id);
    if (expiresAt !== undefined && expiresAt > nowEpochSeconds) return Promise.resolve(false);
    this.receipts.set(id, nowEpochSeconds + receipt.ttlSeconds);
    return Promise.resolve(true);
  }

  public async release(source: string, webhookId: string): Promise<void> {
    requireId('source', source);
    requireId('webhookId', webhookId);
    this.receipts.delete(receiptId(source, webhookId));
    return Promise.resolve();
  }

  public async seen(source: string, webhookId: string, now: string): Promise<boolean> {
    requireId('source', source);
    requireId('webhookId', webhookId);
    const nowEpochSeconds = Math.floor(requireInstant('now', now) / 1000);
    const expiresAt = this.receipts.get(receiptId(source, webhookId));
    return Promise.resolve(expiresAt !== undefined && expiresAt > nowEpochSeconds);
  }
}
