/**
 * What the stack benchmarks share: the synthesized assembly (inside the project, so the bundles
 * resolve the AWS SDK from node_modules), a fresh local stack with suppliers answering at once, and
 * the instruments that say where the time goes (CPU of this process and of DynamoDB Local, the main
 * thread's event loop, every function invocation).
 */
import type { BackgroundAdmissionStats } from '../../local/functions/background-admission';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { LocalClient } from '../../local/cli/local-client';
import { isAlive, startDynamoDbLocal } from '../../local/dynamodb-local/dynamodb-local';
import { startLocalStack, type LocalStackOptions, type RunningLocalStack } from '../../local/runtime/local-stack';
import { seedLocalData } from '../../local/runtime/seed';
import type { DynamoDbCounter } from './dynamodb-counter';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');
const CDK_OUT_DIR = join(PROJECT_ROOT, '.mto-local', 'bench-cdk.out');

export class BenchSetupError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchSetupError';
  }
}

/**
 * Synthesizes the app into `.mto-local/bench-cdk.out` unless an assembly is there and `fresh` is false.
 * With `source` (a git revision) the app is synthesized from that commit, extracted into
 * `.mto-local/bench-src`, instead of the work tree: a way to measure a known state while the work
 * tree is half-way through a change.
 */
export function synthesize(options: { fresh: boolean; source?: string | undefined; log: (line: string) => void }): string {
  if (!options.fresh && options.source === undefined && existsSync(join(CDK_OUT_DIR, 'manifest.json'))) return CDK_OUT_DIR;
  let appDir = PROJECT_ROOT;
  if (options.source !== undefined) {
    appDir = join(PROJECT_ROOT, '.mto-local', 'bench-src');
    rmSync(appDir, { recursive: true, force: true });
    mkdirSync(appDir, { recursive: true });
    const extract = spawnSync('sh', ['-c', `git archive --format=tar "$0" | tar -x -C "$1"`, options.source, appDir], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (extract.status !== 0) throw new BenchSetupError(`cannot extract ${options.source}: ${extract.stderr}`);
  }
  options.log(`synthesizing the CDK app${options.source === undefined ? '' : ` at ${options.source}`} into ${CDK_OUT_DIR} ...`);
  // Modules the app imports resolve upwards to the project's node_modules, from either folder.
  const synth = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--app', `${join(PROJECT_ROOT, 'node_modules/.bin/tsx')} infra/app.ts`, '--output', CDK_OUT_DIR], { cwd: appDir, encoding: 'utf8', timeout: 600_000 });
  if (synth.status !== 0) throw new BenchSetupError(`cdk synth failed (exit ${String(synth.status)}):\n${(synth.stderr ?? '').slice(-4_000)}`);
  return CDK_OUT_DIR;
}

export interface BenchStack {
  readonly stack: RunningLocalStack;
  readonly client: LocalClient;
  readonly dataDir: string;
  readonly functionTimings: FunctionTimings;
  /** Stops the stack (and the in-memory DynamoDB Local, if one was started). */
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  readonly fresh: boolean;
  readonly source?: string | undefined;
  readonly log: (line: string) => void;
  readonly overrides?: Partial<LocalStackOptions>;
  /**
   * `disk` (default): the functions use the stack's DynamoDB Local, data on disk, as `npm start`.
   * `memory`: an experiment: the functions are pointed (by configuration, `AWS_ENDPOINT_URL_DYNAMODB`)
   * at a second DynamoDB Local started `-inMemory`, with the same tables and seed data.
   */
  readonly dynamoDb?: 'disk' | 'memory';
  /** Counts the functions' DynamoDB requests on their way (see DynamoDbCounter). */
  readonly counter?: DynamoDbCounter;
}

/**
 * `.mto-local/bench-<name>-<pid>`: each run its own data folder, so benchmarks started at the same
 * time by different people on one machine do not reset each other's data. The folders of earlier
 * runs whose process is gone are removed first (the last one's stays for reading until then).
 */
export function benchDataDir(name: string): string {
  const parent = join(PROJECT_ROOT, '.mto-local');
  mkdirSync(parent, { recursive: true });
  const pattern = new RegExp(`^bench-${name}-(\\d+)$`);
  for (const entry of readdirSync(parent)) {
    const pid = Number(pattern.exec(entry)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
  return join(parent, `bench-${name}-${process.pid}`);
}


/** A fresh stack (its data folder emptied first) with zero supplier delays and a timed function host. */
export async function startBenchStack(name: string, options: BenchStackOptions): Promise<BenchStack> {
  const cdkOutDir = synthesize(options);
  const dataDir = benchDataDir(name);
  const memory = options.dynamoDb === 'memory' ? await startDynamoDbLocal({ startTimeoutMs: 60_000 }) : undefined;
  const functionsEndpoint = (await options.counter?.listen()) ?? memory?.endpoint;
  let stack: RunningLocalStack;
  try {
    stack = await startLocalStack({
      cdkOutDir,
      dataDir,
      reset: true,
      apiPort: 0,
      seed: seedLocalData,
      defaultSupplierBehaviour: { mode: 'normal', acknowledgeAfterMs: 0, shipAfterMs: 0, deliverAfterMs: 0 },
      log: (line) => options.log(line),
      ...options.overrides,
      ...(functionsEndpoint === undefined ? {} : { functionEnvironment: { ...options.overrides?.functionEnvironment, AWS_ENDPOINT_URL_DYNAMODB: functionsEndpoint } }),
    });
    if (memory !== undefined) await prepareTables(memory.endpoint, stack);
  } catch (error) {
    await memory?.stop();
    throw error;
  }
  options.counter?.forwardTo(memory?.endpoint ?? stack.endpoints.dynamoDb);
  const functionTimings = new FunctionTimings(stack);
  return {
    stack,
    client: new LocalClient({ endpoints: stack.endpoints, iam: stack.secrets.iam }),
    dataDir,
    functionTimings,
    stop: async () => {
      await stack.stop();
      await memory?.stop();
    },
  };
}

/** The synthesized tables and the seed data, on another DynamoDB Local (before any function runs). */
async function prepareTables(endpoint: string, stack: RunningLocalStack): Promise<void> {
  const dynamoDb = new DynamoDBClient({ endpoint, region: stack.endpoints.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    for (const table of stack.app.tables) {
      await dynamoDb.send(new CreateTableCommand(table.createTableInput as unknown as CreateTableCommandInput));
      if (table.ttlAttribute !== undefined) await dynamoDb.send(new UpdateTimeToLiveCommand({ TableName: table.name, TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute } }));
    }
    await seedLocalData({ dynamoDb, tables: stack.app.tables });
  } finally {
    dynamoDb.destroy();
  }
}

/** Percentile of a list of numbers (nearest rank); NaN for an empty list. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** Renders a Markdown table; numbers are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number): string => (typeof value === 'number' ? (Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1)) : value);
  const align = header.map((_, index) => (rows.some((row) => typeof row[index] === 'number') ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

/**
 * Times every function invocation (API routes and workflow steps alike): the host's `invoke` is
 * looked up at call time by the API server, the engine and the bus, so wrapping it on the instance
 * sees them all without touching the runtime.
 */
export class FunctionTimings {
  private readonly durations = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  private recording = false;
  private startedAt = 0;
  private stoppedAt = 0;
  private busyAtStart = new Map<string, number>();
  private busyInWindow = new Map<string, { readonly sandboxes: number; readonly activeMs: number }>();
  private admissionAtStart: BackgroundAdmissionStats | undefined;
  private admissionAtStop: BackgroundAdmissionStats | undefined;

  public constructor(private readonly stack: RunningLocalStack) {
    const host = stack.functions;
    const original = host.invoke.bind(host);
    host.invoke = async (nameOrArn: string, event: unknown): Promise<unknown> => {
      const started = performance.now();
      const name = host.find(nameOrArn)?.name ?? nameOrArn;
      try {
        return await original(nameOrArn, event);
      } catch (error) {
        if (this.recording) this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
        throw error;
      } finally {
        if (this.recording) {
          const list = this.durations.get(name) ?? [];
          list.push(performance.now() - started);
          this.durations.set(name, list);
        }
      }
    };
  }

  public start(): void {
    this.durations.clear();
    this.failures.clear();
    this.recording = true;
    this.startedAt = performance.now();
    this.busyAtStart = new Map([...this.stack.functions.utilisation()].map(([name, use]) => [name, use.activeMs]));
    this.admissionAtStart = this.stack.functions.admissionStats();
  }

  public stop(): void {
    this.recording = false;
    this.stoppedAt = performance.now();
    this.busyInWindow = new Map([...this.stack.functions.utilisation()].map(([name, use]) => [name, { sandboxes: use.sandboxes, activeMs: use.activeMs - (this.busyAtStart.get(name) ?? 0) }]));
    this.admissionAtStop = this.stack.functions.admissionStats();
  }

  /** Per function: invocations, failures, p50/p99 and total milliseconds, sandboxes and their busy share, busiest first. */
  public summary(): { name: string; calls: number; failures: number; p50: number; p99: number; totalMs: number; sandboxes: number; busyShare: number }[] {
    const windowMs = Math.max(1, this.stoppedAt - this.startedAt);
    return [...this.durations.entries()]
      .map(([name, list]) => {
        const busy = this.busyInWindow.get(name);
        return { name, calls: list.length, failures: this.failures.get(name) ?? 0, p50: percentile(list, 0.5), p99: percentile(list, 0.99), totalMs: list.reduce((a, b) => a + b, 0), sandboxes: busy?.sandboxes ?? 0, busyShare: (busy?.activeMs ?? 0) / windowMs };
      })
      .sort((a, b) => b.totalMs - a.totalMs);
  }

  /** The busiest `limit` functions as a table; "busy" is the share of the window their sandboxes' event loops worked (over 100 % with several). */
  public table(limit: number): string {
    return table(
      ['function', 'calls', 'failures', 'p50 ms', 'p99 ms', 'total s', 'sandboxes', 'busy'],
      this.summary()
        .slice(0, limit)
        .map((row) => [row.name.replace(/^.*?-dev-/, ''), row.calls, row.failures, row.p50, row.p99, row.totalMs / 1000, row.sandboxes, `${(row.busyShare * 100).toFixed(0)} %`]),
    );
  }

  /** What the foreground-first gate did in the window: background invocations held back and for how long. */
  public admissionLine(): string {
    const [before, after] = [this.admissionAtStart, this.admissionAtStop];
    if (before === undefined || after === undefined) return 'background invocations: not gated';
    const delayed = after.delayed - before.delayed;
    const waitedMs = after.delayedMsTotal - before.delayedMsTotal;
    return `background invocations held back while the API was busy: ${delayed} (mean wait ${delayed === 0 ? 0 : Math.round(waitedMs / delayed)} ms); waiting at the end: ${after.backgroundWaiting}`;
  }
}

interface CpuReading {
  readonly at: number;
  readonly processMicros: number;
  readonly mainThreadTicks: number;
  readonly javaTicks: number;
  readonly machineBusy: number;
  readonly machineKernel: number;
  readonly machineSteal: number;
  readonly machineTotal: number;
  readonly elu: EventLoopUtilization;
}

const CLOCK_TICKS_PER_SECOND = 100;

function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // The process ended while we looked.
  }
}

function javaPids(): number[] {
  // DynamoDB Local runs under this process (through its supervisor): find it among our
  // descendants by its command line (read only).
  const entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  const parents = new Map(entries.map((entry) => [Number(entry), parentOf(entry)]));
  const descends = (pid: number): boolean => {
    for (let current: number | undefined = parents.get(pid), hops = 0; current !== undefined && current > 1 && hops < 10; current = parents.get(current), hops += 1) {
      if (current === process.pid) return true;
    }
    return false;
  };
  const found: number[] = [];
  for (const [pid] of parents) {
    if (!descends(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      // The JVM itself, not its supervisor (whose arguments name the jar too).
      if (/(^|\/)java$/.test(argv[0] ?? '') && argv.some((arg) => arg.includes('DynamoDBLocal'))) found.push(pid);
    } catch {
      // Ended meanwhile.
    }
  }
  return found;
}

function ticksOf(pid: number | undefined, path = `/proc/${String(pid)}/stat`): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of one thread of this process (the main thread's id is the process id). */
function threadTicks(tid: number): number {
  return ticksOf(Number.NaN, `/proc/self/task/${tid}/stat`);
}

/** The machine's CPU ticks (all cores): busy, of which in the kernel (system, irq, softirq), and stolen by the host. */
function machineTicks(): { busy: number; kernel: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // user nice system idle iowait irq softirq steal ...
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const at = (index: number): number => values[index] ?? 0;
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - at(3) - at(4), kernel: at(2) + at(5) + at(6), steal: at(7), total };
}

/** Where CPU went over a window: this process (main thread + function workers), DynamoDB Local, the machine. */
export interface ResourceUse {
  readonly seconds: number;
  /** CPU cores used on average by this Node process (all its threads). */
  readonly nodeCores: number;
  /** Share of wall time the main thread (engine, bus, API server, driver) was busy. */
  readonly mainThreadUtilisation: number;
  /** CPU cores used by the main thread alone; the rest of `nodeCores` is the function workers (and GC/libuv helpers). */
  readonly mainThreadCores: number;
  readonly javaCores: number;
  readonly machineBusyFraction: number;
  /** Share of the machine's busy time spent in the kernel (system calls, loopback networking, interrupts). */
  readonly kernelShareOfBusy: number;
  /** Share of the machine's time the host took for others (a noisy neighbour, not this work). */
  readonly stealFraction: number;
  readonly eventLoopDelayP99Ms: number;
}

export class ResourceSampler {
  private readonly pids = javaPids();
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private first: CpuReading | undefined;

  private read(): CpuReading {
    const usage = process.cpuUsage();
    const machine = machineTicks();
    return { at: performance.now(), processMicros: usage.user + usage.system, mainThreadTicks: threadTicks(process.pid), javaTicks: this.pids.reduce((sum, pid) => sum + ticksOf(pid), 0), machineBusy: machine.busy, machineKernel: machine.kernel, machineSteal: machine.steal, machineTotal: machine.total, elu: performance.eventLoopUtilization() };
  }

  public start(): void {
    this.delay.reset();
    this.delay.enable();
    this.first = this.read();
  }

  public stop(): ResourceUse {
    const last = this.read();
    this.delay.disable();
    const first = this.first ?? last;
    const seconds = (last.at - first.at) / 1000;
    return {
      seconds,
      nodeCores: (last.processMicros - first.processMicros) / 1e6 / seconds,
      mainThreadUtilisation: performance.eventLoopUtilization(last.elu, first.elu).utilization,
      mainThreadCores: (last.mainThreadTicks - first.mainThreadTicks) / CLOCK_TICKS_PER_SECOND / seconds,
      javaCores: (last.javaTicks - first.javaTicks) / CLOCK_TICKS_PER_SECOND / seconds,
      machineBusyFraction: (last.machineBusy - first.machineBusy) / Math.max(1, last.machineTotal - first.machineTotal),
      kernelShareOfBusy: (last.machineKernel - first.machineKernel) / Math.max(1, last.machineBusy - first.machineBusy),
      stealFraction: (last.machineSteal - first.machineSteal) / Math.max(1, last.machineTotal - first.machineTotal),
      eventLoopDelayP99Ms: this.delay.percentile(99) / 1e6,
    };
  }
}

/**
 * Where a run's CPU went: the machine, the stack's Node process split into main thread and function
 * workers, DynamoDB Local, and the rest. `labels` say what each bench runs in those places.
 */
export function resourceTable(use: ResourceUse, labels: { readonly stack: string; readonly mainThread: string; readonly others: string }): string {
  return table(
    ['resource', 'value'],
    [
      [`machine CPU busy (of ${cpus().length} cores)`, `${(use.machineBusyFraction * 100).toFixed(0)} %`],
      ['  of which in the kernel (system calls, loopback networking)', `${(use.kernelShareOfBusy * 100).toFixed(0)} %`],
      ['machine CPU stolen by the host (noise from outside)', `${(use.stealFraction * 100).toFixed(1)} %`],
      [`${labels.stack}, cores`, use.nodeCores.toFixed(2)],
      [`${labels.mainThread} busy`, `${(use.mainThreadUtilisation * 100).toFixed(0)} %`],
      ['  of which the main thread, cores', use.mainThreadCores.toFixed(2)],
      ['  of which function workers (and GC, libuv), cores', Math.max(0, use.nodeCores - use.mainThreadCores).toFixed(2)],
      ['DynamoDB Local (Java), cores', use.javaCores.toFixed(2)],
      [`${labels.others}, cores`, Math.max(0, use.machineBusyFraction * cpus().length - use.nodeCores - use.javaCores).toFixed(2)],
      ['main event loop delay p99 (ms)', use.eventLoopDelayP99Ms.toFixed(0)],
    ],
  );
}
