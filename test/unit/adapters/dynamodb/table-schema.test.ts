import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ResourceNotFoundException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '../../../../functions/adapters/dynamodb/ensure-table';
import { GSI1, GSI2, TABLE_SCHEMA, TTL_ATTRIBUTE, createTableInput } from '../../../../functions/adapters/dynamodb/table-schema';
import { failure } from '../../../contract/repositories/fixtures';
import { onlyInput } from './dynamodb-mock';

describe('table schema', () => {
  describe('TABLE_SCHEMA', () => {
    it('describes string keys pk/sk, two sparse GSIs projecting everything, and the ttl attribute', () => {
      // Assess
      expect(TABLE_SCHEMA).toEqual({
        partitionKey: { name: 'pk', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
        globalSecondaryIndexes: [
          { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' }, projectionType: 'ALL' },
          { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' }, projectionType: 'ALL' },
        ],
        timeToLiveAttribute: 'ttl',
        billingMode: 'PAY_PER_REQUEST',
      });
      expect([GSI1.indexName, GSI2.indexName, TTL_ATTRIBUTE]).toEqual(['gsi1', 'gsi2', 'ttl']);
    });
  });

  describe('createTableInput', () => {
    it('turns the schema into a CreateTable request for the given table name', () => {
      // Act
      const input = createTableInput('orders-dev');

      // Assess
      expect(input).toEqual({
        TableName: 'orders-dev',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map((name) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: `${name}pk`, KeyType: 'HASH' },
            { AttributeName: `${name}sk`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      });
    });
  });

  describe('ensureTable', () => {
    it('creates a missing table from the schema, waits for it and enables TTL', async () => {
      // Prepare
      const client = new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      const mock = mockClient(client);
      mock
        .on(DescribeTableCommand)
        .rejectsOnce(new ResourceNotFoundException({ message: 'not found', $metadata: {} }))
        .resolves({ Table: { TableStatus: 'ACTIVE' } });
      mock.on(CreateTableCommand).resolves({});
      mock.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
      mock.on(UpdateTimeToLiveCommand).resolves({});

      // Act
      await ensureTable(client, 'orders-dev');

      // Assess
      expect(onlyInput(mock, CreateTableCommand)).toEqual(createTableInput('orders-dev'));
      expect(mock).toHaveReceivedCommandWith(UpdateTimeToLiveCommand, { TableName: 'orders-dev', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } });
    });

    it('accepts that a concurrent caller enabled TTL first, and passes on other TTL errors', async () => {
      // Prepare
      const client = new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      const mock = mockClient(client);
      mock.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
      mock.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
      const validation = (message: string): Error => Object.assign(new Error(message), { name: 'ValidationException' });
      mock.on(UpdateTimeToLiveCommand).rejectsOnce(validation('TimeToLive is already enabled')).rejects(validation('Table is being updated'));

      // Act
      const raced = await failure(ensureTable(client, 'orders-dev'));
      const other = await failure(ensureTable(client, 'orders-dev'));

      // Assess
      expect(raced).toBeUndefined();
      expect(other).toMatchObject({ name: 'ValidationException', message: 'Table is being updated' });
    });

    it('leaves an existing table with TTL on alone', async () => {
      // Prepare
      const client = new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      const mock = mockClient(client);
      mock.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
      mock.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' } });

      // Act
      await ensureTable(client, 'orders-dev');

      // Assess
      expect(mock).toHaveReceivedCommandTimes(CreateTableCommand, 0);
      expect(mock).toHaveReceivedCommandTimes(UpdateTimeToLiveCommand, 0);
    });
  });
});
