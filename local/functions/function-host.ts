/**
 * Runs Lambda functions on this machine: each function in its own worker thread (its own module
 * graph and its own `process.env`, as in a Lambda sandbox), loading the code `cdk synth` bundled for
 * it, so the code that runs locally is the code Lambda runs.
 *
 * A function that exceeds its timeout fails with `Sandbox.Timedout` and its worker is replaced, as
 * Lambda recycles a timed-out sandbox; a worker that crashes fails its in-flight invocations with
 * `Runtime.ExitError` and is replaced on the next call; one whose code fails to load answers its
 * calls with that error and is replaced too, so the next call runs the init again, as on Lambda.
 *
 * Faults can be injected at this seam, as the Lambda service itself would fail, without touching
 * any handler: a fraction of invocations answered with `Lambda.ServiceException` (which the
 * workflows' Retry covers), or every invocation failing with an error no Retry matches.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { seededRandom } from '../engine';
import { BackgroundAdmission, type BackgroundAdmissionOptions, type BackgroundAdmissionStats } from './background-admission';

const WORKER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'lambda-worker.mjs');

/** Node's flags that load code into every module graph of a thread: the host's tooling, not the function's. */
const MODULE_HOOK_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The host's Node flags a sandbox runs with: all of them but the hooks that load modules. A worker
 * inherits them by default, the host's `--import tsx` (under which `npm start` runs) included, and a
 * bundle that still needed tsx (TypeScript source imported by a `.js` path, say) would then run
 * here and fail on Lambda. The function's own `NODE_OPTIONS` (the bundles' `--enable-source-maps`)
 * reach the worker through its environment, as Lambda applies them. Dropping tsx costs nothing:
 * 16 bundles load in the same CPU time with or without it.
 */
export function sandboxExecArgv(hostExecArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < hostExecArgv.length; index += 1) {
    const flag = hostExecArgv[index] ?? '';
    if (MODULE_HOOK_FLAGS.has(flag)) {
      index += 1; // and its value
      continue;
    }
    if (MODULE_HOOK_FLAGS.has(flag.split('=')[0] ?? '')) continue;
    kept.push(flag);
  }
  return kept;
}

/**
 * `flags` without those a worker thread refused, as its ERR_WORKER_INVALID_EXEC_ARGV message lists
 * them ("Initiated Worker with invalid execArgv flags: --max-old-space-size=512, --expose-gc").
 * They act on the whole process (V8's heap limit, say), which the host's own flags already set.
 */
export function withoutRefusedFlags(flags: readonly string[], refusal: string): string[] {
  const listed = refusal.slice(refusal.indexOf(':') + 1).split(',').map((flag) => flag.trim()).filter((flag) => flag !== '');
  return flags.filter((flag) => !listed.includes(flag));
}

/** The host flags that worker threads took, by the host's flags, so that only the first sandbox tries and fails. */
const acceptedHostFlags = new Map<string, readonly string[]>();

export interface LocalFunctionSpec {
  readonly name: string;
  readonly arn: string;
  /** The JavaScript module holding the handler (e.g. cdk.out/asset.<hash>/index.mjs). */
  readonly modulePath: string;
  /** The exported name, from the template's `Handler` ("index.handler" -> "handler"). */
  readonly handlerExport: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /**
   * How the sandbox shares the CPU (default `interactive`). `background` (workflow steps, event
   * targets) runs its thread in Linux's idle scheduling class (else at a higher nice value), so API
   * routes answering a caller, the engine and DynamoDB Local are not slowed by the steps of
   * executions already running: on a small machine the steps otherwise take most of the CPU (Lambda
   * would give each sandbox its own). With a BackgroundAdmission gate, background invocations also
   * wait while the routes are busy.
   */
  readonly priority?: FunctionPriority;
  /**
   * How many sandboxes (threads) the function may run at once when busy (default 1). Lambda starts
   * one per concurrent call; here a sandbox takes several calls at once, and more threads than cores
   * only add switching.
   */
  readonly maxSandboxes?: number;
  /**
   * How many calls one sandbox takes at once (default: no limit); more wait for room in arrival
   * order, before their timeout starts.
   */
  readonly maxInFlightPerSandbox?: number;
  /**
   * How many sandboxes `FunctionHost.provision` starts and initialises before any call (default 0),
   * as Lambda's provisioned concurrency keeps initialised execution environments ready: their first
   * caller does not wait for the worker to start and the function's code to load. Their init runs with
   * `AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency` (otherwise `on-demand`), as on Lambda.
   */
  readonly provisionedSandboxes?: number;
}

export type FunctionPriority = 'interactive' | 'background';

/**
 * Where the idle scheduling class is not available (no `chrt`), how much a background sandbox's
 * thread lowers its priority instead (added to its nice value, at most 19). Session 2 measured 5:
 * a route then gets about three times a step's share of a busy CPU.
 */
export const BACKGROUND_NICENESS = 5;

/** A failed invocation, shaped as Lambda reports it (errorType, errorMessage, trace). */
export class LambdaFunctionError extends Error {
  public readonly errorType: string;
  public readonly errorMessage: string;
  public readonly trace: readonly string[];
  public constructor(payload: { errorType: string; errorMessage: string; trace?: readonly string[] }) {
    super(`${payload.errorType}: ${payload.errorMessage}`);
    this.name = 'LambdaFunctionError';
    this.errorType = payload.errorType;
    this.errorMessage = payload.errorMessage;
    this.trace = payload.trace ?? [];
  }
}

export class FunctionNotFoundError extends Error {
  public constructor(nameOrArn: string) {
    super(`no local function named ${nameOrArn}`);
    this.name = 'FunctionNotFoundError';
  }
}

/** A function whose provisioned sandbox failed its init (its calls then fail with the same error). */
export interface ProvisioningFailure {
  readonly functionName: string;
  readonly error: LambdaFunctionError;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** The sandbox worker running it: a dying worker fails only its own invocations. */
  worker: Worker;
}

/**
 * A sandbox takes more invocations at once than Lambda's one (its handler awaits I/O most of the
 * time), but it is one thread: a second one starts when every running one has this many in flight.
 */
const SCALE_OUT_AT_IN_FLIGHT = 4;

/**
 * One function's sandboxes: worker threads each loading the function's code once. A busy function
 * gets more of them, up to `maxSandboxes`, as Lambda starts more sandboxes for concurrent calls; each
 * invocation goes to the one with the fewest in flight. Module state (caches, clients) is per
 * sandbox, as it is per Lambda container.
 */
class SandboxPool {
  private readonly workers: Worker[] = [];
  private readonly inFlight = new Map<Worker, number>();
  private readonly pending = new Map<string, Pending>();
  /** Event-loop use of the sandboxes that ended, so that `utilisation` counts their work too. */
  private retiredActiveMs = 0;
  /** Invocations waiting for a sandbox with room (all at `maxInFlight`), in arrival order. */
  private readonly waiting: { readonly admit: (worker: Worker) => void; readonly refuse: (error: Error) => void }[] = [];
  private closed = false;
  /** Sandboxes out of service that end once the calls they hold are answered (replaceWhenIdle). */
  private readonly draining = new Set<Worker>();
  /** Provisioned sandboxes whose init has not reported yet, and what to tell when it does. */
  private readonly pendingInits = new Map<Worker, (error: LambdaFunctionError | undefined) => void>();

  public constructor(
    private readonly spec: LocalFunctionSpec,
    private readonly baseEnvironment: Readonly<Record<string, string>>,
    private readonly log: WriteStream | undefined,
    private readonly maxSandboxes: number,
    private readonly maxInFlight: number,
  ) {}

  /**
   * A new sandbox thread, with the host's flags (sandboxExecArgv) but those a worker thread refuses
   * (per-process ones, e.g. `--max-old-space-size`).
   */
  private newWorker(initializationType: 'on-demand' | 'provisioned-concurrency'): Worker {
    const options = (execArgv: string[]): WorkerOptions => ({
      workerData: {
        modulePath: this.spec.modulePath,
        handlerExport: this.spec.handlerExport,
        functionName: this.spec.name,
        functionArn: this.spec.arn,
        memoryMb: this.spec.memoryMb,
        background: this.spec.priority === 'background',
        niceness: BACKGROUND_NICENESS,
        hostPath: process.env.PATH,
      },
      env: {
        ...this.baseEnvironment,
        ...this.spec.environment,
        AWS_LAMBDA_FUNCTION_NAME: this.spec.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.spec.memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_INITIALIZATION_TYPE: initializationType,
      },
      execArgv,
      stdout: this.log !== undefined,
      stderr: this.log !== undefined,
    });
    const hostFlags = process.execArgv.join('\0');
    let flags = acceptedHostFlags.get(hostFlags) ?? sandboxExecArgv(process.execArgv);
    for (;;) {
      try {
        const worker = new Worker(WORKER_SCRIPT, options([...flags]));
        acceptedHostFlags.set(hostFlags, flags);
        return worker;
      } catch (error) {
        if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || flags.length === 0) throw error;
        // Without the flags it names; should that not shorten the list (a refused flag's value
        // left behind, say), without any of the host's.
        const rest = withoutRefusedFlags(flags, (error as Error).message);
        flags = rest.length < flags.length ? rest : [];
      }
    }
  }

  private start(initializationType: 'on-demand' | 'provisioned-concurrency' = 'on-demand'): Worker {
    const worker = this.newWorker(initializationType);
    if (this.log !== undefined) {
      worker.stdout.pipe(this.log, { end: false });
      worker.stderr.pipe(this.log, { end: false });
    }
    worker.on('message', (message: { invocationId?: string; initialized?: true; initFailed?: true; ok: boolean; result?: unknown; error?: { errorType: string; errorMessage: string; trace?: string[] } }) => {
      // A sandbox whose code failed to load serves no more calls (those already sent to it get the
      // same error), and the next call starts a new one: a transient init failure does not stick.
      if ((message.initialized === true && !message.ok) || message.initFailed === true) this.replaceWhenIdle(worker);
      if (message.initialized === true) {
        this.pendingInits.get(worker)?.(message.ok ? undefined : new LambdaFunctionError(message.error ?? { errorType: 'Runtime.Unknown', errorMessage: 'init failed' }));
        this.pendingInits.delete(worker);
        return;
      }
      if (message.invocationId === undefined) return;
      const pending = this.pending.get(message.invocationId);
      if (pending === undefined) return;
      this.settle(message.invocationId, pending);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new LambdaFunctionError(message.error ?? { errorType: 'Error', errorMessage: 'unknown failure' }));
    });
    const failAll = (errorType: string, errorMessage: string): void => {
      this.retire(worker);
      this.pendingInits.get(worker)?.(new LambdaFunctionError({ errorType, errorMessage }));
      this.pendingInits.delete(worker);
      for (const [id, pending] of this.pending) {
        if (pending.worker !== worker) continue;
        this.settle(id, pending);
        pending.reject(new LambdaFunctionError({ errorType, errorMessage }));
      }
    };
    worker.on('error', (error) => failAll('Runtime.ExitError', `the function's sandbox crashed: ${error.message}`));
    worker.on('exit', (code) => failAll('Runtime.ExitError', `the function's sandbox exited with code ${code}`));
    worker.unref();
    this.workers.push(worker);
    this.inFlight.set(worker, 0);
    return worker;
  }

  /**
   * Starts `count` sandboxes and runs their init (loading the function's code, its module-level
   * set-up) before any call; resolves when all have done so, with the init error if one failed.
   */
  public async provision(count: number, timeoutMs: number): Promise<LambdaFunctionError | undefined> {
    const inits = Array.from({ length: Math.min(count, this.maxSandboxes) - this.workers.length }, () => {
      const worker = this.start('provisioned-concurrency');
      return new Promise<LambdaFunctionError | undefined>((resolveInit) => {
        // A module whose top-level code never settles must not hold the whole start up: its sandbox
        // is replaced, and the next call starts one on demand.
        const timer = setTimeout(() => {
          this.pendingInits.delete(worker);
          this.retire(worker);
          void worker.terminate();
          resolveInit(new LambdaFunctionError({ errorType: 'Sandbox.Timedout', errorMessage: `init did not finish within ${timeoutMs} ms` }));
        }, timeoutMs);
        this.pendingInits.set(worker, (error) => {
          clearTimeout(timer);
          resolveInit(error);
        });
        worker.postMessage({ init: true });
      });
    });
    return (await Promise.all(inits)).find((error) => error !== undefined);
  }

  /**
   * The sandbox for the next invocation: the least busy, or a new one when all are busy and there is
   * room; undefined when every sandbox has `maxInFlight` calls and no more may start.
   */
  private pick(): Worker | undefined {
    let best: Worker | undefined;
    let bestInFlight = Number.POSITIVE_INFINITY;
    for (const worker of this.workers) {
      const inFlight = this.inFlight.get(worker) ?? 0;
      if (inFlight < bestInFlight) {
        best = worker;
        bestInFlight = inFlight;
      }
    }
    if (best === undefined || (bestInFlight >= SCALE_OUT_AT_IN_FLIGHT && this.workers.length < this.maxSandboxes)) return this.start();
    return bestInFlight < this.maxInFlight ? best : undefined;
  }

  /** A sandbox with room for one more call (reserved for it), waiting in line for one if need be. */
  private acquire(): Worker | Promise<Worker> {
    if (this.closed) return Promise.reject(new LambdaFunctionError({ errorType: 'Runtime.ExitError', errorMessage: 'the local Lambda host has stopped' }));
    const worker = this.waiting.length === 0 ? this.pick() : undefined;
    if (worker === undefined) return new Promise((admit, refuse) => this.waiting.push({ admit, refuse }));
    this.inFlight.set(worker, (this.inFlight.get(worker) ?? 0) + 1);
    return worker;
  }

  /** Hands freed room to the calls waiting for it, oldest first. */
  private admitWaiting(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const worker = this.pick();
      if (worker === undefined) return;
      this.inFlight.set(worker, (this.inFlight.get(worker) ?? 0) + 1);
      this.waiting.shift()!.admit(worker);
    }
  }

  private settle(invocationId: string, pending: Pending): void {
    this.pending.delete(invocationId);
    clearTimeout(pending.timer);
    const inFlight = this.inFlight.get(pending.worker);
    if (inFlight !== undefined) this.inFlight.set(pending.worker, inFlight - 1);
    if (this.draining.has(pending.worker)) this.terminateIfIdle(pending.worker);
    this.admitWaiting();
  }

  /** Takes a sandbox out of service now and ends its thread once the calls it holds are answered. */
  private replaceWhenIdle(worker: Worker): void {
    this.retire(worker);
    this.draining.add(worker);
    this.terminateIfIdle(worker);
  }

  private terminateIfIdle(worker: Worker): void {
    for (const pending of this.pending.values()) if (pending.worker === worker) return;
    this.draining.delete(worker);
    void worker.terminate();
  }

  /** Takes a sandbox out of service (it crashed, exited or timed out); its in-flight calls fail separately. */
  private retire(worker: Worker): void {
    const index = this.workers.indexOf(worker);
    if (index < 0) return;
    this.workers.splice(index, 1);
    this.inFlight.delete(worker);
    this.retiredActiveMs += worker.performance.eventLoopUtilization().active;
    this.admitWaiting();
  }

  public async invoke(event: unknown): Promise<unknown> {
    const worker = await this.acquire();
    const invocationId = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        const pending = this.pending.get(invocationId);
        if (pending !== undefined) this.settle(invocationId, pending);
        reject(new LambdaFunctionError({ errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` }));
        // The sandbox may still be busy with the runaway call: replace it, as Lambda does.
        this.retire(worker);
        void worker.terminate();
      }, timeoutMs);
      this.pending.set(invocationId, { resolve: resolvePromise, reject, timer, worker });
      worker.postMessage({ invocationId, event, deadlineMs: Date.now() + timeoutMs });
    });
  }

  /** Sandboxes running now, and the milliseconds their event loops (and those of ended ones) were busy. */
  public utilisation(): { readonly sandboxes: number; readonly activeMs: number } {
    return { sandboxes: this.workers.length, activeMs: this.workers.reduce((sum, worker) => sum + worker.performance.eventLoopUtilization().active, this.retiredActiveMs) };
  }

  public async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.waiting.splice(0)) {
      waiting.refuse(new LambdaFunctionError({ errorType: 'Runtime.ExitError', errorMessage: 'the local Lambda host stopped before this invocation could start' }));
    }
    const workers = [...this.workers];
    for (const worker of workers) this.retire(worker);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * A fault the local Lambda service injects into matching functions' invocations (tests, drills).
 *
 * `transientRate` and `permanent` may be combined; permanent wins.
 */
export interface FunctionFault {
  /**
   * Which functions: tested against the function's name (the template's, e.g.
   * `StepreservestockFunction07B48A39`) and its service name (`POWERTOOLS_SERVICE_NAME`, e.g.
   * `mto-flow-reserve-stock`), so `/reserve-stock/` finds the step.
   */
  readonly functionName: RegExp;
  /** Fraction (0..1) of invocations that fail with `Lambda.ServiceException`, as a Lambda outage answers. */
  readonly transientRate?: number;
  /**
   * `before` (default): the handler does not run, as when the service fails to start it. `after`:
   * the handler runs to the end but its answer is lost, so the caller retries work already done
   * (the at-least-once case every step must tolerate).
   */
  readonly transientPhase?: 'before' | 'after';
  /** Every invocation fails with this error (default `InjectedFaultError`), which no Retry matches. */
  readonly permanent?: true | { readonly errorType?: string; readonly errorMessage?: string };
}

/** The faults and the random source that decides which invocations a transient fault hits. */
export interface FunctionFaultOptions {
  readonly rules: readonly FunctionFault[];
  /** Seed of the random source (a run with the same seed and call order fails the same calls). Default 1. */
  readonly seed?: number;
}

/** One injected failure, for tests to see that the fault did happen. */
export interface InjectedFault {
  readonly functionName: string;
  readonly errorType: string;
  readonly phase: 'before' | 'after';
  readonly at: string;
}

/** Thrown when a fault rule cannot be used (a rate outside 0..1). */
export class FunctionFaultConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'FunctionFaultConfigError';
  }
}

function validateFaults(rules: readonly FunctionFault[]): void {
  for (const [index, rule] of rules.entries()) {
    const rate = rule.transientRate;
    if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0 && rate <= 1)) {
      throw new FunctionFaultConfigError(`faults[${index}].transientRate must be a number from 0 to 1; received ${String(rate)}`);
    }
  }
}

export interface FunctionHostOptions {
  /** Environment every function gets (endpoints, region, dummy credentials), below its own. */
  readonly baseEnvironment: Readonly<Record<string, string>>;
  /** Each function's stdout/stderr goes to `<logDir>/<name>.log`; omitted, to this process's. */
  readonly logDir?: string;
  /** Faults to inject (none by default); `setFaults` changes them while running. */
  readonly faults?: FunctionFaultOptions;
  /**
   * Holds background invocations back while the interactive ones are busy (BackgroundAdmission);
   * omitted, every invocation runs at once.
   */
  readonly backgroundAdmission?: BackgroundAdmissionOptions;
  /** How long a provisioned sandbox's init may take (default DEFAULT_INIT_TIMEOUT_MS). */
  readonly initTimeoutMs?: number;
}

/**
 * Lambda gives an on-demand init 10 s; a start loads every route at once on a small machine, where
 * one init took up to about 3 s, so provisioning allows three times Lambda's limit.
 */
export const DEFAULT_INIT_TIMEOUT_MS = 30_000;

/** A failure decided before (or after) the handler runs. */
type FaultDecision = { readonly phase: 'before' | 'after'; readonly errorType: string; readonly errorMessage: string } | undefined;

export class FunctionHost {
  private readonly sandboxes = new Map<string, SandboxPool>();
  private readonly specs = new Map<string, LocalFunctionSpec>();
  private readonly logs: WriteStream[] = [];
  private faults: readonly FunctionFault[] = [];
  private random: () => number = seededRandom(1);
  private readonly injected: InjectedFault[] = [];
  private readonly admission: BackgroundAdmission | undefined;
  private readonly initTimeoutMs: number;

  public constructor(specs: readonly LocalFunctionSpec[], options: FunctionHostOptions) {
    this.initTimeoutMs = options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
    this.admission = options.backgroundAdmission === undefined ? undefined : new BackgroundAdmission(options.backgroundAdmission);
    if (options.faults !== undefined) this.setFaults(options.faults);
    if (options.logDir !== undefined) mkdirSync(options.logDir, { recursive: true });
    for (const spec of specs) {
      const log = options.logDir === undefined ? undefined : createWriteStream(join(options.logDir, `${spec.name}.log`), { flags: 'a' });
      if (log !== undefined) this.logs.push(log);
      const sandbox = new SandboxPool({ ...spec, modulePath: resolve(spec.modulePath) }, options.baseEnvironment, log, Math.max(1, spec.maxSandboxes ?? 1), Math.max(1, spec.maxInFlightPerSandbox ?? Number.POSITIVE_INFINITY));
      this.sandboxes.set(spec.arn, sandbox);
      this.sandboxes.set(spec.name, sandbox);
      this.specs.set(spec.arn, spec);
      this.specs.set(spec.name, spec);
    }
  }

  /** The function behind a name, an ARN, or a qualified ARN (`...:function:Name:$LATEST`). */
  public find(nameOrArn: string): LocalFunctionSpec | undefined {
    return this.specs.get(nameOrArn) ?? this.specs.get(nameOrArn.replace(/:(\$LATEST|\d+|[A-Za-z][\w-]*)$/, ''));
  }

  /**
   * Starts and initialises every function's provisioned sandboxes (`provisionedSandboxes`), all at
   * once; resolves when their init is done, with the functions whose init failed.
   */
  public async provision(): Promise<ProvisioningFailure[]> {
    const results = await Promise.all(
      this.list()
        .filter((spec) => (spec.provisionedSandboxes ?? 0) > 0)
        .map(async (spec) => ({ functionName: spec.name, error: await this.sandboxes.get(spec.arn)!.provision(spec.provisionedSandboxes!, this.initTimeoutMs) })),
    );
    return results.filter((result): result is ProvisioningFailure => result.error !== undefined);
  }

  /** Invokes a function by name or ARN; rejects with LambdaFunctionError when the handler fails. */
  public async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const spec = this.find(nameOrArn);
    if (spec === undefined) throw new FunctionNotFoundError(nameOrArn);
    const fault = this.faults.length === 0 ? undefined : this.decideFault(spec);
    if (fault?.phase === 'before') throw this.inject(spec, fault);
    const sandbox = this.sandboxes.get(spec.arn)!;
    const run = (): Promise<unknown> => sandbox.invoke(event);
    const admission = this.admission;
    const result = await (admission === undefined ? run() : spec.priority === 'background' ? admission.backgroundRun(run) : admission.foregroundRun(run));
    if (fault?.phase === 'after') throw this.inject(spec, fault);
    return result;
  }

  /** Replaces the injected faults (an empty list stops injecting); the random source restarts from the seed. */
  public setFaults(faults: FunctionFaultOptions): void {
    validateFaults(faults.rules);
    this.faults = faults.rules;
    this.random = seededRandom(faults.seed ?? 1);
  }

  /** Every failure injected so far, oldest first. */
  public injectedFaults(): readonly InjectedFault[] {
    return this.injected;
  }

  private decideFault(spec: LocalFunctionSpec): FaultDecision {
    const serviceName = spec.environment.POWERTOOLS_SERVICE_NAME ?? '';
    for (const rule of this.faults) {
      rule.functionName.lastIndex = 0;
      const matchesName = rule.functionName.test(spec.name);
      rule.functionName.lastIndex = 0;
      if (!matchesName && !rule.functionName.test(serviceName)) continue;
      if (rule.permanent !== undefined) {
        const permanent = rule.permanent === true ? {} : rule.permanent;
        return {
          phase: 'before',
          errorType: permanent.errorType ?? 'InjectedFaultError',
          errorMessage: permanent.errorMessage ?? `${spec.name} always fails: a permanent fault injected by the local Lambda host`,
        };
      }
      // One draw per matching rule and call, so a seed replays the same failures for the same calls.
      if (rule.transientRate !== undefined && this.random() < rule.transientRate) {
        return { phase: rule.transientPhase ?? 'before', errorType: 'Lambda.ServiceException', errorMessage: 'Service error: a transient fault injected by the local Lambda host' };
      }
    }
    return undefined;
  }

  private inject(spec: LocalFunctionSpec, fault: NonNullable<FaultDecision>): LambdaFunctionError {
    this.injected.push({ functionName: spec.name, errorType: fault.errorType, phase: fault.phase, at: new Date().toISOString() });
    return new LambdaFunctionError({ errorType: fault.errorType, errorMessage: fault.errorMessage });
  }

  /** Per function (by name): its sandboxes now and how long their event loops were busy, for benchmarks. */
  public utilisation(): Map<string, { readonly sandboxes: number; readonly activeMs: number }> {
    return new Map(this.list().map((spec) => [spec.name, this.sandboxes.get(spec.arn)!.utilisation()]));
  }

  /** What the background admission gate did so far (undefined without one). */
  public admissionStats(): BackgroundAdmissionStats | undefined {
    return this.admission?.stats();
  }

  public list(): LocalFunctionSpec[] {
    return [...new Set(this.specs.values())];
  }

  public async close(): Promise<void> {
    this.admission?.close();
    await Promise.all([...new Set(this.sandboxes.values())].map((sandbox) => sandbox.close()));
    for (const log of this.logs) log.end();
  }
}
