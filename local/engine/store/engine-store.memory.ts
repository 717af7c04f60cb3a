/**
 * Keeps everything in memory. Nothing survives the process, but a second engine created on the
 * same instance sees the journals as a restarted engine would: unit tests use that to exercise
 * recovery without processes.
 */
import type { JournalRecord } from '../runtime/records';
import type { EngineStore, ExecutionJournal, JournalKey, StoredStateMachine } from './engine-store';

const keyOf = (key: JournalKey): string => `${key.stateMachineName}\u0000${key.executionName}`;

export class MemoryEngineStore implements EngineStore {
  public readonly durable = false;
  private readonly machines = new Map<string, StoredStateMachine>();
  private readonly journals = new Map<string, { key: JournalKey; records: JournalRecord[] }>();

  public loadStateMachines(): Promise<StoredStateMachine[]> {
    return Promise.resolve([...this.machines.values()].map((machine) => structuredClone(machine)));
  }

  public saveStateMachine(machine: StoredStateMachine): Promise<void> {
    this.machines.set(machine.name, structuredClone(machine));
    return Promise.resolve();
  }

  public deleteStateMachine(name: string): Promise<void> {
    this.machines.delete(name);
    return Promise.resolve();
  }

  public journal(key: JournalKey): ExecutionJournal {
    const id = keyOf(key);
    // Found once, not at every append (a lookup by a long key costs more than the append).
    let entry: { key: JournalKey; records: JournalRecord[] } | undefined;
    return {
      append: (records) => {
        entry ??= this.journals.get(id);
        if (entry === undefined) {
          entry = { key, records: [] };
          this.journals.set(id, entry);
        }
        // Records are immutable once written; keeping the same objects avoids a copy per transition.
        for (const record of records) entry.records.push(record);
        return undefined;
      },
      release: () => Promise.resolve(),
    };
  }

  public listJournals(): Promise<JournalKey[]> {
    return Promise.resolve([...this.journals.values()].map((entry) => entry.key));
  }

  public readJournal(key: JournalKey): Promise<JournalRecord[]> {
    return Promise.resolve([...(this.journals.get(keyOf(key))?.records ?? [])]);
  }

  public close(): Promise<void> {
    return Promise.resolve();
  }
}
