import { appendFile, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../../local/engine/runtime/records';
import { FileEngineStore } from '../../../../local/engine/store/engine-store.file';
import { temporaryDirectoryPerTest } from '../../../support/temporary-directory';

const record = (seq: number): JournalRecord => ({ seq, at: seq * 1000, thread: '', op: 'enter', state: `S${seq}` });
const key = { stateMachineName: 'orders', executionName: 'torn' };

describe('FileEngineStore', () => {
  const dataDir = temporaryDirectoryPerTest('engine-tail-');

  describe('a journal whose last write was torn by a crash', () => {
    it('keeps the records appended after the restart (the torn line is cut off, not buried)', async () => {
      // Prepare: records 1-2 written, then the process died in the middle of writing record 3.
      const crashed = new FileEngineStore(dataDir());
      await crashed.init();
      await crashed.journal(key).append([record(1), record(2)]);
      await appendFile(join(dataDir(), 'executions', 'orders', 'torn.jsonl'), '{"seq":3,"at":3000,"thr');
      const restarted = new FileEngineStore(dataDir());
      await restarted.init();
      expect((await restarted.readJournal(key)).map((entry) => entry.seq)).toEqual([1, 2]);

      // Act: the resumed execution writes record 3 again, and record 4.
      await restarted.journal(key).append([record(3)]);
      await restarted.journal(key).append([record(4)]);
      await restarted.close();

      // Assess
      const reopened = new FileEngineStore(dataDir());
      await reopened.init();
      expect((await reopened.readJournal(key)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
      expect(await readFile(join(dataDir(), 'executions', 'orders', 'torn.jsonl'), 'utf8')).not.toContain('"thr{');
      await reopened.close();
    });
  });

  describe('a crash during the recovery from the write-ahead log', () => {
    it('recovers again to the same journals: nothing put back twice, a half-written temporary journal ignored', async () => {
      // Prepare: two journals written through the log, the process dies; the first recovery puts
      // the records back, then dies before it empties the log, leaving a temporary file behind.
      const other = { stateMachineName: 'orders', executionName: 'other' };
      const crashed = new FileEngineStore(dataDir());
      await crashed.init();
      await Promise.all([crashed.journal(key).append([record(1)]), crashed.journal(other).append([record(1)])]);
      await Promise.all([crashed.journal(key).append([record(2)]), crashed.journal(other).append([record(2)])]);
      const wal = join(dataDir(), 'journals.wal');
      await copyFile(wal, `${wal}.saved`);
      await rm(join(dataDir(), 'executions', 'orders', 'torn.jsonl'));
      const firstRecovery = new FileEngineStore(dataDir());
      await firstRecovery.init();
      await copyFile(`${wal}.saved`, wal);
      await writeFile(join(dataDir(), 'executions', 'orders', 'other.jsonl.tmp'), '{"seq":1,"at":0,"thr');

      // Act
      const secondRecovery = new FileEngineStore(dataDir());
      await secondRecovery.init();

      // Assess
      expect((await secondRecovery.readJournal(key)).map((entry) => entry.seq)).toEqual([1, 2]);
      expect((await secondRecovery.readJournal(other)).map((entry) => entry.seq)).toEqual([1, 2]);
      expect((await secondRecovery.listJournals()).map((journal) => journal.executionName).sort()).toEqual(['other', 'torn']);
      await secondRecovery.close();
    });
  });
});
