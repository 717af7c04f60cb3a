/**
 * The repositories' document client, on the wire: each document command goes out as DynamoDB's own
 * request, its values marshalled, the answer unmarshalled, and every command's middleware chain is
 * resolved once per command type (what makes it cheaper than the library's client).
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../../../functions/adapters/dynamodb/document-client';
import { recordingClientConfig } from '../sdk/recording-client';

/** What DynamoDB answers to each operation in these tests (marshalled, as on the wire). */
const ANSWERS: Record<string, object> = {
  GetItem: { Item: { pk: { S: 'a' }, n: { N: '2' }, tags: { L: [{ S: 'x' }] } } },
  PutItem: {},
  UpdateItem: { Attributes: { version: { N: '3' } } },
  DeleteItem: { Attributes: { pk: { S: 'a' } } },
  Query: { Items: [{ pk: { S: 'a' } }, { pk: { S: 'b' }, m: { M: { k: { BOOL: true } } } }], LastEvaluatedKey: { pk: { S: 'b' }, sk: { S: 's' } } },
  TransactWriteItems: {},
  BatchGetItem: { Responses: { t: [{ pk: { S: 'a' } }] }, UnprocessedKeys: { t: { Keys: [{ pk: { S: 'c' } }], ConsistentRead: true } } },
  BatchWriteItem: { UnprocessedItems: { t: [{ PutRequest: { Item: { pk: { S: 'd' } } } }, { DeleteRequest: { Key: { pk: { S: 'e' } } } }] } },
  TransactGetItems: { Responses: [{ Item: { pk: { S: 'a' } } }] },
  Scan: { Items: [{ pk: { S: 'a' } }], LastEvaluatedKey: { pk: { S: 'a' } } },
};

function documentClient() {
  const { bodies, config } = recordingClientConfig((_body, operation) => ANSWERS[operation] ?? {});
  return { bodies, documents: createDocumentClient(new DynamoDBClient(config)) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the document client', () => {
  it('sends single-item commands with their keys, items and values marshalled, and unmarshalls the answers', async () => {
    // Prepare
    const { bodies, documents } = documentClient();

    // Act
    const got = await documents.send(new GetCommand({ TableName: 't', Key: { pk: 'a' }, ConsistentRead: true }));
    await documents.send(new PutCommand({ TableName: 't', Item: { pk: 'a', skipped: undefined, n: 1 }, ConditionExpression: 'attribute_not_exists(pk) OR v = :v', ExpressionAttributeValues: { ':v': 1 } }));
    const updated = await documents.send(new UpdateCommand({ TableName: 't', Key: { pk: 'a' }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': 3 }, ReturnValues: 'UPDATED_NEW' }));
    const deleted = await documents.send(new DeleteCommand({ TableName: 't', Key: { pk: 'a' }, ConditionExpression: 'q = :q', ExpressionAttributeValues: { ':q': 'x' }, ReturnValues: 'ALL_OLD' }));

    // Assess
    expect(bodies).toEqual([
      { TableName: 't', Key: { pk: { S: 'a' } }, ConsistentRead: true },
      { TableName: 't', Item: { pk: { S: 'a' }, n: { N: '1' } }, ConditionExpression: 'attribute_not_exists(pk) OR v = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      { TableName: 't', Key: { pk: { S: 'a' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '3' } }, ReturnValues: 'UPDATED_NEW' },
      { TableName: 't', Key: { pk: { S: 'a' } }, ConditionExpression: 'q = :q', ExpressionAttributeValues: { ':q': { S: 'x' } }, ReturnValues: 'ALL_OLD' },
    ]);
    expect(got.Item).toEqual({ pk: 'a', n: 2, tags: ['x'] });
    expect(updated.Attributes).toEqual({ version: 3 });
    expect(deleted.Attributes).toEqual({ pk: 'a' });
  });

  it('sends queries, transactions and batches with every nested key, item and value marshalled, and unmarshalls every item of the answers', async () => {
    // Prepare
    const { bodies, documents } = documentClient();

    // Act
    const queried = await documents.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'a' }, ExclusiveStartKey: { pk: 'a', sk: 'r' } }));
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 't', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: 't', Key: { pk: 'b' }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1 } } },
          { Delete: { TableName: 't', Key: { pk: 'c' } } },
          { ConditionCheck: { TableName: 't', Key: { pk: 'd' }, ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': true } } },
        ],
      }),
    );
    const batchRead = await documents.send(new BatchGetCommand({ RequestItems: { t: { Keys: [{ pk: 'a' }, { pk: 'c' }], ConsistentRead: true } } }));
    const batchWritten = await documents.send(new BatchWriteCommand({ RequestItems: { t: [{ PutRequest: { Item: { pk: 'd', n: 1 } } }, { DeleteRequest: { Key: { pk: 'e' } } }] } }));

    // Assess
    expect(bodies).toEqual([
      { TableName: 't', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'a' } }, ExclusiveStartKey: { pk: { S: 'a' }, sk: { S: 'r' } } },
      {
        TransactItems: [
          { Put: { TableName: 't', Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: 't', Key: { pk: { S: 'b' } }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
          { Delete: { TableName: 't', Key: { pk: { S: 'c' } } } },
          { ConditionCheck: { TableName: 't', Key: { pk: { S: 'd' } }, ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': { BOOL: true } } } },
        ],
        ClientRequestToken: expect.any(String) as unknown,
      },
      { RequestItems: { t: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'c' } }], ConsistentRead: true } } },
      { RequestItems: { t: [{ PutRequest: { Item: { pk: { S: 'd' }, n: { N: '1' } } } }, { DeleteRequest: { Key: { pk: { S: 'e' } } } }] } },
    ]);
    expect(queried).toMatchObject({ Items: [{ pk: 'a' }, { pk: 'b', m: { k: true } }], LastEvaluatedKey: { pk: 'b', sk: 's' } });
    expect(batchRead).toMatchObject({ Responses: { t: [{ pk: 'a' }] }, UnprocessedKeys: { t: { Keys: [{ pk: 'c' }], ConsistentRead: true } } });
    expect(batchWritten.UnprocessedItems).toEqual({ t: [{ PutRequest: { Item: { pk: 'd' } } }, { DeleteRequest: { Key: { pk: 'e' } } }] });
  });

  it("resolves each DynamoDB command's middleware chain once, sending every command its own input", async () => {
    // Prepare
    const { bodies, documents } = documentClient();
    const chains = vi.spyOn(GetItemCommand.prototype, 'resolveMiddleware');

    // Act
    await documents.send(new GetCommand({ TableName: 't', Key: { pk: 'first' } }));
    await documents.send(new GetCommand({ TableName: 't', Key: { pk: 'second' } }));

    // Assess
    expect(chains).toHaveBeenCalledTimes(1);
    expect(bodies).toEqual([{ TableName: 't', Key: { pk: { S: 'first' } } }, { TableName: 't', Key: { pk: { S: 'second' } } }]);
  });

  it("sends other document commands, and any command with per-call options, the library's way", async () => {
    // Prepare
    const { bodies, documents } = documentClient();

    // Act
    const transactRead = await documents.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 't', Key: { pk: 'a' } } }] }));
    const withOptions = await documents.send(new GetCommand({ TableName: 't', Key: { pk: 'b' } }), { requestTimeout: 5_000 });
    const again = await documents.send(new GetCommand({ TableName: 't', Key: { pk: 'c' } }));

    // Assess
    expect(bodies).toEqual([{ TransactItems: [{ Get: { TableName: 't', Key: { pk: { S: 'a' } } } }] }, { TableName: 't', Key: { pk: { S: 'b' } } }, { TableName: 't', Key: { pk: { S: 'c' } } }]);
    expect(transactRead.Responses).toEqual([{ Item: { pk: 'a' } }]);
    expect(withOptions.Item).toEqual({ pk: 'a', n: 2, tags: ['x'] });
    expect(again.Item).toEqual({ pk: 'a', n: 2, tags: ['x'] });
  });

  it("answers a send with a callback, or with parameters it does not translate (Expected, filters, item collection metrics), the library's way, each with its own input", async () => {
    // Prepare
    const { bodies, documents } = documentClient();
    const viaCallback = (pk: string) =>
      new Promise<unknown>((resolve, reject) => {
        documents.send(new GetCommand({ TableName: 't', Key: { pk } }), (error: unknown, data?: unknown) => (error === null || error === undefined ? resolve(data) : reject(error as Error)));
      });

    // Act
    const first = await viaCallback('first');
    await viaCallback('second');
    await documents.send(new PutCommand({ TableName: 't', Item: { pk: 'a' }, Expected: { pk: { Exists: false } } }));
    await documents.send(new PutCommand({ TableName: 't', Item: { pk: 'b' }, ReturnItemCollectionMetrics: 'SIZE' }));
    await documents.send(new ScanCommand({ TableName: 't', ScanFilter: { n: { ComparisonOperator: 'EQ', AttributeValueList: [1] } } }));

    // Assess
    expect(first).toMatchObject({ Item: { pk: 'a', n: 2, tags: ['x'] } });
    expect(bodies).toEqual([
      { TableName: 't', Key: { pk: { S: 'first' } } },
      { TableName: 't', Key: { pk: { S: 'second' } } },
      { TableName: 't', Item: { pk: { S: 'a' } }, Expected: { pk: { Exists: false } } },
      { TableName: 't', Item: { pk: { S: 'b' } }, ReturnItemCollectionMetrics: 'SIZE' },
      { TableName: 't', ScanFilter: { n: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } } },
    ]);
  });

  it('pages through scans, serves concurrent sends of one command type each its own input, and fails the promise for a value it cannot marshal', async () => {
    // Prepare
    const { bodies, documents } = documentClient();

    // Act
    const scanned = await documents.send(new ScanCommand({ TableName: 't', ExclusiveStartKey: { pk: 'z' } }));
    const concurrent = await Promise.all(['p', 'q', 'r', 's'].map((pk) => documents.send(new GetCommand({ TableName: 't', Key: { pk } }))));
    const unmarshallable = documents.send(new PutCommand({ TableName: 't', Item: { pk: 'a', tags: new Set() } }));

    // Assess
    expect(scanned).toMatchObject({ Items: [{ pk: 'a' }], LastEvaluatedKey: { pk: 'a' } });
    expect(concurrent).toHaveLength(4);
    expect(bodies).toEqual([{ TableName: 't', ExclusiveStartKey: { pk: { S: 'z' } } }, ...['p', 'q', 'r', 's'].map((pk) => ({ TableName: 't', Key: { pk: { S: pk } } }))]);
    await expect(unmarshallable).rejects.toThrow(/empty/i);
  });

  it('leaves the item of a failed condition marshalled, as DynamoDB sends it and the repositories read it', async () => {
    // Prepare
    const { config } = recordingClientConfig({
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
      Item: { pk: { S: 'a' }, version: { N: '4' } },
    });
    const documents = createDocumentClient(new DynamoDBClient(config));

    // Act
    const refused = documents.send(new PutCommand({ TableName: 't', Item: { pk: 'a', version: 5 }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': 3 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));

    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'ConditionalCheckFailedException', Item: { pk: { S: 'a' }, version: { N: '4' } } });
  });
});
