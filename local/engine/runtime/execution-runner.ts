/**
 * Runs one execution. Each thread (the main path, each Parallel branch, each Map iteration) has a
 * driver loop that looks at where its snapshot stands (`execution-state.ts`) and does the next
 * piece of work, appending the record that describes it before the work takes effect. The same
 * loop serves a fresh execution and one resumed from its journal after a restart: there is no
 * separate recovery path to get wrong.
 */
import type {
  Catcher,
  ContextObject,
  Definition,
  Json,
  JsonObject,
  LanguageApi,
  MapState,
  ParallelState,
  PassState,
  QueryLanguage,
  Retrier,
  State,
  StateScope,
  TaskState,
} from '../language/contract';
import { StatesError } from '../language/contract';
import type { JsonPathEvaluator } from '../language';
import type { ExecutionJournal } from '../store/engine-store';
import {
  historyResourceFields,
  parseTaskResource,
  toTaskFailure,
  type IntegrationRegistry,
  type TaskResource,
} from '../integrations/task-integration';
import type { ActivityTracker } from './activity';
import type { Clock } from './clock';
import { enteredType } from './history';
import {
  MAIN_THREAD,
  applyRecord,
  findState,
  replayJournal,
  stateOf,
  type ExecutionState,
  type ThreadSnapshot,
  type ThreadStep,
  applyToSummary,
} from './execution-state';
import type { ExecutionMeta, JournalRecord, NewRecord, NumberedEvent, RecordEvent } from './records';
import { createTaskToken, type TaskTokenRegistry } from './task-tokens';

/** What every execution of one engine shares. */
export interface RuntimeServices {
  readonly language: LanguageApi;
  /**
   * Synchronous JSONPath evaluation, used instead of `language` for JSONPath states when given
   * (createEngine gives it unless a `language` is substituted).
   */
  readonly jsonPath?: JsonPathEvaluator;
  readonly clock: Clock;
  readonly random: () => number;
  readonly integrations: IntegrationRegistry;
  readonly tokens: TaskTokenRegistry;
  readonly activity: ActivityTracker;
  readonly region: string;
  readonly accountId: string;
  /** Called for every record appended (after it is durable). */
  readonly onRecord: (runner: ExecutionRunner, record: JournalRecord) => void;
  /** Called once when the execution closes (SUCCEEDED, FAILED, TIMED_OUT, ABORTED). */
  readonly onClosed: (runner: ExecutionRunner) => void;
  /**
   * `strict`: every record is durable before the engine goes on (the default). `batched`: only
   * records that start or answer something outside the execution wait for the disk (see isBarrier).
   */
  readonly durability: 'strict' | 'batched';
  /** Reports engine faults (a store that cannot write, a bug); never task failures. */
  readonly log: (message: string, error?: unknown) => void;
}

/**
 * Records that must be on disk before the engine goes on, in `batched` durability: everything
 * that starts or answers something outside the execution (a task invocation, a callback, an API
 * call) or arms a timer that must fire at its original time after a restart. Other records
 * (entering a state, a Pass or Choice transition, a branch starting) are written in order with
 * the next barrier: after a crash they are derived again from the last durable record.
 */
const BARRIER_OPS = new Set<JournalRecord['op']>(['schedule', 'started', 'submitted', 'heartbeat', 'result', 'error', 'wait', 'retry', 'stop', 'timeout', 'redrive']);
const isBarrier = (record: JournalRecord): boolean => BARRIER_OPS.has(record.op) || (record.thread === MAIN_THREAD && (record.op === 'done' || record.op === 'fail'));

/** Errors that Retry and Catch never see (AWS: "always cause the execution to fail"). */
const UNCATCHABLE = new Set(['States.Runtime', 'States.DataLimitExceeded']);
/**
 * A driver whose steps finish at once (see stepNow) lets I/O in (HTTP requests, timers, journal
 * flushes, other executions waiting for their turn) after running this long. Counted in time, not
 * steps: yielding to the event loop every 50 steps cost a quarter of a Pass chain's time.
 */
const MAX_SLICE_MS = 1;
/** How many steps a driver takes between two looks at the clock for MAX_SLICE_MS. */
const STEPS_BETWEEN_CLOCK_CHECKS = 32;

type TaskStep = Extract<ThreadStep, { kind: 'task' }>;
type ChildrenStep = Extract<ThreadStep, { kind: 'children' }>;
type TaskOutcome =
  | { readonly kind: 'ok'; readonly result: Json }
  | { readonly kind: 'fail'; readonly error: string; readonly cause: string }
  | { readonly kind: 'timeout'; readonly error: 'States.Timeout' | 'States.HeartbeatTimeout'; readonly cause: string };

/** A driver's wake-up call: set before anyone waits, or resolving whoever waits. */
interface Wakeup {
  pending: boolean;
  resolve: (() => void) | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `{ truncated: false }` of every `*Details` field, shared (and frozen) rather than allocated for
 * each of the two records of every transition.
 */
const NOT_TRUNCATED: JsonObject = Object.freeze({ truncated: false });
const hasKeys = (object: Record<string, unknown>): boolean => {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
};

/** What a state that assigns nothing assigns (shared). */
const NO_ASSIGNMENTS: Record<string, Json> = Object.freeze({});
/** Fields with which a Pass or Succeed state changes its data (JSONPath). */
const DATA_FIELDS = ['InputPath', 'Parameters', 'Result', 'ResultPath', 'OutputPath', 'Assign'] as const;
const passesThrough = new WeakMap<State, boolean>();
/**
 * True for a Pass or Succeed state without any field that changes data: its output is its input
 * and it assigns nothing, so no scope is made and nothing is evaluated. Decided once per state.
 */
const passesInputThrough = (state: State): boolean => {
  let through = passesThrough.get(state);
  if (through === undefined) {
    const fields = state as Partial<Record<(typeof DATA_FIELDS)[number], unknown>>;
    through = (state.Type === 'Pass' || state.Type === 'Succeed') && DATA_FIELDS.every((field) => fields[field] === undefined);
    passesThrough.set(state, through);
  }
  return through;
};

type ContextExtra = Partial<Pick<ContextObject, 'Task' | 'Map'>>;
type ContextBuilder = (stateName: string, enteredAt: number, retryCount: number, extra: ContextExtra | undefined) => ContextObject;

/** A StateScope whose context object is built on first read, from what the thread showed when the scope was made. */
class LazyContextScope implements StateScope {
  private built: ContextObject | undefined;
  public constructor(
    private readonly build: ContextBuilder,
    private readonly stateName: string,
    private readonly enteredAt: number,
    private readonly retryCount: number,
    private readonly extra: ContextExtra | undefined,
    public readonly variables: Readonly<Record<string, Json>>,
    public readonly queryLanguage: QueryLanguage,
    public readonly random: () => number,
  ) {}

  public get context(): ContextObject {
    this.built ??= this.build(this.stateName, this.enteredAt, this.retryCount, this.extra);
    return this.built;
  }
}

const toJsonText = (value: Json): string => JSON.stringify(value);
const iso = (ms: number): string => new Date(ms).toISOString();
/**
 * `iso` remembering its last answer: the context object of every state carries two timestamps,
 * and formatting a Date was a tenth of a Pass transition. Consecutive states of a thread are
 * mostly entered within the same millisecond.
 */
const memoIso = (): ((ms: number) => string) => {
  let lastMs = Number.NaN;
  let lastText = '';
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastText = iso(ms);
    }
    return lastText;
  };
};
const errorOf = (thrown: unknown): { error: string; cause: string } =>
  thrown instanceof StatesError
    ? { error: thrown.error, cause: thrown.errorCause ?? '' }
    : { error: 'States.Runtime', cause: thrown instanceof Error ? thrown.message : String(thrown) };

/** Thrown inside a driver when its thread was cancelled under it; never escapes the driver. */
class ThreadGoneError extends Error {
  public constructor() {
    super('The thread is no longer running');
    this.name = 'ThreadGoneError';
  }
}

/**
 * The reason every cancellation in the runtime gives: `abort()` without one builds a DOMException
 * (with its stack) each time, a tenth of a Task state's CPU when every attempt ended with one.
 * Whoever waits on a signal only asks whether it aborted.
 */
const CANCELLED: Error = new ThreadGoneError();

/**
 * What the API shows of an execution's status: as of its durable records. `state` runs ahead of
 * the disk (records are applied when staged), and an answer built from it could show an outcome a
 * crash then takes back.
 */
export interface ShownExecution {
  status: ExecutionState['status'];
  stopDate: number | undefined;
  output: Json | undefined;
  error: string | undefined;
  cause: string | undefined;
  redriveCount: number;
  redriveDate: number | undefined;
}

export class ExecutionRunner {
  /** Every record of this execution, in order, including records not yet durable. */
  public readonly records: JournalRecord[];
  public readonly state: ExecutionState;
  /** The execution's status as of its durable records (what the API answers with). */
  public readonly shown: ShownExecution;
  /** How many of `records` are durable (announced). */
  private durableCount: number;
  private readonly controllers = new Map<string, AbortController>();
  private readonly wakeups = new Map<string, Wakeup>();
  private readonly driving = new Set<string>();
  private readonly closeWaiters: (() => void)[] = [];
  private executionTimer: AbortController | undefined;
  private closedReported = false;
  private readonly startTimeText = memoIso();
  private readonly enteredTimeText = memoIso();
  /** Set when the engine shuts down: drivers stop without writing anything. */
  private detached = false;

  private constructor(
    private readonly services: RuntimeServices,
    private journal: ExecutionJournal,
    records: JournalRecord[],
  ) {
    this.records = records;
    this.state = replayJournal(records);
    this.durableCount = records.length;
    const { status, stopDate, output, error, cause, redriveCount, redriveDate } = this.state;
    this.shown = { status, stopDate, output, error, cause, redriveCount, redriveDate };
  }

  /** The durable records: the history the API shows (a record not yet on disk may still be lost). */
  public get durableRecords(): readonly JournalRecord[] {
    return this.durableCount === this.records.length ? this.records : this.records.slice(0, this.durableCount);
  }

  /** Once `record` is durable: it counts for the history, and what it changes of the status shows. */
  private showDurable(record: JournalRecord): void {
    if (record.seq > this.durableCount) this.durableCount = record.seq;
    applyToSummary(this.shown, record);
  }

  /** Writes the `start` record (durably) and returns the runner; call `run()` to drive it. */
  public static async start(
    services: RuntimeServices,
    journal: ExecutionJournal,
    meta: ExecutionMeta,
    input: Json,
    definition: Definition,
  ): Promise<ExecutionRunner> {
    const at = services.clock.now();
    const record: JournalRecord = {
      seq: 1,
      at,
      thread: MAIN_THREAD,
      op: 'start',
      meta,
      input,
      definition,
      event: {
        id: 1,
        previousEventId: 0,
        type: 'ExecutionStarted',
        details: {
          input: toJsonText(input),
          inputDetails: { truncated: false },
          roleArn: meta.roleArn,
        },
      },
    };
    const runner = new ExecutionRunner(services, journal, [record]);
    // The first state is entered in the same write as the start (one fsync, not two).
    const main = runner.state.threads.get(MAIN_THREAD);
    const enter = main === undefined ? undefined : runner.tryEnterRecord(main);
    if (enter !== undefined) runner.stage(enter, at);
    const records = enter === undefined ? [record] : [record, enter as JournalRecord];
    await journal.append(records);
    for (const written of records) {
      runner.showDurable(written);
      services.onRecord(runner, written);
    }
    return runner;
  }

  /** Rebuilds a runner from a journal read back after a restart. */
  public static resume(services: RuntimeServices, journal: ExecutionJournal, records: JournalRecord[]): ExecutionRunner {
    return new ExecutionRunner(services, journal, records);
  }

  public get executionArn(): string {
    return this.state.meta.executionArn;
  }

  public get isRunning(): boolean {
    return this.state.status === 'RUNNING';
  }

  /** Starts (or resumes) driving: the execution timeout and every running thread. */
  public run(): void {
    if (!this.isRunning) return;
    for (const thread of this.state.threads.values()) {
      if (thread.step.kind === 'task' && thread.step.token !== undefined && thread.status === 'running') {
        this.services.tokens.register(thread.step.token, { executionArn: this.executionArn, threadId: thread.id });
      }
    }
    this.armExecutionTimeout();
    const main = this.state.threads.get(MAIN_THREAD);
    if (main !== undefined) void this.drive(main);
  }

  /**
   * Stops driving without recording anything (the engine is shutting down): timers and waits end,
   * and the execution stays RUNNING in its journal, to be resumed by the next engine.
   */
  public detach(): void {
    this.detached = true;
    this.executionTimer?.abort(CANCELLED);
    for (const [id, controller] of this.controllers) {
      controller.abort(CANCELLED);
      this.wake(id);
    }
  }

  /** Resolves when the execution is closed, durably (the records that close it are on disk). */
  public whenClosed(): Promise<void> {
    if (this.shown.status !== 'RUNNING') return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  // ---------------------------------------------------------------------------------------------
  // Operations from the API

  /** StopExecution. */
  public async stop(error: string | undefined, cause: string | undefined): Promise<void> {
    if (!this.isRunning) return;
    const details: Record<string, Json> = {};
    if (error !== undefined) details.error = error;
    if (cause !== undefined) details.cause = cause;
    await this.append([{ thread: MAIN_THREAD, op: 'stop', error, cause, event: { type: 'ExecutionAborted', details } }]);
  }

  /** RedriveExecution: re-enter the state the main path failed in, with its input. */
  public async redrive(journal: ExecutionJournal): Promise<void> {
    this.journal = journal;
    this.closedReported = false;
    this.executionTimer = undefined;
    await this.append([
      {
        thread: MAIN_THREAD,
        op: 'redrive',
        event: { type: 'ExecutionRedriven', details: { redriveCount: this.state.redriveCount + 1 } },
      },
    ]);
    this.run();
  }

  /** A callback (SendTaskSuccess/SendTaskFailure) for the task waiting with `token`. False: no such open task. */
  public async completeTask(threadId: string, token: string, outcome: { ok: true; output: Json } | { ok: false; error: string; cause: string }): Promise<boolean> {
    const thread = this.state.threads.get(threadId);
    if (thread === undefined || thread.step.kind !== 'task' || thread.step.token !== token) return false;
    return this.settleTask(thread, thread.step, outcome.ok ? { kind: 'ok', result: outcome.output } : { kind: 'fail', error: outcome.error, cause: outcome.cause });
  }

  /** SendTaskHeartbeat. False: no such open task. */
  public async heartbeat(threadId: string, token: string): Promise<boolean> {
    const thread = this.state.threads.get(threadId);
    if (thread === undefined || thread.step.kind !== 'task' || thread.step.token !== token || !this.isLive(thread)) return false;
    await this.append([{ thread: thread.id, op: 'heartbeat' }]);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Journal

  /** Numbers, applies and persists records; resolves when they are durable. */
  private async append(newRecords: readonly NewRecord[]): Promise<void> {
    await this.appendNow(newRecords);
  }

  /**
   * `append`, finishing at once when the journal has nothing to wait for (the memory store, or a
   * non-barrier record in batched durability): then it returns undefined and the records are
   * applied, written and announced before it returns. Otherwise it returns a promise of that.
   */
  private appendNow(newRecords: readonly NewRecord[]): Promise<void> | undefined {
    // The same array, once every record in it is numbered (see stage).
    let records = newRecords as readonly JournalRecord[];
    const at = this.services.clock.now();
    for (const newRecord of newRecords) this.stage(newRecord, at);
    const follow = this.followingRecords(records, at);
    if (follow !== undefined) records = [...records, ...follow];
    // A closing execution cancels its work (tasks, nested executions, timers) once the records
    // that close it are durable (announce): a crash before that resumes it, and nothing of the
    // closing may be seen outside first.
    const closed = !this.isRunning;
    let written: Promise<void> | undefined;
    if (this.services.durability === 'strict' || closed || records.some(isBarrier)) {
      written = this.journal.append(records);
    } else {
      // Batched durability: written in order with the next barrier's flush; see isBarrier.
      this.journal.append(records)?.catch((error: unknown) => this.services.log(`Execution ${this.executionArn}: a batched journal write failed`, error));
    }
    if (written === undefined) {
      this.announce(records, closed);
      return undefined;
    }
    return written.then(() => this.announce(records, closed));
  }

  /**
   * What the records just staged lead to at once, staged too, to be written with them (one write,
   * and in strict durability one fsync, instead of one per record; nothing of it takes effect
   * before all are durable): a scheduled task is started (its invocation waits for both records), a
   * JSONPath state's result leads to its exit and the next state's entry, a thread whose last state
   * ended is done. Undefined when there is nothing.
   */
  private followingRecords(records: readonly JournalRecord[], at: number): JournalRecord[] | undefined {
    let follow: JournalRecord[] | undefined;
    // What follows may lead further (a result to its exit, the exit to the end): `follow` is walked too.
    for (let index = 0; index < records.length + (follow?.length ?? 0); index += 1) {
      const record = index < records.length ? records[index] : follow?.[index - records.length];
      if (record === undefined) break;
      if (record.op !== 'schedule' && record.op !== 'result' && (record.op !== 'exit' || record.next !== undefined)) continue;
      const thread = this.state.threads.get(record.thread);
      if (thread === undefined || !this.isLive(thread)) continue;
      const next = this.followingRecord(thread);
      if (next === undefined) continue;
      this.stage(next, at);
      (follow ??= []).push(next as JournalRecord);
    }
    return follow;
  }

  /** The record a thread's step leads to at once, if it can be made here (else the thread's driver makes it). */
  private followingRecord(thread: ThreadSnapshot): NewRecord | undefined {
    const step = thread.step;
    if (step.kind === 'end') return this.endRecord(thread, step.output);
    if (step.kind === 'task' && !step.started) {
      const event = this.taskEvent(parseTaskResource(step.resource), 'started', {});
      return event === undefined ? { thread: thread.id, op: 'started' } : { thread: thread.id, op: 'started', event };
    }
    if (step.kind === 'result') {
      // A JSONPath state's output is synchronous; an evaluation error is left to the driver (Retry/Catch).
      const state = stateOf(thread);
      const jsonPath = this.jsonPathFor(thread, state);
      if (jsonPath === undefined) return undefined;
      try {
        const outcome = jsonPath.stateOutput(state, thread.input, step.result, this.scope(thread));
        return this.exitRecord(thread, state, outcome.output, this.nextOf(state), outcome.assign);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** The `enter` record of the thread's state, or undefined when it cannot be made here (the thread's driver then meets the problem). */
  private tryEnterRecord(thread: ThreadSnapshot): NewRecord | undefined {
    try {
      return this.enterRecord(thread);
    } catch {
      return undefined;
    }
  }

  /** Checks, numbers and applies one record (in memory: the journal write follows). */
  private stage(newRecord: NewRecord, at: number): void {
    // A driver that was cancelled while it evaluated must not write for its thread any more.
    if (this.detached || (newRecord.op !== 'redrive' && !this.isRunning)) throw new ThreadGoneError();
    const thread = this.state.threads.get(newRecord.thread);
    if (newRecord.op !== 'stop' && newRecord.op !== 'timeout' && newRecord.op !== 'redrive') {
      if (thread === undefined || thread.status !== 'running') throw new ThreadGoneError();
    }
    // Numbered in place: every caller builds a fresh record for this call, and copying it with
    // a spread (a megamorphic clone: records have many shapes) was the costliest step of a
    // transition. Adding `seq`/`at` and the event's ids keeps the key order a copy would have.
    const record = newRecord as Mutable<NewRecord> & { seq: number; at: number };
    record.seq = this.state.seq + 1;
    record.at = at;
    const event = newRecord.event as Mutable<NumberedEvent> | undefined;
    if (event !== undefined) {
      event.id = this.state.eventId + 1;
      event.previousEventId = thread === undefined || newRecord.op === 'result' || newRecord.op === 'error' ? this.state.eventId : thread.lastEventId;
    } else if (newRecord.op === 'exit' && newRecord.stateType !== undefined && thread !== undefined) {
      // A compact record: its events are derived when the history is read (history.ts).
      const compact = record as Mutable<JournalRecord>;
      compact.eventId = this.state.eventId + 1;
      compact.previousEventId = thread.lastEventId;
    }
    applyRecord(this.state, record as JournalRecord);
    this.records.push(record as JournalRecord);
  }

  /** After the records are written: listeners, waiting parents, closing. */
  private announce(records: readonly JournalRecord[], closed: boolean): void {
    if (closed) this.cancelEverything();
    for (const record of records) this.notify(record);
    if (closed) this.reportClosed();
  }

  private notify(record: JournalRecord): void {
    this.showDurable(record);
    try {
      this.services.onRecord(this, record);
    } catch (error) {
      this.services.log('An execution event listener threw', error);
    }
    // A finished branch/iteration wakes the Parallel/Map waiting for it.
    if ((record.op === 'done' || record.op === 'fail') && record.thread !== MAIN_THREAD) {
      const parentId = record.thread.slice(0, record.thread.lastIndexOf('/'));
      this.wake(parentId);
    }
  }

  private reportClosed(): void {
    if (this.closedReported || this.isRunning) return;
    this.closedReported = true;
    this.executionTimer?.abort(CANCELLED);
    for (const waiter of this.closeWaiters.splice(0)) waiter();
    void this.journal.release().catch((error: unknown) => this.services.log('Cannot release a journal', error));
    this.services.onClosed(this);
  }

  // ---------------------------------------------------------------------------------------------
  // Drivers

  private isLive(thread: ThreadSnapshot): boolean {
    return !this.detached && thread.status === 'running' && this.isRunning && this.state.threads.get(thread.id) === thread;
  }

  private controllerOf(threadId: string): AbortController {
    let controller = this.controllers.get(threadId);
    if (controller === undefined || controller.signal.aborted) {
      controller = new AbortController();
      this.controllers.set(threadId, controller);
    }
    return controller;
  }

  private wake(threadId: string): void {
    const wakeup = this.wakeups.get(threadId);
    if (wakeup === undefined) {
      this.wakeups.set(threadId, { pending: true, resolve: undefined });
      return;
    }
    if (wakeup.resolve !== undefined) {
      const resolve = wakeup.resolve;
      wakeup.resolve = undefined;
      resolve();
    } else {
      wakeup.pending = true;
    }
  }

  /** Waits (counted as idle) until `wake(threadId)`; returns at once if a wake-up is pending. */
  private async sleepUntilWoken(threadId: string): Promise<void> {
    let wakeup = this.wakeups.get(threadId);
    if (wakeup === undefined) {
      wakeup = { pending: false, resolve: undefined };
      this.wakeups.set(threadId, wakeup);
    }
    if (wakeup.pending) {
      wakeup.pending = false;
      return;
    }
    const current = wakeup;
    await this.services.activity.idle(new Promise<void>((resolve) => (current.resolve = resolve)));
  }

  /** Cancels a thread and everything nested in it: timers stop, waits end, drivers exit. */
  private cancelThread(threadId: string): void {
    for (const [id, controller] of this.controllers) {
      if (id === threadId || id.startsWith(`${threadId}/`)) {
        controller.abort(CANCELLED);
        this.wake(id);
      }
    }
  }

  private cancelEverything(): void {
    this.executionTimer?.abort(CANCELLED);
    for (const [id, controller] of this.controllers) {
      controller.abort(CANCELLED);
      this.wake(id);
    }
    for (const record of this.records) {
      if (record.op === 'schedule' && record.token !== undefined) this.services.tokens.release(record.token);
    }
  }

  private async drive(thread: ThreadSnapshot): Promise<void> {
    if (this.driving.has(thread.id)) return;
    this.driving.add(thread.id);
    this.services.activity.begin();
    try {
      let steps = 0;
      let sliceStartedAt = performance.now();
      while (this.isLive(thread)) {
        steps += 1;
        if (steps % STEPS_BETWEEN_CLOCK_CHECKS === 0 && performance.now() - sliceStartedAt >= MAX_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStartedAt = performance.now();
        }
        try {
          const pending = this.stepNow(thread);
          if (pending !== undefined) await pending;
        } catch (error) {
          if (!this.isLive(thread) || error instanceof ThreadGoneError) break;
          throw error;
        }
      }
    } catch (error) {
      this.services.log(`Execution ${this.executionArn}: thread '${thread.id}' stopped on an engine fault`, error);
      await this.failOnFault(thread, error);
    } finally {
      this.driving.delete(thread.id);
      if (!this.isLive(thread)) {
        this.controllers.delete(thread.id);
        this.wakeups.delete(thread.id);
      }
      this.services.activity.end();
    }
  }

  /** An engine fault (not a task failure) ends the execution as FAILED with the fault as cause. */
  private async failOnFault(thread: ThreadSnapshot, fault: unknown): Promise<void> {
    if (!this.isRunning) return;
    const cause = `Engine fault in state '${thread.stateName}': ${fault instanceof Error ? fault.message : String(fault)}`;
    try {
      await this.append([{ thread: MAIN_THREAD, op: 'fail', error: 'States.Runtime', cause, event: { type: 'ExecutionFailed', details: { error: 'States.Runtime', cause } } }]);
    } catch (error) {
      this.services.log(`Execution ${this.executionArn} could not record its failure`, error);
    }
  }

  /**
   * One step, without awaiting when nothing needs waiting for: entering a state, a JSONPath
   * Pass/Choice/Succeed, a state's output from its result and a thread's end are evaluated
   * synchronously and, when the journal has nothing to wait for (memory store, or batched
   * durability between barriers), finish before this returns. Returns a promise otherwise.
   */
  private stepNow(thread: ThreadSnapshot): Promise<void> | undefined {
    const step = thread.step;
    switch (step.kind) {
      case 'enter':
        return this.appendNow([this.enterRecord(thread)]);
      case 'run':
        return this.runStateNow(thread);
      case 'result':
        return this.completeStateNow(thread, step.result);
      case 'end':
        return this.appendNow([this.endRecord(thread, step.output)]);
      default:
        return this.step(thread);
    }
  }

  /**
   * The `enter` record of the thread's current state, for a state not entered by the exit that
   * led there (a thread's first state, a redrive, a journal written before exits entered).
   */
  private enterRecord(thread: ThreadSnapshot): NewRecord {
    // Built with its numbering fields (`stage` fills them in) so that it has its final shape from
    // the start: properties added later cost each record a second allocation.
    const record: JournalRecord = {
      thread: thread.id,
      op: 'enter',
      state: thread.stateName,
      event: {
        type: enteredType(stateOf(thread).Type),
        details: { name: thread.stateName, input: toJsonText(thread.input), inputDetails: NOT_TRUNCATED },
        id: 0,
        previousEventId: 0,
      },
      seq: 0,
      at: 0,
    };
    return record;
  }

  private async step(thread: ThreadSnapshot): Promise<void> {
    const step = thread.step;
    switch (step.kind) {
      case 'enter':
        await this.append([this.enterRecord(thread)]);
        return;
      case 'run':
        return this.runState(thread);
      case 'wait':
        await this.sleepUntil(thread, step.until);
        return this.finishWait(thread);
      case 'retry':
        await this.sleepUntil(thread, step.until);
        return this.runState(thread);
      case 'task':
        return this.awaitTask(thread, step);
      case 'children':
        return this.superviseChildren(thread, step);
      case 'result':
        return this.completeState(thread, step.result);
      case 'error':
        return this.handleError(thread, step.error, step.cause);
      case 'end':
        return this.endThread(thread, step.output);
    }
  }

  private async sleepUntil(thread: ThreadSnapshot, until: number): Promise<void> {
    const signal = this.controllerOf(thread.id).signal;
    try {
      await this.services.activity.idle(this.services.clock.sleepUntil(until, signal));
    } catch {
      throw new ThreadGoneError();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scope

  private context(thread: ThreadSnapshot, extra?: ContextExtra): ContextObject {
    return this.contextOf(thread.stateName, thread.enteredAt, thread.retryCount, extra);
  }

  private readonly buildContext: ContextBuilder = (stateName, enteredAt, retryCount, extra) => this.contextOf(stateName, enteredAt, retryCount, extra);

  private contextOf(stateName: string, enteredAt: number, retryCount: number, extra: ContextExtra | undefined): ContextObject {
    const meta = this.state.meta;
    const execution: ContextObject['Execution'] = {
      Id: meta.executionArn,
      Input: this.state.input,
      Name: meta.name,
      RoleArn: meta.roleArn,
      StartTime: this.startTimeText(this.state.startDate),
      RedriveCount: this.state.redriveCount,
    };
    if (this.state.redriveDate !== undefined) execution.RedriveTime = iso(this.state.redriveDate);
    const context: ContextObject = {
      Execution: execution,
      State: { EnteredTime: this.enteredTimeText(enteredAt), Name: stateName, RetryCount: retryCount },
      StateMachine: { Id: meta.stateMachineArn, Name: meta.stateMachineName },
    };
    if (extra?.Task !== undefined) context.Task = extra.Task;
    if (extra?.Map !== undefined) context.Map = extra.Map;
    return context;
  }

  private scope(thread: ThreadSnapshot, extra?: ContextExtra): StateScope {
    // The context is built when an expression first reads `$$`: most states never do. What it
    // shows is fixed now, as if it had been built now.
    return new LazyContextScope(this.buildContext, thread.stateName, thread.enteredAt, thread.retryCount, extra, thread.variables, this.queryLanguageOf(thread, stateOf(thread)), this.services.random);
  }

  private queryLanguageOf(thread: ThreadSnapshot, state: State): QueryLanguage {
    return state.QueryLanguage ?? thread.definition.QueryLanguage ?? this.state.definition.QueryLanguage ?? 'JSONPath';
  }

  /** The synchronous JSONPath evaluator when it may be used for this state (else the async LanguageApi). */
  private jsonPathFor(thread: ThreadSnapshot, state: State): JsonPathEvaluator | undefined {
    const jsonPath = this.services.jsonPath;
    return jsonPath !== undefined && this.queryLanguageOf(thread, state) === 'JSONPath' ? jsonPath : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // States

  /**
   * The compact record of a state's exit: it enters `next` too (one record, one write and in strict
   * durability one fsync per transition; nothing of the next state happens before it is durable).
   * Its history events are derived from it when read (history.ts): no JSON text is made here.
   */
  private exitRecord(thread: ThreadSnapshot, state: State, output: Json, next: string | undefined, assign: Record<string, Json>): NewRecord {
    // A `next` the definition lacks (the validator rejects that) is left to the `enter` step to report.
    const nextType = next === undefined ? undefined : findState(thread.definition, next)?.Type;
    // Built in its final shape (`stage` fills the numbers in): properties added later cost a record a second allocation.
    const record: JournalRecord = {
      thread: thread.id,
      op: 'exit',
      state: thread.stateName,
      output,
      next,
      assign: hasKeys(assign) ? assign : undefined,
      stateType: state.Type,
      nextType,
      seq: 0,
      at: 0,
      eventId: 0,
      previousEventId: 0,
    };
    return record;
  }

  private nextOf(state: State): string | undefined {
    return state.End === true ? undefined : state.Next;
  }

  private async runState(thread: ThreadSnapshot): Promise<void> {
    const state = stateOf(thread);
    try {
      switch (state.Type) {
        case 'Pass':
          return await this.runPass(thread, state);
        case 'Succeed': {
          const scope = this.scope(thread);
          const effective = await this.services.language.evaluateStateInput(state, thread.input, scope);
          const outcome = await this.services.language.evaluateStateOutput(state, thread.input, effective, scope);
          await this.append([this.exitRecord(thread, state, outcome.output, undefined, outcome.assign)]);
          return;
        }
        case 'Fail': {
          const { error, cause } = await this.services.language.evaluateFailState(state, thread.input, this.scope(thread));
          await this.failThread(thread, error, cause);
          return;
        }
        case 'Choice': {
          const choice = await this.services.language.evaluateChoice(state, thread.input, this.scope(thread));
          await this.append([this.exitRecord(thread, state, choice.output, choice.next, choice.assign)]);
          return;
        }
        case 'Wait': {
          const until = await this.services.language.evaluateWaitUntil(state, thread.input, this.scope(thread), new Date(this.services.clock.now()));
          await this.append([{ thread: thread.id, op: 'wait', until: until.getTime() }]);
          return;
        }
        case 'Task':
          return await this.scheduleTask(thread, state);
        case 'Parallel':
        case 'Map':
          return await this.startChildren(thread, state);
      }
    } catch (thrown) {
      if (thrown instanceof ThreadGoneError || !this.isLive(thread)) throw thrown;
      const { error, cause } = errorOf(thrown);
      await this.stateFailed(thread, state, error, cause);
    }
  }

  /** `runState` for JSONPath Pass, Choice and Succeed states, without awaiting (see stepNow). */
  private runStateNow(thread: ThreadSnapshot): Promise<void> | undefined {
    const state = stateOf(thread);
    const jsonPath = state.Type === 'Pass' || state.Type === 'Choice' || state.Type === 'Succeed' ? this.jsonPathFor(thread, state) : undefined;
    if (jsonPath === undefined) return this.runState(thread);
    try {
      if (passesInputThrough(state)) {
        const record = this.exitRecord(thread, state, thread.input, state.Type === 'Pass' ? this.nextOf(state) : undefined, NO_ASSIGNMENTS);
        return this.appendNow([record])?.catch((thrown: unknown) => this.evaluationFailed(thread, state, thrown));
      }
      const scope = this.scope(thread);
      let record: NewRecord;
      if (state.Type === 'Choice') {
        const choice = jsonPath.choice(state, thread.input, scope);
        record = this.exitRecord(thread, state, choice.output, choice.next, choice.assign);
      } else {
        const effective = jsonPath.stateInput(state, thread.input, scope);
        const result = state.Type === 'Pass' && state.Result !== undefined ? state.Result : effective;
        const outcome = jsonPath.stateOutput(state, thread.input, result, scope);
        record = this.exitRecord(thread, state, outcome.output, state.Type === 'Pass' ? this.nextOf(state) : undefined, outcome.assign);
      }
      return this.appendNow([record])?.catch((thrown: unknown) => this.evaluationFailed(thread, state, thrown));
    } catch (thrown) {
      return this.evaluationFailed(thread, state, thrown);
    }
  }

  /** `completeState` for a JSONPath state, without awaiting (see stepNow). */
  private completeStateNow(thread: ThreadSnapshot, result: Json): Promise<void> | undefined {
    const state = stateOf(thread);
    const jsonPath = this.jsonPathFor(thread, state);
    if (jsonPath === undefined) return this.completeState(thread, result);
    try {
      const outcome = jsonPath.stateOutput(state, thread.input, result, this.scope(thread));
      return this.appendNow([this.exitRecord(thread, state, outcome.output, this.nextOf(state), outcome.assign)])?.catch((thrown: unknown) =>
        this.evaluationFailed(thread, state, thrown),
      );
    } catch (thrown) {
      return this.evaluationFailed(thread, state, thrown);
    }
  }

  /** What runState and completeState do when evaluating (or recording) the state threw. */
  private async evaluationFailed(thread: ThreadSnapshot, state: State, thrown: unknown): Promise<void> {
    if (thrown instanceof ThreadGoneError || !this.isLive(thread)) throw thrown;
    const { error, cause } = errorOf(thrown);
    await this.stateFailed(thread, state, error, cause);
  }

  /** A state's own evaluation failed: Task/Parallel/Map go through Retry/Catch, others fail the thread. */
  private async stateFailed(thread: ThreadSnapshot, state: State, error: string, cause: string): Promise<void> {
    if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') {
      await this.append([{ thread: thread.id, op: 'error', error, cause }]);
    } else {
      await this.failThread(thread, error, cause);
    }
  }

  private async runPass(thread: ThreadSnapshot, state: PassState): Promise<void> {
    const scope = this.scope(thread);
    const effective = await this.services.language.evaluateStateInput(state, thread.input, scope);
    const result = state.Result !== undefined ? state.Result : effective;
    const outcome = await this.services.language.evaluateStateOutput(state, thread.input, result, scope);
    await this.append([this.exitRecord(thread, state, outcome.output, this.nextOf(state), outcome.assign)]);
  }

  private async finishWait(thread: ThreadSnapshot): Promise<void> {
    const state = stateOf(thread);
    try {
      const scope = this.scope(thread);
      const effective = await this.services.language.evaluateStateInput(state, thread.input, scope);
      const outcome = await this.services.language.evaluateStateOutput(state, thread.input, effective, scope);
      await this.append([this.exitRecord(thread, state, outcome.output, this.nextOf(state), outcome.assign)]);
    } catch (thrown) {
      if (thrown instanceof ThreadGoneError || !this.isLive(thread)) throw thrown;
      const { error, cause } = errorOf(thrown);
      await this.failThread(thread, error, cause);
    }
  }

  /** The output of a Task/Parallel/Map from its result, then the transition. */
  private async completeState(thread: ThreadSnapshot, result: Json): Promise<void> {
    const state = stateOf(thread);
    try {
      const outcome = await this.services.language.evaluateStateOutput(state, thread.input, result, this.scope(thread));
      await this.append([this.exitRecord(thread, state, outcome.output, this.nextOf(state), outcome.assign)]);
    } catch (thrown) {
      if (thrown instanceof ThreadGoneError || !this.isLive(thread)) throw thrown;
      const { error, cause } = errorOf(thrown);
      await this.stateFailed(thread, state, error, cause);
    }
  }

  /** Retry, else Catch, else the thread fails. */
  private async handleError(thread: ThreadSnapshot, error: string, cause: string): Promise<void> {
    const state = stateOf(thread);
    const { language } = this.services;
    const rules = state as { Retry?: Retrier[]; Catch?: Catcher[] };
    if (!UNCATCHABLE.has(error)) {
      const retriers = rules.Retry ?? [];
      const retrierIndex = language.findMatchingRule(retriers, error);
      const retrier = retriers[retrierIndex];
      if (retrier !== undefined) {
        const delay = language.retryDelayMs(retrier, thread.retryCounts[retrierIndex] ?? 0, this.services.random);
        if (delay !== undefined) {
          await this.append([{ thread: thread.id, op: 'retry', retrier: retrierIndex, until: this.services.clock.now() + delay }]);
          return;
        }
      }
      const catchers = rules.Catch ?? [];
      const catcher = catchers[language.findMatchingRule(catchers, error)];
      if (catcher !== undefined) {
        try {
          const outcome = await language.evaluateCatcherOutput(catcher, thread.input, { Error: error, Cause: cause }, this.scope(thread));
          await this.append([this.exitRecord(thread, state, outcome.output, catcher.Next, outcome.assign)]);
        } catch (thrown) {
          if (thrown instanceof ThreadGoneError || !this.isLive(thread)) throw thrown;
          const failure = errorOf(thrown);
          await this.failThread(thread, failure.error, failure.cause);
        }
        return;
      }
    }
    await this.failThread(thread, error, cause);
  }

  private mapIterationName(thread: ThreadSnapshot): { name: string; index: number; parent: ThreadSnapshot } | undefined {
    if (thread.parent === undefined) return undefined;
    const parent = this.state.threads.get(thread.parent.id);
    if (parent === undefined || stateOf(parent).Type !== 'Map') return undefined;
    return { name: parent.stateName, index: thread.parent.index, parent };
  }

  private async failThread(thread: ThreadSnapshot, error: string, cause: string): Promise<void> {
    let event: RecordEvent | undefined;
    if (thread.id === MAIN_THREAD) event = { type: 'ExecutionFailed', details: { error, cause } };
    else {
      const iteration = this.mapIterationName(thread);
      if (iteration !== undefined) event = { type: 'MapIterationFailed', details: { name: iteration.name, index: iteration.index } };
    }
    await this.append([{ thread: thread.id, op: 'fail', error, cause, ...(event === undefined ? {} : { event }) }]);
  }

  private async endThread(thread: ThreadSnapshot, output: Json): Promise<void> {
    await this.append([this.endRecord(thread, output)]);
  }

  private endRecord(thread: ThreadSnapshot, output: Json): NewRecord {
    let event: RecordEvent | undefined;
    if (thread.id === MAIN_THREAD) event = { type: 'ExecutionSucceeded', details: { output: toJsonText(output), outputDetails: NOT_TRUNCATED } };
    else {
      const iteration = this.mapIterationName(thread);
      if (iteration !== undefined) event = { type: 'MapIterationSucceeded', details: { name: iteration.name, index: iteration.index } };
    }
    return event === undefined ? { thread: thread.id, op: 'done', output } : { thread: thread.id, op: 'done', output, event };
  }

  // ---------------------------------------------------------------------------------------------
  // Task

  private async scheduleTask(thread: ThreadSnapshot, state: TaskState): Promise<void> {
    const resource = parseTaskResource(state.Resource);
    const token = resource.pattern === 'waitForTaskToken' ? createTaskToken(this.executionArn) : undefined;
    const scope = this.scope(thread, token === undefined ? {} : { Task: { Token: token } });
    const input = await this.services.language.evaluateStateInput(state, thread.input, scope);
    const { timeoutSeconds, heartbeatSeconds } = await this.services.language.evaluateTaskTimeouts(state, thread.input, scope);
    const now = this.services.clock.now();
    let event: RecordEvent;
    if (resource.kind === 'lambda-function') {
      const details: Record<string, Json> = { resource: resource.arn, input: toJsonText(input), inputDetails: { truncated: false } };
      if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
      event = { type: 'LambdaFunctionScheduled', details };
    } else {
      const details: Record<string, Json> = {
        ...historyResourceFields(resource),
        region: resource.region ?? this.services.region,
        parameters: toJsonText(input),
      };
      if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
      if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
      event = { type: 'TaskScheduled', details };
    }
    if (token !== undefined) this.services.tokens.register(token, { executionArn: this.executionArn, threadId: thread.id });
    await this.append([
      {
        thread: thread.id,
        op: 'schedule',
        resource: state.Resource,
        input,
        ...(token === undefined ? {} : { token }),
        ...(timeoutSeconds === undefined ? {} : { timeoutAt: now + timeoutSeconds * 1000 }),
        ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
        event,
      },
    ]);
  }

  private taskEvent(resource: TaskResource, kind: 'started' | 'submitted' | TaskOutcome['kind'], details: Record<string, Json>): RecordEvent | undefined {
    if (resource.kind === 'lambda-function') {
      const type = { started: 'LambdaFunctionStarted', submitted: undefined, ok: 'LambdaFunctionSucceeded', fail: 'LambdaFunctionFailed', timeout: 'LambdaFunctionTimedOut' }[kind];
      if (type === undefined) return undefined;
      return kind === 'started' ? { type } : { type, details };
    }
    const type = { started: 'TaskStarted', submitted: 'TaskSubmitted', ok: 'TaskSucceeded', fail: 'TaskFailed', timeout: 'TaskTimedOut' }[kind];
    return { type, details: { ...historyResourceFields(resource), ...details } };
  }

  private async awaitTask(thread: ThreadSnapshot, step: TaskStep): Promise<void> {
    const resource = parseTaskResource(step.resource);
    const threadSignal = this.controllerOf(thread.id).signal;
    // The attempt's signal follows the thread's (AbortSignal.any costs several times more).
    const attempt = new AbortController();
    const cancelAttempt = (): void => attempt.abort(CANCELLED);
    if (threadSignal.aborted) cancelAttempt();
    else threadSignal.addEventListener('abort', cancelAttempt, { once: true });
    const signal = attempt.signal;
    try {
      if (!step.started) {
        const event = this.taskEvent(resource, 'started', {});
        await this.append([{ thread: thread.id, op: 'started', ...(event === undefined ? {} : { event }) }]);
        if (thread.step !== step || !this.isLive(thread)) return;
      }
      // A callback task already handed over waits only for its callback; anything else (re)runs:
      // after a restart that means at-least-once, like AWS's own retries of an invocation.
      const handedOver = step.submitted && resource.pattern === 'waitForTaskToken';
      if (!handedOver) void this.invoke(thread, step, resource, signal);
      if (step.timeoutAt !== undefined) void this.timeoutAfter(thread, step, step.timeoutAt, signal);
      if (step.heartbeatAt !== undefined) void this.watchHeartbeat(thread, step, signal);
      while (thread.step === step && this.isLive(thread)) await this.sleepUntilWoken(thread.id);
    } finally {
      threadSignal.removeEventListener('abort', cancelAttempt);
      attempt.abort(CANCELLED);
    }
  }

  private async invoke(thread: ThreadSnapshot, step: TaskStep, resource: TaskResource, signal: AbortSignal): Promise<void> {
    const integration = this.services.integrations.find(resource);
    let outcome: TaskOutcome;
    try {
      if (integration === undefined) {
        outcome = {
          kind: 'fail',
          error: 'States.TaskFailed',
          cause: `The local engine has no integration for Task resource '${resource.arn}' (state '${thread.stateName}'). Supported: Lambda function ARNs, arn:aws:states:::lambda:invoke, states:startExecution, events:putEvents, dynamodb:getItem/putItem/updateItem/deleteItem, aws-sdk:dynamodb:*.`,
        };
      } else {
        const result = await integration.run({
          resource,
          input: step.input,
          stateName: thread.stateName,
          executionArn: this.executionArn,
          taskToken: step.token,
          context: this.context(thread, step.token === undefined ? {} : { Task: { Token: step.token } }),
          signal,
          region: resource.region ?? this.services.region,
          accountId: this.services.accountId,
          submitted: (output) => void this.markSubmitted(thread, step, resource, output),
        });
        if (resource.pattern === 'waitForTaskToken') {
          await this.markSubmitted(thread, step, resource, result);
          return;
        }
        outcome = { kind: 'ok', result: result === undefined ? null : result };
      }
    } catch (thrown) {
      if (signal.aborted) return;
      const failure = toTaskFailure(thrown);
      outcome = { kind: 'fail', error: failure.error, cause: failure.cause };
    }
    await this.settleTask(thread, step, outcome);
  }

  private async markSubmitted(thread: ThreadSnapshot, step: TaskStep, resource: TaskResource, output: Json): Promise<void> {
    if (thread.step !== step || step.submitted || !this.isLive(thread)) return;
    await this.services.activity.busy(async () => {
      const event = this.taskEvent(resource, 'submitted', { output: toJsonText(output ?? null), outputDetails: { truncated: false } });
      await this.append([{ thread: thread.id, op: 'submitted', ...(event === undefined ? {} : { event }) }]);
    });
  }

  private async timeoutAfter(thread: ThreadSnapshot, step: TaskStep, at: number, signal: AbortSignal): Promise<void> {
    try {
      await this.services.clock.sleepUntil(at, signal);
    } catch {
      return;
    }
    await this.settleTask(thread, step, { kind: 'timeout', error: 'States.Timeout', cause: `The task in state '${thread.stateName}' did not finish within its TimeoutSeconds` });
  }

  private async watchHeartbeat(thread: ThreadSnapshot, step: TaskStep, signal: AbortSignal): Promise<void> {
    // A heartbeat moves the deadline; the timer then wakes early and sleeps again.
    while (step.heartbeatAt !== undefined && thread.step === step) {
      const deadline = step.heartbeatAt;
      try {
        await this.services.clock.sleepUntil(deadline, signal);
      } catch {
        return;
      }
      if (step.heartbeatAt === deadline) {
        await this.settleTask(thread, step, {
          kind: 'timeout',
          error: 'States.HeartbeatTimeout',
          cause: `No heartbeat for the task in state '${thread.stateName}' within its HeartbeatSeconds`,
        });
        return;
      }
    }
  }

  /** Records how a task attempt ended (first outcome wins) and wakes its driver. */
  private async settleTask(
    thread: ThreadSnapshot,
    step: TaskStep,
    outcome: TaskOutcome | { kind: 'ok'; result: Json } | { kind: 'fail'; error: string; cause: string },
  ): Promise<boolean> {
    if (thread.step !== step || !this.isLive(thread)) return false;
    const resource = parseTaskResource(step.resource);
    let record: NewRecord;
    if (outcome.kind === 'ok') {
      const event = this.taskEvent(resource, 'ok', { output: toJsonText(outcome.result), outputDetails: { truncated: false } });
      record = { thread: thread.id, op: 'result', result: outcome.result, ...(event === undefined ? {} : { event }) };
    } else {
      const event = this.taskEvent(resource, outcome.kind, { error: outcome.error, cause: outcome.cause });
      record = { thread: thread.id, op: 'error', error: outcome.error, cause: outcome.cause, ...(event === undefined ? {} : { event }) };
    }
    if (step.token !== undefined) this.services.tokens.release(step.token);
    await this.services.activity.busy(() => this.append([record]));
    this.wake(thread.id);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Parallel and Map

  private async startChildren(thread: ThreadSnapshot, state: ParallelState | MapState): Promise<void> {
    const scope = this.scope(thread);
    const input = await this.services.language.evaluateStateInput(state, thread.input, scope);
    if (state.Type === 'Parallel') {
      await this.append([
        { thread: thread.id, op: 'children', count: state.Branches.length, maxConcurrency: 0, input, event: { type: 'ParallelStateStarted' } },
      ]);
      return;
    }
    const { items, maxConcurrency } = await this.services.language.evaluateMapItems(state, input, scope);
    await this.append([
      { thread: thread.id, op: 'children', count: items.length, maxConcurrency, input, items, event: { type: 'MapStateStarted', details: { length: items.length } } },
    ]);
  }

  private childThreads(thread: ThreadSnapshot, step: ChildrenStep): ThreadSnapshot[] {
    const prefix = `${thread.id}/${step.group}.`;
    const children: ThreadSnapshot[] = [];
    for (const [id, child] of this.state.threads) if (id.startsWith(prefix) && !id.slice(prefix.length).includes('/')) children.push(child);
    return children;
  }

  private async superviseChildren(thread: ThreadSnapshot, step: ChildrenStep): Promise<void> {
    const state = stateOf(thread) as ParallelState | MapState;
    const isMap = state.Type === 'Map';
    while (thread.step === step && this.isLive(thread)) {
      if (step.failure !== undefined) {
        await this.abortChildren(thread, step, isMap);
        await this.append([
          { thread: thread.id, op: 'error', error: step.failure.error, cause: step.failure.cause, event: { type: isMap ? 'MapStateFailed' : 'ParallelStateFailed' } },
        ]);
        return;
      }
      if (step.finished === step.count) {
        await this.append([
          { thread: thread.id, op: 'result', result: step.results as Json[], event: { type: isMap ? 'MapStateSucceeded' : 'ParallelStateSucceeded' } },
        ]);
        return;
      }
      // Start every branch/iteration there is room for, in one append.
      const starts: NewRecord[] = [];
      try {
        for (let index = step.started; index < step.count && (step.maxConcurrency === 0 || index - step.finished < step.maxConcurrency); index += 1) {
          let input = isMap ? this.mapItemInput(thread, state, step, index) : step.input;
          if (input instanceof Promise) input = await input;
          starts.push({
            thread: thread.id,
            op: 'child',
            index,
            input,
            ...(isMap ? { event: { type: 'MapIterationStarted', details: { name: thread.stateName, index } } } : {}),
          });
        }
      } catch (thrown) {
        if (thrown instanceof ThreadGoneError || !this.isLive(thread)) throw thrown;
        // Not journaled: evaluating the same item again after a restart fails the same way.
        step.failure = errorOf(thrown);
        continue;
      }
      if (starts.length > 0) {
        await this.append(starts);
        continue;
      }
      for (const child of this.childThreads(thread, step)) void this.drive(child);
      await this.sleepUntilWoken(thread.id);
    }
  }

  private mapItemInput(thread: ThreadSnapshot, state: MapState, step: ChildrenStep, index: number): Json | Promise<Json> {
    const value = step.items?.[index] ?? null;
    const scope = this.scope(thread, { Map: { Item: { Index: index, Value: value } } });
    const jsonPath = this.jsonPathFor(thread, state);
    if (jsonPath !== undefined) return jsonPath.mapItemInput(state, step.input, scope);
    return this.services.language.evaluateMapItemInput(state, step.input, scope);
  }

  private async abortChildren(thread: ThreadSnapshot, step: ChildrenStep, isMap: boolean): Promise<void> {
    const records: NewRecord[] = [];
    for (const child of this.childThreads(thread, step)) {
      if (child.status !== 'running') continue;
      const index = child.parent?.index ?? 0;
      const event: RecordEvent = isMap
        ? { type: 'MapIterationAborted', details: { name: thread.stateName, index } }
        : { type: `${stateOf(child).Type}StateAborted`, details: { name: child.stateName } };
      records.push({ thread: child.id, op: 'abort', event });
    }
    if (records.length === 0) return;
    // Their tasks (and nested executions) are cancelled once the aborts are durable: a crash
    // before resumes the branches as they were.
    try {
      await this.append(records);
    } finally {
      for (const record of records) this.cancelThread(record.thread);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Execution timeout

  private armExecutionTimeout(): void {
    const seconds = this.state.definition.TimeoutSeconds;
    if (seconds === undefined || this.executionTimer !== undefined) return;
    const controller = new AbortController();
    this.executionTimer = controller;
    const deadline = (this.state.redriveDate ?? this.state.startDate) + seconds * 1000;
    this.services.clock.sleepUntil(deadline, controller.signal).then(
      () =>
        this.services.activity.busy(async () => {
          if (!this.isRunning) return;
          await this.append([
            {
              thread: MAIN_THREAD,
              op: 'timeout',
              event: { type: 'ExecutionTimedOut', details: { error: 'States.Timeout', cause: `The execution ran longer than its TimeoutSeconds (${seconds})` } },
            },
          ]);
        }),
      () => undefined,
    ).catch((error: unknown) => this.services.log(`Execution ${this.executionArn} could not record its timeout`, error));
  }
}
