/**
 * The records of a journal as AWS's GetExecutionHistory shows them. Most records carry their event;
 * a compact `exit` record (see records.ts) shows its `*StateExited` and, when it enters the next
 * state too, `*StateEntered` event, built here from the record when someone asks.
 */
import type { Json, JsonObject } from '../language/contract';
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

/** Event type names per state type, built once: `Pass` -> `PassStateEntered`. */
const typeNames = (suffix: string): ((stateType: string) => string) => {
  const names = new Map<string, string>();
  return (stateType) => {
    let name = names.get(stateType);
    if (name === undefined) {
      name = `${stateType}${suffix}`;
      names.set(stateType, name);
    }
    return name;
  };
};
/** `Pass` -> `PassStateEntered`. */
export const enteredType = typeNames('StateEntered');
/** `Pass` -> `PassStateExited`. */
export const exitedType = typeNames('StateExited');

const EXECUTION_DATA_KEYS = ['input', 'output', 'parameters', 'cause'];
const withoutExecutionData = (details: JsonObject): JsonObject => {
  const copy = { ...details };
  for (const key of EXECUTION_DATA_KEYS) delete copy[key];
  return copy;
};

const shown = (id: number, previousEventId: number, at: number, type: string, details: JsonObject | undefined, includeExecutionData: boolean): HistoryEvent => {
  const event: Record<string, JsonObject | number | string> = { id, previousEventId, timestamp: at / 1000, type };
  if (details !== undefined) event[detailsKeyOf(type)] = includeExecutionData ? details : withoutExecutionData(details);
  return event as unknown as HistoryEvent;
};

/** Calls `emit` with each history event of a record, in order (none for records the history does not show). */
export function forEachHistoryEvent(record: JournalRecord, includeExecutionData: boolean, emit: (event: HistoryEvent) => void): void {
  const event = record.event;
  if (event !== undefined) {
    emit(shown(event.id, event.previousEventId, record.at, event.type, event.details, includeExecutionData));
    return;
  }
  if (record.op !== 'exit' || record.stateType === undefined || record.eventId === undefined) return;
  // The payload's JSON text is made here, once for both events: the runtime never changes a value
  // once it is recorded (the journal replays from the same values).
  const text = includeExecutionData ? JSON.stringify(record.output) : undefined;
  const exited: Record<string, Json> = text === undefined ? { name: record.state } : { name: record.state, output: text };
  exited.outputDetails = { truncated: false };
  if (record.assign !== undefined && Object.keys(record.assign).length > 0) {
    exited.assignedVariables = Object.fromEntries(Object.entries(record.assign).map(([name, value]) => [name, JSON.stringify(value)]));
    exited.assignedVariablesDetails = { truncated: false };
  }
  emit(shown(record.eventId, record.previousEventId ?? 0, record.at, exitedType(record.stateType), exited, true));
  if (record.nextType === undefined || record.next === undefined) return;
  const entered: Record<string, Json> = text === undefined ? { name: record.next } : { name: record.next, input: text };
  entered.inputDetails = { truncated: false };
  emit(shown(record.eventId + 1, record.eventId, record.at, enteredType(record.nextType), entered, true));
}

/** The history of an execution: its records that AWS would show, in order. */
export function historyOf(records: readonly JournalRecord[], includeExecutionData = true): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const emit = (event: HistoryEvent): void => {
    events.push(event);
  };
  for (const record of records) forEachHistoryEvent(record, includeExecutionData, emit);
  return events;
}
