/**
 * Starts and stops the real DynamoDB Local (Java) as a child process.
 *
 * Used by the integration tests (in memory, one instance per test run) and by the embedded runtime
 * (`-dbPath`, so data survives restarts). The jar is unpacked by `install.mjs` (run by `pretest`
 * and `prestart`).
 *
 * No orphan JVM: java runs under `java-supervisor.mjs`, which stops it as soon as the Node process
 * that started it is gone (even after a SIGKILL). The supervisor gets its own process group, so a
 * Ctrl-C in the terminal reaches the runtime, which then stops DynamoDB Local in its turn. With
 * `-dbPath`, a pid file next to the data records the JVM; a start finding the JVM of a dead runtime
 * still holding that data stops it first, and refuses if the runtime that owns it is still alive.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useWriteAheadLogIn } from './sqlite-journal';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EMULATOR_DIR = join(projectRoot, 'node_modules/.cache/mto-dynamodb-local/emulator');
const SUPERVISOR_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'java-supervisor.mjs');

export interface DynamoDbLocalOptions {
  /** Keep the data in this folder; omitted, the data lives in memory and dies with the process. */
  readonly dbPath?: string;
  /** TCP port on 127.0.0.1; omitted, a free one is chosen. */
  readonly port?: number;
  /** How long to wait for the first successful request. Default 30 s (a cold JVM on a busy 2-core box). */
  readonly startTimeoutMs?: number;
  /**
   * Where to record the running JVM (JSON: its pid, its supervisor's, the owning process's). Default
   * with `dbPath`: `<dbPath>.pid` (the runtime's `.mto-local/dynamodb.pid`); none in memory.
   */
  readonly pidFile?: string;
  /**
   * With `dbPath`: keep the SQLite files in write-ahead-log mode (default true), 4-5 times the
   * writes per second of SQLite's default rollback journal and as durable (see sqlite-journal.ts).
   */
  readonly writeAheadLog?: boolean;
  /**
   * The credentials and region the clients use: DynamoDB Local keeps each pair's tables in
   * `<accessKeyId>_<region>.db`, created here in WAL mode before it starts. Default `local` / `us-east-1`.
   */
  readonly databaseOwner?: { readonly accessKeyId: string; readonly region: string };
  /** Options for the JVM, before `-jar` (default DEFAULT_JAVA_OPTIONS). */
  readonly javaOptions?: readonly string[];
  /** DynamoDB Local's options besides port and storage (default DEFAULT_DYNAMODB_OPTIONS). */
  readonly dynamoDbOptions?: readonly string[];
}

/** The JVM options DynamoDB Local runs with unless told otherwise. */
export const DEFAULT_JAVA_OPTIONS: readonly string[] = [];

/**
 * DynamoDB Local's own options after the storage ones. `-disableTelemetry`: DynamoDB Local 2.x
 * otherwise collects usage data and sends it to AWS, a call to an outside host that nothing here
 * may make (and CPU spent on every request).
 */
export const DEFAULT_DYNAMODB_OPTIONS: readonly string[] = ['-disableTelemetry'];

/** What the pid file holds. */
export interface DynamoDbLocalPidRecord {
  /** The JVM. */
  readonly pid: number;
  readonly supervisorPid: number;
  /** The Node process that started it (the runtime). */
  readonly ownerPid: number;
  readonly port: number;
  readonly dbPath?: string;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The JVM's process id. */
  readonly pid: number;
  stop(): Promise<void>;
}

export class DynamoDbLocalStartError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DynamoDbLocalStartError';
  }
}

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function isAnswering(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        // DynamoDB Local accepts any credentials but wants the header to be present.
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
      },
      body: '{}',
      signal: AbortSignal.timeout(1_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** The command line of a live process, or undefined when there is none (or it cannot be read). */
function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    // No /proc (macOS): ask ps.
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 && ps.stdout.trim() !== '' ? ps.stdout.trim() : undefined;
  }
}

/** Whether a process with this pid exists (EPERM: it does, but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPidRecord(pidFile: string): DynamoDbLocalPidRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(pidFile, 'utf8')) as Partial<DynamoDbLocalPidRecord>;
    return typeof record.pid === 'number' && Number.isInteger(record.pid) && record.pid > 0 ? (record as DynamoDbLocalPidRecord) : undefined;
  } catch {
    return undefined;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Stops the DynamoDB Local a previous runtime left running on this data (its pid file says which),
 * so the new one can open the files. A pid that now names another program is left alone; a JVM
 * whose runtime is still alive means the data is in use, which is refused.
 */
export async function stopLeftoverDynamoDbLocal(pidFile: string, dbPath: string | undefined): Promise<void> {
  const record = readPidRecord(pidFile);
  if (record === undefined) return;
  const command = isAlive(record.pid) ? commandLineOf(record.pid) : undefined;
  const isOurs = command !== undefined && command.includes('DynamoDBLocal.jar') && (dbPath === undefined || command.includes(dbPath));
  if (isOurs) {
    const ownerCommand = isAlive(record.ownerPid) ? commandLineOf(record.ownerPid) : undefined;
    if (ownerCommand !== undefined && /\bnode\b|tsx/.test(ownerCommand)) {
      throw new DynamoDbLocalStartError(
        `the data in ${dbPath ?? 'memory'} is in use by another running mto-flow (process ${record.ownerPid}); stop it first, or start with another --data folder`,
      );
    }
    process.kill(record.pid, 'SIGTERM');
    if (!(await waitUntilGone(record.pid, 10_000))) {
      process.kill(record.pid, 'SIGKILL');
      if (!(await waitUntilGone(record.pid, 5_000))) {
        throw new DynamoDbLocalStartError(`a DynamoDB Local left running by an earlier start (process ${record.pid}) did not stop; end it and retry`);
      }
    }
  }
  rmSync(pidFile, { force: true });
}

/** The one line of Java's complaint worth showing (its stack trace stays in `details`). */
function summarizeJavaError(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at '));
  return lines.find((line) => /exception|error/i.test(line)) ?? lines[0] ?? 'no output';
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const jar = join(EMULATOR_DIR, 'DynamoDBLocal.jar');
  if (!existsSync(jar)) {
    throw new DynamoDbLocalStartError(
      `DynamoDB Local is not installed (${jar} is missing); run \`node local/dynamodb-local/install.mjs\``,
    );
  }
  // DynamoDB Local runs with the emulator folder as its working directory: give it an absolute path,
  // and create it (it refuses a missing directory).
  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath !== undefined) mkdirSync(dbPath, { recursive: true });
  const pidFile = options.pidFile ?? (dbPath === undefined ? undefined : `${dbPath}.pid`);
  if (pidFile !== undefined) await stopLeftoverDynamoDbLocal(pidFile, dbPath);
  if (dbPath !== undefined && options.writeAheadLog !== false) {
    const owner = options.databaseOwner ?? { accessKeyId: 'local', region: 'us-east-1' };
    useWriteAheadLogIn(dbPath, [`${owner.accessKeyId}_${owner.region}.db`]);
  }
  const port = options.port ?? (await findFreePort());
  const storage = dbPath === undefined ? ['-inMemory'] : ['-dbPath', dbPath];
  const supervisor: ChildProcess = spawn(
    process.execPath,
    [SUPERVISOR_SCRIPT, 'java', ...(options.javaOptions ?? DEFAULT_JAVA_OPTIONS), `-Djava.library.path=${join(EMULATOR_DIR, 'DynamoDBLocal_lib')}`, '-jar', jar, '-port', String(port), ...storage, ...(options.dynamoDbOptions ?? DEFAULT_DYNAMODB_OPTIONS)],
    // Its own process group: a Ctrl-C meant for the runtime does not kill the database under it.
    { cwd: EMULATOR_DIR, stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  supervisor.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let javaPid: number | undefined;
  supervisor.stdout?.on('data', (chunk: Buffer) => {
    const pid = Number.parseInt(chunk.toString(), 10);
    if (javaPid === undefined && Number.isInteger(pid)) javaPid = pid;
  });
  let exited: { code: number | null; error?: Error } | undefined;
  supervisor.on('error', (error) => {
    exited = { code: null, error };
  });
  supervisor.on('exit', (code) => {
    exited ??= { code };
  });
  const killAll = (): void => {
    if (javaPid !== undefined && isAlive(javaPid)) process.kill(javaPid, 'SIGKILL');
    supervisor.kill('SIGKILL');
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await isAnswering(endpoint)) || javaPid === undefined) {
    if (exited !== undefined) {
      const reason =
        exited.code === 127 ? 'java was not found on PATH (Java 17 or newer is required)'
        : /address already in use|BindException/i.test(stderr) ? `port ${port} is taken`
        : `it exited with code ${String(exited.code)}: ${summarizeJavaError(stderr)}`;
      throw new DynamoDbLocalStartError(`DynamoDB Local did not start on port ${port}: ${reason}`, { cause: exited.error ?? new Error(stderr.trim()) });
    }
    if (Date.now() > deadline) {
      killAll();
      throw new DynamoDbLocalStartError(`DynamoDB Local did not answer on ${endpoint} within the start timeout`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const pid = javaPid;
  if (pidFile !== undefined) {
    const record: DynamoDbLocalPidRecord = { pid, supervisorPid: supervisor.pid ?? 0, ownerPid: process.pid, port, ...(dbPath === undefined ? {} : { dbPath }) };
    writeFileSync(pidFile, `${JSON.stringify(record)}\n`);
  }

  return {
    endpoint,
    port,
    pid,
    stop: async () => {
      if (exited === undefined) {
        const gone = new Promise<void>((r) => supervisor.once('exit', () => r()));
        // The supervisor passes SIGTERM on to java and exits with it (SIGKILL after its grace period).
        supervisor.kill('SIGTERM');
        const timer = setTimeout(killAll, 10_000);
        await gone;
        clearTimeout(timer);
      }
      if (pidFile !== undefined && readPidRecord(pidFile)?.pid === pid) rmSync(pidFile, { force: true });
    },
  };
}
