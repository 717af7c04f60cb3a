/**
 * Where the engine keeps what must outlive the process: registered state machines and one
 * append-only journal per execution. Two implementations: `MemoryEngineStore` (tests, benchmarks,
 * EXPRESS executions) and `FileEngineStore` (JSON lines + fsync in a data directory; see
 * docs/decisions/0002-engine-storage.md).
 */
import type { JournalRecord } from '../runtime/records';

/** A registered state machine as stored. Dates are epoch ms. */
export interface StoredStateMachine {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** The definition exactly as the caller sent it (DescribeStateMachine returns it verbatim). */
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: number;
  readonly updateDate?: number;
  readonly revisionId: string;
  readonly description?: string;
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  readonly tags?: { key: string; value: string }[];
}

/** Identifies one execution's journal. */
export interface JournalKey {
  readonly stateMachineName: string;
  readonly executionName: string;
}

/** The append-only journal of one execution. */
export interface ExecutionJournal {
  /**
   * Appends records in order; resolves once they are durable (for the file store: written and
   * fsync'd). Appends made while an earlier one is in flight keep their order. Returns undefined
   * when there is nothing to wait for (the memory store), so the runtime can go on without
   * awaiting: a transition costs less than the promise would.
   */
  append(records: readonly JournalRecord[]): Promise<void> | undefined;
  /** Releases resources (file handles) once the execution is closed; later appends reopen. */
  release(): Promise<void>;
}

/** Durable (or not) storage for the engine. */
export interface EngineStore {
  /** True when data survives a restart of the process. */
  readonly durable: boolean;
  loadStateMachines(): Promise<StoredStateMachine[]>;
  saveStateMachine(machine: StoredStateMachine): Promise<void>;
  deleteStateMachine(name: string): Promise<void>;
  /** The journal of an execution (created on first append). */
  journal(key: JournalKey): ExecutionJournal;
  /** Every journal in the store. */
  listJournals(): Promise<JournalKey[]>;
  /** All records of one journal, in order (a torn last line after a crash is dropped). */
  readJournal(key: JournalKey): Promise<JournalRecord[]>;
  /** Flushes and releases everything. */
  close(): Promise<void>;
}

/** The store could not read or write its data. */
export class EngineStoreError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EngineStoreError';
  }
}
