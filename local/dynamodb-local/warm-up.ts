/**
 * Warms DynamoDB Local up before the stack reports ready. Its JVM interprets the request path until
 * the JIT has compiled it, and compiling it takes a core for seconds: the first load after a start
 * ran its first seconds at a third of the steady rate, with the compiler threads using half a core
 * (docs/decisions/0005). The warm-up sends that load to scratch copies of the app's tables, with the
 * same key schemas and indexes and the kinds of request the functions send (transactions of
 * conditional puts, queries on the table and its indexes, batch and single reads, conditional
 * updates), then deletes them. The app's own tables are never touched.
 */
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  GetItemCommand,
  ListTablesCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { performance } from 'node:perf_hooks';

/** Scratch tables are named with this prefix; leftovers of a killed start are deleted by the next. */
export const WARM_UP_TABLE_PREFIX = 'mto-local-warm-up-';

export interface DynamoDbWarmUpOptions {
  /** How long to send requests (default 5 s): the JIT compiles the hot path within a few seconds of load. */
  readonly durationMs?: number;
  /** Requests in flight at once (default 16, about what the stack sends under load). */
  readonly concurrency?: number;
}

export interface DynamoDbWarmUpResult {
  readonly requests: number;
  readonly ms: number;
}

interface KeyAttribute {
  readonly name: string;
  readonly type: string;
}

interface ScratchTable {
  readonly name: string;
  readonly partition: KeyAttribute;
  readonly sort: KeyAttribute | undefined;
  readonly indexes: readonly { readonly name: string; readonly partition: KeyAttribute; readonly sort: KeyAttribute | undefined }[];
}

/** The shape of most items (purchase orders, approvals, stock): nested lines, numbers, strings. */
const PAYLOAD: AttributeValue = {
  M: {
    lines: { L: Array.from({ length: 5 }, (_, index) => ({ M: { productId: { S: `product-${index}` }, quantity: { N: String(index + 1) }, unitPriceCents: { N: '12550' }, note: { S: 'x'.repeat(120) } } })) },
    quote: { M: { priceCents: { N: '182300' }, marginFraction: { N: '0.35' }, currency: { S: 'EUR' } } },
  },
};

/** About the size of an order or timeline entry, which are stored as one JSON string (item-codec.ts). */
const DOCUMENT: AttributeValue = { S: JSON.stringify({ lines: Array.from({ length: 8 }, (_, index) => ({ productId: `product-${index}`, quantity: index + 1, note: 'x'.repeat(200) })) }) };

function keyAttributes(input: Record<string, unknown>, keySchema: unknown): { partition: KeyAttribute; sort: KeyAttribute | undefined } {
  const definitions = (input.AttributeDefinitions ?? []) as { AttributeName: string; AttributeType: string }[];
  const typeOf = (name: string): string => definitions.find((definition) => definition.AttributeName === name)?.AttributeType ?? 'S';
  const schema = (keySchema ?? []) as { AttributeName: string; KeyType: string }[];
  const partition = schema.find((key) => key.KeyType === 'HASH')!.AttributeName;
  const sort = schema.find((key) => key.KeyType === 'RANGE')?.AttributeName;
  return { partition: { name: partition, type: typeOf(partition) }, sort: sort === undefined ? undefined : { name: sort, type: typeOf(sort) } };
}

function scratchTable(input: Record<string, unknown>, name: string): ScratchTable {
  const indexes = ((input.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown }[]).map((index) => ({ name: index.IndexName, ...keyAttributes(input, index.KeySchema) }));
  return { name, ...keyAttributes(input, input.KeySchema), indexes };
}

const valueOf = (attribute: KeyAttribute, text: string, number: number): AttributeValue => (attribute.type === 'N' ? { N: String(number) } : attribute.type === 'B' ? { B: Buffer.from(text) } : { S: text });

function keyOf(table: ScratchTable, n: number, part: string): Record<string, AttributeValue> {
  return { [table.partition.name]: valueOf(table.partition, `item-${n}`, n), ...(table.sort === undefined ? {} : { [table.sort.name]: valueOf(table.sort, part, part.length) }) };
}

/** An item with every index's keys filled, a few index partitions shared by many items (as statuses are). */
function itemOf(table: ScratchTable, n: number, part: string): Record<string, AttributeValue> {
  const indexed: Record<string, AttributeValue> = {};
  for (const index of table.indexes) {
    indexed[index.partition.name] = valueOf(index.partition, `group-${n % 4}`, n % 4);
    if (index.sort !== undefined) indexed[index.sort.name] = valueOf(index.sort, `${String(n).padStart(9, '0')}#${part}`, n);
  }
  return { ...keyOf(table, n, part), ...indexed, version: { N: '1' }, payload: PAYLOAD, document: DOCUMENT };
}

/** One round of the functions' kinds of request against one scratch table: seven requests. */
async function round(client: DynamoDBClient, table: ScratchTable, n: number): Promise<number> {
  const TableName = table.name;
  const absent = `attribute_not_exists(#pk)`;
  const names = { '#pk': table.partition.name };
  await client.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName, Item: itemOf(table, n, 'ORDER'), ConditionExpression: absent, ExpressionAttributeNames: names } },
        // Without a sort key the entry needs a partition of its own (one item twice fails a transaction).
        { Put: { TableName, Item: itemOf(table, table.sort === undefined ? n + 2_000_000 : n, 'TIMELINE#0001') } },
        { Put: { TableName, Item: itemOf(table, n + 1_000_000, 'IDEMPOTENCY'), ConditionExpression: absent, ExpressionAttributeNames: names } },
      ],
    }),
  );
  const byPartition = { ':pk': valueOf(table.partition, `item-${n}`, n) };
  await client.send(new QueryCommand({ TableName, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: names, ExpressionAttributeValues: byPartition, ConsistentRead: true }));
  for (const index of table.indexes) {
    await client.send(
      new QueryCommand({ TableName, IndexName: index.name, KeyConditionExpression: '#gpk = :gpk', ExpressionAttributeNames: { '#gpk': index.partition.name }, ExpressionAttributeValues: { ':gpk': valueOf(index.partition, `group-${n % 4}`, n % 4) }, Limit: 25, ScanIndexForward: false }),
    );
  }
  await client.send(new GetItemCommand({ TableName, Key: keyOf(table, n, 'ORDER'), ConsistentRead: true }));
  const batch = [keyOf(table, n, 'ORDER'), keyOf(table, n + 1_000_000, 'IDEMPOTENCY'), keyOf(table, n + 3_000_000, 'ORDER')];
  await client.send(new BatchGetItemCommand({ RequestItems: { [TableName]: { Keys: batch, ConsistentRead: true } } }));
  await client.send(
    new UpdateItemCommand({ TableName, Key: keyOf(table, n, 'ORDER'), UpdateExpression: 'SET #version = #version + :one', ConditionExpression: '#version = :current', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':one': { N: '1' }, ':current': { N: '1' } } }),
  );
  return 5 + table.indexes.length;
}

async function deleteScratchTables(client: DynamoDBClient): Promise<void> {
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) if (name.startsWith(WARM_UP_TABLE_PREFIX)) await client.send(new DeleteTableCommand({ TableName: name }));
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
}

/**
 * Sends `durationMs` of the functions' kinds of request to scratch copies of `tables` (their
 * `CreateTable` inputs), then deletes the copies, and any a killed start left behind.
 */
export async function warmUpDynamoDbLocal(client: DynamoDBClient, tables: readonly { readonly createTableInput: object }[], options: DynamoDbWarmUpOptions = {}): Promise<DynamoDbWarmUpResult> {
  const started = performance.now();
  await deleteScratchTables(client);
  const scratch: ScratchTable[] = [];
  try {
    for (const [index, table] of tables.entries()) {
      const name = `${WARM_UP_TABLE_PREFIX}${index}`;
      await client.send(new CreateTableCommand({ ...(table.createTableInput as CreateTableCommandInput), TableName: name }));
      scratch.push(scratchTable(table.createTableInput as Record<string, unknown>, name));
    }
    const deadline = started + (options.durationMs ?? 5_000);
    let next = 0;
    let requests = 0;
    await Promise.all(
      Array.from({ length: options.concurrency ?? 16 }, async () => {
        while (performance.now() < deadline && scratch.length > 0) {
          const n = next;
          next += 1;
          const sent = await round(client, scratch[n % scratch.length]!, n);
          requests += sent;
        }
      }),
    );
    return { requests, ms: Math.round(performance.now() - started) };
  } finally {
    await deleteScratchTables(client);
  }
}
