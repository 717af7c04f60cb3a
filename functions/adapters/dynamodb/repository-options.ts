import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * What every DynamoDB repository is built from: a document client (built once at module scope by
 * the caller, see `createDocumentClient`) and the table name (from configuration).
 */
export interface DynamoDbRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}
