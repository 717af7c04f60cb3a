/**
 * Two engine processes on one data directory would both resume the same executions (every task
 * invoked twice) and the second one's start would put back and empty the first one's
 * write-ahead log and replace journals the first one still appends to. The second must refuse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

let dataDir: string;
const started: ChildProcess[] = [];

/** Starts `npm run engine` on the data directory; resolves when it listens or exits. */
async function startEngine(): Promise<{ process: ChildProcess; listening: boolean; exitCode: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/engine/cli.ts', '--port', '0', '--data', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return new Promise((resolveStart) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/listening on http/.test(output)) resolveStart({ process: child, listening: true, exitCode: null, output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => resolveStart({ process: child, listening: false, exitCode: code, output }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engine-lock-'));
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('engine data directory', () => {
  describe('opened by a second engine process', () => {
    it('is refused while the first process lives, naming it, and taken over once it was killed', async () => {
      // Prepare
      const first = await startEngine();
      expect(first.listening).toBe(true);

      // Act
      const second = await startEngine();
      first.process.kill('SIGKILL');
      await new Promise((done) => first.process.once('exit', done));
      const third = await startEngine();

      // Assess
      expect(second.listening).toBe(false);
      expect(second.exitCode).not.toBe(0);
      expect(second.output).toContain(`in use by process ${String(first.process.pid)}`);
      expect(third.listening).toBe(true);
    }, 60_000);

    it('is taken over from a lock left empty, or naming a live process that is not an engine (a reused pid)', async () => {
      // Prepare
      for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
      const notAnEngine = spawn('sleep', ['60'], { stdio: 'ignore' });
      started.push(notAnEngine);
      const outcomes: boolean[] = [];

      // Act
      for (const content of ['', `${String(notAnEngine.pid)}\n`]) {
        await writeFile(join(dataDir, 'engine.lock'), content);
        const engine = await startEngine();
        outcomes.push(engine.listening);
        engine.process.kill('SIGKILL');
        await new Promise((done) => engine.process.once('exit', done));
      }

      // Assess
      expect(outcomes).toEqual([true, true]);
    }, 60_000);
  });
});
