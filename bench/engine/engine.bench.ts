/**
 * `npm run bench:engine`: state transitions per second of the local engine, side by side with
 * aws-local-stepfunctions on the same definitions, in memory and durable (fsync'd journal), and
 * how the durable figure grows with 1, 10, 100 and 1,000 concurrent executions. Not a test: it
 * prints a table and writes it to bench/results/engine.md.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../local/engine/index';
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

interface Workload {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly input: unknown;
  readonly runs: number;
}

const items = Array.from({ length: 1000 }, (_value, index) => ({ index }));
const workloads: Workload[] = [
  { name: 'Pass chain (200 states)', definition: passChain(200), input: {}, runs: 20 },
  { name: 'Choice loop (100 rounds)', definition: choiceLoop(100), input: {}, runs: 20 },
  { name: 'Map over 1,000 items', definition: mapOverItems(), input: items, runs: 3 },
  { name: 'Nested Parallel (4x4x5)', definition: nestedParallel(4, 5), input: {}, runs: 20 },
];

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

async function ours(engine: Engine, workload: Workload): Promise<{ perSecond: number; transitions: number }> {
  const arn = await register(engine, workload.definition);
  const transitions = await transitionsOf(engine, await runOnce(engine, arn, workload.input));
  const started = performance.now();
  for (let run = 0; run < workload.runs; run += 1) await runOnce(engine, arn, workload.input);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: (transitions * workload.runs) / seconds, transitions };
}

async function peer(workload: Workload, transitions: number): Promise<number | string> {
  try {
    const machine = new StateMachine(workload.definition as never, { validationOptions: { checkPaths: false, checkArn: false } });
    await machine.run(workload.input as never).result;
    const started = performance.now();
    for (let run = 0; run < workload.runs; run += 1) await machine.run(workload.input as never).result;
    return (transitions * workload.runs) / ((performance.now() - started) / 1000);
  } catch (error) {
    return `failed: ${(error as Error).message.slice(0, 60)}`;
  }
}

async function concurrent(engine: Engine, executions: number): Promise<number> {
  const arn = await register(engine, passChain(50));
  const started = performance.now();
  await Promise.all(Array.from({ length: executions }, () => runOnce(engine, arn, {})));
  return (executions * 50) / ((performance.now() - started) / 1000);
}

const format = (value: number | string): string => (typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : value);

const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  console.log(line);
};

const dataDir = await mkdtemp(join(tmpdir(), 'engine-bench-'));
try {
  const memory = await createEngine({ log: () => undefined });
  const durable = await createEngine({ dataDir: join(dataDir, 'durable'), log: () => undefined });
  const batched = await createEngine({ dataDir: join(dataDir, 'batched'), durability: 'batched', log: () => undefined });
  print(`Engine benchmark, Node ${process.version}, ${new Date().toISOString()}`);
  print('');
  print('State transitions per second (states entered / wall time; executions run one after another)');
  print('');
  print('| workload | transitions / execution | engine, in memory | engine, durable strict (fsync) | engine, durable batched (fsync) | aws-local-stepfunctions 3.0.0 (in memory) |');
  print('|---|---:|---:|---:|---:|---:|');
  for (const workload of workloads) {
    const inMemory = await ours(memory, workload);
    const onDisk = await ours(durable, workload);
    const onDiskBatched = await ours(batched, workload);
    const other = await peer(workload, inMemory.transitions);
    print(`| ${workload.name} | ${inMemory.transitions} | ${format(inMemory.perSecond)} | ${format(onDisk.perSecond)} | ${format(onDiskBatched.perSecond)} | ${format(other)} |`);
  }
  print('');
  print('Concurrent executions of a 50-state Pass chain, aggregate transitions per second');
  print('');
  print('| concurrent executions | engine, in memory | engine, durable strict (fsync) | engine, durable batched (fsync) |');
  print('|---:|---:|---:|---:|');
  for (const executions of [1, 10, 100, 1000]) {
    print(`| ${executions} | ${format(await concurrent(memory, executions))} | ${format(await concurrent(durable, executions))} | ${format(await concurrent(batched, executions))} |`);
  }
  await memory.close();
  await durable.close();
  await batched.close();
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/engine.md', `${lines.join('\n')}\n`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
