/**
 * `npx tsx bench/lifecycle/route-priority.bench.ts`: does an API caller wait behind the workflows
 * already running? POST /orders latency, one request at a time at a steady rate, while the
 * lifecycle benchmark's closed loop keeps `--background` orders in flight (their steps take the
 * CPU), with the functions that are not routes at a lower priority (`prioritiseRoutes`, the
 * default) and without, in alternating rounds so the machine's other load hits both alike.
 * Not a test: it prints a table and writes bench/results/route-priority.md.
 *
 * Options: --rounds N (2 per mode) --background N (40) --warmup S (30) --seconds S (30) --rate R (2 requests/s)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedOrderRequests, type SeedOrderRequestName } from '../../functions/domain/catalog/seed/seed-order-requests';
import { percentile, RESULTS_DIR, ResourceSampler, startBenchStack, table } from './bench-stack';
import { LifecycleDriver } from './lifecycle-driver';
import { parseBenchOptions } from '../shared/bench-options';

const args = parseBenchOptions('npx tsx bench/lifecycle/route-priority.bench.ts', {
    rounds: { type: 'string', default: '2' },
    background: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '30' },
    rate: { type: 'string', default: '2' },
  });
const rounds = Number(args.rounds);
const background = Number(args.background);
const warmupSeconds = Number(args.warmup);
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const SAMPLES: readonly SeedOrderRequestName[] = ['oakDiningTable', 'walnutExtendingTable', 'officeShelving', 'machineParts', 'hotelFitOut'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Round {
  readonly mode: 'routes first' | 'all equal';
  readonly latencies: readonly number[];
  readonly statuses: ReadonlyMap<number, number>;
  readonly backgroundDone: number;
  readonly machineBusy: number;
  readonly otherCores: number;
}

async function runRound(mode: Round['mode']): Promise<Round> {
  const bench = await startBenchStack('route-priority', { fresh: false, log: () => undefined, overrides: { prioritiseRoutes: mode === 'routes first' } });
  const { stack, client } = bench;
  const shippingDoor = stack.app.routes.some((route) => route.resourcePath === '/shipping/orders/{orderId}/events');
  let placing = true;
  let placed = 0;
  let backgroundDone = 0;
  const driver = new LifecycleDriver({
    stack,
    client,
    shippingDoor,
    onDone: () => {
      backgroundDone += 1;
      if (placing) placeBackground();
    },
  });
  const placeBackground = (): void => {
    const sample = SAMPLES[placed % SAMPLES.length]!;
    placed += 1;
    driver.place(sample, seedOrderRequests[sample], randomUUID()).catch(() => undefined);
  };
  driver.start();
  for (let slot = 0; slot < background; slot += 1) placeBackground();
  await sleep(warmupSeconds * 1000);

  // The measured caller: one POST /orders at a time, every 1/rate seconds (open loop).
  const sampler = new ResourceSampler();
  sampler.start();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const until = performance.now() + seconds * 1000;
  const calls: Promise<void>[] = [];
  for (let n = 0; performance.now() < until; n += 1) {
    const sample = SAMPLES[n % SAMPLES.length]!;
    const started = performance.now();
    calls.push(
      client.placeOrder(seedOrderRequests[sample], randomUUID()).then(
        ({ status }) => {
          latencies.push(performance.now() - started);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
        () => {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        },
      ),
    );
    await sleep(1000 / rate);
  }
  await Promise.all(calls);
  const use = sampler.stop();
  placing = false;
  driver.stop();
  await bench.stop();
  return { mode, latencies, statuses, backgroundDone, machineBusy: use.machineBusyFraction, otherCores: Math.max(0, use.machineBusyFraction * cpus().length - use.nodeCores - use.javaCores) };
}

const results: Round[] = [];
for (let round = 0; round < rounds; round += 1) {
  for (const mode of ['routes first', 'all equal'] as const) {
    const result = await runRound(mode);
    results.push(result);
    console.log(`${mode}: p50 ${percentile(result.latencies, 0.5).toFixed(0)} ms, p99 ${percentile(result.latencies, 0.99).toFixed(0)} ms (${result.latencies.length} requests), background orders done ${result.backgroundDone}`);
  }
}

const rows = results.map((result, index) => [
  `${Math.floor(index / 2) + 1}`,
  result.mode,
  result.latencies.length,
  percentile(result.latencies, 0.5),
  percentile(result.latencies, 0.9),
  percentile(result.latencies, 0.99),
  [...result.statuses.entries()].map(([status, count]) => `${status}: ${count}`).join(', '),
  result.backgroundDone,
  `${(result.machineBusy * 100).toFixed(0)} %`,
  result.otherCores.toFixed(2),
]);
const report = [
  '# POST /orders while workflows run: routes first or all equal',
  '',
  `Node ${process.version}, ${new Date().toISOString()}; ${background} lifecycle orders kept in flight (closed loop, as bench:lifecycle), ${warmupSeconds} s warm-up, then one POST /orders every ${(1000 / rate).toFixed(0)} ms for ${seconds} s; rounds alternate the two modes.`,
  '',
  table(['round', 'mode', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'statuses', 'background orders done', 'machine busy', 'other processes, cores'], rows),
].join('\n');
console.log(`\n${report}`);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, 'route-priority.md'), `${report}\n`);
process.exit(0);
