/** In-memory twin of the webhook dedup store (same rules as the DynamoDB one). */
import { checkWebhookReceipt } from '../../ports/idempotency-rules';
import { requireId } from '../../ports/repository-input-rules';
import type { WebhookDedupStore, WebhookReceipt } from '../../ports/webhook-dedup-store';

const receiptId = (source: string, webhookId: string): string => `${source}\u0000${webhookId}`;

export class InMemoryWebhookDedupStore implements WebhookDedupStore {
  /** Expiry (epoch seconds) by receipt. */
  private readonly seen = new Map<string, number>();

  public async claim(receipt: WebhookReceipt): Promise<boolean> {
    const nowEpochSeconds = checkWebhookReceipt(receipt);
    const id = receiptId(receipt.source, receipt.webhookId);
    const expiresAt = this.seen.get(id);
    if (expiresAt !== undefined && expiresAt > nowEpochSeconds) return Promise.resolve(false);
    this.seen.set(id, nowEpochSeconds + receipt.ttlSeconds);
    return Promise.resolve(true);
  }

  public async release(source: string, webhookId: string): Promise<void> {
    requireId('source', source);
    requireId('webhookId', webhookId);
    this.seen.delete(receiptId(source, webhookId));
    return Promise.resolve();
  }
}
