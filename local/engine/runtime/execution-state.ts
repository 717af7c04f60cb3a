/**
 * Folds an execution's journal into where it stands: its status and, for every thread (the main
 * path, each Parallel branch, each Map iteration), the state it is in and the step of that state's
 * work. Pure and synchronous: the runtime applies each record here the moment it appends it, and a
 * restarted engine applies the whole journal to resume.
 */
import type { Definition, Json, State } from '../language/contract';
import { childThreadId, lastEventIdOf, type ExecutionMeta, type JournalRecord } from './records';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Where the work of a thread's current state stands. */
export type ThreadStep =
  /** The thread is about to enter its current state. */
  | { readonly kind: 'enter' }
  /** Entered (or a retry is due): the state's work starts. */
  | { readonly kind: 'run' }
  | { readonly kind: 'wait'; readonly until: number }
  | {
      readonly kind: 'task';
      /** The seq of the `schedule` record: identifies this attempt. */
      readonly attempt: number;
      readonly resource: string;
      readonly input: Json;
      readonly token: string | undefined;
      readonly scheduledAt: number;
      readonly timeoutAt: number | undefined;
      readonly heartbeatSeconds: number | undefined;
      heartbeatAt: number | undefined;
      started: boolean;
      submitted: boolean;
    }
  | {
      readonly kind: 'children';
      /** The seq of the `children` record: names the child threads. */
      readonly group: number;
      readonly count: number;
      readonly maxConcurrency: number;
      readonly input: Json;
      readonly items: Json[] | undefined;
      readonly results: (Json | undefined)[];
      started: number;
      finished: number;
      failure: { error: string; cause: string } | undefined;
    }
  | { readonly kind: 'result'; readonly result: Json }
  | { readonly kind: 'error'; readonly error: string; readonly cause: string }
  | { readonly kind: 'retry'; readonly until: number }
  /** The thread left its last state with `output`; what remains is to report the thread done. */
  | { readonly kind: 'end'; readonly output: Json };

export interface ThreadSnapshot {
  readonly id: string;
  /** The parent thread and this thread's branch/iteration index (absent for the main path). */
  readonly parent: { readonly id: string; readonly group: number; readonly index: number } | undefined;
  /** The (sub-)definition this thread runs: the machine, a Parallel branch or a Map item processor. */
  readonly definition: Definition;
  stateName: string;
  /** The raw input of the current state. */
  input: Json;
  variables: Record<string, Json>;
  /** When the current state was entered, epoch ms. */
  enteredAt: number;
  /** Attempts used per retrier of the current state, and their total ($$.State.RetryCount). */
  retryCounts: number[];
  retryCount: number;
  step: ThreadStep;
  status: 'running' | 'succeeded' | 'failed' | 'aborted';
  output?: Json;
  /** The seq of the last history event of this thread (for previousEventId). */
  lastEventId: number;
  /** `stateOf`'s memo: the definition's state named `cachedStateName`. */
  cachedStateName: string | undefined;
  cachedState: State | undefined;
}

export interface ExecutionState {
  readonly meta: ExecutionMeta;
  readonly input: Json;
  readonly definition: Definition;
  readonly startDate: number;
  status: ExecutionStatus;
  stopDate?: number;
  output?: Json;
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveDate?: number;
  readonly threads: Map<string, ThreadSnapshot>;
  /** The last record's seq and the last history event's id. */
  seq: number;
  eventId: number;
}

/** The journal does not describe a possible execution (a bug, or a damaged file). */
export class JournalReplayError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'JournalReplayError';
  }
}

export const MAIN_THREAD = '';

// Steps without data are shared: every transition sets two of them.
const ENTER_STEP: ThreadStep = Object.freeze({ kind: 'enter' });
const RUN_STEP: ThreadStep = Object.freeze({ kind: 'run' });

/**
 * The states of each (sub-)definition by name, in a Map: a large `States` object is a slow
 * dictionary, looked up at every transition.
 */
const statesByName = new WeakMap<Definition, ReadonlyMap<string, State>>();

/** The state of a (sub-)definition named `name`, if there is one. */
export function findState(definition: Definition, name: string): State | undefined {
  let states = statesByName.get(definition);
  if (states === undefined) {
    states = new Map(Object.entries(definition.States));
    statesByName.set(definition, states);
  }
  return states.get(name);
}

/** The thread's current state (looked up once per state entered). */
export function stateOf(thread: ThreadSnapshot): State {
  if (thread.cachedStateName === thread.stateName && thread.cachedState !== undefined) return thread.cachedState;
  const state = findState(thread.definition, thread.stateName);
  if (state === undefined) throw new JournalReplayError(`Thread '${thread.id}' is in unknown state '${thread.stateName}'`);
  thread.cachedStateName = thread.stateName;
  thread.cachedState = state;
  return state;
}

/** The sub-definition that branch/iteration `index` of a Parallel or Map state runs. */
export function childDefinition(state: State, index: number): Definition {
  if (state.Type === 'Parallel') {
    const branch = (state).Branches[index];
    if (branch === undefined) throw new JournalReplayError(`Parallel has no branch ${index}`);
    return branch;
  }
  if (state.Type === 'Map') {
    const processor = (state).ItemProcessor ?? (state).Iterator;
    if (processor === undefined) throw new JournalReplayError('Map has no ItemProcessor');
    return processor;
  }
  throw new JournalReplayError(`A ${state.Type} state has no branches`);
}

const newThread = (
  id: string,
  parent: ThreadSnapshot['parent'],
  definition: Definition,
  input: Json,
  variables: Record<string, Json>,
  at: number,
  lastEventId: number,
): ThreadSnapshot => ({
  id,
  parent,
  definition,
  stateName: definition.StartAt,
  input,
  variables,
  enteredAt: at,
  retryCounts: [],
  retryCount: 0,
  step: ENTER_STEP,
  status: 'running',
  lastEventId,
  cachedStateName: undefined,
  cachedState: undefined,
});

/** Creates the execution from its first (`start`) record. */
export function startExecutionState(record: JournalRecord): ExecutionState {
  if (record.op !== 'start') throw new JournalReplayError(`A journal must begin with 'start', not '${record.op}'`);
  const state: ExecutionState = {
    meta: record.meta,
    input: record.input,
    definition: record.definition,
    startDate: record.at,
    status: 'RUNNING',
    redriveCount: 0,
    threads: new Map(),
    seq: record.seq,
    eventId: record.event?.id ?? 0,
  };
  state.threads.set(MAIN_THREAD, newThread(MAIN_THREAD, undefined, record.definition, record.input, {}, record.at, state.eventId));
  return state;
}

function threadOf(execution: ExecutionState, record: JournalRecord): ThreadSnapshot {
  const thread = execution.threads.get(record.thread);
  if (thread === undefined) throw new JournalReplayError(`Record ${record.seq} names unknown thread '${record.thread}'`);
  return thread;
}

function childrenStep(parent: ThreadSnapshot | undefined, group: number): Extract<ThreadStep, { kind: 'children' }> | undefined {
  if (parent === undefined) return undefined;
  const step = parent.step;
  return step.kind === 'children' && step.group === group ? step : undefined;
}

/** An execution's status fields, as DescribeExecution and ListExecutions show them. */
export interface ExecutionSummary {
  status: ExecutionStatus;
  stopDate?: number | undefined;
  output?: Json | undefined;
  error?: string | undefined;
  cause?: string | undefined;
  redriveCount: number;
  redriveDate?: number | undefined;
}

/**
 * What `record` changes of an execution's status fields: the main thread's end, a stop, a timeout,
 * a redrive (other records change none). Replay applies it to the whole state; the runner applies it
 * to what it shows once the record is durable.
 */
export function applyToSummary(summary: ExecutionSummary, record: JournalRecord): void {
  switch (record.op) {
    case 'done':
      if (record.thread !== MAIN_THREAD) return;
      summary.status = 'SUCCEEDED';
      summary.output = record.output;
      summary.stopDate = record.at;
      return;
    case 'fail':
      if (record.thread !== MAIN_THREAD) return;
      summary.status = 'FAILED';
      summary.error = record.error;
      summary.cause = record.cause;
      summary.stopDate = record.at;
      return;
    case 'stop':
    case 'timeout':
      summary.status = record.op === 'stop' ? 'ABORTED' : 'TIMED_OUT';
      summary.stopDate = record.at;
      summary.error = record.op === 'stop' ? record.error : 'States.Timeout';
      summary.cause = record.op === 'stop' ? record.cause : undefined;
      return;
    case 'redrive':
      summary.status = 'RUNNING';
      summary.redriveCount += 1;
      summary.redriveDate = record.at;
      summary.stopDate = undefined;
      summary.output = undefined;
      summary.error = undefined;
      summary.cause = undefined;
      return;
    default:
  }
}

/** Applies one record; mutates and returns `execution`. */
export function applyRecord(execution: ExecutionState, record: JournalRecord): ExecutionState {
  execution.seq = record.seq;
  const lastEventId = lastEventIdOf(record);
  if (lastEventId !== undefined) execution.eventId = lastEventId;
  if (record.op === 'start') throw new JournalReplayError('A journal holds one start record');

  // Execution-level records.
  switch (record.op) {
    case 'stop':
    case 'timeout':
      applyToSummary(execution, record);
      for (const thread of execution.threads.values()) if (thread.status === 'running') thread.status = 'aborted';
      return execution;
    case 'redrive': {
      const main = execution.threads.get(MAIN_THREAD);
      if (main === undefined) throw new JournalReplayError('No main thread to redrive');
      // Sub-threads of the failed attempt are gone: the failed state starts over on the main path.
      for (const id of [...execution.threads.keys()]) if (id !== MAIN_THREAD) execution.threads.delete(id);
      main.status = 'running';
      main.step = ENTER_STEP;
      main.lastEventId = execution.eventId;
      applyToSummary(execution, record);
      return execution;
    }
    default:
      break;
  }

  const thread = threadOf(execution, record);
  if (lastEventId !== undefined) thread.lastEventId = lastEventId;
  switch (record.op) {
    case 'enter':
      thread.stateName = record.state;
      thread.enteredAt = record.at;
      if (thread.retryCounts.length > 0) thread.retryCounts = [];
      thread.retryCount = 0;
      thread.step = RUN_STEP;
      break;
    case 'exit':
      if (record.assign !== undefined) Object.assign(thread.variables, record.assign);
      thread.input = record.output;
      if (record.next === undefined) {
        thread.step = { kind: 'end', output: record.output };
      } else if (record.nextType !== undefined) {
        // Entered in the same record (what an `enter` record does).
        thread.stateName = record.next;
        thread.enteredAt = record.at;
        if (thread.retryCounts.length > 0) thread.retryCounts = [];
        thread.retryCount = 0;
        thread.step = RUN_STEP;
      } else {
        thread.stateName = record.next;
        thread.step = ENTER_STEP;
      }
      break;
    case 'wait':
      thread.step = { kind: 'wait', until: record.until };
      break;
    case 'schedule':
      thread.step = {
        kind: 'task',
        attempt: record.seq,
        resource: record.resource,
        input: record.input,
        token: record.token,
        scheduledAt: record.at,
        timeoutAt: record.timeoutAt,
        heartbeatSeconds: record.heartbeatSeconds,
        heartbeatAt: record.heartbeatSeconds === undefined ? undefined : record.at + record.heartbeatSeconds * 1000,
        started: false,
        submitted: false,
      };
      break;
    case 'started':
      if (thread.step.kind === 'task') thread.step.started = true;
      break;
    case 'submitted':
      if (thread.step.kind === 'task') thread.step.submitted = true;
      break;
    case 'heartbeat':
      if (thread.step.kind === 'task' && thread.step.heartbeatSeconds !== undefined) {
        thread.step.heartbeatAt = record.at + thread.step.heartbeatSeconds * 1000;
      }
      break;
    case 'result':
      thread.step = { kind: 'result', result: record.result };
      break;
    case 'error':
      thread.step = { kind: 'error', error: record.error, cause: record.cause };
      break;
    case 'retry':
      thread.retryCounts[record.retrier] = (thread.retryCounts[record.retrier] ?? 0) + 1;
      thread.retryCount += 1;
      thread.step = { kind: 'retry', until: record.until };
      break;
    case 'children':
      // A new attempt of the Parallel/Map: threads of an earlier attempt are dropped.
      for (const id of [...execution.threads.keys()]) if (id.startsWith(`${thread.id}/`)) execution.threads.delete(id);
      thread.step = {
        kind: 'children',
        group: record.seq,
        count: record.count,
        maxConcurrency: record.maxConcurrency,
        input: record.input,
        items: record.items,
        results: new Array<Json | undefined>(record.count).fill(undefined),
        started: 0,
        finished: 0,
        failure: undefined,
      };
      break;
    case 'child': {
      const step = thread.step;
      if (step.kind !== 'children') throw new JournalReplayError(`Record ${record.seq} starts a child outside a Parallel/Map`);
      step.started += 1;
      const id = childThreadId(thread.id, step.group, record.index);
      const definition = childDefinition(stateOf(thread), record.index);
      execution.threads.set(
        id,
        newThread(id, { id: thread.id, group: step.group, index: record.index }, definition, record.input, { ...thread.variables }, record.at, execution.eventId),
      );
      break;
    }
    case 'done': {
      thread.status = 'succeeded';
      thread.output = record.output;
      if (thread.id === MAIN_THREAD) {
        applyToSummary(execution, record);
        break;
      }
      const step = childrenStep(thread.parent && execution.threads.get(thread.parent.id), thread.parent?.group ?? -1);
      if (step !== undefined && thread.parent !== undefined) {
        step.results[thread.parent.index] = record.output;
        step.finished += 1;
      }
      execution.threads.delete(thread.id);
      break;
    }
    case 'fail': {
      thread.status = 'failed';
      if (thread.id === MAIN_THREAD) {
        applyToSummary(execution, record);
        break;
      }
      const step = childrenStep(thread.parent && execution.threads.get(thread.parent.id), thread.parent?.group ?? -1);
      if (step !== undefined) {
        step.finished += 1;
        step.failure ??= { error: record.error, cause: record.cause };
      }
      execution.threads.delete(thread.id);
      break;
    }
    case 'abort':
      // The thread and everything nested in it stop.
      thread.status = 'aborted';
      execution.threads.delete(thread.id);
      for (const [id, nested] of [...execution.threads]) {
        if (!id.startsWith(`${thread.id}/`)) continue;
        nested.status = 'aborted';
        execution.threads.delete(id);
      }
      break;
    default:
      break;
  }
  return execution;
}

/** Rebuilds an execution from its whole journal. */
export function replayJournal(records: readonly JournalRecord[]): ExecutionState {
  const [first, ...rest] = records;
  if (first === undefined) throw new JournalReplayError('The journal is empty');
  const execution = startExecutionState(first);
  for (const record of rest) applyRecord(execution, record);
  return execution;
}
