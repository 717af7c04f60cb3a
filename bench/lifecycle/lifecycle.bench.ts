/**
 * `npm run bench:lifecycle`: complete orders per minute through the whole local stack (the
 * synthesized app on DynamoDB Local, the local engine, the bus, the API), suppliers answering at
 * once and the bench approving, building, inspecting and shipping at once through the doors.
 *
 * Closed loop: `--concurrency` orders are kept in flight (a finished order is replaced by a new
 * one). After `--warmup` seconds (cold sandboxes, JIT), completions are counted over `--window`
 * seconds; then placing stops, every order in flight is driven to its end, and the run is checked:
 * every order delivered, exactly one lifecycle execution each, no failed execution, no duplicate
 * event, no dead letter. Not a test: it prints tables and writes bench/results/lifecycle.md.
 *
 * Options: --concurrency N (40) --warmup S (30) --window S (60) --drain S (180)
 *          --mix all|<sample>[,<sample>...] (all) --synth (synthesize again) --source REV (synthesize a
 *          commit) --count-dynamodb (count DynamoDB requests per operation; one extra hop)
 *          --dynamodb disk|memory (memory: an experiment, see startBenchStack) --label TEXT
 *          --route-priority on|off (on: the stack's default, steps at a lower CPU priority than routes)
 *          --foreground-first on|off --busy-threshold N --busy-limit N --busy-share F --route-sandboxes N
 *          --route-in-flight N (bench/shared/stack-tuning.ts)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';
import type { RunningLocalStack } from '../../local/runtime/local-stack';
import { percentile, RESULTS_DIR, ResourceSampler, resourceTable, startBenchStack, table } from './bench-stack';
import { LifecycleDriver, PLACE_ANSWERED, type TrackedOrder } from './lifecycle-driver';
import { DynamoDbCounter } from './dynamodb-counter';
import { profileExecutions, type ExecutionProfile } from './execution-profile';
import { parseBenchOptions } from '../shared/bench-options';
import { STACK_TUNING_OPTIONS, stackTuning, stackTuningLine } from '../shared/stack-tuning';

const args = parseBenchOptions('npm run bench:lifecycle --', {
    concurrency: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '30' },
    window: { type: 'string', default: '60' },
    drain: { type: 'string', default: '180' },
    mix: { type: 'string', default: 'all' },
    synth: { type: 'boolean', default: false },
    source: { type: 'string' },
    label: { type: 'string', default: '' },
    'count-dynamodb': { type: 'boolean', default: false },
    dynamodb: { type: 'string', default: 'disk' },
    'route-priority': { type: 'string', default: 'on' },
    ...STACK_TUNING_OPTIONS,
  });

const MIXES: Readonly<Record<string, readonly SeedOrderRequestName[]>> = {
  /** Every valid sample: stock, bought parts (POs to the simulator), a person's review. */
  all: ['oakDiningTable', 'walnutExtendingTable', 'officeShelving', 'machineParts', 'hotelFitOut'],
};

const concurrency = Number(args.concurrency);
const warmupSeconds = Number(args.warmup);
const windowSeconds = Number(args.window);
const drainSeconds = Number(args.drain);
const mix = MIXES[args.mix] ?? (args.mix.split(',').every((name) => name in seedOrderRequests) ? (args.mix.split(',') as SeedOrderRequestName[]) : undefined);
if (mix === undefined || !(concurrency > 0) || !(windowSeconds > 0) || !(warmupSeconds >= 0)) {
  console.error(`bench:lifecycle: bad options (--mix all or sample names from ${Object.keys(seedOrderRequests).join(', ')}, --concurrency > 0, --window > 0, --warmup >= 0)`);
  process.exit(2);
}

const log = (line: string): void => console.log(line);
const stackLog: string[] = [];
const counter = args['count-dynamodb'] ? new DynamoDbCounter() : undefined;
const bench = await startBenchStack('lifecycle', {
  fresh: args.synth,
  source: args.source,
  log: (line) => stackLog.push(line),
  dynamoDb: args.dynamodb === 'memory' ? 'memory' : 'disk',
  overrides: { prioritiseRoutes: args['route-priority'] !== 'off', ...stackTuning(args) },
  ...(counter === undefined ? {} : { counter }),
});
const { stack, client, functionTimings } = bench;
const shippingDoor = stack.app.routes.some((route) => route.resourcePath === '/shipping/orders/{orderId}/events');
log(`stack up at ${stack.endpoints.api}; shipping door ${shippingDoor ? 'present: orders end delivered' : 'ABSENT: orders end when they reach shipping'}`);

type Phase = 'warmup' | 'window' | 'draining';
let phase: Phase = 'warmup';
let windowStart = 0;
let windowEnd = 0;
let placed = 0;
const placeErrors: string[] = [];
const sampler = new ResourceSampler();

const driver = new LifecycleDriver({
  stack,
  client,
  shippingDoor,
  onDone: () => {
    if (phase !== 'draining') placeNext();
  },
});
driver.start();

function placeNext(): void {
  const sample = mix![placed % mix!.length]!;
  placed += 1;
  driver.place(sample, seedOrderRequests[sample], randomUUID()).catch((error: unknown) => {
    placeErrors.push(error instanceof Error ? error.message : String(error));
    if (phase !== 'draining') setTimeout(placeNext, 100);
  });
}

const started = performance.now();
for (let slot = 0; slot < concurrency; slot += 1) placeNext();
const progress = setInterval(() => {
  const done = [...driver.orders.values()].filter((order) => order.outcome !== undefined).length;
  log(`  ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s  ${phase.padEnd(8)} placed ${placed}, done ${done}, door failures ${driver.failures.length}`);
}, 10_000);

await sleep(warmupSeconds * 1000);
phase = 'window';
windowStart = performance.now();
sampler.start();
functionTimings.start();
counter?.start();
await sleep(windowSeconds * 1000);
windowEnd = performance.now();
const resources = sampler.stop();
functionTimings.stop();
counter?.stop();
phase = 'draining';

const drainDeadline = performance.now() + drainSeconds * 1000;
while (performance.now() < drainDeadline && [...driver.orders.values()].some((order) => order.outcome === undefined)) await sleep(250);
await driver.settle();
await stack.eventBus.drain();
clearInterval(progress);
driver.stop();

const orders = [...driver.orders.values()];
const inWindow = orders.filter((order) => order.doneAt !== undefined && order.doneAt >= windowStart && order.doneAt < windowEnd);
const expected = shippingDoor ? 'delivered' : 'reached-shipping';
const completedInWindow = inWindow.filter((order) => order.outcome === expected);
const perMinute = (completedInWindow.length / ((windowEnd - windowStart) / 1000)) * 60;

log('\nchecking every order ...');
const checks = await verify(stack, orders, expected);
log('profiling executions ...');
const profile = await profileExecutions(stack, completedInWindow.slice(0, 20).map((order) => order.orderId));
await bench.stop();
await counter?.close();

const workload = {
  purchaseOrders: stack.eventBus.archive.list().filter((event) => event['detail-type'] === 'PurchaseOrder.Placed').length,
  events: stack.eventBus.archive.list().length,
};
/** CPU seconds per order completed in the window, from a component's average cores over the window. */
const perOrder = (cores: number): number => (cores * resources.seconds) / Math.max(1, completedInWindow.length);
const cpuPerOrder = perOrder(resources.nodeCores + resources.javaCores);
const report = render();
console.log(`\n${report}`);
mkdirSync(RESULTS_DIR, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const name = `lifecycle-${args.mix}-c${concurrency}${args.dynamodb === 'memory' ? '-ddbmem' : ''}${args.label === '' ? '' : `-${args.label}`}-${stamp}`;
writeFileSync(join(RESULTS_DIR, `${name}.md`), `${report}\n`);
writeFileSync(join(RESULTS_DIR, 'lifecycle.md'), `${report}\n`);
writeFileSync(
  join(RESULTS_DIR, `${name}.json`),
  `${JSON.stringify({ perMinute, completedInWindow: completedInWindow.length, windowSeconds, concurrency, mix: args.mix, shippingDoor, checks, resources, functions: functionTimings.summary(), profile, failures: driver.failures.slice(0, 50), placeErrors: placeErrors.slice(0, 50), stackLog: stackLog.slice(-200) }, null, 2)}\n`,
);
log(`\nwritten to bench/results/${name}.md`);
process.exit(checks.every((check) => check.ok) ? 0 : 1);

// ---------------------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
}

async function listExecutions(target: RunningLocalStack, stateMachineArn: string): Promise<{ name: string; status: string }[]> {
  const all: { name: string; status: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await target.engine.call('ListExecutions', { stateMachineArn, maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) });
    all.push(...(page.executions as { name: string; status: string }[]));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken !== undefined);
  return all;
}

async function verify(target: RunningLocalStack, tracked: readonly TrackedOrder[], outcome: string): Promise<Check[]> {
  const checks: Check[] = [];
  const unfinished = tracked.filter((order) => order.outcome !== outcome);
  const lifecycleMachine = target.app.stateMachines.find((machine) => machine.name.includes('order-lifecycle'));
  const whereStuck = async (order: TrackedOrder): Promise<string> => {
    // The newest history events of its execution: the state it waits in, or the error it retries.
    const history = await target.engine
      .call('GetExecutionHistory', { executionArn: `${lifecycleMachine?.arn.replace(':stateMachine:', ':execution:') ?? ''}:${order.orderId}`, reverseOrder: true, maxResults: 4 })
      .catch(() => ({ events: [] }));
    const recent = (history.events as Record<string, unknown>[]).map((event) => {
      const details = Object.entries(event).find(([key]) => key.endsWith('EventDetails'))?.[1] as { name?: string; error?: string } | undefined;
      return `${String(event.type)}${details?.name === undefined ? '' : ` ${details.name}`}${details?.error === undefined ? '' : ` ${details.error}`}`;
    });
    return `${order.orderId} (${order.outcome ?? 'unfinished'}, last event seen ${[...order.milestones.keys()].at(-1) ?? 'none'}; execution: ${recent.join(' < ')})`;
  };
  const stuck = await Promise.all(unfinished.slice(0, 3).map(whereStuck));
  checks.push({ what: `every placed order ${outcome}`, ok: unfinished.length === 0, detail: `${tracked.length - unfinished.length}/${tracked.length}${unfinished.length === 0 ? '' : `; e.g. ${stuck.join(', ')}`}` });
  checks.push({ what: 'orders placed without error', ok: placeErrors.length === 0, detail: placeErrors.length === 0 ? `${tracked.length}` : `${placeErrors.length} errors, e.g. ${placeErrors[0]}` });

  // Stored status, read through the API.
  const wantStatus = outcome === 'delivered' ? 'delivered' : 'shipping';
  const wrongStatus: string[] = [];
  const queue = [...tracked];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let order = queue.shift(); order !== undefined; order = queue.shift()) {
        const stored = await client.getOrder(order.orderId).catch((error: unknown) => ({ status: `unreadable: ${String(error)}` }));
        if (stored.status !== wantStatus) wrongStatus.push(`${order.orderId}=${String(stored.status)}`);
      }
    }),
  );
  checks.push({ what: `stored status ${wantStatus}`, ok: wrongStatus.length === 0, detail: wrongStatus.length === 0 ? `${tracked.length}/${tracked.length}` : `${wrongStatus.length} differ, e.g. ${wrongStatus.slice(0, 3).join(', ')}` });

  // Executions: exactly one lifecycle execution per order; nothing failed anywhere.
  const lifecycle = target.app.stateMachines.find((machine) => machine.name.includes('order-lifecycle'));
  if (lifecycle === undefined) {
    checks.push({ what: 'lifecycle state machine', ok: false, detail: 'not found in the assembly' });
  } else {
    const executions = await listExecutions(target, lifecycle.arn);
    const byName = new Map<string, { name: string; status: string }[]>();
    for (const execution of executions) byName.set(execution.name, [...(byName.get(execution.name) ?? []), execution]);
    const wantExecution = outcome === 'delivered' ? 'SUCCEEDED' : 'RUNNING';
    const wrong = tracked.filter((order) => byName.get(order.orderId)?.length !== 1 || byName.get(order.orderId)?.[0]?.status !== wantExecution);
    checks.push({ what: `exactly one lifecycle execution per order, ${wantExecution}`, ok: wrong.length === 0 && executions.length === tracked.length, detail: `${executions.length} executions for ${tracked.length} orders${wrong.length === 0 ? '' : `; ${wrong.length} wrong, e.g. ${wrong.slice(0, 3).map((order) => `${order.orderId}: ${JSON.stringify(byName.get(order.orderId) ?? [])}`).join(', ')}`}` });
  }
  const bad: string[] = [];
  let total = 0;
  for (const machine of target.app.stateMachines) {
    const executions = await listExecutions(target, machine.arn);
    total += executions.length;
    for (const execution of executions) if (!['SUCCEEDED', 'RUNNING'].includes(execution.status)) bad.push(`${machine.name}/${execution.name}=${execution.status}`);
  }
  checks.push({ what: 'no failed, timed-out or aborted execution (all machines)', ok: bad.length === 0, detail: `${total} executions${bad.length === 0 ? '' : `; ${bad.length} bad, e.g. ${bad.slice(0, 3).join(', ')}`}` });

  // Events: none lost to dead letters, none duplicated.
  const deadLetters = target.eventBus.deadLetters.list();
  checks.push({ what: 'no event bus dead letters', ok: deadLetters.length === 0, detail: deadLetters.length === 0 ? '0' : `${deadLetters.length}, e.g. ${deadLetters[0]!.ruleName}: ${deadLetters[0]!.error}` });
  const once = new Map<string, number>();
  for (const event of target.eventBus.archive.list()) {
    const detail = event.detail as { orderId?: string; poId?: string };
    const type = event['detail-type'];
    const key = type === 'PurchaseOrder.Placed' ? `${type}/${detail.poId ?? ''}` : ['Order.Placed', 'Order.Delivered', 'Shipment.Requested'].includes(type) ? `${type}/${detail.orderId ?? ''}` : undefined;
    if (key !== undefined) once.set(key, (once.get(key) ?? 0) + 1);
  }
  const duplicated = [...once.entries()].filter(([, count]) => count > 1);
  checks.push({ what: 'no duplicate Order.Placed / PurchaseOrder.Placed / Shipment.Requested / Order.Delivered', ok: duplicated.length === 0, detail: duplicated.length === 0 ? `${once.size} checked` : `${duplicated.length} duplicated, e.g. ${duplicated.slice(0, 3).map(([key, count]) => `${key} x${count}`).join(', ')}` });
  checks.push({ what: 'every door call answered as expected', ok: driver.failures.length === 0, detail: driver.failures.length === 0 ? `${[...driver.actions.values()].reduce((a, b) => a + b, 0)} calls` : `${driver.failures.length} failed, e.g. ${driver.failures[0]!.action} ${driver.failures[0]!.orderId}: ${driver.failures[0]!.error}` });
  const engineErrors = stackLog.filter((line) => line.startsWith('[engine]'));
  checks.push({ what: 'no engine errors logged', ok: engineErrors.length === 0, detail: engineErrors.length === 0 ? '0' : `${engineErrors.length}, e.g. ${engineErrors[0]!.slice(0, 200)}` });
  return checks;
}

function render(): string {
  const seconds = (order: TrackedOrder): number => ((order.doneAt ?? order.placedAt) - order.placedAt) / 1000;
  const lines: string[] = [];
  lines.push(`# Lifecycle benchmark${args.label === '' ? '' : ` (${args.label})`}`, '');
  lines.push(`Node ${process.version}, ${new Date().toISOString()}, mix \`${args.mix}\` (${mix!.join(', ')}), ${concurrency} orders in flight, warm-up ${warmupSeconds} s, window ${windowSeconds} s; ${stackTuningLine(args)}.`);
  if (args.dynamodb === 'memory') lines.push('EXPERIMENT: the functions use a DynamoDB Local started -inMemory (not durable), not the stack\'s on-disk one.');
  lines.push(`An order counts as complete when it is ${expected === 'delivered' ? 'delivered' : 'in shipping (Shipment.Requested): the shipping door is not in the assembly yet'}.`, '');
  lines.push(
    table(
      ['measure', 'value'],
      [
        ['complete orders per minute (window)', perMinute],
        ['orders completed in window', completedInWindow.length],
        ['order lead time p50 (s)', percentile(completedInWindow.map(seconds), 0.5)],
        ['order lead time p90 (s)', percentile(completedInWindow.map(seconds), 0.9)],
        ['CPU seconds per completed order (stack: Node + DynamoDB Local)', cpuPerOrder.toFixed(3)],
        ['  of which function workers (and GC, libuv)', perOrder(Math.max(0, resources.nodeCores - resources.mainThreadCores)).toFixed(3)],
        ['  of which the main thread (engine, bus, API, bench driver)', perOrder(resources.mainThreadCores).toFixed(3)],
        ['  of which DynamoDB Local (Java)', perOrder(resources.javaCores).toFixed(3)],
        ['other processes on the machine while measuring (cores of 2)', Math.max(0, resources.machineBusyFraction * cpus().length - resources.nodeCores - resources.javaCores).toFixed(2)],
        [`ceiling if the stack had all ${cpus().length} cores (orders per minute)`, (cpus().length / cpuPerOrder) * 60],
        ['orders placed in all', orders.length],
        ['purchase orders per order (stock runs out, then suppliers)', workload.purchaseOrders / Math.max(1, orders.length)],
        ['events published per order', workload.events / Math.max(1, orders.length)],
      ],
    ),
  );
  lines.push('', '## Checks after draining', '');
  lines.push(table(['check', 'ok', 'detail'], checks.map((check) => [check.what, check.ok ? 'yes' : 'NO', check.detail])));
  lines.push('', '## Time from placing to each milestone (orders completed in window, median s)', '');
  const milestoneNames = [PLACE_ANSWERED, 'Order.ReviewStarted', 'Approval.Requested', 'Order.DesignApproved', 'Order.MaterialsReady', 'Production.Released', 'Inspection.Requested', 'Order.InspectionPassed', 'Shipment.Requested', 'Order.ShipmentBooked', 'Order.Delivered'];
  lines.push(
    table(
      ['milestone', 'orders', 'median s', 'p90 s'],
      milestoneNames.map((milestone) => {
        const times = completedInWindow.flatMap((order) => (order.milestones.has(milestone) ? [(order.milestones.get(milestone)! - order.placedAt) / 1000] : []));
        return [milestone, times.length, percentile(times, 0.5), percentile(times, 0.9)];
      }),
    ),
  );
  lines.push('', '## Where the CPU went (window)', '');
  lines.push(resourceTable(resources, { stack: 'Node process (main thread + function workers)', mainThread: 'main thread (engine, bus, API, bench driver)', others: 'other processes on the machine (other sessions)' }));
  lines.push('', '## Function invocations in the window (busiest first)', '');
  lines.push(functionTimings.table(15), '', functionTimings.admissionLine());
  if (counter !== undefined) lines.push(...counter.reportLines('DynamoDB requests from the functions in the window', completedInWindow.length, 'per completed order'));
  lines.push('', '## Door calls by the bench (whole run)', '');
  lines.push(table(['action', 'calls'], [...driver.actions.entries()].sort(([a], [b]) => a.localeCompare(b))));
  lines.push('', '## Lifecycle executions, where the wall time goes (sample of orders completed in window)', '');
  lines.push(profileTable(profile));
  return lines.join('\n');
}

function profileTable(rows: readonly ExecutionProfile[]): string {
  if (rows.length === 0) return '(no executions profiled)';
  const median = (pick: (row: ExecutionProfile) => number): number => percentile(rows.map(pick), 0.5);
  return table(
    ['per lifecycle execution (median of ' + String(rows.length) + ')', 'value'],
    [
      ['state transitions (incl. child executions)', median((row) => row.transitions)],
      ['Lambda task invocations', median((row) => row.lambdaCalls)],
      ['wall time (s)', median((row) => row.wallSeconds)],
      ['inside Lambda tasks (s)', median((row) => row.lambdaSeconds)],
      ['waiting for callbacks (people, suppliers) (s)', median((row) => row.callbackSeconds)],
      ['engine between states (s)', median((row) => row.engineSeconds)],
    ],
  );
}
