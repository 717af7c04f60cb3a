/**
 * The document client the repositories expect. Handlers build it once at module scope and inject
 * it; tests and the local runtime build theirs the same way with another endpoint.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withoutSdkLogging } from '../sdk/lean-client';

/** The document client shares `client`'s middleware, from which this removes the SDK's unused logger. */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(withoutSdkLogging(client), {
    // Optional fields left undefined are simply not stored (the repositories strip them too).
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: false },
  });
}
