import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand, PutItemCommand, ScanCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { WARM_UP_TABLE_PREFIX, warmUpDynamoDbLocal } from '../../../local/dynamodb-local/warm-up';

const client = new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** The app's single table, as the template declares it: pk/sk and two string-keyed indexes. */
const appTable = (name: string): CreateTableCommandInput => ({
  TableName: name,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map((IndexName) => ({
    IndexName,
    KeySchema: [
      { AttributeName: `${IndexName}pk`, KeyType: 'HASH' },
      { AttributeName: `${IndexName}sk`, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  })),
});

/** A table keyed by a number alone: the warm-up must fit any key schema the template declares. */
const counterTable = (name: string): CreateTableCommandInput => ({
  TableName: name,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
});

const scratchTables = async (): Promise<string[]> => ((await client.send(new ListTablesCommand({}))).TableNames ?? []).filter((name) => name.startsWith(WARM_UP_TABLE_PREFIX));

describe('warmUpDynamoDbLocal', () => {
  const ownTable = `warm-up-own-${Date.now()}`;
  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: ownTable })).catch(() => undefined);
    client.destroy();
  });

  it("sends the functions' kinds of request to scratch copies of the tables, then deletes them (and a killed start's leftovers), leaving the app's tables as they were", async () => {
    // Prepare: the app's table with one item; a scratch table a killed start left behind.
    await client.send(new CreateTableCommand(appTable(ownTable)));
    await client.send(new PutItemCommand({ TableName: ownTable, Item: { pk: { S: 'ORDER#ord-1' }, sk: { S: 'ORDER' } } }));
    await client.send(new CreateTableCommand(counterTable(`${WARM_UP_TABLE_PREFIX}left-behind`)));

    // Act
    const result = await warmUpDynamoDbLocal(client, [{ createTableInput: appTable(ownTable) }, { createTableInput: counterTable('counters') }], { durationMs: 800, concurrency: 4 });

    // Assess
    expect(result.requests).toBeGreaterThan(20);
    expect(await scratchTables()).toEqual([]);
    const own = await client.send(new ScanCommand({ TableName: ownTable }));
    expect(own.Items).toEqual([{ pk: { S: 'ORDER#ord-1' }, sk: { S: 'ORDER' } }]);
  });
});
