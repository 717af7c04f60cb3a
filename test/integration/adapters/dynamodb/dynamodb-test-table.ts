/**
 * A fresh table in the DynamoDB Local of this test run, created from the real schema: each test
 * file gets its own, so files run in parallel without seeing each other's items.
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient } from '../../../../functions/adapters/dynamodb/document-client';
import { ensureTable } from '../../../../functions/adapters/dynamodb/ensure-table';

export interface TestTable {
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  drop(): Promise<void>;
}

export async function createTestTable(purpose: string): Promise<TestTable> {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // Concurrency tests fire dozens of requests at once: no retries hiding a conflict.
    maxAttempts: 1,
  });
  const tableName = `${purpose}-${randomUUID()}`;
  await ensureTable(client, tableName);
  return {
    client,
    documentClient: createDocumentClient(client),
    tableName,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
