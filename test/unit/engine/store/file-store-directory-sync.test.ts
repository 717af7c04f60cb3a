import { readlinkSync } from 'node:fs';
import { mkdtemp, open, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JournalRecord } from '../../../../local/engine/runtime/records';
import { FileEngineStore } from '../../../../local/engine/store/engine-store.file';

const record = (seq: number): JournalRecord => ({ seq, at: seq * 1000, thread: '', op: 'enter', state: `S${seq}` });

/**
 * Records, in order, every fsync (`sync`) and truncation of a file handle, by the path the handle
 * has open (Linux names it in /proc/self/fd), so a test can see which directories reached the disk
 * and when.
 */
async function recordFileOperations(): Promise<{ readonly operations: string[]; restore(): void }> {
  const probe = await open(import.meta.filename, 'r');
  const prototype = Object.getPrototypeOf(probe) as { sync(): Promise<void>; truncate(length?: number): Promise<void> };
  await probe.close();
  const operations: string[] = [];
  const pathOf = (handle: { fd: number }): string => readlinkSync(`/proc/self/fd/${handle.fd}`);
  const { sync, truncate } = prototype;
  const syncSpy = vi.spyOn(prototype, 'sync').mockImplementation(async function (this: { fd: number }) {
    operations.push(`sync ${pathOf(this)}`);
    await sync.call(this);
  });
  const truncateSpy = vi.spyOn(prototype, 'truncate').mockImplementation(async function (this: { fd: number }, length?: number) {
    operations.push(`truncate ${pathOf(this)}`);
    await truncate.call(this, length);
  });
  return {
    operations,
    restore: () => {
      syncSpy.mockRestore();
      truncateSpy.mockRestore();
    },
  };
}

describe.runIf(process.platform === 'linux')('FileEngineStore: new files are durable with their names', () => {
  let dataDir: string;
  beforeEach(async () => {
    // realpath: /proc names the real path (the temporary folder may be a symbolic link).
    dataDir = await realpath(await mkdtemp(join(tmpdir(), 'engine-dirsync-')));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['one execution alone (as executions run one after another)', ['first']],
    ['two executions in one turn of the event loop (one shared flush)', ['first', 'second']],
  ])("keeps new journals' first records in the log, and syncs their directory (and the executions directory, for a new machine) before the log is emptied: %s", async (_, executionNames) => {
    // Prepare
    const store = new FileEngineStore(dataDir);
    await store.init();
    const recorder = await recordFileOperations();

    try {
      // Act
      await Promise.all(executionNames.map((executionName) => Promise.resolve(store.journal({ stateMachineName: 'orders', executionName }).append([record(1)]))));
      const logAfterFirstAppends = await readFile(join(dataDir, 'journals.wal'), 'utf8');
      await store.journal({ stateMachineName: 'orders', executionName: 'first' }).append([record(2)]);
      await store.close();

      // Assess
      for (const executionName of executionNames) expect(logAfterFirstAppends).toContain(`orders/${executionName}`);
      const logEmptied = recorder.operations.indexOf(`truncate ${join(dataDir, 'journals.wal')}`);
      for (const directory of [join(dataDir, 'executions', 'orders'), join(dataDir, 'executions')]) {
        const synced = recorder.operations.indexOf(`sync ${directory}`);
        expect(synced, directory).toBeGreaterThanOrEqual(0);
        expect(logEmptied).toBeGreaterThan(synced);
      }
    } finally {
      recorder.restore();
    }
  });

  it("syncs the state machines' directory after replacing a machine's file", async () => {
    // Prepare
    const store = new FileEngineStore(dataDir);
    await store.init();
    const recorder = await recordFileOperations();

    try {
      // Act
      await store.saveStateMachine({ name: 'orders' } as Parameters<FileEngineStore['saveStateMachine']>[0]);

      // Assess
      expect(recorder.operations.at(-1)).toBe(`sync ${join(dataDir, 'state-machines')}`);
    } finally {
      recorder.restore();
      await store.close();
    }
  });
});
