/**
 * The one DynamoDB table behind mto-flow: its keys, secondary indexes and TTL attribute.
 *
 * This module is the single source of truth for the table's shape. The CDK stack (infra/) and the
 * local runtime / tests (`ensureTable`) both build the table from `TABLE_SCHEMA`, so AWS and local
 * cannot drift. The item layout (which entity uses which key values) is in docs/data-model.md and
 * in `keys.ts`.
 *
 * Plain data only (no CDK, no SDK client): attribute types use DynamoDB's own letters ('S'), which
 * are also the values of CDK's `AttributeType` enum, so infra can pass them through unchanged.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** A key attribute: every key in this table is a string. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

export interface GlobalSecondaryIndexSchema {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** Every index projects all attributes: list pages are rendered from the index alone. */
  readonly projectionType: 'ALL';
}

export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexSchema[];
  /** Epoch seconds; DynamoDB deletes the item some time after it passes (code still checks expiry). */
  readonly timeToLiveAttribute: string;
  readonly billingMode: 'PAY_PER_REQUEST';
}

/** Base table key attribute names. */
export const PK = 'pk';
export const SK = 'sk';

/**
 * GSI1, "by status / by parent": orders by status (newest first), and the approvals and purchase
 * orders of one order. Sparse: only items that set gsi1pk appear in it.
 */
export const GSI1 = { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;

/**
 * GSI2, "by owner": orders by customer (newest first), purchase orders by supplier (newest first),
 * and the list of all stock levels. Sparse: only items that set gsi2pk appear in it.
 */
export const GSI2 = { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' } as const;

/** The TTL attribute (epoch seconds) used by callback, idempotency and webhook-dedup records. */
export const TTL_ATTRIBUTE = 'ttl';

export const TABLE_SCHEMA: TableSchema = {
  partitionKey: { name: PK, type: 'S' },
  sortKey: { name: SK, type: 'S' },
  globalSecondaryIndexes: [GSI1, GSI2].map((index) => ({
    indexName: index.indexName,
    partitionKey: { name: index.partitionKey, type: 'S' },
    sortKey: { name: index.sortKey, type: 'S' },
    projectionType: 'ALL',
  })),
  timeToLiveAttribute: TTL_ATTRIBUTE,
  billingMode: 'PAY_PER_REQUEST',
};

/**
 * The CreateTable request for this schema (used by `ensureTable` for tests and the local runtime).
 * TTL is not part of CreateTable: `ensureTable` enables it with a separate UpdateTimeToLive call.
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    TABLE_SCHEMA.partitionKey,
    TABLE_SCHEMA.sortKey,
    ...TABLE_SCHEMA.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: TABLE_SCHEMA.billingMode,
    AttributeDefinitions: keyAttributes.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type })),
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projectionType },
    })),
  };
}
