/**
 * Runs Lambda functions on this machine: each function in its own worker thread (its own module
 * graph and its own `process.env`, as in a Lambda sandbox), loading the code `cdk synth` bundled for
 * it, so the code that runs locally is the code Lambda runs.
 *
 * A function that exceeds its timeout fails with `Sandbox.Timedout` and its worker is replaced, as
 * Lambda recycles a timed-out sandbox; a worker that crashes fails its in-flight invocations with
 * `Runtime.ExitError` and is replaced on the next call.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'lambda-worker.mjs');

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
}

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

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** The sandbox worker running it: a dying worker fails only its own invocations. */
  worker: Worker;
}

class Sandbox {
  private worker: Worker | undefined;
  private readonly pending = new Map<string, Pending>();

  public constructor(
    private readonly spec: LocalFunctionSpec,
    private readonly baseEnvironment: Readonly<Record<string, string>>,
    private readonly log: WriteStream | undefined,
  ) {}

  private start(): Worker {
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: {
        modulePath: this.spec.modulePath,
        handlerExport: this.spec.handlerExport,
        functionName: this.spec.name,
        functionArn: this.spec.arn,
        memoryMb: this.spec.memoryMb,
      },
      env: {
        ...this.baseEnvironment,
        ...this.spec.environment,
        AWS_LAMBDA_FUNCTION_NAME: this.spec.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.spec.memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      },
      stdout: this.log !== undefined,
      stderr: this.log !== undefined,
    });
    if (this.log !== undefined) {
      worker.stdout.pipe(this.log, { end: false });
      worker.stderr.pipe(this.log, { end: false });
    }
    worker.on('message', (message: { invocationId: string; ok: boolean; result?: unknown; error?: { errorType: string; errorMessage: string; trace?: string[] } }) => {
      const pending = this.pending.get(message.invocationId);
      if (pending === undefined) return;
      this.pending.delete(message.invocationId);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new LambdaFunctionError(message.error ?? { errorType: 'Error', errorMessage: 'unknown failure' }));
    });
    const failAll = (errorType: string, errorMessage: string): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, pending] of this.pending) {
        if (pending.worker !== worker) continue;
        clearTimeout(pending.timer);
        pending.reject(new LambdaFunctionError({ errorType, errorMessage }));
        this.pending.delete(id);
      }
    };
    worker.on('error', (error) => failAll('Runtime.ExitError', `the function's sandbox crashed: ${error.message}`));
    worker.on('exit', (code) => failAll('Runtime.ExitError', `the function's sandbox exited with code ${code}`));
    worker.unref();
    return worker;
  }

  public invoke(event: unknown): Promise<unknown> {
    this.worker ??= this.start();
    const worker = this.worker;
    const invocationId = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(invocationId);
        reject(new LambdaFunctionError({ errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` }));
        // The sandbox may still be busy with the runaway call: replace it, as Lambda does.
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
      }, timeoutMs);
      this.pending.set(invocationId, { resolve: resolvePromise, reject, timer, worker });
      worker.postMessage({ invocationId, event, deadlineMs: Date.now() + timeoutMs });
    });
  }

  public async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }
}

export interface FunctionHostOptions {
  /** Environment every function gets (endpoints, region, dummy credentials), below its own. */
  readonly baseEnvironment: Readonly<Record<string, string>>;
  /** Each function's stdout/stderr goes to `<logDir>/<name>.log`; omitted, to this process's. */
  readonly logDir?: string;
}

export class FunctionHost {
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly specs = new Map<string, LocalFunctionSpec>();
  private readonly logs: WriteStream[] = [];

  public constructor(specs: readonly LocalFunctionSpec[], options: FunctionHostOptions) {
    if (options.logDir !== undefined) mkdirSync(options.logDir, { recursive: true });
    for (const spec of specs) {
      const log = options.logDir === undefined ? undefined : createWriteStream(join(options.logDir, `${spec.name}.log`), { flags: 'a' });
      if (log !== undefined) this.logs.push(log);
      const sandbox = new Sandbox({ ...spec, modulePath: resolve(spec.modulePath) }, options.baseEnvironment, log);
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

  /** Invokes a function by name or ARN; rejects with LambdaFunctionError when the handler fails. */
  public async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const spec = this.find(nameOrArn);
    if (spec === undefined) throw new FunctionNotFoundError(nameOrArn);
    return this.sandboxes.get(spec.arn)!.invoke(event);
  }

  public list(): LocalFunctionSpec[] {
    return [...new Set(this.specs.values())];
  }

  public async close(): Promise<void> {
    await Promise.all([...new Set(this.sandboxes.values())].map((sandbox) => sandbox.close()));
    for (const log of this.logs) log.end();
  }
}
