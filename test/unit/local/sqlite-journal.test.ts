import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyWalDatabase, SqliteJournalError, useWriteAheadLog, useWriteAheadLogIn } from '../../../local/dynamodb-local/sqlite-journal';

/** A one-page SQLite file in rollback mode, as DynamoDB Local leaves it without a journal mode. */
function rollbackDatabase(): Buffer {
  const page = emptyWalDatabase();
  page[18] = 1;
  page[19] = 1;
  return page;
}

const HOT_JOURNAL_HEADER = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7, 0, 0, 0, 1]);

describe('sqlite-journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('emptyWalDatabase', () => {
    it('is one 4 KiB page: the SQLite header in WAL mode and an empty leaf table page', () => {
      // Act
      const page = emptyWalDatabase();

      // Assess
      expect(page.length).toBe(4096);
      expect(page.toString('latin1', 0, 16)).toBe('SQLite format 3\0');
      expect(page.readUInt16BE(16)).toBe(4096);
      expect([page[18], page[19]]).toEqual([2, 2]);
      expect([page[21], page[22], page[23]]).toEqual([64, 32, 32]);
      expect(page.readUInt32BE(28)).toBe(1);
      expect(page[100]).toBe(0x0d);
      expect(page.readUInt16BE(103)).toBe(0);
      expect(page.readUInt16BE(105)).toBe(4096);
    });
  });

  describe('useWriteAheadLog', () => {
    it('creates a missing database empty and in WAL mode', () => {
      // Prepare
      const file = join(dir, 'local_us-east-1.db');

      // Act
      const outcome = useWriteAheadLog(file);

      // Assess
      expect(outcome).toBe('created');
      expect(readFileSync(file).equals(emptyWalDatabase())).toBe(true);
    });

    it('switches a database in rollback mode by its two version bytes, leaving the rest as it was', () => {
      // Prepare
      const file = join(dir, 'local_us-east-1.db');
      const before = Buffer.concat([rollbackDatabase(), Buffer.alloc(4096, 7)]);
      writeFileSync(file, before);

      // Act
      const outcome = useWriteAheadLog(file);

      // Assess
      const after = readFileSync(file);
      expect(outcome).toBe('switched');
      expect([after[18], after[19]]).toEqual([2, 2]);
      expect(Buffer.concat([after.subarray(0, 18), after.subarray(20)]).equals(Buffer.concat([before.subarray(0, 18), before.subarray(20)]))).toBe(true);
    });

    it('leaves a database in WAL mode as it is', () => {
      // Prepare
      const file = join(dir, 'a.db');
      writeFileSync(file, emptyWalDatabase());

      // Act & Assess
      expect(useWriteAheadLog(file)).toBe('already-wal');
    });

    it('leaves a database with a hot journal to SQLite, which must roll it back first', () => {
      // Prepare
      const file = join(dir, 'a.db');
      writeFileSync(file, rollbackDatabase());
      writeFileSync(`${file}-journal`, Buffer.concat([HOT_JOURNAL_HEADER, Buffer.alloc(500)]));

      // Act
      const outcome = useWriteAheadLog(file);

      // Assess
      expect(outcome).toBe('hot-journal-left-to-sqlite');
      expect(readFileSync(file)[18]).toBe(1);
    });

    it('switches a database whose journal is empty or already committed (zeroed header)', () => {
      // Prepare
      const empty = join(dir, 'empty.db');
      const zeroed = join(dir, 'zeroed.db');
      writeFileSync(empty, rollbackDatabase());
      writeFileSync(`${empty}-journal`, '');
      writeFileSync(zeroed, rollbackDatabase());
      writeFileSync(`${zeroed}-journal`, Buffer.alloc(512));

      // Act & Assess
      expect(useWriteAheadLog(empty)).toBe('switched');
      expect(useWriteAheadLog(zeroed)).toBe('switched');
    });

    it('does not touch a file that is not an SQLite database', () => {
      // Prepare
      const file = join(dir, 'notes.db');
      writeFileSync(file, 'x'.repeat(200));

      // Act & Assess
      expect(useWriteAheadLog(file)).toBe('not-sqlite');
      expect(readFileSync(file, 'utf8')).toBe('x'.repeat(200));
    });

    it('refuses an SQLite file of a format version it does not know, naming the file', () => {
      // Prepare
      const file = join(dir, 'future.db');
      const page = rollbackDatabase();
      page[18] = 3;
      writeFileSync(file, page);

      // Act & Assess
      expect(() => useWriteAheadLog(file)).toThrow(SqliteJournalError);
      expect(() => useWriteAheadLog(file)).toThrow(/future\.db: unknown SQLite file format versions 3\/1/);
    });
  });

  describe('useWriteAheadLogIn', () => {
    it('switches every database in the folder and creates the expected one', () => {
      // Prepare
      writeFileSync(join(dir, 'other_eu-west-1.db'), rollbackDatabase());
      writeFileSync(join(dir, 'readme.txt'), 'not a database');

      // Act
      const outcome = useWriteAheadLogIn(dir, ['local_us-east-1.db']);

      // Assess
      expect(outcome).toEqual({ 'other_eu-west-1.db': 'switched', 'local_us-east-1.db': 'created' });
      expect(readFileSync(join(dir, 'readme.txt'), 'utf8')).toBe('not a database');
    });
  });
});
