/**
 * A mocked document client for the adapter unit tests (no network), the SDK matchers registered
 * as the aws-sdk-client-mock-vitest README says for v7, and builders of the errors DynamoDB
 * answers with (ALL_OLD items marshalled, as on the wire).
 */
/* eslint-disable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { allCustomMatcher, type BaseMatcher } from 'aws-sdk-client-mock-vitest';
import { expect } from 'vitest';

expect.extend(allCustomMatcher);

declare module 'vitest' {
  interface Matchers<T = any> extends BaseMatcher<T> {}
}

export const TABLE = 'mto-test';

/**
 * A document client whose every send is answered by the returned mock. The library's client, as the
 * adapter tests need: the repositories' own client (createDocumentClient) sends DynamoDB's plain
 * commands, so a test of code built on it mocks `DynamoDBClient` instead (step-handlers.test.ts).
 */
export function mockedDocumentClient(): { client: DynamoDBDocumentClient; mock: AwsStub<any, any, any> } {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  return { client, mock: mockClient(client) };
}

export function conditionalCheckFailed(oldItem?: Record<string, unknown>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(oldItem === undefined ? {} : { Item: marshall(oldItem, { removeUndefinedValues: true }) }),
  });
}

/** A cancelled transaction; each reason is a code, optionally with the item that failed. */
export function transactionCanceled(...reasons: (string | { code: string; item: Record<string, unknown> })[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons.map((reason) =>
      typeof reason === 'string' ? { Code: reason } : { Code: reason.code, Item: marshall(reason.item, { removeUndefinedValues: true }) },
    ),
  });
}

export function transactionConflict(): TransactionConflictException {
  return new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });
}

/** The input of the only call of `command` (fails the test if there is not exactly one). */
export function onlyInput(mock: AwsStub<any, any, any>, command: new (...args: any[]) => any): Record<string, unknown> {
  const calls = mock.commandCalls(command);
  expect(calls).toHaveLength(1);
  return (calls[0]?.args[0] as { input: Record<string, unknown> }).input;
}
