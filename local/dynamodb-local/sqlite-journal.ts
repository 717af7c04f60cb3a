/**
 * Puts DynamoDB Local's on-disk databases (SQLite files) into write-ahead-log mode.
 *
 * DynamoDB Local never chooses a journal mode, so SQLite uses its default rollback journal: every
 * write transaction creates, fsyncs and deletes a `-journal` file and fsyncs the database, about
 * 2-3 ms on this kind of disk, and readers wait while a writer commits. Writes then top out at
 * 150-300 per second however many are in flight, the ceiling of the whole local stack. In WAL mode
 * a commit appends to the `-wal` file and fsyncs it once (still durable: a commit that was answered
 * survives a crash), and readers never wait for a writer: 4-5 times the writes per second.
 *
 * SQLite keeps WAL mode in the database file itself (header bytes 18 and 19 are 2 instead of 1)
 * and honours it on every open, so no SQLite client is needed here: a new database is created as
 * an empty one-page SQLite file already in WAL mode, and an existing one in rollback mode has those
 * two bytes changed while nothing has it open, unless a hot journal (a crash mid-commit) still has
 * to be rolled back, in which case it is left to SQLite this time and switched at the next start.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const MAGIC = 'SQLite format 3\0';
const PAGE_SIZE = 4096;
/** Offsets of the file format write and read versions: 1 = rollback journal, 2 = WAL. */
const WRITE_VERSION_OFFSET = 18;
const READ_VERSION_OFFSET = 19;
/** The first bytes of a rollback journal that still holds a transaction to undo. */
const HOT_JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

/** What `useWriteAheadLog` did to one database file. */
export type JournalSwitch = 'created' | 'switched' | 'already-wal' | 'hot-journal-left-to-sqlite' | 'not-sqlite';

export class SqliteJournalError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqliteJournalError';
  }
}

/**
 * An empty SQLite database of one 4 KiB page in WAL mode, as `sqlite3 <file> 'PRAGMA
 * journal_mode=WAL'` writes it: the 100-byte header, then page 1 as an empty table b-tree leaf
 * (sqlite_master with no rows). SQLite fills in the schema format and text encoding when the first
 * table is created.
 */
export function emptyWalDatabase(): Buffer {
  const page = Buffer.alloc(PAGE_SIZE);
  page.write(MAGIC, 0, 'latin1');
  page.writeUInt16BE(PAGE_SIZE, 16);
  page[WRITE_VERSION_OFFSET] = 2;
  page[READ_VERSION_OFFSET] = 2;
  page[20] = 0; // reserved bytes per page
  page[21] = 64; // maximum embedded payload fraction (must be 64)
  page[22] = 32; // minimum embedded payload fraction (must be 32)
  page[23] = 32; // leaf payload fraction (must be 32)
  page.writeUInt32BE(1, 24); // file change counter
  page.writeUInt32BE(1, 28); // database size in pages
  page.writeUInt32BE(1, 92); // the change counter the size is valid for
  page.writeUInt32BE(3_008_007, 96); // the SQLite version DynamoDB Local bundles (informative only)
  page[100] = 0x0d; // page 1: a leaf table b-tree page ...
  page.writeUInt16BE(0, 103); // ... with no cells ...
  page.writeUInt16BE(PAGE_SIZE, 105); // ... whose cell content area starts at the end of the page
  return page;
}

function readHeader(file: string, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function hasHotJournal(databaseFile: string): boolean {
  const journal = `${databaseFile}-journal`;
  if (!existsSync(journal) || statSync(journal).size === 0) return false;
  return readHeader(journal, HOT_JOURNAL_MAGIC.length).equals(HOT_JOURNAL_MAGIC);
}

/**
 * Makes `databaseFile` a WAL-mode SQLite database: creates it empty when missing, switches it when
 * it is in rollback mode. Only while no process has it open (before DynamoDB Local starts).
 */
export function useWriteAheadLog(databaseFile: string): JournalSwitch {
  if (!existsSync(databaseFile) || statSync(databaseFile).size === 0) {
    const fd = openSync(databaseFile, 'w');
    try {
      writeSync(fd, emptyWalDatabase());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return 'created';
  }
  const header = readHeader(databaseFile, 100);
  if (header.length < 100 || header.toString('latin1', 0, MAGIC.length) !== MAGIC) return 'not-sqlite';
  const versions = [header[WRITE_VERSION_OFFSET], header[READ_VERSION_OFFSET]];
  if (versions[0] === 2 && versions[1] === 2) return 'already-wal';
  if (versions[0] !== 1 || versions[1] !== 1) {
    throw new SqliteJournalError(`${databaseFile}: unknown SQLite file format versions ${String(versions[0])}/${String(versions[1])} (expected 1/1 or 2/2)`);
  }
  if (hasHotJournal(databaseFile)) return 'hot-journal-left-to-sqlite';
  const fd = openSync(databaseFile, 'r+');
  try {
    writeSync(fd, Buffer.from([2, 2]), 0, 2, WRITE_VERSION_OFFSET);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return 'switched';
}

/**
 * Every DynamoDB Local database in `dbPath` in WAL mode: the existing `*.db` files, and `expected`
 * (DynamoDB Local's file for the credentials the runtime uses, `<accessKeyId>_<region>.db`) created
 * in WAL mode when missing. Returns what happened to each file, by name.
 */
export function useWriteAheadLogIn(dbPath: string, expected: readonly string[]): Readonly<Record<string, JournalSwitch>> {
  const names = new Set([...readdirSync(dbPath).filter((name) => name.endsWith('.db')), ...expected]);
  return Object.fromEntries([...names].map((name) => [name, useWriteAheadLog(join(dbPath, name))]));
}
