/**
 * The journal records of one execution. Every transition is one record (or a few appended
 * together), written before it takes effect; folding them in order (`execution-state.ts`) rebuilds
 * exactly where each branch of the execution stands, which is how a restarted engine resumes.
 *
 * A record that AWS would show in GetExecutionHistory carries that `event`; the rest is what the
 * runtime needs to resume (timer deadlines, task tokens, the Map items) and is never shown.
 *
 * The records of the hot path are compact instead: a state's exit (with the entry of the next
 * state, when there is one) is one `exit` record, and its `*StateExited`/`*StateEntered` events are
 * derived from it when the history is read (`history.ts`). That is one small object per
 * transition in memory and one short line on disk, where two records, each with an event and the
 * payload once more as JSON text, used to be (a quarter of a Pass transition was the garbage
 * collector moving them).
 */
import type { Definition, Json, JsonObject } from '../language/contract';

/** What AWS would show for this record in GetExecutionHistory (before ids are assigned). */
export interface RecordEvent {
  readonly type: string;
  /** The content of the event's `*EventDetails` object. */
  readonly details?: JsonObject;
}

/** An event after append: numbered like AWS's history (1, 2, ...). */
export interface NumberedEvent extends RecordEvent {
  readonly id: number;
  readonly previousEventId: number;
}

/** Who and what an execution is; fixed at start. */
export interface ExecutionMeta {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly traceHeader?: string;
  /** The ARN of the execution that started this one through `states:startExecution`, if any. */
  readonly parentExecutionArn?: string;
}

/** The operation a record applies, with the data the reducer needs. */
export type RecordOp =
  | { readonly op: 'start'; readonly meta: ExecutionMeta; readonly input: Json; readonly definition: Definition }
  /** The thread enters its current state (`state`), with the input it holds. */
  | { readonly op: 'enter'; readonly state: string }
  /**
   * The state is done: `next` state (absent: the thread's end) with `output`, and the variables it
   * assigned. With `nextType` the thread also enters `next` (the state's input is `output`), as
   * an `enter` record would.
   */
  | {
      readonly op: 'exit';
      readonly state: string;
      readonly output: Json;
      readonly next?: string;
      readonly assign?: Record<string, Json>;
      /** The Type of `state` ('Pass', ...): the record shows a `<Type>StateExited` event (numbered by `eventId`). */
      readonly stateType?: string;
      /** The Type of `next`, when the record enters it too: it then shows `<Type>StateEntered` (id `eventId + 1`) as well. */
      readonly nextType?: string;
    }
  /** A Wait state sleeps until `until` (epoch ms). */
  | { readonly op: 'wait'; readonly until: number }
  /** A Task attempt is scheduled. Deadlines are epoch ms. */
  | {
      readonly op: 'schedule';
      readonly resource: string;
      readonly input: Json;
      readonly token?: string;
      readonly timeoutAt?: number;
      readonly heartbeatSeconds?: number;
    }
  | { readonly op: 'started' }
  /** The task was handed over and now waits for a callback (or a nested execution). */
  | { readonly op: 'submitted' }
  /** A heartbeat arrived: the heartbeat deadline restarts from `at`. */
  | { readonly op: 'heartbeat' }
  /** The state's work produced `result` (a task's result, the Map/Parallel results). */
  | { readonly op: 'result'; readonly result: Json }
  /** The state's work failed; Retry and Catch decide what follows. */
  | { readonly op: 'error'; readonly error: string; readonly cause: string }
  /** Retrier number `retrier` fires at `until` (epoch ms). */
  | { readonly op: 'retry'; readonly retrier: number; readonly until: number }
  /** A Parallel or Map state starts its branches / iterations. */
  | { readonly op: 'children'; readonly count: number; readonly maxConcurrency: number; readonly input: Json; readonly items?: Json[] }
  /** Branch / iteration `index` starts with `input`. */
  | { readonly op: 'child'; readonly index: number; readonly input: Json }
  /** The thread ended successfully with `output`. */
  | { readonly op: 'done'; readonly output: Json }
  /** The thread failed (nothing caught the error). */
  | { readonly op: 'fail'; readonly error: string; readonly cause: string }
  /** The thread was cancelled because a sibling branch failed. */
  | { readonly op: 'abort' }
  /** StopExecution. */
  | { readonly op: 'stop'; readonly error?: string; readonly cause?: string }
  /** The execution's own TimeoutSeconds elapsed. */
  | { readonly op: 'timeout' }
  /** RedriveExecution: the main path re-enters the state it failed in. */
  | { readonly op: 'redrive' };

/** One line of an execution's journal. */
export type JournalRecord = RecordOp & {
  /** Position in the journal, from 1. */
  readonly seq: number;
  /** When it happened on the engine's clock, epoch ms. */
  readonly at: number;
  /** The thread it concerns: '' is the execution's main path; branches are `parent/seq.index`. */
  readonly thread: string;
  readonly event?: NumberedEvent;
  /** Compact records (an `exit` with `stateType`): the id of the first event derived from it. */
  readonly eventId?: number;
  /** Compact records: the `previousEventId` of that first event. */
  readonly previousEventId?: number;
};

/** A record as the runtime asks for it, before the journal numbers it. */
export type NewRecord = RecordOp & { readonly thread: string; readonly event?: RecordEvent };

/** The id of the last history event a record shows (undefined: it shows none). */
export const lastEventIdOf = (record: JournalRecord): number | undefined => {
  if (record.event !== undefined) return record.event.id;
  if (record.eventId === undefined || record.op !== 'exit' || record.stateType === undefined) return undefined;
  return record.nextType === undefined ? record.eventId : record.eventId + 1;
};

/** The id of branch/iteration `index` of the Parallel/Map started by record `groupSeq` of thread `parent`. */
export const childThreadId = (parent: string, groupSeq: number, index: number): string => `${parent}/${groupSeq}.${index}`;
