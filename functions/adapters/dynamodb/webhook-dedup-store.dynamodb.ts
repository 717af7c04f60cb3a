/**
 * Webhook deliveries already seen, in the single table: one conditional put per delivery id, kept
 * until its TTL (a record past its TTL but not yet deleted counts as absent).
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireId, requireInstant } from '../../ports/repository-input-rules';
import type { WebhookDedupStore, WebhookReceipt } from '../../ports/webhook-dedup-store';
import { checkWebhookReceipt } from '../../ports/idempotency-rules';
import { isConditionalCheckFailed } from './dynamodb-errors';
import { toItem, type Item } from './item-codec';
import { ENTITY_TYPES, webhookKey } from './keys';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { TTL_ATTRIBUTE } from './table-schema';

/**
 * The receipt of a delivery as a conditional put (absent, or past its TTL), for this store and for
 * writes that carry the receipt in their own transaction (`CallbackRepository.complete`).
 */
export function webhookReceiptPut(tableName: string, receipt: WebhookReceipt): { TableName: string; Item: Item; ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } {
  const nowEpochSeconds = checkWebhookReceipt(receipt);
  return {
    TableName: tableName,
    Item: toItem(
      { source: receipt.source, webhookId: receipt.webhookId, receivedAt: receipt.receivedAt },
      { entityType: ENTITY_TYPES.webhook, key: webhookKey(receipt.source, receipt.webhookId), extra: { [TTL_ATTRIBUTE]: nowEpochSeconds + receipt.ttlSeconds } },
    ),
    ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :now',
    ExpressionAttributeNames: { '#pk': 'pk', '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: { ':now': nowEpochSeconds },
  };
}

export class DynamoDbWebhookDedupStore implements WebhookDedupStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async claim(receipt: WebhookReceipt): Promise<boolean> {
    try {
      await this.client.send(new PutCommand(webhookReceiptPut(this.tableName, receipt)));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  public async seen(source: string, webhookId: string, now: string): Promise<boolean> {
    requireId('source', source);
    requireId('webhookId', webhookId);
    const nowEpochSeconds = Math.floor(requireInstant('now', now) / 1000);
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: webhookKey(source, webhookId), ConsistentRead: true, ProjectionExpression: '#ttl', ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE } }));
    const ttl: unknown = output.Item?.[TTL_ATTRIBUTE];
    return typeof ttl === 'number' && ttl > nowEpochSeconds;
  }

  public async release(source: string, webhookId: string): Promise<void> {
    requireId('source', source);
    requireId('webhookId', webhookId);
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: webhookKey(source, webhookId) }));
  }
}
