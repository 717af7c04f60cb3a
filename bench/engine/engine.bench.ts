/**
 * `npm run bench:engine`: state transitions per second of the local engine, side by side with
 * aws-local-stepfunctions on the same definitions in the same process, then the engine durable
 * (fsync'd journal), and how that grows with 1, 10, 100 and 1,000 concurrent executions. Not a
 * test: it prints tables and writes them to bench/results/engine.md.
 *
 * How it measures (a shared 2-core box is noisy, so one timing means little):
 * - every contender is warmed up first (the JIT matters: the first executions run several times
 *   slower, for the engine and for aws-local-stepfunctions alike);
 * - then rounds alternate between the contenders: each pair of rounds runs the engine and
 *   aws-local-stepfunctions back to back, in an order that swaps from pair to pair (A B, B A, ...),
 *   so slow spells and the garbage one leaves for the other fall on both alike;
 * - a round runs the workload's executions one after another; its figure is transitions (states
 *   entered) per wall-clock second, and CPU microseconds per transition (process.cpuUsage: less
 *   sensitive to other processes than wall time);
 * - the tables show medians over the rounds; the ratio is the engine's median over
 *   aws-local-stepfunctions' median, and the median of the per-pair ratios (each pair ran within
 *   the same fraction of a second).
 *
 * Environment: BENCH_ROUNDS (pairs of in-memory rounds, default 15), BENCH_DURABLE_ROUNDS (default 5),
 * BENCH_CONCURRENCY_ROUNDS (default 3). `BENCH_BASELINE=<dir>` adds the engine found in
 * `<dir>/local/engine` (say, an earlier commit unpacked with `git archive <rev> local/engine | tar
 * -x -C <dir>`, plus a `node_modules` link) as a further contender, measured in the same rounds.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../../local/engine/index';
import { choiceLoop, mapOverItems, nestedParallel, passChain } from './definitions';

// aws-local-stepfunctions 3.0.0 declares Node >= 22 for Promise.withResolvers only.
if (!('withResolvers' in Promise)) {
  Object.defineProperty(Promise, 'withResolvers', {
    value: <T>() => {
      let resolve!: (value: T) => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise<T>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      return { promise, resolve, reject };
    },
  });
}
const { StateMachine } = await import('aws-local-stepfunctions');

type CreateEngine = (options?: EngineOptions) => Promise<Engine>;
const baselineDir = process.env.BENCH_BASELINE;
const createBaseline: CreateEngine | undefined =
  baselineDir === undefined ? undefined : ((await import(join(baselineDir, 'local/engine/index'))) as { createEngine: CreateEngine }).createEngine;
const pairs = Number(process.env.BENCH_ROUNDS ?? 15);
const durableRounds = Number(process.env.BENCH_DURABLE_ROUNDS ?? 5);
const concurrencyRounds = Number(process.env.BENCH_CONCURRENCY_ROUNDS ?? 3);

interface Workload {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly input: unknown;
  /** Executions per round: enough for a round of aws-local-stepfunctions to last some 20-100 ms. */
  readonly runs: number;
}

const items = Array.from({ length: 1000 }, (_value, index) => ({ index }));
const workloads: Workload[] = [
  { name: 'Pass chain (200 states)', definition: passChain(200), input: {}, runs: 50 },
  { name: 'Choice loop (100 rounds)', definition: choiceLoop(100), input: {}, runs: 20 },
  { name: 'Map over 1,000 items', definition: mapOverItems(), input: items, runs: 3 },
  { name: 'Nested Parallel (4x4x5)', definition: nestedParallel(4, 5), input: {}, runs: 40 },
];

/** Something that can run a workload's executions. */
interface Contender {
  readonly name: string;
  /** Runs one round's worth of work to its end. */
  once(): Promise<void>;
}

/** Per contender, one entry per round. */
interface Rounds {
  readonly rates: number[];
  readonly cpuPerTransition: number[];
}

let machineCounter = 0;
async function register(engine: Engine, definition: unknown): Promise<string> {
  machineCounter += 1;
  const created = await engine.call('CreateStateMachine', { name: `bench-${machineCounter}`, definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::123456789012:role/bench' });
  return created.stateMachineArn as string;
}

async function runOnce(engine: Engine, stateMachineArn: string, input: unknown): Promise<string> {
  const { executionArn } = await engine.call('StartExecution', { stateMachineArn, input: JSON.stringify(input) });
  const described = await engine.waitForExecution(executionArn as string);
  if (described.status !== 'SUCCEEDED') throw new Error(`Benchmark execution ended ${String(described.status)}: ${String(described.cause)}`);
  return executionArn as string;
}

/** State transitions of one execution: the states it entered. */
async function transitionsOf(engine: Engine, executionArn: string): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await engine.call('GetExecutionHistory', { executionArn, maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) });
    count += (page.events as { type: string }[]).filter((event) => event.type.endsWith('StateEntered')).length;
    nextToken = page.nextToken as string | undefined;
  } while (nextToken !== undefined);
  return count;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const format = (value: number): string => Math.round(value).toLocaleString('en-US');
const formatRatio = (value: number): string => `${value.toFixed(2)}x`;
const formatMicros = (value: number): string => value.toFixed(2);
const spread = (values: readonly number[]): string => `${format(Math.min(...values))}–${format(Math.max(...values))}`;

/**
 * Warms every contender up, then runs `roundCount` rounds of each, alternating: in round group k
 * every contender runs once, in an order rotated by k (two contenders: A B, B A, A B, ...).
 */
async function measure(contenders: readonly Contender[], transitionsPerRound: number, roundCount: number, warmups: number): Promise<Map<string, Rounds>> {
  const results = new Map<string, Rounds>(contenders.map((contender) => [contender.name, { rates: [], cpuPerTransition: [] }]));
  for (const contender of contenders) for (let run = 0; run < warmups; run += 1) await contender.once();
  for (let round = 0; round < roundCount; round += 1) {
    for (let position = 0; position < contenders.length; position += 1) {
      const contender = contenders[(round + position) % contenders.length] as Contender;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await contender.once();
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const entry = results.get(contender.name);
      entry?.rates.push(transitionsPerRound / seconds);
      entry?.cpuPerTransition.push((cpu.user + cpu.system) / transitionsPerRound);
    }
  }
  return results;
}

const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  console.log(line);
};

const dataDir = await mkdtemp(join(tmpdir(), 'engine-bench-'));
let dataCounter = 0;
type Mode = 'memory' | 'strict' | 'batched';
const engineOptions = (mode: Mode): EngineOptions => {
  if (mode === 'memory') return { log: () => undefined };
  dataCounter += 1;
  return { dataDir: join(dataDir, `engine-${dataCounter}`), durability: mode, log: () => undefined };
};
const modeName = (mode: Mode): string => (mode === 'memory' ? 'in memory' : `durable ${mode}`);
const ENGINE = 'engine';
const BASELINE = 'baseline';
const PEER = 'aws-local-stepfunctions 3.0.0';

/** Contenders that run `runs` executions of a workload one after another on a fresh engine each. */
async function engineContenders(workload: Workload, modes: readonly Mode[], withBaseline: boolean): Promise<{ contenders: Contender[]; engines: Engine[]; transitions: number }> {
  const kinds: { name: string; create: CreateEngine; mode: Mode }[] = [];
  for (const mode of modes) {
    kinds.push({ name: `${ENGINE}, ${modeName(mode)}`, create: createEngine, mode });
    if (withBaseline && createBaseline !== undefined) kinds.push({ name: `${BASELINE}, ${modeName(mode)}`, create: createBaseline, mode });
  }
  const engines = await Promise.all(kinds.map((kind) => kind.create(engineOptions(kind.mode))));
  const arns = await Promise.all(engines.map((engine) => register(engine, workload.definition)));
  const first = engines[0] as Engine;
  const transitions = await transitionsOf(first, await runOnce(first, arns[0] as string, workload.input));
  const contenders = kinds.map((kind, index) => ({
    name: kind.name,
    once: async () => {
      for (let run = 0; run < workload.runs; run += 1) await runOnce(engines[index] as Engine, arns[index] as string, workload.input);
    },
  }));
  return { contenders, engines, transitions };
}

try {
  print(`Engine benchmark, Node ${process.version}, ${new Date().toISOString()}${baselineDir === undefined ? '' : `, baseline: ${baselineDir}`}`);
  print('');
  print(
    `In memory, side by side: transitions (states entered) per second, median of ${pairs} rounds each, engine and ${PEER} alternating ` +
      '(A B, B A, ...) after warm-up; executions one after another. Ratio: engine / aws-local-stepfunctions (of the medians; median of the per-pair ratios). ' +
      'CPU: microseconds of process CPU per transition.',
  );
  print('');
  const withBaseline = createBaseline !== undefined;
  print(
    `| workload | transitions / execution | engine | ${PEER} | ratio | ratio, per pair | engine CPU µs | ${PEER} CPU µs | CPU ratio |${withBaseline ? ' baseline | baseline ratio |' : ''}`,
  );
  print(`|---|---:|---:|---:|---:|---:|---:|---:|---:|${withBaseline ? '---:|---:|' : ''}`);
  const spreads: string[] = [];
  for (const workload of workloads) {
    // Fresh engines per workload: what one workload leaves in memory does not slow the next.
    const { contenders, engines, transitions } = await engineContenders(workload, ['memory'], withBaseline);
    const machine = new StateMachine(workload.definition as never, { validationOptions: { checkPaths: false, checkArn: false } });
    // The peer second: with two contenders the order then goes engine, peer / peer, engine / ...
    contenders.splice(1, 0, {
      name: PEER,
      once: async () => {
        for (let run = 0; run < workload.runs; run += 1) await machine.run(workload.input as never).result;
      },
    });
    const results = await measure(contenders, transitions * workload.runs, pairs, Math.max(workload.runs, 5));
    for (const engine of engines) await engine.close();
    const ours = results.get(`${ENGINE}, in memory`) ?? { rates: [], cpuPerTransition: [] };
    const peer = results.get(PEER) ?? { rates: [], cpuPerTransition: [] };
    const pairRatios = ours.rates.map((rate, index) => rate / (peer.rates[index] ?? Number.NaN));
    const baseline = results.get(`${BASELINE}, in memory`);
    print(
      `| ${workload.name} | ${transitions} | ${format(median(ours.rates))} | ${format(median(peer.rates))} | **${formatRatio(median(ours.rates) / median(peer.rates))}** | ${formatRatio(median(pairRatios))} | ` +
        `${formatMicros(median(ours.cpuPerTransition))} | ${formatMicros(median(peer.cpuPerTransition))} | ${formatRatio(median(peer.cpuPerTransition) / median(ours.cpuPerTransition))} |` +
        (baseline === undefined ? '' : ` ${format(median(baseline.rates))} | ${formatRatio(median(baseline.rates) / median(peer.rates))} |`),
    );
    spreads.push(`| ${workload.name} | ${spread(ours.rates)} | ${spread(peer.rates)} | ${formatRatio(Math.min(...pairRatios))}–${formatRatio(Math.max(...pairRatios))} |`);
  }
  print('');
  print('Spread (slowest–fastest round; per-pair ratio lowest–highest). CPU ratio: aws-local-stepfunctions CPU / engine CPU (above 1: the engine uses less).');
  print('');
  print(`| workload | engine | ${PEER} | ratio, per pair |`);
  print('|---|---:|---:|---:|');
  for (const line of spreads) print(line);

  print('');
  print(`Durable (journal fsync'd: strict before every transition, batched before every external effect), executions one after another, median of ${durableRounds} rounds`);
  print('');
  const durableModes: Mode[] = ['strict', 'batched'];
  const durableColumns = durableModes.flatMap((mode) => [`${ENGINE}, ${modeName(mode)}`, ...(withBaseline ? [`${BASELINE}, ${modeName(mode)}`] : [])]);
  print(`| workload | ${durableColumns.join(' | ')} |`);
  print(`|---|${durableColumns.map(() => '---:').join('|')}|`);
  for (const workload of workloads) {
    const { contenders, engines, transitions } = await engineContenders(workload, durableModes, withBaseline);
    const results = await measure(contenders, transitions * workload.runs, durableRounds, 1);
    for (const engine of engines) await engine.close();
    print(`| ${workload.name} | ${durableColumns.map((column) => format(median(results.get(column)?.rates ?? []))).join(' | ')} |`);
  }

  print('');
  print(`Concurrent executions of a 50-state Pass chain (at least 100 per round, in batches of that many), aggregate transitions per second (median of ${concurrencyRounds} rounds after warm-up)`);
  print('');
  const concurrencyModes: Mode[] = ['memory', 'strict', 'batched'];
  const chain: Workload = { name: 'Pass chain (50 states)', definition: passChain(50), input: {}, runs: 1 };
  const { engines, contenders: sequential } = await engineContenders(chain, concurrencyModes, withBaseline);
  const columns = sequential.map((contender) => contender.name);
  print(`| concurrent executions | ${columns.join(' | ')} |`);
  print(`|---:|${columns.map(() => '---:').join('|')}|`);
  const arns = await Promise.all(engines.map((engine) => register(engine, chain.definition)));
  for (const executions of [1, 10, 100, 1000]) {
    // A round is at least 100 executions: `executions` at a time, batch after batch.
    const batches = Math.max(1, Math.round(100 / executions));
    const contenders: Contender[] = columns.map((name, index) => ({
      name,
      once: async () => {
        for (let batch = 0; batch < batches; batch += 1) {
          await Promise.all(Array.from({ length: executions }, () => runOnce(engines[index] as Engine, arns[index] as string, {})));
        }
      },
    }));
    const results = await measure(contenders, batches * executions * 50, concurrencyRounds, 1);
    print(`| ${format(executions)} | ${columns.map((name) => format(median(results.get(name)?.rates ?? []))).join(' | ')} |`);
  }
  for (const engine of engines) await engine.close();
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/engine.md', `${lines.join('\n')}\n`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
