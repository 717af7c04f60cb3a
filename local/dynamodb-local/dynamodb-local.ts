/**
 * Starts and stops the real DynamoDB Local (Java) as a child process.
 *
 * Used by the integration tests (in memory, one instance per test run) and by the embedded runtime
 * (`-dbPath`, so data survives restarts). The jar is unpacked by `install.mjs` (run by `pretest`
 * and `prestart`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EMULATOR_DIR = join(projectRoot, 'node_modules/.cache/mto-dynamodb-local/emulator');

export interface DynamoDbLocalOptions {
  /** Keep the data in this folder; omitted, the data lives in memory and dies with the process. */
  readonly dbPath?: string;
  /** TCP port on 127.0.0.1; omitted, a free one is chosen. */
  readonly port?: number;
  /** How long to wait for the first successful request. Default 30 s (a cold JVM on a busy 2-core box). */
  readonly startTimeoutMs?: number;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
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

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const jar = join(EMULATOR_DIR, 'DynamoDBLocal.jar');
  if (!existsSync(jar)) {
    throw new DynamoDbLocalStartError(
      `DynamoDB Local is not installed (${jar} is missing); run \`node local/dynamodb-local/install.mjs\``,
    );
  }
  const port = options.port ?? (await findFreePort());
  // DynamoDB Local runs with the emulator folder as its working directory: give it an absolute path,
  // and create it (it refuses a missing directory).
  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath !== undefined) mkdirSync(dbPath, { recursive: true });
  const storage = dbPath === undefined ? ['-inMemory'] : ['-dbPath', dbPath];
  const child: ChildProcess = spawn(
    'java',
    [`-Djava.library.path=${join(EMULATOR_DIR, 'DynamoDBLocal_lib')}`, '-jar', jar, '-port', String(port), ...storage],
    { cwd: EMULATOR_DIR, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let exited: { code: number | null; error?: Error } | undefined;
  child.on('error', (error) => {
    exited = { code: null, error };
  });
  child.on('exit', (code) => {
    exited ??= { code };
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await isAnswering(endpoint))) {
    if (exited !== undefined) {
      const reason =
        exited.error && 'code' in exited.error && exited.error.code === 'ENOENT'
          ? 'java was not found on PATH (Java 17 or newer is required)'
          : `it exited with code ${String(exited.code)}: ${stderr.trim()}`;
      throw new DynamoDbLocalStartError(`DynamoDB Local did not start on port ${port}: ${reason}`, {
        cause: exited.error,
      });
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new DynamoDbLocalStartError(`DynamoDB Local did not answer on ${endpoint} within the start timeout`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    endpoint,
    port,
    stop: async () => {
      if (exited !== undefined) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
