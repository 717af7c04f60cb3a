/**
 * DynamoDB: the optimized integrations `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`
 * and the SDK integrations `arn:aws:states:::aws-sdk:dynamodb:<action>`, sent to the DynamoDB
 * endpoint of the engine's config (DynamoDB Local). Errors are named as AWS names them:
 * `DynamoDB.ConditionalCheckFailedException` (optimized) and `DynamoDb.ConditionalCheckFailedException` (SDK).
 */
import * as dynamodb from '@aws-sdk/client-dynamodb';
import type { Json } from '../language/contract';
import { TaskFailure, type TaskIntegration } from './task-integration';

export interface DynamoDbIntegrationOptions {
  /** DynamoDB endpoint, e.g. http://127.0.0.1:8000. Without one the tasks fail with a clear cause. */
  readonly endpoint?: string;
  readonly region: string;
}

const OPTIMIZED = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);

type SendableClient = { send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>> };
type CommandClass = new (input: unknown) => unknown;

export function createDynamoDbIntegration(options: DynamoDbIntegrationOptions): TaskIntegration {
  let client: dynamodb.DynamoDBClient | undefined;
  const clientFor = (stateName: string): SendableClient => {
    if (options.endpoint === undefined) {
      throw new TaskFailure('States.TaskFailed', `DynamoDB task in state '${stateName}': the engine has no DynamoDB endpoint (createEngine({ dynamoDbEndpoint }) or --dynamodb-endpoint)`);
    }
    client ??= new dynamodb.DynamoDBClient({ endpoint: options.endpoint, region: options.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    return client;
  };
  return {
    name: 'dynamodb',
    handles: (resource) =>
      resource.kind === 'service' &&
      ((resource.service === 'dynamodb' && OPTIMIZED.has(resource.action ?? '')) || resource.service === 'aws-sdk:dynamodb') &&
      resource.pattern === 'request-response',
    run: async (request) => {
      const action = request.resource.action ?? '';
      const prefix = request.resource.service === 'dynamodb' ? 'DynamoDB' : 'DynamoDb';
      const commandName = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
      const Command = (dynamodb as unknown as Record<string, CommandClass | undefined>)[commandName];
      if (Command === undefined) throw new TaskFailure('States.TaskFailed', `DynamoDB has no action '${action}' (state '${request.stateName}')`);
      try {
        const { $metadata: _metadata, ...response } = await clientFor(request.stateName).send(new Command(request.input), { abortSignal: request.signal });
        return JSON.parse(JSON.stringify(response)) as Json;
      } catch (thrown) {
        if (thrown instanceof TaskFailure) throw thrown;
        const name = thrown instanceof Error ? thrown.name : 'Error';
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        throw new TaskFailure(`${prefix}.${name}`, message, { cause: thrown });
      }
    },
  };
}
