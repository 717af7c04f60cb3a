/**
 * An append-only JSON-lines file kept in memory too: the storage behind the local outboxes and the
 * event archive. Appends are synchronous (one `appendFileSync` per record), so a record that was
 * acknowledged survives a crash of the process.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class JsonLinesLog<T> {
  private readonly records: T[] = [];
  private readonly listeners = new Set<(record: T) => void>();

  /** @param path the file; omitted, records live in memory only (tests). */
  public constructor(private readonly path?: string) {
    if (path === undefined) return;
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        this.records.push(JSON.parse(line) as T);
      } catch {
        // A torn last line from a crash mid-append: the record was never acknowledged, skip it.
      }
    }
  }

  public append(record: T): void {
    if (this.path !== undefined) appendFileSync(this.path, `${JSON.stringify(record)}\n`);
    this.records.push(record);
    for (const listener of this.listeners) listener(record);
  }

  public list(): readonly T[] {
    return this.records;
  }

  public subscribe(listener: (record: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
