/**
 * Creates the mto-flow table from `TABLE_SCHEMA` if it does not exist yet (tests, local runtime).
 * On AWS the CDK stack creates it; this is never called by a Lambda handler.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE_SCHEMA, createTableInput } from './table-schema';

export interface EnsureTableOptions {
  /** How long to wait for the table to become ACTIVE. Default 60 s. */
  readonly maxWaitSeconds?: number;
}

/** True if the table exists; false if DynamoDB says it does not. Other errors propagate. */
async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/**
 * Creates the table (keys, GSIs) and enables TTL, unless it already exists. Safe to call
 * concurrently and repeatedly: a table being created by someone else is waited for.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, options: EnsureTableOptions = {}): Promise<void> {
  if (!(await tableExists(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Another process won the race to create it: fine, wait for it like for our own.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  await waitUntilTableExists({ client, maxWaitTime: options.maxWaitSeconds ?? 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });

  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const ttlStatus = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (ttlStatus !== 'ENABLED' && ttlStatus !== 'ENABLING') {
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.timeToLiveAttribute, Enabled: true },
        }),
      );
    } catch (error) {
      // A concurrent caller enabled it between our describe and our update: the goal is reached.
      if (!isTtlAlreadyEnabled(error)) throw error;
    }
  }
}

function isTtlAlreadyEnabled(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /already enabled/i.test(error.message);
}
