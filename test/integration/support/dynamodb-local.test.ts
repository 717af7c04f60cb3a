import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';

describe('DynamoDB Local test harness', () => {
  it('answers on the endpoint the global setup provides, as the real engine (tables can be created)', async () => {
    // Prepare
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tableName = `harness-${Date.now()}`;

    // Act
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));

    // Assess
    expect(inject('dynamoDbEndpoint')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    client.destroy();
  });
});
