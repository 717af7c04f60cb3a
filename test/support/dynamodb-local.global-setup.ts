/**
 * Starts one real DynamoDB Local (in memory) for the integration project and hands its endpoint to
 * the tests through `inject('dynamoDbEndpoint')`. If it cannot start, the run fails: integration
 * tests never silently skip.
 */
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../local/dynamodb-local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

let running: RunningDynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  running = await startDynamoDbLocal({ startTimeoutMs: 60_000 });
  project.provide('dynamoDbEndpoint', running.endpoint);
}

export async function teardown(): Promise<void> {
  await running?.stop();
}
