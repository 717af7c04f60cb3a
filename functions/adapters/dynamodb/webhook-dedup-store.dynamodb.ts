/**
 * Webhook deliveries already seen, in the single table: one conditional put per delivery id, kept
 * until its TTL (a record past its TTL but not yet deleted counts as absent).
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireId } from '../../ports/repository-input-rules';
import type { WebhookDedupStore, WebhookReceipt } from '../../ports/webhook-dedup-store';
import { checkWebhookReceipt } from '../../ports/idempotency-rules';
import { isConditionalCheckFailed } from './dynamodb-errors';
import { toItem } from './item-codec';
import { ENTITY_TYPES, webhookKey } from './keys';
import type { DynamoDbRepositoryOptions } from './repository-options';
import { TTL_ATTRIBUTE } from './table-schema';

export class DynamoDbWebhookDedupStore implements WebhookDedupStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  public async claim(receipt: WebhookReceipt): Promise<boolean> {
    const nowEpochSeconds = checkWebhookReceipt(receipt);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(
            { source: receipt.source, webhookId: receipt.webhookId, receivedAt: receipt.receivedAt },
            { entityType: ENTITY_TYPES.webhook, key: webhookKey(receipt.source, receipt.webhookId), extra: { [TTL_ATTRIBUTE]: nowEpochSeconds + receipt.ttlSeconds } },
          ),
          ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#pk': 'pk', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': nowEpochSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  public async release(source: string, webhookId: string): Promise<void> {
    requireId('source', source);
    requireId('webhookId', webhookId);
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: webhookKey(source, webhookId) }));
  }
}
