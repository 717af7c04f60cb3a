/**
 * Runs `npm start` as a user would, as a separate process (its own process group), so a test can
 * crash it for real: SIGKILL the whole group, then start it again on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDbLocalPidRecord } from '../../../local/dynamodb-local/dynamodb-local';
import type { LocalEndpoints } from '../../../local/runtime/local-stack';
import { PatientLocalClient } from './patient-client';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RuntimeProcessOptions {
  readonly cdkOutDir: string;
  readonly dataDir: string;
  /** `--faults` as `npm start` takes it (JSON text). */
  readonly faults?: string;
  /** The API port (default 0: any free one). A fixed port keeps links issued before a restart valid. */
  readonly port?: number;
  readonly extraArgs?: readonly string[];
  readonly startTimeoutMs?: number;
}

export interface RuntimeProcess {
  /** The process group's leader (the `tsx` launcher). */
  readonly pid: number;
  readonly endpoints: LocalEndpoints;
  readonly client: PatientLocalClient;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** The JVM DynamoDB Local runs in, from the pid file. */
  dynamoDbPid(): number;
  /** SIGKILLs every process of the group at once: a power cut for the runtime. */
  crash(): Promise<void>;
  /** Ctrl-C, as a terminal sends it to the foreground process group; resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

export class RuntimeProcessError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RuntimeProcessError';
  }
}

/** Runs `tsx local/start.ts ...` and resolves once it printed its ready line. */
export function spawnStart(args: readonly string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(join(projectRoot, 'node_modules/.bin/tsx'), [join(projectRoot, 'local/start.ts'), ...args], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => output, exited };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new RuntimeProcessError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startRuntimeProcess(options: RuntimeProcessOptions): Promise<RuntimeProcess> {
  const endpointsFile = join(options.dataDir, 'endpoints.json');
  // A killed runtime leaves its endpoints.json behind: only a fresh one says this start is ready.
  rmSync(endpointsFile, { force: true });
  const args = [
    '--no-synth',
    '--quiet',
    '--cdk-out',
    options.cdkOutDir,
    '--data',
    options.dataDir,
    '--port',
    String(options.port ?? 0),
    ...(options.faults === undefined ? [] : ['--faults', options.faults]),
    ...(options.extraArgs ?? []),
  ];
  const { child, output, exited } = spawnStart(args);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  await waitUntil(() => exitCode !== undefined || (output().includes('mto-flow is running') && existsSync(endpointsFile)), 'the runtime to start', options.startTimeoutMs ?? 90_000);
  if (exitCode !== undefined) throw new RuntimeProcessError(`the runtime exited with code ${String(exitCode)} before it was ready:\n${output()}`);
  const pid = child.pid!;
  const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as LocalEndpoints;
  return {
    pid,
    endpoints,
    client: PatientLocalClient.forDataDir(options.dataDir),
    output,
    dynamoDbPid: () => (JSON.parse(readFileSync(join(options.dataDir, 'dynamodb.pid'), 'utf8')) as DynamoDbLocalPidRecord).pid,
    crash: async () => {
      process.kill(-pid, 'SIGKILL');
      await exited;
    },
    interrupt: async () => {
      process.kill(-pid, 'SIGINT');
      return exited;
    },
  };
}
