/**
 * The records of a journal as AWS's GetExecutionHistory shows them.
 */
import type { JsonObject } from '../language/contract';
import type { JournalRecord } from './records';

/** A history event in the JSON shape of the Step Functions API (timestamp in epoch seconds). */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: string;
  readonly [detailsKey: string]: JsonObject | number | string;
}

/** `TaskScheduled` -> `taskScheduledEventDetails`; every `*StateEntered`/`*StateExited` shares one. */
export function detailsKeyOf(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** The history event of a record, or undefined for records the history does not show. */
export function toHistoryEvent(record: JournalRecord, includeExecutionData = true): HistoryEvent | undefined {
  const event = record.event;
  if (event === undefined) return undefined;
  const shown: Record<string, JsonObject | number | string> = {
    id: event.id,
    previousEventId: event.previousEventId,
    timestamp: record.at / 1000,
    type: event.type,
  };
  if (event.details !== undefined) {
    let details = event.details;
    if (!includeExecutionData) {
      details = { ...details };
      for (const key of ['input', 'output', 'parameters', 'cause']) delete details[key];
    }
    shown[detailsKeyOf(event.type)] = details;
  }
  return shown as unknown as HistoryEvent;
}

/** The history of an execution: its records that AWS would show, in order. */
export function historyOf(records: readonly JournalRecord[], includeExecutionData = true): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const record of records) {
    const event = toHistoryEvent(record, includeExecutionData);
    if (event !== undefined) events.push(event);
  }
  return events;
}
