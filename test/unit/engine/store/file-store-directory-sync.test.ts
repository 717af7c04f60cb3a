import { readlinkSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Definition } from '../../../../local/engine/language/contract';
import type { JournalRecord } from '../../../../local/engine/runtime/records';
import { FileEngineStore } from '../../../../local/engine/store/engine-store.file';
import { temporaryDirectoryPerTest } from '../../../support/temporary-directory';

const record = (seq: number): JournalRecord => ({ seq, at: seq * 1000, thread: '', op: 'enter', state: `S${seq}` });

/**
 * Records, in order, every fsync (`sync`), fdatasync (`datasync`) and truncation of a file handle, by the path the handle
 * has open (Linux names it in /proc/self/fd), so a test can see which directories reached the disk
 * and when.
 */
async function recordFileOperations(): Promise<{ readonly operations: string[]; restore(): void }> {
  const probe = await open(import.meta.filename, 'r');
  const prototype = Object.getPrototypeOf(probe) as { sync(): Promise<void>; datasync(): Promise<void>; truncate(length?: number): Promise<void> };
  await probe.close();
  const operations: string[] = [];
  const pathOf = (handle: { fd: number }): string => readlinkSync(`/proc/self/fd/${handle.fd}`);
  const { sync, datasync, truncate } = prototype;
  const syncSpy = vi.spyOn(prototype, 'sync').mockImplementation(async function (this: { fd: number }) {
    operations.push(`sync ${pathOf(this)}`);
    await sync.call(this);
  });
  const datasyncSpy = vi.spyOn(prototype, 'datasync').mockImplementation(async function (this: { fd: number }) {
    operations.push(`datasync ${pathOf(this)}`);
    await datasync.call(this);
  });
  const truncateSpy = vi.spyOn(prototype, 'truncate').mockImplementation(async function (this: { fd: number }, length?: number) {
    operations.push(`truncate ${pathOf(this)}`);
    await truncate.call(this, length);
  });
  return {
    operations,
    restore: () => {
      syncSpy.mockRestore();
      datasyncSpy.mockRestore();
      truncateSpy.mockRestore();
    },
  };
}

describe.runIf(process.platform === 'linux')('FileEngineStore: new files are durable with their names', () => {
  // Resolved: /proc names the real path (the temporary folder may be a symbolic link).
  const dataDir = temporaryDirectoryPerTest('engine-dirsync-', { resolved: true });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['one execution alone (as executions run one after another)', ['first']],
    ['two executions in one turn of the event loop (one shared flush)', ['first', 'second']],
  ])("keeps new journals' records in the log until their directory (and the executions directory, for a new machine) is synced, before the log is emptied: %s", async (_, executionNames) => {
    // Prepare
    const store = new FileEngineStore(dataDir());
    await store.init();
    const recorder = await recordFileOperations();

    try {
      // Act
      await Promise.all(executionNames.map((executionName) => Promise.resolve(store.journal({ stateMachineName: 'orders', executionName }).append([record(1)]))));
      await store.journal({ stateMachineName: 'orders', executionName: 'first' }).append([record(2)]);
      const logBeforeClose = await readFile(join(dataDir(), 'journals.wal'), 'utf8');
      await store.close();

      // Assess: every record so far, the later one too, is in the log until the names are durable
      for (const executionName of executionNames) expect(logBeforeClose).toContain(`orders/${executionName}\t{"seq":1,`);
      expect(logBeforeClose).toContain('orders/first\t{"seq":2,');
      const logEmptied = recorder.operations.indexOf(`truncate ${join(dataDir(), 'journals.wal')}`);
      for (const directory of [join(dataDir(), 'executions', 'orders'), join(dataDir(), 'executions')]) {
        const synced = recorder.operations.indexOf(`sync ${directory}`);
        expect(synced, directory).toBeGreaterThanOrEqual(0);
        expect(logEmptied).toBeGreaterThan(synced);
      }
    } finally {
      recorder.restore();
    }
  });

  it('syncs the data directory once it holds the log, when the store opens', async () => {
    // Prepare
    const recorder = await recordFileOperations();
    const store = new FileEngineStore(dataDir());

    try {
      // Act
      await store.init();

      // Assess
      expect(recorder.operations).toContain(`sync ${dataDir()}`);
    } finally {
      recorder.restore();
      await store.close();
    }
  });

  it('after a crash, brings every journal the log names to disk, under its name, before emptying the log', async () => {
    // Prepare: two executions journaled through the log, then the process dies (no close).
    const crashed = new FileEngineStore(dataDir());
    await crashed.init();
    await Promise.all(['first', 'second'].map((executionName) => Promise.resolve(crashed.journal({ stateMachineName: 'orders', executionName }).append([record(1)]))));
    const recorder = await recordFileOperations();
    const restarted = new FileEngineStore(dataDir());

    try {
      // Act
      await restarted.init();

      // Assess
      const logEmptied = recorder.operations.indexOf(`truncate ${join(dataDir(), 'journals.wal')}`);
      expect(logEmptied).toBeGreaterThanOrEqual(0);
      for (const operation of ['datasync first.jsonl', 'datasync second.jsonl', 'sync orders', 'sync executions']) {
        const [kind, name] = operation.split(' ') as [string, string];
        const path = name.endsWith('.jsonl') ? join(dataDir(), 'executions', 'orders', name) : name === 'orders' ? join(dataDir(), 'executions', 'orders') : join(dataDir(), 'executions');
        const done = recorder.operations.indexOf(`${kind} ${path}`);
        expect(done, operation).toBeGreaterThanOrEqual(0);
        expect(logEmptied, operation).toBeGreaterThan(done);
      }
    } finally {
      recorder.restore();
      await restarted.close();
    }
  });

  it("syncs the state machines' directory after replacing a machine's file", async () => {
    // Prepare
    const store = new FileEngineStore(dataDir());
    await store.init();
    const recorder = await recordFileOperations();

    try {
      // Act
      await store.saveStateMachine({ name: 'orders' } as Parameters<FileEngineStore['saveStateMachine']>[0]);

      // Assess
      expect(recorder.operations.at(-1)).toBe(`sync ${join(dataDir(), 'state-machines')}`);
    } finally {
      recorder.restore();
      await store.close();
    }
  });

  it('has a new definition file and its directory on disk before the record naming it is synced', async () => {
    // Prepare
    const store = new FileEngineStore(dataDir());
    await store.init();
    const recorder = await recordFileOperations();
    const definition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } } as unknown as Definition;
    const meta = { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:orders:first', name: 'first', stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders', stateMachineName: 'orders', roleArn: 'arn:aws:iam::000000000000:role/orders', type: 'STANDARD' as const };

    // Act
    await store.journal({ stateMachineName: 'orders', executionName: 'first' }).append([{ seq: 1, at: 1_000, thread: '', op: 'start', meta, input: {}, definition }]);
    recorder.restore();
    await store.close();

    // Assess
    const definitionsDir = join(dataDir(), 'definitions');
    const definitionSynced = recorder.operations.findIndex((operation) => operation.startsWith(`sync ${definitionsDir}/`) && operation.endsWith('.json.tmp'));
    const directorySynced = recorder.operations.indexOf(`sync ${definitionsDir}`);
    const recordSynced = recorder.operations.findIndex((operation) => operation === `datasync ${join(dataDir(), 'journals.wal')}` || operation.startsWith(`datasync ${join(dataDir(), 'executions')}`));
    expect(definitionSynced).toBeGreaterThanOrEqual(0);
    expect(directorySynced).toBeGreaterThan(definitionSynced);
    expect(recordSynced).toBeGreaterThan(directorySynced);
  });
});
