/**
 * `npm run bench:dynamodb-local`: what DynamoDB Local itself can take on this machine, the ceiling
 * under the lifecycle benchmark (which needs about 125 writes and 150 reads per complete order, see
 * its `--count-dynamodb`). Requests per second and latency for conditional PutItem, a two-item
 * TransactWriteItems, GetItem and Query, at 1, 4, 16 and 64 requests in flight, with the data on
 * disk (`-dbPath`, as `npm start` runs it) and in memory (`-inMemory`). Not a test: it prints a
 * table and writes bench/results/dynamodb-local.md.
 *
 * Options: --seconds S (5 per cell)
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDynamoDbLocal } from '../../local/dynamodb-local/dynamodb-local';
import { percentile, PROJECT_ROOT, RESULTS_DIR, table } from './bench-stack';
import { parseBenchOptions } from '../shared/bench-options';

const args = parseBenchOptions('npm run bench:dynamodb-local --', { seconds: { type: 'string', default: '5' } });
const seconds = Number(args.seconds);
const TABLE = 'bench';
const payload = 'x'.repeat(1_500); // about the size of an order item

type Operation = 'PutItem (conditional)' | 'TransactWriteItems (2 puts)' | 'GetItem' | 'Query';
const OPERATIONS: readonly Operation[] = ['PutItem (conditional)', 'TransactWriteItems (2 puts)', 'GetItem', 'Query'];
const CONCURRENCY = [1, 4, 16, 64];

function request(client: DynamoDBClient, operation: Operation, n: number): Promise<unknown> {
  const pk = { S: `k${n}` };
  switch (operation) {
    case 'PutItem (conditional)':
      return client.send(new PutItemCommand({ TableName: TABLE, Item: { pk, sk: { S: 'a' }, data: { S: payload } }, ConditionExpression: 'attribute_not_exists(pk)' }));
    case 'TransactWriteItems (2 puts)':
      return client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { pk, sk: { S: 'b' }, data: { S: payload } }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: TABLE, Item: { pk, sk: { S: 'c' }, data: { S: payload } } } },
          ],
        }),
      );
    case 'GetItem':
      return client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `k${n % 500}` }, sk: { S: 'a' } } }));
    case 'Query':
      return client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `k${n % 500}` } } }));
  }
}

async function measure(client: DynamoDBClient, operation: Operation, concurrency: number, keyBase: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = keyBase;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const n = next;
        next += 1;
        const t = performance.now();
        await request(client, operation, n);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: latencies.length / ((performance.now() - started) / 1000), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

const rows: (string | number)[][] = [];
for (const storage of ['on disk (-dbPath)', 'in memory (-inMemory)'] as const) {
  const dbPath = join(PROJECT_ROOT, '.mto-local', 'bench-dynamodb-local');
  rmSync(dbPath, { recursive: true, force: true });
  if (storage.startsWith('on disk')) mkdirSync(dbPath, { recursive: true });
  const dynamo = await startDynamoDbLocal(storage.startsWith('on disk') ? { dbPath, startTimeoutMs: 60_000 } : { startTimeoutMs: 60_000 });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    // Warm the JVM and fill the keys the reads use.
    await measure(client, 'PutItem (conditional)', 4, 0);
    let keyBase = 1_000_000;
    for (const operation of OPERATIONS) {
      for (const concurrency of CONCURRENCY) {
        const result = await measure(client, operation, concurrency, keyBase);
        keyBase += 1_000_000;
        rows.push([storage, operation, concurrency, result.perSecond, result.p50, result.p99]);
        console.log(`${storage} ${operation} x${concurrency}: ${result.perSecond.toFixed(0)}/s p50 ${result.p50.toFixed(1)} ms p99 ${result.p99.toFixed(1)} ms`);
      }
    }
  } finally {
    client.destroy();
    await dynamo.stop();
    rmSync(dbPath, { recursive: true, force: true });
  }
}

const report = [
  '# DynamoDB Local capacity',
  '',
  `Node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}; ${seconds} s per cell, one SDK client in this process, 1.5 KB items.`,
  '',
  table(['storage', 'operation', 'in flight', 'requests/s', 'p50 ms', 'p99 ms'], rows),
].join('\n');
console.log(`\n${report}`);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, 'dynamodb-local.md'), `${report}\n`);
