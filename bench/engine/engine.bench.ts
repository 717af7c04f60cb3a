/**
 * `npm run bench:engine`: state transitions per second of the local engine, side by side with
 * aws-local-stepfunctions on the same definitions, in memory and durable (fsync'd journal), and
 * how the durable figure grows with 1, 10, 100 and 1,000 concurrent executions. Not a test: it
 * prints tables and writes them to bench/results/engine.md.
 *
 * How it measures (a shared 2-core box is noisy, so one timing means little):
 * - every contender is warmed up first (the JIT matters: the first executions run several times
 *   slower, for the engine and for aws-local-stepfunctions alike);
 * - then `BENCH_ROUNDS` rounds (default 7); in each round every contender runs the workload's
 *   executions one after another, in an order that rotates from round to round;
 * - the tables show the median round, and the spread (lowest-highest round) follows.
 *
 * `BENCH_BASELINE=<dir>` adds the engine found in `<dir>/local/engine` (say, an earlier commit
 * unpacked with `git archive <rev> local/engine | tar -x -C <dir>`, plus a `node_modules` link) as
 * extra columns, so before and after are measured side by side in one run.
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
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const concurrencyRounds = Number(process.env.BENCH_CONCURRENCY_ROUNDS ?? 3);

interface Workload {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly input: unknown;
  /** Executions per round. */
  readonly runs: number;
}

const items = Array.from({ length: 1000 }, (_value, index) => ({ index }));
const workloads: Workload[] = [
  { name: 'Pass chain (200 states)', definition: passChain(200), input: {}, runs: 20 },
  { name: 'Choice loop (100 rounds)', definition: choiceLoop(100), input: {}, runs: 20 },
  { name: 'Map over 1,000 items', definition: mapOverItems(), input: items, runs: 3 },
  { name: 'Nested Parallel (4x4x5)', definition: nestedParallel(4, 5), input: {}, runs: 20 },
];

/** Something that can run a workload's executions one after another. */
interface Contender {
  readonly name: string;
  /** Runs one execution to its end. */
  once(): Promise<void>;
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
const spread = (values: readonly number[]): string => `${format(Math.min(...values))}–${format(Math.max(...values))}`;

/** Warms every contender up, then times `roundCount` rounds; transitions per second of each round, per contender. */
async function measure(contenders: readonly Contender[], runs: number, transitions: number, roundCount: number, warmups: number): Promise<Map<string, number[]>> {
  const results = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
  for (const contender of contenders) for (let run = 0; run < warmups; run += 1) await contender.once();
  for (let round = 0; round < roundCount; round += 1) {
    for (let position = 0; position < contenders.length; position += 1) {
      const contender = contenders[(round + position) % contenders.length] as Contender;
      const started = performance.now();
      for (let run = 0; run < runs; run += 1) await contender.once();
      results.get(contender.name)?.push((transitions * runs) / ((performance.now() - started) / 1000));
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
const engineKinds: { name: string; create: () => Promise<Engine> }[] = [];
const addKinds = (label: string, create: CreateEngine, modes: readonly ('memory' | 'strict' | 'batched')[]): void => {
  for (const mode of modes) {
    engineKinds.push({
      name: `${label}${mode === 'memory' ? 'in memory' : `durable ${mode}`}`,
      create: () => {
        dataCounter += 1;
        const dir = join(dataDir, `engine-${dataCounter}`);
        return create(mode === 'memory' ? { log: () => undefined } : { dataDir: dir, durability: mode, log: () => undefined });
      },
    });
  }
};
addKinds('engine, ', createEngine, ['memory', 'strict', 'batched']);
if (createBaseline !== undefined) addKinds('baseline, ', createBaseline, ['memory', 'strict']);
const peerName = 'aws-local-stepfunctions 3.0.0 (in memory)';

try {
  print(`Engine benchmark, Node ${process.version}, ${new Date().toISOString()}${baselineDir === undefined ? '' : `, baseline: ${baselineDir}`}`);
  print('');
  print(`State transitions per second (states entered / wall time; executions one after another; median of ${rounds} rounds after warm-up)`);
  print('');
  const columns = [...engineKinds.map((kind) => kind.name), peerName];
  print(`| workload | transitions / execution | ${columns.join(' | ')} |`);
  print(`|---|---:|${columns.map(() => '---:').join('|')}|`);
  const spreads: string[] = [];
  for (const workload of workloads) {
    // Fresh engines per workload: what one workload leaves in memory does not slow the next.
    const engines = await Promise.all(engineKinds.map((kind) => kind.create()));
    const arns = await Promise.all(engines.map((engine) => register(engine, workload.definition)));
    const first = engines[0] as Engine;
    const transitions = await transitionsOf(first, await runOnce(first, arns[0] as string, workload.input));
    const contenders: Contender[] = engineKinds.map((kind, index) => ({
      name: kind.name,
      once: async () => {
        await runOnce(engines[index] as Engine, arns[index] as string, workload.input);
      },
    }));
    const machine = new StateMachine(workload.definition as never, { validationOptions: { checkPaths: false, checkArn: false } });
    contenders.push({
      name: peerName,
      once: async () => {
        await machine.run(workload.input as never).result;
      },
    });
    const results = await measure(contenders, workload.runs, transitions, rounds, Math.max(workload.runs, 5));
    for (const engine of engines) await engine.close();
    print(`| ${workload.name} | ${transitions} | ${columns.map((column) => format(median(results.get(column) ?? []))).join(' | ')} |`);
    spreads.push(`| ${workload.name} | ${columns.map((column) => spread(results.get(column) ?? [])).join(' | ')} |`);
  }
  print('');
  print('Spread (slowest–fastest round)');
  print('');
  print(`| workload | ${columns.join(' | ')} |`);
  print(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const line of spreads) print(line);

  print('');
  print(`Concurrent executions of a 50-state Pass chain, aggregate transitions per second (median of ${concurrencyRounds} rounds after warm-up)`);
  print('');
  print(`| concurrent executions | ${engineKinds.map((kind) => kind.name).join(' | ')} |`);
  print(`|---:|${engineKinds.map(() => '---:').join('|')}|`);
  const engines = await Promise.all(engineKinds.map((kind) => kind.create()));
  const arns = await Promise.all(engines.map((engine) => register(engine, passChain(50))));
  for (const executions of [1, 10, 100, 1000]) {
    const contenders: Contender[] = engineKinds.map((kind, index) => ({
      name: kind.name,
      once: async () => {
        await Promise.all(Array.from({ length: executions }, () => runOnce(engines[index] as Engine, arns[index] as string, {})));
      },
    }));
    const results = await measure(contenders, 1, executions * 50, concurrencyRounds, 1);
    print(`| ${format(executions)} | ${engineKinds.map((kind) => format(median(results.get(kind.name) ?? []))).join(' | ')} |`);
  }
  for (const engine of engines) await engine.close();
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/engine.md', `${lines.join('\n')}\n`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
