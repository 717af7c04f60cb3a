/**
 * `npm run bench:api`: autocannon on `POST /orders` of the local stack (default 50 connections for
 * 20 s, after a 15 s warm-up run at the same concurrency), from a separate process. Afterwards every order answered 2xx is
 * checked: stored (read back through `GET /orders/{id}`) and with exactly one lifecycle execution;
 * the lifecycle runs in the background meanwhile, as it would. Not a test: it prints tables and
 * writes bench/results/api.md.
 *
 * Then `--breakdown` orders are placed one at a time through the same handler in this process with
 * every port call timed (placeOrderBreakdown), before the load and again after it, with the open
 * orders it left behind.
 *
 * The warm-up runs at the measured concurrency so that the measured window is the steady state. A
 * load that jumps to a new, higher concurrency is slower for its first 5-7 seconds on this machine
 * (per-second table: the background steps admitted before the gate closed finish, the JVM and V8 size
 * their heaps for the new allocation rate); `--warmup 5 --warmup-connections 10` measures that onset.
 *
 * Options: --connections N (50) --duration S (20) --warmup S (15) --warmup-connections N (= --connections) --breakdown N (20, 0 = none)
 *          --rate R (requests/s in all, open loop; default: closed loop, each connection as fast as answered)
 *          --dynamodb disk|memory (memory: an experiment, see startBenchStack) --synth --source REV --label TEXT
 *          --count-dynamodb (the functions' DynamoDB requests, by operation and item kind; one extra hop each)
 *          --foreground-first on|off --busy-threshold N --busy-limit N --busy-share F --route-sandboxes N
 *          --route-in-flight N (bench/shared/stack-tuning.ts)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakdownTable, placeOrderBreakdown } from './place-order.breakdown';
import { PROJECT_ROOT, RESULTS_DIR, ResourceSampler, resourceTable, startBenchStack, table } from '../lifecycle/bench-stack';
import { DynamoDbCounter } from '../lifecycle/dynamodb-counter';
import { parseBenchOptions } from '../shared/bench-options';
import { STACK_TUNING_OPTIONS, stackTuning, stackTuningLine } from '../shared/stack-tuning';

const args = parseBenchOptions('npm run bench:api --', {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '15' },
    'warmup-connections': { type: 'string' },
    breakdown: { type: 'string', default: '20' },
    dynamodb: { type: 'string', default: 'disk' },
    rate: { type: 'string' },
    synth: { type: 'boolean', default: false },
    'count-dynamodb': { type: 'boolean', default: false },
    source: { type: 'string' },
    label: { type: 'string', default: '' },
    ...STACK_TUNING_OPTIONS,
  });

interface CannonSummary {
  readonly duration: number;
  readonly requests: { readonly total: number; readonly average: number };
  readonly latency: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodeStats: Record<string, { readonly count: number }>;
}

interface CannonOrders {
  readonly orderIds: readonly string[];
  readonly statuses: Record<string, number>;
  readonly failureBodies: readonly string[];
  /** Answers by the second they came in (since the run's start), with their latencies. */
  readonly seconds: readonly { readonly second: number; readonly answers: number; readonly p50: number; readonly p99: number; readonly max: number }[];
}

const log = (line: string): void => console.log(line);
const stackLog: string[] = [];
const startedAt = Date.now();
const counter = args['count-dynamodb'] ? new DynamoDbCounter() : undefined;
const bench = await startBenchStack('api', { ...(counter === undefined ? {} : { counter }), fresh: args.synth, source: args.source, log: (line) => stackLog.push(line), dynamoDb: args.dynamodb === 'memory' ? 'memory' : 'disk', overrides: stackTuning(args) });
const { stack, client, dataDir, functionTimings } = bench;
log(`stack up at ${stack.endpoints.api} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

/**
 * Runs the load generator in its own process, so that it does not share the API's event loop; the
 * spawn is asynchronous because this process's event loop is the stack's (engine, bus, API server).
 */
async function cannon(connections: number, seconds: number, name: string, rate?: string): Promise<{ summary: CannonSummary; orders: CannonOrders }> {
  const out = join(dataDir, `${name}-orders.json`);
  const child = spawn(
    join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
    ['bench/api/post-orders.autocannon.ts', '--url', stack.endpoints.api, '--api-key', stack.endpoints.apiKey, '--connections', String(connections), '--duration', String(seconds), '--out', out, ...(rate === undefined ? [] : ['--rate', rate])],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`autocannon run failed (exit ${String(code)}): ${stderr.slice(-2_000)}`);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return { summary: JSON.parse(line) as CannonSummary, orders: JSON.parse(readFileSync(out, 'utf8')) as CannonOrders };
}

const breakdownCount = Number(args.breakdown);
const openOrders = async (): Promise<number> => {
  let open = 0;
  for (const status of ['procuring', 'building', 'rework']) open += (await client.listOrders({ status, limit: 100 })).items.length;
  return open;
};
const breakdownBefore = breakdownCount > 0 ? { open: await openOrders(), ...(await placeOrderBreakdown(stack, breakdownCount)) } : undefined;

const warmupSeconds = Number(args.warmup);
const warmupConnections = Number(args['warmup-connections'] ?? args.connections);
const warm = warmupSeconds > 0 ? await cannon(args.rate === undefined ? warmupConnections : Number(args.connections), warmupSeconds, 'warmup', args.rate) : undefined;
if (warm !== undefined) log(`warm-up: ${warm.summary.requests.total} requests, p99 ${warm.summary.latency.p99} ms`);

const sampler = new ResourceSampler();
sampler.start();
functionTimings.start();
counter?.start();
const measured = await cannon(Number(args.connections), Number(args.duration), 'measured', args.rate);
const resources = sampler.stop();
functionTimings.stop();
counter?.stop();
log(`measured: ${measured.summary.requests.total} requests`);

const breakdownAfter = breakdownCount > 0 ? { open: await openOrders(), ...(await placeOrderBreakdown(stack, breakdownCount)) } : undefined;

// ---- afterwards: every 2xx order stored, with exactly one execution ----
log('checking every 2xx order ...');
const allOrderIds = [...(warm?.orders.orderIds ?? []), ...measured.orders.orderIds];
const missing: string[] = [];
const queue = [...allOrderIds];
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let orderId = queue.shift(); orderId !== undefined; orderId = queue.shift()) {
      try {
        const stored = await client.getOrder(orderId);
        if (stored.orderId !== orderId) missing.push(`${orderId}: read back as ${String(stored.orderId)}`);
      } catch (error) {
        missing.push(`${orderId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }),
);
const lifecycle = stack.app.stateMachines.find((machine) => machine.name.includes('order-lifecycle'));
const executionsByName = new Map<string, number>();
if (lifecycle !== undefined) {
  let nextToken: string | undefined;
  do {
    const page = await stack.engine.call('ListExecutions', { stateMachineArn: lifecycle.arn, maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) });
    for (const execution of page.executions as { name: string }[]) executionsByName.set(execution.name, (executionsByName.get(execution.name) ?? 0) + 1);
    nextToken = page.nextToken as string | undefined;
  } while (nextToken !== undefined);
}
const withoutExecution = allOrderIds.filter((orderId) => executionsByName.get(orderId) !== 1);
const diagnosticOrders = new Set([...(breakdownBefore?.orderIds ?? []), ...(breakdownAfter?.orderIds ?? [])]);
const extraExecutions = [...executionsByName.keys()].filter((name) => !allOrderIds.includes(name) && !diagnosticOrders.has(name));
const uniqueOrders = new Set(allOrderIds).size;
// Executions of orders whose answer the client never read as 2xx: answered 409 (stored, running; a
// retry with the same key answers 201), or still in flight when autocannon stopped (at most one per
// connection and run). Each must still be a stored order: nothing half-done.
const unanswered = [...(warm?.orders.statuses ? Object.entries(warm.orders.statuses) : []), ...Object.entries(measured.orders.statuses)]
  .filter(([status]) => !status.startsWith('2'))
  .reduce((sum, [, count]) => sum + count, 0);
const inFlightAllowance = Number(args.connections) + (warm === undefined ? 0 : args.rate === undefined ? warmupConnections : Number(args.connections));
const extraNotStored: string[] = [];
for (const orderId of extraExecutions) {
  await client.getOrder(orderId).catch(() => extraNotStored.push(orderId));
}
await bench.stop();
await counter?.close();

const s = measured.summary;
const checks: [string, boolean, string][] = [
  ['0 errors (connection errors, timeouts, non-2xx)', s.errors === 0 && s.timeouts === 0 && s.non2xx === 0, `${s.errors} errors, ${s.timeouts} timeouts, ${s.non2xx} non-2xx${measured.orders.failureBodies.length === 0 ? '' : `; e.g. ${measured.orders.failureBodies[0]}`}`],
  ['p99 under 250 ms', s.latency.p99 < 250, `${s.latency.p99} ms`],
  ['every 2xx order stored (GET /orders/{id})', missing.length === 0, `${allOrderIds.length - missing.length}/${allOrderIds.length}${missing.length === 0 ? '' : `; e.g. ${missing.slice(0, 2).join('; ')}`}`],
  ['every 2xx order has exactly one lifecycle execution', withoutExecution.length === 0, `${allOrderIds.length - withoutExecution.length}/${allOrderIds.length}${withoutExecution.length === 0 ? '' : `; e.g. ${withoutExecution.slice(0, 2).join(', ')}`}`],
  [
    'executions beyond the 2xx orders: only 409-answered or in-flight-at-stop requests, each a stored order',
    extraExecutions.length <= unanswered + inFlightAllowance && extraNotStored.length === 0 && uniqueOrders === allOrderIds.length,
    `${extraExecutions.length} (non-2xx answers ${unanswered}, in flight at stop up to ${inFlightAllowance}); not stored: ${extraNotStored.length}; repeated order ids: ${allOrderIds.length - uniqueOrders}`,
  ],
];

const lines: string[] = [];
lines.push(`# API benchmark: POST /orders${args.label === '' ? '' : ` (${args.label})`}`, '');
if (args.dynamodb === 'memory') lines.push('EXPERIMENT: the functions use a DynamoDB Local started -inMemory (not durable), not the stack\'s on-disk one.', '');
lines.push(`Node ${process.version}, ${new Date().toISOString()}; autocannon 8 in its own process, ${args.connections} connections${args.rate === undefined ? ' (closed loop)' : ` at ${args.rate} requests/s in all (open loop)`}, ${args.duration} s, after a ${warmupSeconds} s warm-up (${args.rate === undefined ? `${warmupConnections} connections` : 'same rate'}); seed requests in turn, each with its own Idempotency-Key; ${stackTuningLine(args)}.`, '');
lines.push(
  table(
    ['measure', 'value'],
    [
      ['requests', s.requests.total],
      ['throughput (requests/s, mean)', s.requests.average],
      ['latency p50 (ms)', s.latency.p50],
      ['latency p90 (ms)', s.latency.p90],
      ['latency p99 (ms)', s.latency.p99],
      ['latency max (ms)', s.latency.max],
      ['status codes', Object.entries(measured.orders.statuses).map(([code, count]) => `${code}: ${count}`).join(', ')],
    ],
  ),
);
lines.push('', '## Latency by second of the measured run (a slow second holds up every connection)', '');
lines.push(table(['second', 'answers', 'p50 ms', 'p99 ms', 'max ms'], measured.orders.seconds.map((row) => [row.second, row.answers, row.p50, row.p99, row.max])));
lines.push('', '## Checks', '');
lines.push(table(['check', 'ok', 'detail'], checks.map(([what, ok, detail]) => [what, ok ? 'yes' : 'NO', detail])));
lines.push('', '## Where the CPU went (measured run)', '');
lines.push(resourceTable(resources, { stack: 'stack process (main thread + function workers)', mainThread: 'main thread (engine, bus, API server)', others: 'autocannon and other processes' }));
lines.push('', '## Function invocations in the measured run (busiest first)', '');
lines.push(functionTimings.table(12), '', functionTimings.admissionLine());
if (counter !== undefined) lines.push(...counter.reportLines('DynamoDB requests from the functions in the measured run', s.requests.total, 'per request'));
for (const [when, breakdown] of [['before the load', breakdownBefore], ['after the load', breakdownAfter]] as const) {
  if (breakdown === undefined) continue;
  lines.push('', `## One POST /orders at a time, ${when} (${breakdown.open} load-bearing open orders; handler in this process, ports timed)`, '');
  lines.push(breakdownTable(breakdown));
}
const report = lines.join('\n');
console.log(`\n${report}`);
mkdirSync(RESULTS_DIR, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const name = `api-c${args.connections}${args.rate === undefined ? '' : `-r${args.rate}`}${args.dynamodb === 'memory' ? '-ddbmem' : ''}${args.label === '' ? '' : `-${args.label.replace(/[^\w.-]+/g, '-')}`}-${stamp}`;
writeFileSync(join(RESULTS_DIR, `${name}.md`), `${report}\n`);
writeFileSync(join(RESULTS_DIR, 'api.md'), `${report}\n`);
writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ summary: s, warmup: warm?.summary, checks, resources, functions: functionTimings.summary(), stackLog: stackLog.slice(-200) }, null, 2)}\n`);
log(`\nwritten to bench/results/${name}.md`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
