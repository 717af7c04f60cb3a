/**
 * A test-only driver that walks a whole state machine with nothing but the language layer's
 * functions: no timers (a virtual clock advances on Wait), no storage, tasks bound to scripted
 * results. It exists so the conformance cases can be checked against the language layer alone;
 * the real runtime lives in local/engine/runtime.
 */
import type { ContextObject, Definition, Json, MapState, ParallelState, QueryLanguage, Retrier, State, StateScope, TaskState } from '../../../../../local/engine/language/index';
import {
  evaluateCatcherOutput,
  evaluateChoice,
  evaluateFailState,
  evaluateMapItemInput,
  evaluateMapItems,
  evaluateStateInput,
  evaluateStateOutput,
  evaluateTaskTimeouts,
  evaluateWaitUntil,
  findMatchingRule,
  retryDelayMs,
  StatesError,
} from '../../../../../local/engine/language/index';

export type TaskStep = { return: Json; delayMs?: number } | { throw: { error: string; cause: string } };

export interface WalkOptions {
  readonly input: Json;
  readonly taskResults?: Record<string, Json>;
  readonly taskScript?: Record<string, TaskStep[]>;
  readonly clockStart?: string;
  readonly random?: () => number;
}

export type WalkOutcome =
  | { status: 'SUCCEEDED'; output: Json }
  | { status: 'FAILED'; error: string; cause: string }
  | { status: 'TIMED_OUT'; error: 'States.Timeout' };

/** What the walk observed, for the cases' extra expectations. */
export interface WalkTrace {
  readonly taskInputs: Record<string, Json[]>;
  readonly stateInputs: Record<string, Json>;
  readonly retryDelaysSeconds: number[];
  readonly waitSeconds: number[];
}

class ExecutionTimedOut extends Error {
  public constructor() {
    super('execution timed out');
    this.name = 'ExecutionTimedOut';
  }
}

/** A deterministic generator (mulberry32) so runs are repeatable. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const walkStateMachine = async (definition: Definition, options: WalkOptions): Promise<{ outcome: WalkOutcome; trace: WalkTrace }> => {
  const startMs = Date.parse(options.clockStart ?? '2026-01-01T00:00:00Z');
  let nowMs = startMs;
  const deadlineMs = definition.TimeoutSeconds === undefined ? Infinity : startMs + definition.TimeoutSeconds * 1000;
  const random = options.random ?? seededRandom(42);
  const trace: WalkTrace = { taskInputs: {}, stateInputs: {}, retryDelaysSeconds: [], waitSeconds: [] };
  const taskCalls: Record<string, number> = {};
  const advance = (ms: number): void => {
    nowMs += ms;
    if (nowMs > deadlineMs) throw new ExecutionTimedOut();
  };
  const baseContext = (): ContextObject => ({
    Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:Machine:run', Input: options.input, Name: 'run', RoleArn: 'arn:aws:iam::123456789012:role/r', StartTime: new Date(startMs).toISOString(), RedriveCount: 0 },
    State: { EnteredTime: new Date(nowMs).toISOString(), Name: '', RetryCount: 0 },
    StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:Machine', Name: 'Machine' },
  });

  const callTask = (name: string, input: Json, timeoutSeconds: number | undefined): Json => {
    (trace.taskInputs[name] ??= []).push(input);
    const count = (taskCalls[name] = (taskCalls[name] ?? 0) + 1);
    const script = options.taskScript?.[name];
    if (script && script.length > 0) {
      const step = script[Math.min(count, script.length) - 1] as TaskStep;
      if ('throw' in step) throw new StatesError(step.throw.error, step.throw.cause);
      const delay = step.delayMs ?? 0;
      if (timeoutSeconds !== undefined && delay > timeoutSeconds * 1000) {
        advance(timeoutSeconds * 1000);
        throw new StatesError('States.Timeout', `Task timed out after ${timeoutSeconds} seconds`);
      }
      advance(delay);
      return step.return;
    }
    if (options.taskResults && Object.hasOwn(options.taskResults, name)) return options.taskResults[name] as Json;
    return input;
  };

  const runMachine = async (machine: Definition, input: Json, language: QueryLanguage, outerVariables: Record<string, Json>, mapItem?: ContextObject['Map']): Promise<Json> => {
    const variables: Record<string, Json> = { ...outerVariables };
    let name = machine.StartAt;
    let raw = input;
    for (;;) {
      const state = machine.States[name] as State;
      trace.stateInputs[name] = raw;
      const context = baseContext();
      context.State.Name = name;
      if (mapItem) context.Map = mapItem;
      const scope: StateScope = { context, variables: { ...variables }, queryLanguage: state.QueryLanguage ?? language, random };
      const step = await runState(name, state, raw, scope);
      Object.assign(variables, step.assign);
      if (step.next === undefined) return step.output;
      name = step.next;
      raw = step.output;
    }
  };

  const withErrorHandling = async (
    state: TaskState | ParallelState | MapState,
    raw: Json,
    scope: StateScope,
    attempt: () => Promise<{ output: Json; assign: Record<string, Json> }>,
  ): Promise<{ next: string | undefined; output: Json; assign: Record<string, Json> }> => {
    const retryCounts: number[] = [];
    for (;;) {
      try {
        const { output, assign } = await attempt();
        return { next: state.End ? undefined : state.Next, output, assign };
      } catch (error) {
        if (!(error instanceof StatesError)) throw error;
        const retryIndex = findMatchingRule(state.Retry ?? [], error.error);
        if (retryIndex >= 0) {
          const retrier = (state.Retry as Retrier[])[retryIndex] as Retrier;
          const count = retryCounts[retryIndex] ?? 0;
          const delay = retryDelayMs(retrier, count, random);
          if (delay !== undefined) {
            retryCounts[retryIndex] = count + 1;
            trace.retryDelaysSeconds.push(delay / 1000);
            advance(delay);
            continue;
          }
        }
        const catchIndex = findMatchingRule(state.Catch ?? [], error.error);
        if (catchIndex < 0) throw error;
        const catcher = (state.Catch ?? [])[catchIndex];
        if (!catcher) throw error;
        const caught = await evaluateCatcherOutput(catcher, raw, { Error: error.error, Cause: error.errorCause ?? '' }, scope);
        return { next: catcher.Next, ...caught };
      }
    }
  };

  const runState = async (name: string, state: State, raw: Json, scope: StateScope): Promise<{ next: string | undefined; output: Json; assign: Record<string, Json> }> => {
    const next = (s: State): string | undefined => (s.End ? undefined : s.Next);
    switch (state.Type) {
      case 'Pass': {
        const effective = await evaluateStateInput(state, raw, scope);
        return { next: next(state), ...(await evaluateStateOutput(state, raw, effective, scope)) };
      }
      case 'Succeed':
        return { next: undefined, ...(await evaluateStateOutput(state, raw, raw, scope)) };
      case 'Fail': {
        const { error, cause } = await evaluateFailState(state, raw, scope);
        throw new StatesError(error, cause);
      }
      case 'Choice':
        return evaluateChoice(state, raw, scope);
      case 'Wait': {
        const until = await evaluateWaitUntil(state, raw, scope, new Date(nowMs));
        const waitMs = Math.max(0, until.getTime() - nowMs);
        trace.waitSeconds.push(waitMs / 1000);
        advance(waitMs);
        return { next: next(state), ...(await evaluateStateOutput(state, raw, raw, scope)) };
      }
      case 'Task':
        return withErrorHandling(state, raw, scope, async () => {
          const effective = await evaluateStateInput(state, raw, scope);
          const { timeoutSeconds } = await evaluateTaskTimeouts(state, raw, scope);
          const result = callTask(name, effective, timeoutSeconds);
          return evaluateStateOutput(state, raw, result, scope);
        });
      case 'Parallel':
        return withErrorHandling(state, raw, scope, async () => {
          const effective = await evaluateStateInput(state, raw, scope);
          const results: Json[] = [];
          for (const branch of state.Branches) results.push(await runMachine(branch, effective, scope.queryLanguage, scope.variables));
          return evaluateStateOutput(state, raw, results, scope);
        });
      case 'Map':
        return withErrorHandling(state, raw, scope, async () => {
          const effective = await evaluateStateInput(state, raw, scope);
          const { items } = await evaluateMapItems(state, effective, scope);
          const processor = state.ItemProcessor as Definition;
          const results: Json[] = [];
          for (const [index, value] of items.entries()) {
            const item = { Item: { Index: index, Value: value } };
            const itemInput = await evaluateMapItemInput(state, effective, { ...scope, context: { ...scope.context, Map: item } });
            results.push(await runMachine(processor, itemInput, scope.queryLanguage, scope.variables, item));
          }
          return evaluateStateOutput(state, raw, results, scope);
        });
    }
  };

  try {
    const output = await runMachine(definition, options.input, definition.QueryLanguage ?? 'JSONPath', {});
    return { outcome: { status: 'SUCCEEDED', output }, trace };
  } catch (error) {
    if (error instanceof ExecutionTimedOut) return { outcome: { status: 'TIMED_OUT', error: 'States.Timeout' }, trace };
    if (error instanceof StatesError) return { outcome: { status: 'FAILED', error: error.error, cause: error.errorCause ?? '' }, trace };
    throw error;
  }
};
