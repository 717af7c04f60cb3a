/**
 * The DynamoDB task integrations against the real DynamoDB Local of the integration run.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine } from '../../../local/engine/index';

const table = `engine-ddb-${randomUUID()}`;
let engine: Engine;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  const endpoint = inject('dynamoDbEndpoint');
  dynamodb = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await dynamodb.send(
    new CreateTableCommand({ TableName: table, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }),
  );
  engine = await createEngine({ dynamoDbEndpoint: endpoint, log: () => undefined });
});

afterAll(async () => {
  dynamodb.destroy();
  await engine.close();
});

async function run(definition: unknown, input: unknown): Promise<Record<string, unknown>> {
  const { stateMachineArn } = await engine.call('CreateStateMachine', { name: `ddb-${randomUUID()}`, definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::123456789012:role/x' });
  const { executionArn } = await engine.call('StartExecution', { stateMachineArn, input: JSON.stringify(input) });
  return engine.waitForExecution(executionArn as string);
}

describe('engine DynamoDB integration', () => {
  describe('optimized integrations', () => {
    it('puts, updates, gets and deletes an item', async () => {
      // Prepare
      const definition = {
        StartAt: 'Put',
        States: {
          Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: table, Item: { pk: { 'S.$': '$.id' }, qty: { N: '1' } } }, ResultPath: null, Next: 'Update' },
          Update: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:updateItem',
            Parameters: { TableName: table, Key: { pk: { 'S.$': '$.id' } }, UpdateExpression: 'SET qty = qty + :one', ExpressionAttributeValues: { ':one': { N: '1' } } },
            ResultPath: null,
            Next: 'Get',
          },
          Get: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: table, Key: { pk: { 'S.$': '$.id' } } }, ResultPath: '$.got', Next: 'Delete' },
          Delete: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:deleteItem', Parameters: { TableName: table, Key: { pk: { 'S.$': '$.id' } } }, ResultPath: null, End: true },
        },
      };

      // Act
      const described = await run(definition, { id: 'item-1' });

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output as string)).toEqual({ id: 'item-1', got: { Item: { pk: { S: 'item-1' }, qty: { N: '2' } } } });
    });

    it('names a failed condition DynamoDB.ConditionalCheckFailedException', async () => {
      // Prepare
      const definition = {
        StartAt: 'Update',
        States: {
          Update: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:updateItem',
            Parameters: { TableName: table, Key: { pk: { S: 'absent' } }, UpdateExpression: 'SET qty = :v', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':v': { N: '1' } } },
            End: true,
          },
        },
      };

      // Act
      const described = await run(definition, {});

      // Assess
      expect(described.status).toBe('FAILED');
      expect(described.error).toBe('DynamoDB.ConditionalCheckFailedException');
    });
  });
});
