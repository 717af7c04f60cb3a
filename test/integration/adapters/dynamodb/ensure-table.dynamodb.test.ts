/** The table the repositories expect, created from TABLE_SCHEMA on the real engine. */
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../../../functions/adapters/dynamodb/ensure-table';
import { TABLE_SCHEMA } from '../../../../functions/adapters/dynamodb/table-schema';

describe('ensureTable', () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  afterAll(() => {
    client.destroy();
  });

  describe('on a fresh engine', () => {
    it('creates the table with the schema keys, both GSIs and TTL, and is harmless when repeated', async () => {
      // Prepare
      const tableName = `ensure-${randomUUID()}`;

      // Act
      await Promise.all([ensureTable(client, tableName), ensureTable(client, tableName)]);
      await ensureTable(client, tableName);
      const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));

      // Assess
      expect(table?.TableStatus).toBe('ACTIVE');
      expect(table?.KeySchema).toEqual([
        { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(TABLE_SCHEMA.globalSecondaryIndexes.map((index) => index.indexName).sort());
      expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: TABLE_SCHEMA.timeToLiveAttribute });
      expect(['ENABLED', 'ENABLING']).toContain(ttl.TimeToLiveDescription?.TimeToLiveStatus);
    });
  });
});
