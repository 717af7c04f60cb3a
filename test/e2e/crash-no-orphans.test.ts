import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbLocalStartError, EMULATOR_DIR, findFreePort, startDynamoDbLocal, type DynamoDbLocalPidRecord } from '../../local/dynamodb-local/dynamodb-local';
import { isProcessAlive, spawnStart, startRuntimeProcess, waitUntil } from './support/runtime-process';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function readPidFile(path: string): DynamoDbLocalPidRecord {
  return JSON.parse(readFileSync(path, 'utf8')) as DynamoDbLocalPidRecord;
}

/** A pid that existed a moment ago and is gone now (a runtime that died). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

describe('DynamoDB Local under a runtime that may crash', () => {
  describe('started by a runtime process with its data on disk', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'mto-orphans-')), 'dynamodb');
    const pidFile = `${dbPath}.pid`;
    let runtime: ChildProcess;
    let unrelated: ChildProcess;
    let started: { pid: number; endpoint: string };

    beforeAll(async () => {
      // Prepare: an old pid file whose pid now belongs to another program.
      unrelated = spawn('sleep', ['120'], { stdio: 'ignore' });
      writeFileSync(pidFile, JSON.stringify({ pid: unrelated.pid, supervisorPid: deadPid(), ownerPid: deadPid(), port: 1 }));
      runtime = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/e2e/support/dynamodb-local.child.ts'), dbPath], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
      started = await new Promise((resolveStarted, reject) => {
        let output = '';
        runtime.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('\n')) resolveStarted(JSON.parse(output.split('\n')[0]!) as { pid: number; endpoint: string });
        });
        runtime.once('exit', (code) => reject(new Error(`the runtime stand-in exited with ${String(code)}: ${output}`)));
      });
    });
    afterAll(() => {
      unrelated.kill('SIGKILL');
      if (isProcessAlive(started.pid)) process.kill(started.pid, 'SIGKILL');
      runtime.kill('SIGKILL');
    });

    it('leaves alone a process an old pid file names when it is not DynamoDB Local, and records its own JVM', () => {
      expect(isProcessAlive(unrelated.pid!)).toBe(true);
      expect(readPidFile(pidFile)).toMatchObject({ pid: started.pid, ownerPid: runtime.pid, dbPath });
      expect(readFileSync(`/proc/${started.pid}/cmdline`, 'utf8')).toContain('DynamoDBLocal.jar');
    });

    it('refuses to open the same data while the runtime using it is alive, and leaves that one running', async () => {
      // Act
      const second = await startDynamoDbLocal({ dbPath, startTimeoutMs: 60_000 }).catch((error: unknown) => error);

      // Assess
      expect(second).toBeInstanceOf(DynamoDbLocalStartError);
      expect((second as Error).message).toMatch(new RegExp(`in use by another running mto-flow \\(process ${runtime.pid}\\)`));
      expect(isProcessAlive(started.pid)).toBe(true);
    });

    it('stops the JVM within seconds when the runtime is SIGKILLed (no orphan holding the port and the files)', async () => {
      // Act
      runtime.kill('SIGKILL');

      // Assess
      await waitUntil(() => !isProcessAlive(started.pid), `DynamoDB Local (pid ${started.pid}) to exit after its runtime was killed`, 10_000);
      await expect(fetch(started.endpoint, { signal: AbortSignal.timeout(1_000) })).rejects.toThrow();
    });
  });

  it('stops a JVM a killed runtime left on the data, then serves that same data', async () => {
    // Prepare: a DynamoDB Local not supervised (as an older runtime ran it), holding a table, whose runtime is gone.
    const dbPath = join(mkdtempSync(join(tmpdir(), 'mto-orphans-')), 'dynamodb');
    mkdirSync(dbPath, { recursive: true });
    const port = await findFreePort();
    const leftover = spawn('java', [`-Djava.library.path=${join(EMULATOR_DIR, 'DynamoDBLocal_lib')}`, '-jar', join(EMULATOR_DIR, 'DynamoDBLocal.jar'), '-port', String(port), '-dbPath', dbPath], {
      cwd: EMULATOR_DIR,
      stdio: 'ignore',
      detached: true,
    });
    writeFileSync(`${dbPath}.pid`, JSON.stringify({ pid: leftover.pid, supervisorPid: deadPid(), ownerPid: deadPid(), port, dbPath }));
    const old = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials });
    await waitUntil(() => old.send(new ListTablesCommand({})).then(() => true, () => false), 'the leftover DynamoDB Local', 60_000);
    await old.send(new CreateTableCommand({ TableName: 'Survivor', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));
    old.destroy();

    // Act
    const running = await startDynamoDbLocal({ dbPath, startTimeoutMs: 60_000 });

    // Assess
    try {
      expect(isProcessAlive(leftover.pid!)).toBe(false);
      const client = new DynamoDBClient({ endpoint: running.endpoint, region: 'us-east-1', credentials });
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['Survivor']);
      client.destroy();
      expect(readPidFile(`${dbPath}.pid`).pid).toBe(running.pid);
    } finally {
      await running.stop();
      if (isProcessAlive(leftover.pid!)) leftover.kill('SIGKILL');
    }
  });
});

describe('npm start as a process', () => {
  let blocker: Server;
  afterAll(() => blocker?.close());

  it('says in one line that the port is taken, and starts nothing', async () => {
    // Prepare
    blocker = createServer();
    const port = await new Promise<number>((resolvePort) => blocker.listen(0, '127.0.0.1', () => resolvePort((blocker.address() as { port: number }).port)));
    const dataDir = mkdtempSync(join(tmpdir(), 'mto-start-'));

    // Act
    const { output, exited } = spawnStart(['--no-synth', '--cdk-out', inject('cdkOutDir'), '--data', dataDir, '--port', String(port)]);
    const code = await exited;

    // Assess
    expect(code).toBe(1);
    expect(output().trim().split('\n')).toEqual([`mto-flow: port ${port} is taken: stop what uses it, or start with --port <another> (0 picks a free one)`]);
  });

  it('says in one line that Java is missing', async () => {
    // Prepare: a PATH holding node alone.
    const bin = mkdtempSync(join(tmpdir(), 'mto-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const child = spawn(join(projectRoot, 'node_modules/.bin/tsx'), [join(projectRoot, 'local/start.ts'), '--no-synth', '--cdk-out', inject('cdkOutDir')], {
      cwd: projectRoot,
      env: { ...process.env, PATH: bin, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // Act
    const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));

    // Assess
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/^mto-flow: DynamoDB Local runs on Java, but `java` was not found on PATH\. Install Java 17 or newer/);
  });

  it('stops every process on Ctrl-C, DynamoDB Local included, and removes endpoints.json', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'mto-start-'));
    const runtime = await startRuntimeProcess({ cdkOutDir: inject('cdkOutDir'), dataDir });
    const javaPid = runtime.dynamoDbPid();
    expect(isProcessAlive(javaPid)).toBe(true);

    // Act
    const code = await runtime.interrupt();

    // Assess
    expect(code).toBe(0);
    await waitUntil(() => !isProcessAlive(javaPid), 'DynamoDB Local to stop', 10_000);
    expect(existsSync(join(dataDir, 'endpoints.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb.pid'))).toBe(false);
    expect(runtime.output()).toContain('SIGINT: stopping');
  });
});
