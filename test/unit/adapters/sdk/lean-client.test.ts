import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../../functions/adapters/dynamodb/document-client';
import { REUSED_MIDDLEWARE, withoutSdkLogging } from '../../../../functions/adapters/sdk/lean-client';
import { recordingClientConfig } from './recording-client';

const middlewareNames = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);

describe('lean SDK clients', () => {
  it('removes the SDK logger middleware, and only it', () => {
    // Arrange
    const client = new SFNClient({ region: 'eu-west-1' });
    const before = middlewareNames(client);

    // Act
    withoutSdkLogging(client);

    // Assess
    expect(before).toContain('loggerMiddleware');
    expect(middlewareNames(client)).toEqual(before.filter((name) => name !== 'loggerMiddleware'));
  });

  it('sends each command its own input when the client reuses its middleware chain', async () => {
    // Arrange
    const { bodies, config } = recordingClientConfig({ executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:m:x', startDate: 1 });
    const client = withoutSdkLogging(new SFNClient({ ...config, ...REUSED_MIDDLEWARE }));

    // Act
    await client.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:m', name: 'first', input: '{"n":1}' }));
    await client.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:m', name: 'second', input: '{"n":2}' }));

    // Assess
    expect(bodies).toEqual([expect.objectContaining({ name: 'first', input: '{"n":1}' }), expect.objectContaining({ name: 'second', input: '{"n":2}' })]);
  });

  it('leaves the document client marshalling and sending each command its own item', async () => {
    // Arrange
    const { bodies, config } = recordingClientConfig({});
    const documents = createDocumentClient(new DynamoDBClient(config));

    // Act
    await documents.send(new PutCommand({ TableName: 't', Item: { pk: 'a', missing: undefined } }));
    await documents.send(new PutCommand({ TableName: 't', Item: { pk: 'b', n: 2 } }));

    // Assess
    expect(middlewareNames(documents)).not.toContain('loggerMiddleware');
    expect(bodies).toEqual([
      { TableName: 't', Item: { pk: { S: 'a' } } },
      { TableName: 't', Item: { pk: { S: 'b' }, n: { N: '2' } } },
    ]);
  });
});
