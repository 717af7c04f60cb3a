/**
 * The durable store: a data directory of plain files.
 *
 *   <dataDir>/state-machines/<name>.json              one file per machine, replaced atomically
 *   <dataDir>/executions/<machine>/<execution>.jsonl  one append-only journal per execution
 *   <dataDir>/definitions/<sha256>.json               each definition an execution ran, once
 *   <dataDir>/journals.wal                            the records of recent multi-execution flushes
 *   <dataDir>/engine.lock                             the pid of the process using the directory
 *
 * Appends use group commit: every record appended during one turn of the event loop, across all
 * executions, is made durable by one flush, and each `append` resolves when its own records are on
 * disk. A flush that concerns one journal writes and fdatasyncs that journal. A flush that
 * concerns several writes their records once more, all together, to a shared write-ahead log and
 * fdatasyncs only that: one fsync for any number of concurrent executions instead of one per
 * execution (the journals themselves are written too, without waiting for the disk). When the log
 * grows past WAL_CHECKPOINT_BYTES, the journals written since the last checkpoint are fdatasync'd
 * and the log is emptied. At start (`init`), records found in the log but missing from their
 * journal (a crash before the journal reached the disk) are put back into it. A new file is durable
 * only once its directory is fsync'd too (its name lives there), so the records of a journal whose
 * directory gained a file since the last checkpoint go through the log, even alone (one fsync, as
 * any flush), and those directories are fsync'd before the log is emptied. Recovery brings every
 * journal the log names to disk, under its name, before emptying it. The data directory is fsync'd
 * once it holds the log; a replaced state machine's directory after the rename. Why files and not
 * DynamoDB Local: docs/decisions/0002-engine-storage.md.
 *
 * An execution runs the definition its machine had when it started, so its `start` record must keep
 * it. The journal keeps a reference, `definitionRef` (the SHA-256 of the definition's JSON), and the
 * definition itself is stored once in `definitions/`, durably before any record naming it: written in
 * full into every journal (and the log), the lifecycle's 27 KB definition made the log reach its
 * checkpoint size every few seconds under load, and each checkpoint held every start back for
 * about 100 ms while it synced a thousand journals. Executions read back share one definition object.
 * Journals written before this keep their definitions inline and read as before.
 */
import { mkdir, open, readdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Definition } from '../language/contract';
import type { JournalRecord } from '../runtime/records';
import { EngineStoreError, type EngineStore, type ExecutionJournal, type JournalKey, type StoredStateMachine } from './engine-store';

/** Options of the file store. */
export interface FileEngineStoreOptions {
  /**
   * fdatasync after each group of appends (default true). Without it a killed process loses
   * nothing (the page cache survives) but a power cut may lose the last transitions.
   */
  readonly fsync?: boolean;
}

// State machine and execution names may hold characters that are not safe in file names.
const encodeName = (name: string): string => encodeURIComponent(name).replace(/\./g, '%2E').replace(/\*/g, '%2A');
const decodeName = (file: string): string => decodeURIComponent(file);

interface PendingAppend {
  /** The records' JSON lines, without their line ends. */
  readonly lines: readonly string[];
  /** The writes of the definitions the lines name (a start's), when not yet on disk: the lines wait for them. */
  readonly definitions: readonly DefinitionWrite[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** A definition file on its way to the disk; shared by every start that names it meanwhile. */
interface DefinitionWrite {
  /** Settles (never rejects) once the file is durable or the write failed. */
  readonly done: Promise<void>;
  settled: boolean;
  /** Why the write failed, once it has. */
  error?: unknown;
}

/** The write-ahead log is emptied (after the journals it covers are synced) beyond this size. */
const WAL_CHECKPOINT_BYTES = 32 * 1024 * 1024;
const WAL_FILE = 'journals.wal';
const DEFINITIONS_DIR = 'definitions';
const LOCK_FILE = 'engine.lock';
/** How often an empty lock file is read again before it counts as left by a dead process (50 ms apart). */
const LOCK_EMPTY_RETRIES = 20;

/** True when a process with this pid runs (and, where /proc tells, is a Node.js process: a reused pid is not). */
async function isEngineProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return commandLine === undefined || /node/i.test(commandLine);
}

/** A journal record as a line stores it: a start names its definition (`definitionRef`), or holds it (journals from before). */
type StoredRecord = (JournalRecord & { readonly definitionRef?: undefined }) | StartNamingItsDefinition;
type StartNamingItsDefinition = Omit<Extract<JournalRecord, { op: 'start' }>, 'definition'> & { readonly definitionRef: string };

/** Separates a log line's journal (`<machine>/<execution>`, URI-encoded: no tab) from its record. */
const WAL_SEPARATOR = '\t';

/** Parses JSON lines; only the last line may be torn (then dropped), anything else is corruption. */
function parseJsonLines<T>(text: string, path: string, parse: (line: string) => T): T[] {
  const lines = text.split('\n');
  const parsed: T[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    try {
      parsed.push(parse(line));
    } catch (error) {
      // Only the last line can be torn (the process died in the middle of a write): it never
      // took effect, because effects wait for the write to complete. Anything else is corruption.
      if (index >= lines.length - 2) break;
      throw new EngineStoreError(`The file ${path} is corrupt at line ${index + 1}`, { cause: error });
    }
  }
  return parsed;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EngineStoreError(`Cannot read ${path}`, { cause: error });
  }
}

/**
 * Opens a journal to append to it, first cutting off a torn last line (the process died in the
 * middle of a write: those records were never acknowledged). Appended after it, the next record
 * would share its line: unreadable, and once more records follow, a journal corrupt mid-file.
 */
async function openForAppend(path: string): Promise<FileHandle> {
  const handle = await open(path, 'a+');
  try {
    const { size } = await handle.stat();
    if (size === 0) return handle;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === NEWLINE) return handle;
    await handle.truncate(await endOfLastLine(handle, size));
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Replaces `path` with `text` through a temporary file renamed over it (fsync'd first when `sync`):
 * a crash leaves either the old or the new file. The directory's fsync, which makes the new name
 * durable, is the caller's.
 */
async function replaceFile(path: string, text: string, sync: boolean): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/** A definition's reference: the SHA-256 of its JSON, in hex. */
const definitionRefOf = (text: string): string => createHash('sha256').update(text).digest('hex');

/** fdatasync (`data`) or fsync (`all`, what a directory needs) of a file this process may not hold open. */
async function syncFile(path: string, what: 'data' | 'all'): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await (what === 'data' ? handle.datasync() : handle.sync());
  } finally {
    await handle.close();
  }
}

const NEWLINE = 0x0a;
const TAIL_CHUNK_BYTES = 64 * 1024;

/** The offset just after the last line end before `size` (0 when there is none). */
async function endOfLastLine(handle: FileHandle, size: number): Promise<number> {
  const chunk = Buffer.alloc(TAIL_CHUNK_BYTES);
  for (let end = size; end > 0; end -= TAIL_CHUNK_BYTES) {
    const start = Math.max(0, end - TAIL_CHUNK_BYTES);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const index = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (index >= 0) return start + index + 1;
  }
  return 0;
}

class FileJournal implements ExecutionJournal {
  public handle: FileHandle | undefined;
  public pending: PendingAppend[] = [];
  public constructor(
    private readonly store: FileEngineStore,
    public readonly path: string,
    public readonly directory: string,
    /** `<machine>/<execution>` as encoded in the path: names this journal in the write-ahead log. */
    public readonly walKey: string,
  ) {}

  public append(records: readonly JournalRecord[]): Promise<void> {
    const definitions: DefinitionWrite[] = [];
    const lines = records.map((record) => this.store.serialize(record, definitions));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ lines, definitions, resolve, reject });
      this.store.markDirty(this);
    });
  }

  public async release(): Promise<void> {
    await this.store.flushed();
    const handle = this.handle;
    this.handle = undefined;
    this.store.forget(this);
    await handle?.close();
  }
}

export class FileEngineStore implements EngineStore {
  public readonly durable = true;
  private readonly machinesDir: string;
  private readonly executionsDir: string;
  private readonly fsync: boolean;
  private readonly journals = new Map<string, FileJournal>();
  private readonly dirty = new Set<FileJournal>();
  private readonly knownDirectories = new Set<string>();
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private readonly walPath: string;
  private readonly lockPath: string;
  private wal: FileHandle | undefined;
  private walBytes = 0;
  /** Journals written since the last checkpoint whose records only the log holds durably. */
  private readonly unsyncedJournals = new Set<string>();
  /** Directories that gained a journal (or a machine's directory) since they were last fsync'd. */
  private readonly unsyncedDirectories = new Set<string>();
  private readonly definitionsDir: string;
  /** A definition object's reference and JSON, computed once per object (a machine's starts share one). */
  private readonly definitionRefs = new WeakMap<Definition, { readonly ref: string; readonly text: string }>();
  /** References whose definition file is on disk (durably, with fsync). */
  private readonly storedDefinitions = new Set<string>();
  /** Definition files being written; a record naming one waits for it (PendingAppend.definitions). */
  private readonly definitionWrites = new Map<string, DefinitionWrite>();
  /** Definitions read back, by reference: every execution of one definition shares the object. */
  private readonly loadedDefinitions = new Map<string, Promise<Definition>>();

  public constructor(
    public readonly dataDir: string,
    options: FileEngineStoreOptions = {},
  ) {
    this.machinesDir = join(dataDir, 'state-machines');
    this.executionsDir = join(dataDir, 'executions');
    this.walPath = join(dataDir, WAL_FILE);
    this.lockPath = join(dataDir, LOCK_FILE);
    this.definitionsDir = join(dataDir, DEFINITIONS_DIR);
    this.fsync = options.fsync ?? true;
  }

  /** Creates the directories and completes journals from the write-ahead log; call once before use. */
  public async init(): Promise<void> {
    try {
      await mkdir(this.machinesDir, { recursive: true });
      await mkdir(this.executionsDir, { recursive: true });
      await mkdir(this.definitionsDir, { recursive: true });
    } catch (error) {
      throw new EngineStoreError(`Cannot create the engine data directory ${this.dataDir}`, { cause: error });
    }
    await this.lock();
    await this.recoverFromWal();
    if (this.fsync) {
      // The log, and the folders every file lives in, must keep their names across a power cut too.
      this.wal = await open(this.walPath, 'a');
      await this.syncDirectory(this.dataDir);
    }
  }

  /**
   * Takes the directory for this process. Two engines on one directory would both resume the same
   * executions (every task invoked twice), and the second's recovery would empty the first's
   * write-ahead log and replace journals the first still appends to. A lock a killed process left
   * is taken over; one this same process holds too (an engine abandoned without close, as tests
   * simulate a crash). Two processes taking over the same stale lock at the same instant are not
   * told apart.
   */
  private async lock(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await writeFile(this.lockPath, `${process.pid}\n`, { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new EngineStoreError(`Cannot lock the engine data directory ${this.dataDir}`, { cause: error });
      }
      const text = await readIfExists(this.lockPath);
      const holder = Number.parseInt(text ?? '', 10);
      // An empty lock: another process created it a moment ago and is writing its pid (or died
      // right then: after a while it counts as stale).
      if (text === '' && attempt < LOCK_EMPTY_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (Number.isInteger(holder) && holder !== process.pid && (await isEngineProcessAlive(holder))) {
        throw new EngineStoreError(`The engine data directory ${this.dataDir} is in use by process ${holder} (${this.lockPath}); stop it first, or remove the file if that process is not an engine`);
      }
      await rm(this.lockPath, { force: true });
    }
  }

  /**
   * Puts back into each journal the records the log holds beyond the journal's last record, then
   * empties the log. A journal to complete is rewritten whole (temporary file, fsync, rename): its
   * last line may be torn, and appending after it would bury the tear mid-file.
   */
  private async recoverFromWal(): Promise<void> {
    const text = await readIfExists(this.walPath);
    if (text === undefined || text === '') return;
    const byJournal = new Map<string, JournalRecord[]>();
    const entries = parseJsonLines(text, this.walPath, (line) => {
      const separator = line.indexOf(WAL_SEPARATOR);
      if (separator < 0) throw new SyntaxError('No journal key');
      return { key: line.slice(0, separator), record: JSON.parse(line.slice(separator + 1)) as JournalRecord };
    });
    for (const { key, record } of entries) {
      const records = byJournal.get(key) ?? [];
      records.push(record);
      byJournal.set(key, records);
    }
    const directories = new Set<string>([this.executionsDir]);
    for (const [key, logged] of byJournal) {
      const path = join(this.executionsDir, `${key}.jsonl`);
      const existing = parseJsonLines((await readIfExists(path)) ?? '', path, (line) => JSON.parse(line) as JournalRecord);
      const lastSeq = existing.at(-1)?.seq ?? 0;
      const missing = logged.filter((record) => record.seq > lastSeq);
      directories.add(dirname(path));
      if (missing.length === 0) {
        // Complete, but maybe only in the page cache of the process that died: to disk before the log goes.
        await syncFile(path, 'data');
        continue;
      }
      // The log continues the journal: a hole between them would replay a different execution.
      if (missing.some((record, index) => record.seq !== lastSeq + 1 + index)) {
        throw new EngineStoreError(`The journal ${path} ends at record ${lastSeq} but ${this.walPath} continues it from record ${missing[0]?.seq ?? '?'}`);
      }
      await mkdir(dirname(path), { recursive: true });
      await replaceFile(path, [...existing, ...missing].map((record) => `${JSON.stringify(record)}\n`).join(''), true);
    }
    for (const directory of directories) await this.syncDirectory(directory);
    // Only once every journal is complete on disk, under its name, may the log go.
    const wal = await open(this.walPath, 'r+');
    try {
      await wal.truncate(0);
      await wal.sync();
    } finally {
      await wal.close();
    }
  }

  private async syncNewDirectories(): Promise<void> {
    const directories = [...this.unsyncedDirectories];
    this.unsyncedDirectories.clear();
    await Promise.all(directories.map((directory) => this.syncDirectory(directory)));
  }

  private async syncDirectory(path: string): Promise<void> {
    await syncFile(path, 'all');
  }

  public async loadStateMachines(): Promise<StoredStateMachine[]> {
    const files = (await readdir(this.machinesDir)).filter((file) => file.endsWith('.json'));
    const machines: StoredStateMachine[] = [];
    for (const file of files) {
      const path = join(this.machinesDir, file);
      try {
        machines.push(JSON.parse(await readFile(path, 'utf8')) as StoredStateMachine);
      } catch (error) {
        throw new EngineStoreError(`Cannot read the state machine file ${path}`, { cause: error });
      }
    }
    return machines;
  }

  public async saveStateMachine(machine: StoredStateMachine): Promise<void> {
    await replaceFile(join(this.machinesDir, `${encodeName(machine.name)}.json`), JSON.stringify(machine, null, 1), this.fsync);
    if (this.fsync) await this.syncDirectory(this.machinesDir);
  }

  public async deleteStateMachine(name: string): Promise<void> {
    await rm(join(this.machinesDir, `${encodeName(name)}.json`), { force: true });
  }

  public journal(key: JournalKey): ExecutionJournal {
    const directory = join(this.executionsDir, encodeName(key.stateMachineName));
    const path = join(directory, `${encodeName(key.executionName)}.jsonl`);
    let journal = this.journals.get(path);
    if (journal === undefined) {
      journal = new FileJournal(this, path, directory, `${encodeName(key.stateMachineName)}/${encodeName(key.executionName)}`);
      this.journals.set(path, journal);
    }
    return journal;
  }

  public async listJournals(): Promise<JournalKey[]> {
    const keys: JournalKey[] = [];
    for (const machineDir of await readdir(this.executionsDir)) {
      for (const file of await readdir(join(this.executionsDir, machineDir))) {
        if (!file.endsWith('.jsonl')) continue;
        keys.push({ stateMachineName: decodeName(machineDir), executionName: decodeName(file.slice(0, -'.jsonl'.length)) });
      }
    }
    return keys;
  }

  public async readJournal(key: JournalKey): Promise<JournalRecord[]> {
    const path = join(this.executionsDir, encodeName(key.stateMachineName), `${encodeName(key.executionName)}.jsonl`);
    const text = await readIfExists(path);
    if (text === undefined) return [];
    const records: JournalRecord[] = [];
    for (const record of parseJsonLines(text, path, (line) => JSON.parse(line) as StoredRecord)) {
      // Only a start (the first record) may name its definition: the others need no lookup.
      records.push(record.op === 'start' && record.definitionRef !== undefined ? await this.withDefinition(record, path) : record);
    }
    return records;
  }

  /**
   * @internal A record as its journal line: a start's definition by reference, stored once. The
   * write of a definition not on disk yet is added to `awaiting`: the line must wait for it.
   */
  public serialize(record: JournalRecord, awaiting: DefinitionWrite[]): string {
    if (record.op !== 'start') return JSON.stringify(record);
    let known = this.definitionRefs.get(record.definition);
    if (known === undefined) {
      const text = JSON.stringify(record.definition);
      known = { ref: definitionRefOf(text), text };
      this.definitionRefs.set(record.definition, known);
    }
    const write = this.storeDefinition(known.ref, known.text);
    if (write !== undefined) awaiting.push(write);
    const { definition: _inline, ...rest } = record;
    return JSON.stringify({ ...rest, definitionRef: known.ref });
  }

  /**
   * The write of the definition file (temporary file, fsync, rename, directory fsync), or undefined
   * when the file is on disk. A start while it is on its way shares it; after a failure the next
   * start writes it again.
   */
  private storeDefinition(ref: string, text: string): DefinitionWrite | undefined {
    if (this.storedDefinitions.has(ref)) return undefined;
    const inFlight = this.definitionWrites.get(ref);
    if (inFlight !== undefined) return inFlight;
    const path = join(this.definitionsDir, `${ref}.json`);
    const writeFile = async (): Promise<void> => {
      // Named by its content: a file already there holds the same definition, but an earlier process
      // (without fsync, or killed before its directory sync) may have left it in the page cache only.
      if ((await readIfExists(path)) === text) {
        if (this.fsync) await syncFile(path, 'data');
      } else {
        await replaceFile(path, text, this.fsync);
      }
      if (this.fsync) await this.syncDirectory(this.definitionsDir);
    };
    const write: DefinitionWrite = {
      settled: false,
      done: writeFile().then(
        () => {
          this.storedDefinitions.add(ref);
        },
        (error: unknown) => {
          write.error = error;
        },
      ).finally(() => {
        write.settled = true;
        this.definitionWrites.delete(ref);
      }),
    };
    this.definitionWrites.set(ref, write);
    return write;
  }

  /** A stored record as the runtime reads it: a start's definition put back from its file. */
  private async withDefinition(record: StartNamingItsDefinition, journalPath: string): Promise<JournalRecord> {
    const ref = record.definitionRef;
    let loading = this.loadedDefinitions.get(ref);
    if (loading === undefined) {
      const path = join(this.definitionsDir, `${ref}.json`);
      loading = readIfExists(path).then((text) => {
        if (text === undefined) throw new EngineStoreError(`The journal ${journalPath} names the definition ${ref}, which ${path} does not hold`);
        if (definitionRefOf(text) !== ref) throw new EngineStoreError(`The definition file ${path}, which the journal ${journalPath} names, does not hold that definition (damaged)`);
        return JSON.parse(text) as Definition;
      });
      loading.catch(() => this.loadedDefinitions.delete(ref));
      this.loadedDefinitions.set(ref, loading);
    }
    const { definitionRef: _ref, ...rest } = record;
    return { ...rest, definition: await loading };
  }

  public async close(): Promise<void> {
    await this.flushed();
    // A clean stop leaves an empty log: the next start has nothing to put back.
    if (this.wal !== undefined) await this.checkpoint();
    await this.wal?.close();
    this.wal = undefined;
    const handles = [...this.journals.values()].map((journal) => journal.handle).filter((handle) => handle !== undefined);
    this.journals.clear();
    await Promise.all(handles.map((handle) => handle.close()));
    // Only this process's lock: another (same-process) store may have taken the directory over.
    if ((await readIfExists(this.lockPath))?.trim() === String(process.pid)) await rm(this.lockPath, { force: true });
  }

  /** @internal Called by a journal with pending records. */
  public markDirty(journal: FileJournal): void {
    this.dirty.add(journal);
    if (this.scheduled) return;
    this.scheduled = true;
    // Wait for the current flush (if any), then gather everything appended meanwhile into one.
    setImmediate(() => {
      void this.runFlush();
    });
  }

  /** @internal */
  public forget(journal: FileJournal): void {
    if (journal.pending.length === 0) this.journals.delete(journal.path);
  }

  /** Resolves once nothing is pending. */
  public async flushed(): Promise<void> {
    while (this.flushing !== undefined || this.dirty.size > 0) {
      if (this.flushing !== undefined) await this.flushing;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async runFlush(): Promise<void> {
    if (this.flushing !== undefined) await this.flushing.catch(() => undefined);
    this.scheduled = false;
    const batch = [...this.dirty];
    this.dirty.clear();
    if (batch.length === 0) return;
    this.flushing = this.flushBatch(batch);
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  private async flushBatch(all: readonly FileJournal[]): Promise<void> {
    await this.withoutUnstoredDefinitions(all);
    const batch = all.filter((journal) => journal.pending.length > 0);
    if (batch.length === 0) return;
    // A journal not open yet may be a new file, and a new file's name is durable only once its
    // directory is synced (at the next checkpoint): until then the log keeps its records.
    const single = batch[0];
    const throughWal = this.fsync && (batch.length > 1 || single?.handle === undefined || this.unsyncedDirectories.has(single?.directory ?? ''));
    if (throughWal) await this.flushThroughWal(batch);
    else await Promise.all(batch.map((journal) => this.flushJournal(journal)));
  }

  /**
   * Waits for the definitions the batch's records name, then fails the appends whose definition could
   * not be stored (and those after them in the same journal, which must not leave a gap): a record
   * never names a definition the disk does not hold. Other journals' appends go on.
   */
  private async withoutUnstoredDefinitions(batch: readonly FileJournal[]): Promise<void> {
    // Appends made while waiting join the batch (its journals' pending lists are taken after this): wait for theirs too.
    for (;;) {
      const unsettled = batch.flatMap((journal) => journal.pending.flatMap((append) => append.definitions.filter((write) => !write.settled)));
      if (unsettled.length === 0) break;
      await Promise.all(unsettled.map((write) => write.done));
    }
    for (const journal of batch) {
      const failedAt = journal.pending.findIndex((append) => append.definitions.some((write) => write.error !== undefined));
      if (failedAt < 0) continue;
      const failed = journal.pending.slice(failedAt);
      journal.pending = journal.pending.slice(0, failedAt);
      const cause = failed[0]?.definitions.find((write) => write.error !== undefined)?.error;
      const failure = new EngineStoreError(`Cannot store a state machine definition in ${this.definitionsDir}`, { cause });
      for (const append of failed) append.reject(failure);
    }
  }

  /** One open journal's flush: its records written and (with fsync) fdatasync'd. */
  private async flushJournal(journal: FileJournal): Promise<void> {
    const pending = journal.pending;
    journal.pending = [];
    try {
      await this.writeJournal(journal, pending);
      if (this.fsync) await journal.handle?.datasync();
      for (const append of pending) append.resolve();
    } catch (error) {
      const failure = new EngineStoreError(`Cannot append to the journal ${journal.path}`, { cause: error });
      for (const append of pending) append.reject(failure);
    }
  }

  private async writeJournal(journal: FileJournal, pending: readonly PendingAppend[]): Promise<void> {
    if (journal.handle === undefined) {
      if (!this.knownDirectories.has(journal.directory)) {
        // mkdir answers the first directory it created, if any: then its parent gained an entry.
        if ((await mkdir(journal.directory, { recursive: true })) !== undefined) this.unsyncedDirectories.add(this.executionsDir);
        this.knownDirectories.add(journal.directory);
      }
      journal.handle = await openForAppend(journal.path);
      if ((await journal.handle.stat()).size === 0) this.unsyncedDirectories.add(journal.directory);
    }
    let text = '';
    for (const append of pending) for (const line of append.lines) text += `${line}\n`;
    await journal.handle.write(text);
  }

  /**
   * A flush of several journals: their records go to the log too, and only the log is fdatasync'd
   * (one fsync for all of them). An append resolves when the log holds it on disk and its journal
   * has it written; a journal that cannot be written fails its appends as a failed log fails all.
   */
  private async flushThroughWal(batch: readonly FileJournal[]): Promise<void> {
    const pendings = batch.map((journal) => {
      const pending = journal.pending;
      journal.pending = [];
      return pending;
    });
    let log = '';
    batch.forEach((journal, index) => {
      for (const append of pendings[index] ?? []) for (const line of append.lines) log += `${journal.walKey}${WAL_SEPARATOR}${line}\n`;
    });
    const logged = this.appendToWal(log);
    const written = batch.map((journal, index) => this.writeJournal(journal, pendings[index] ?? []));
    const [logResult, ...writeResults] = await Promise.allSettled([logged, ...written]);
    batch.forEach((journal, index) => {
      const result = writeResults[index];
      const failed = logResult?.status === 'rejected' ? logResult : result?.status === 'rejected' ? result : undefined;
      for (const append of pendings[index] ?? []) {
        if (failed === undefined) append.resolve();
        else append.reject(new EngineStoreError(`Cannot append to the journal ${journal.path}`, { cause: failed.reason }));
      }
      this.unsyncedJournals.add(journal.path);
    });
    if (this.walBytes >= WAL_CHECKPOINT_BYTES) await this.checkpoint();
  }

  private async appendToWal(text: string): Promise<void> {
    this.wal ??= await open(this.walPath, 'a');
    await this.wal.write(text);
    await this.wal.datasync();
    this.walBytes += Buffer.byteLength(text);
  }

  /** The journals the log covers reach the disk; then the log is emptied. Runs between flushes. */
  private async checkpoint(): Promise<void> {
    const paths = [...this.unsyncedJournals];
    this.unsyncedJournals.clear();
    await Promise.all(
      paths.map(async (path) => {
        const current = this.journals.get(path)?.handle;
        if (current !== undefined) {
          await current.datasync();
          return;
        }
        await syncFile(path, 'data');
      }),
    );
    // The log may be the only record of a new journal's name until its directory is synced.
    await this.syncNewDirectories();
    if (this.wal !== undefined) {
      await this.wal.truncate(0);
      await this.wal.datasync();
    }
    this.walBytes = 0;
  }
}
