/**
 * The durable store: a data directory of plain files.
 *
 *   <dataDir>/state-machines/<name>.json              one file per machine, replaced atomically
 *   <dataDir>/executions/<machine>/<execution>.jsonl  one append-only journal per execution
 *
 * Appends use group commit: every record appended during one turn of the event loop, across all
 * executions, is written with one write per journal and one fdatasync per journal, in parallel;
 * each `append` resolves when its own records are on disk. Concurrent executions share the cost of
 * a flush instead of queueing behind each other. Why files and not DynamoDB Local:
 * docs/decisions/0002-engine-storage.md.
 */
import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
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
  readonly lines: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

class FileJournal implements ExecutionJournal {
  public handle: FileHandle | undefined;
  public pending: PendingAppend[] = [];
  public constructor(
    private readonly store: FileEngineStore,
    public readonly path: string,
    public readonly directory: string,
  ) {}

  public append(records: readonly JournalRecord[]): Promise<void> {
    let lines = '';
    for (const record of records) lines += `${JSON.stringify(record)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ lines, resolve, reject });
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

  public constructor(
    public readonly dataDir: string,
    options: FileEngineStoreOptions = {},
  ) {
    this.machinesDir = join(dataDir, 'state-machines');
    this.executionsDir = join(dataDir, 'executions');
    this.fsync = options.fsync ?? true;
  }

  /** Creates the directories; call once before use. */
  public async init(): Promise<void> {
    try {
      await mkdir(this.machinesDir, { recursive: true });
      await mkdir(this.executionsDir, { recursive: true });
    } catch (error) {
      throw new EngineStoreError(`Cannot create the engine data directory ${this.dataDir}`, { cause: error });
    }
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
    // Write a temporary file, fsync it, then rename: a crash leaves either the old or the new file.
    const path = join(this.machinesDir, `${encodeName(machine.name)}.json`);
    const temporary = `${path}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(machine, null, 1));
      if (this.fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  }

  public async deleteStateMachine(name: string): Promise<void> {
    await rm(join(this.machinesDir, `${encodeName(name)}.json`), { force: true });
  }

  public journal(key: JournalKey): ExecutionJournal {
    const directory = join(this.executionsDir, encodeName(key.stateMachineName));
    const path = join(directory, `${encodeName(key.executionName)}.jsonl`);
    let journal = this.journals.get(path);
    if (journal === undefined) {
      journal = new FileJournal(this, path, directory);
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
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new EngineStoreError(`Cannot read the journal ${path}`, { cause: error });
    }
    const lines = text.split('\n');
    const records: JournalRecord[] = [];
    for (const [index, line] of lines.entries()) {
      if (line === '') continue;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch (error) {
        // Only the last line can be torn (the process died in the middle of a write): it never
        // took effect, because effects wait for the write to complete. Anything else is corruption.
        if (index >= lines.length - 2) break;
        throw new EngineStoreError(`The journal ${path} is corrupt at line ${index + 1}`, { cause: error });
      }
    }
    return records;
  }

  public async close(): Promise<void> {
    await this.flushed();
    const handles = [...this.journals.values()].map((journal) => journal.handle).filter((handle) => handle !== undefined);
    this.journals.clear();
    await Promise.all(handles.map((handle) => handle.close()));
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
    this.flushing = Promise.all(batch.map((journal) => this.flushJournal(journal))).then(() => undefined);
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  private async flushJournal(journal: FileJournal): Promise<void> {
    const pending = journal.pending;
    journal.pending = [];
    try {
      if (journal.handle === undefined) {
        if (!this.knownDirectories.has(journal.directory)) {
          await mkdir(journal.directory, { recursive: true });
          this.knownDirectories.add(journal.directory);
        }
        journal.handle = await open(journal.path, 'a');
      }
      await journal.handle.write(pending.map((append) => append.lines).join(''));
      if (this.fsync) await journal.handle.datasync();
      for (const append of pending) append.resolve();
    } catch (error) {
      const failure = new EngineStoreError(`Cannot append to the journal ${journal.path}`, { cause: error });
      for (const append of pending) append.reject(failure);
    }
  }
}
