import { appendFile, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../../local/engine/runtime/records';
import { FileEngineStore } from '../../../../local/engine/store/engine-store.file';
import { temporaryDirectoryPerTest } from '../../../support/temporary-directory';

const record = (seq: number): JournalRecord => ({ seq, at: seq * 1000, thread: '', op: 'enter', state: `S${seq}` });
const keys = [
  { stateMachineName: 'orders', executionName: 'first' },
  { stateMachineName: 'orders', executionName: 'second' },
  { stateMachineName: 'billing', executionName: 'third' },
];
const journalPath = (dataDir: string, key: { stateMachineName: string; executionName: string }): string =>
  join(dataDir, 'executions', key.stateMachineName, `${key.executionName}.jsonl`);

/** Appends `count` records to every journal, all in the same turn of the event loop (one flush each round). */
async function appendConcurrently(store: FileEngineStore, count: number): Promise<void> {
  for (let seq = 1; seq <= count; seq += 1) await Promise.all(keys.map((key) => Promise.resolve(store.journal(key).append([record(seq)]))));
}

describe('FileEngineStore', () => {
  const dataDir = temporaryDirectoryPerTest('engine-wal-');

  describe('write-ahead log for flushes of several journals', () => {
    it('writes every journal in full and leaves an empty log after a clean close', async () => {
      // Prepare
      const store = new FileEngineStore(dataDir());
      await store.init();

      // Act
      await appendConcurrently(store, 3);
      const logSizeWhileOpen = (await stat(join(dataDir(), 'journals.wal'))).size;
      await store.close();

      // Assess
      expect(logSizeWhileOpen).toBeGreaterThan(0);
      expect((await stat(join(dataDir(), 'journals.wal'))).size).toBe(0);
      const reopened = new FileEngineStore(dataDir());
      await reopened.init();
      for (const key of keys) expect((await reopened.readJournal(key)).map((entry) => entry.seq)).toEqual([1, 2, 3]);
      await reopened.close();
    });

    it('puts back into their journals the records that only the log kept after a crash', async () => {
      // Prepare: the process dies after the flushes; the journals lost what the disk had not yet got.
      const crashed = new FileEngineStore(dataDir());
      await crashed.init();
      await appendConcurrently(crashed, 3);
      const [first, second, third] = keys.map((key) => journalPath(dataDir(), key));
      await rm(first as string);
      await truncate(second as string, (await readFile(second as string, 'utf8')).indexOf('\n') + 1);
      await appendFile(third as string, '{"seq":4,"at":0,"thr');

      // Act
      const restarted = new FileEngineStore(dataDir());
      await restarted.init();

      // Assess
      for (const key of keys) expect((await restarted.readJournal(key)).map((entry) => entry.seq)).toEqual([1, 2, 3]);
      expect(await restarted.listJournals()).toHaveLength(3);
      expect((await stat(join(dataDir(), 'journals.wal'))).size).toBe(0);
      await restarted.close();
    });

    it('keeps journal records beyond what the log holds', async () => {
      // Prepare: records 1-2 went through the log, 3 was flushed alone (synced in its journal).
      const crashed = new FileEngineStore(dataDir());
      await crashed.init();
      await appendConcurrently(crashed, 2);
      const [key] = keys;
      if (key === undefined) throw new Error('no key');
      await crashed.journal(key).append([record(3)]);

      // Act
      const restarted = new FileEngineStore(dataDir());
      await restarted.init();

      // Assess
      expect((await restarted.readJournal(key)).map((entry) => entry.seq)).toEqual([1, 2, 3]);
      await restarted.close();
    });

    it('refuses a log that does not continue its journal, naming both', async () => {
      // Prepare: the journal holds record 1, the log records 3 and 4.
      const store = new FileEngineStore(dataDir());
      await store.init();
      const [key] = keys;
      if (key === undefined) throw new Error('no key');
      await store.journal(key).append([record(1)]);
      await store.close();
      await writeFile(join(dataDir(), 'journals.wal'), [3, 4].map((seq) => `orders/first\t${JSON.stringify(record(seq))}\n`).join(''));

      // Act
      const opened = new FileEngineStore(dataDir()).init();

      // Assess
      await expect(opened).rejects.toThrow(/first\.jsonl ends at record 1 but .*journals\.wal continues it from record 3/);
    });

    it('refuses a log damaged before its last line, naming the file', async () => {
      // Prepare
      await writeFile(join(dataDir(), 'journals.wal'), 'not a log line\norders/first\t{"seq":1}\n');
      const store = new FileEngineStore(dataDir());

      // Act
      const opened = store.init();

      // Assess
      await expect(opened).rejects.toThrow(/journals\.wal is corrupt at line 1/);
    });
  });
});
