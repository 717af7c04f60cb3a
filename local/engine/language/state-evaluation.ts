/**
 * What one state does to data, for both query languages: effective input, output, Assign,
 * catcher output, Choice, Wait, Task timeouts, Map items and Fail. Pure functions of the state,
 * its input and a `StateScope`; the runtime decides when to call them.
 *
 * JSONPath order (AWS): InputPath -> Parameters -> [task] -> ResultSelector -> ResultPath
 * (merged into the raw input) -> OutputPath. Assign sees `$` as the state's result after
 * ResultSelector (Pass: its result; Choice/Wait: the effective input; catcher: the error
 * output) and is evaluated from the variables as they were when the state was entered.
 *
 * JSONata: Arguments replace Parameters, Output replaces ResultSelector/ResultPath/OutputPath;
 * `$states.input` is the raw input, `$states.result` the task/Map/Parallel result and
 * `$states.errorOutput` the caught error.
 */
import type {
  Catcher,
  ChoiceState,
  FailState,
  Json,
  JsonObject,
  MapState,
  State,
  StateOutcome,
  StateScope,
  TaskState,
  WaitState,
} from './contract';
import { StatesError } from './contract';
import { evaluateChoiceRule } from './choice-rules';
import type { IntrinsicScope } from './intrinsic-functions';
import { describeType, readPath, writeResultPath } from './json-path';
import type { JsonataStates } from './jsonata.evaluator';
import { evaluateJsonataExpression, evaluateJsonataTemplate, isJsonataExpression } from './jsonata.evaluator';
import { evaluateDynamicValue, evaluatePayloadTemplate } from './payload-template';
import { parseTimestamp } from './timestamp';

// A StateScope is an IntrinsicScope already; passing it on (rather than copying its fields)
// leaves the context unread until an expression needs `$$`.
const intrinsicScope = (scope: StateScope): IntrinsicScope => scope;

const isJsonata = (scope: StateScope): boolean => scope.queryLanguage === 'JSONata';

/** Fields a state may or may not have, read without narrowing on its Type. */
type AnyState = State & Partial<Record<'Parameters' | 'Arguments' | 'ResultSelector' | 'Result' | 'ItemSelector', Json>> & { ResultPath?: string | null };

const applyInputPath = (state: State, rawInput: Json, scope: StateScope): Json => {
  if (state.InputPath === null) return {};
  if (state.InputPath === undefined) return rawInput;
  return readPath(state.InputPath, rawInput, scope);
};

const applyOutputPath = (state: State, output: Json, scope: StateScope): Json => {
  if (state.OutputPath === null) return {};
  if (state.OutputPath === undefined) return output;
  return readPath(state.OutputPath, output, scope);
};

const jsonataStates = (scope: StateScope, input: Json, extra: { result?: Json; errorOutput?: Json } = {}): JsonataStates => ({ input, context: scope.context, ...extra });

/** JSONPath Assign: a payload template whose `$` is `subject`; keys lose their `.$`. */
/** What a state without Assign assigns (shared: most states have none). */
const NO_ASSIGNMENTS: Record<string, Json> = Object.freeze({});

const assignJsonPath = (assign: JsonObject | undefined, subject: Json, scope: StateScope): Record<string, Json> => {
  if (assign === undefined) return NO_ASSIGNMENTS;
  return evaluatePayloadTemplate(assign, subject, intrinsicScope(scope)) as Record<string, Json>;
};

const assignJsonata = async (assign: JsonObject | undefined, states: JsonataStates, scope: StateScope): Promise<Record<string, Json>> => {
  if (assign === undefined) return {};
  const out: Record<string, Json> = {};
  for (const [name, value] of Object.entries(assign)) out[name] = await evaluateJsonataTemplate(value, states, scope, `Assign.${name}`);
  return out;
};

export const evaluateStateInput = async (state: State, rawInput: Json, scope: StateScope): Promise<Json> => {
  const s = state as AnyState;
  if (isJsonata(scope)) {
    if ((s.Type === 'Task' || s.Type === 'Parallel') && s.Arguments !== undefined) return evaluateJsonataTemplate(s.Arguments, jsonataStates(scope, rawInput), scope, 'Arguments');
    return rawInput;
  }
  return jsonPathStateInput(state, rawInput, scope);
};

/** `evaluateStateInput` for a JSONPath state, synchronously. */
export const jsonPathStateInput = (state: State, rawInput: Json, scope: StateScope): Json => {
  const s = state as AnyState;
  if (s.Type === 'Fail') return rawInput;
  const input = applyInputPath(state, rawInput, scope);
  if ((s.Type === 'Pass' || s.Type === 'Task' || s.Type === 'Parallel') && s.Parameters !== undefined) return evaluatePayloadTemplate(s.Parameters, input, intrinsicScope(scope));
  return input;
};

const HAS_RESULT = new Set(['Task', 'Parallel', 'Map']);

export const evaluateStateOutput = async (state: State, rawInput: Json, result: Json, scope: StateScope): Promise<StateOutcome> => {
  const s = state as AnyState;
  if (isJsonata(scope)) {
    // A JSONata Pass may still carry a literal Result; it then plays the part of $states.result.
    const stateResult = HAS_RESULT.has(s.Type) ? result : s.Type === 'Pass' && s.Result !== undefined ? s.Result : undefined;
    const states = stateResult !== undefined ? jsonataStates(scope, rawInput, { result: stateResult }) : jsonataStates(scope, rawInput);
    const output = s.Output !== undefined ? await evaluateJsonataTemplate(s.Output, states, scope, 'Output') : (stateResult ?? rawInput);
    return { output, assign: await assignJsonata(s.Assign, states, scope) };
  }
  return jsonPathStateOutput(state, rawInput, result, scope);
};

/** `evaluateStateOutput` for a JSONPath state, synchronously. */
export const jsonPathStateOutput = (state: State, rawInput: Json, result: Json, scope: StateScope): StateOutcome => {
  const s = state as AnyState;
  if (s.Type === 'Pass' || HAS_RESULT.has(s.Type)) {
    // Pass: its Result when it has one, else what the runtime passed (the effective input).
    let effective = s.Type === 'Pass' && s.Result !== undefined ? s.Result : result;
    if (HAS_RESULT.has(s.Type) && s.ResultSelector !== undefined) effective = evaluatePayloadTemplate(s.ResultSelector, effective, intrinsicScope(scope));
    const assign = assignJsonPath(s.Assign, effective, scope);
    const merged = s.ResultPath === null ? rawInput : s.ResultPath === undefined ? effective : writeResultPath(rawInput, s.ResultPath, effective);
    return { output: applyOutputPath(state, merged, scope), assign };
  }
  if (s.Type === 'Fail') return { output: rawInput, assign: {} };
  // Wait, Succeed, Choice: the output is the effective input.
  const input = applyInputPath(state, rawInput, scope);
  const assign = s.Type === 'Succeed' ? {} : assignJsonPath(s.Assign, input, scope);
  return { output: applyOutputPath(state, input, scope), assign };
};

export const evaluateCatcherOutput = async (catcher: Catcher, rawInput: Json, errorOutput: { Error: string; Cause: string }, scope: StateScope): Promise<StateOutcome> => {
  if (isJsonata(scope)) {
    const states = jsonataStates(scope, rawInput, { errorOutput });
    const output = catcher.Output !== undefined ? await evaluateJsonataTemplate(catcher.Output, states, scope, 'Catch.Output') : errorOutput;
    return { output, assign: await assignJsonata(catcher.Assign, states, scope) };
  }
  const assign = assignJsonPath(catcher.Assign, errorOutput, scope);
  const output = catcher.ResultPath === null ? rawInput : catcher.ResultPath === undefined ? errorOutput : writeResultPath(rawInput, catcher.ResultPath, errorOutput);
  return { output, assign };
};

export const evaluateChoice = async (state: ChoiceState, rawInput: Json, scope: StateScope): Promise<{ next: string; output: Json; assign: Record<string, Json> }> => {
  if (isJsonata(scope)) {
    const states = jsonataStates(scope, rawInput);
    for (const [i, rule] of state.Choices.entries()) {
      const condition = isJsonataExpression(rule.Condition) ? await evaluateJsonataExpression(rule.Condition, states, scope, `Choices[${i}].Condition`) : rule.Condition;
      if (typeof condition !== 'boolean') throw new StatesError('States.QueryEvaluationError', `The Condition of Choices[${i}] must evaluate to a boolean, got ${describeType(condition)}`);
      if (condition) {
        // A rule's Output and Assign override the state's own (CDK: "overrides the state output default").
        const output =
          rule.Output !== undefined
            ? await evaluateJsonataTemplate(rule.Output, states, scope, `Choices[${i}].Output`)
            : state.Output !== undefined
              ? await evaluateJsonataTemplate(state.Output, states, scope, 'Output')
              : rawInput;
        return { next: rule.Next as string, output, assign: await assignJsonata((rule.Assign as JsonObject | undefined) ?? state.Assign, states, scope) };
      }
    }
    if (state.Default === undefined) throw new StatesError('States.NoChoiceMatched', 'No Choice rule matched and the Choice state has no Default');
    const output = state.Output !== undefined ? await evaluateJsonataTemplate(state.Output, states, scope, 'Output') : rawInput;
    return { next: state.Default, output, assign: await assignJsonata(state.Assign, states, scope) };
  }
  return jsonPathChoice(state, rawInput, scope);
};

/** `evaluateChoice` for a JSONPath state, synchronously. */
export const jsonPathChoice = (state: ChoiceState, rawInput: Json, scope: StateScope): { next: string; output: Json; assign: Record<string, Json> } => {
  const input = applyInputPath(state, rawInput, scope);
  for (const rule of state.Choices) {
    if (evaluateChoiceRule(rule, input, scope)) {
      return { next: rule.Next as string, output: applyOutputPath(state, input, scope), assign: assignJsonPath((rule.Assign as JsonObject | undefined) ?? state.Assign, input, scope) };
    }
  }
  if (state.Default === undefined) throw new StatesError('States.NoChoiceMatched', 'No Choice rule matched and the Choice state has no Default');
  return { next: state.Default, output: applyOutputPath(state, input, scope), assign: assignJsonPath(state.Assign, input, scope) };
};

/** A JSONata scalar field (`{% %}` or a literal) evaluated against the raw input. */
const jsonataScalar = async (value: Json | undefined, field: string, rawInput: Json, scope: StateScope): Promise<Json | undefined> => {
  if (value === undefined) return undefined;
  return isJsonataExpression(value) ? evaluateJsonataExpression(value, jsonataStates(scope, rawInput), scope, field) : value;
};

const errorFor = (scope: StateScope): string => (isJsonata(scope) ? 'States.QueryEvaluationError' : 'States.Runtime');

const nonNegativeInteger = (value: Json | undefined, field: string, scope: StateScope, positive = false): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new StatesError(errorFor(scope), `The ${field} parameter must reference an integer, got ${JSON.stringify(value)}`);
  if (value < 0 || (positive && value === 0)) throw new StatesError(errorFor(scope), `The ${field} parameter references a ${value < 0 ? 'negative' : 'zero'} value (${value})`);
  return value;
};

export const evaluateWaitUntil = async (state: WaitState, rawInput: Json, scope: StateScope, now: Date): Promise<Date> => {
  const afterSeconds = (seconds: number): Date => new Date(now.getTime() + seconds * 1000);
  const at = (value: Json, field: string): Date => {
    const instant = typeof value === 'string' ? parseTimestamp(value) : undefined;
    if (instant === undefined) throw new StatesError(errorFor(scope), `The ${field} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${JSON.stringify(value)}`);
    return new Date(instant.epochMs);
  };
  if (isJsonata(scope)) {
    if (state.Seconds !== undefined) return afterSeconds(nonNegativeInteger(await jsonataScalar(state.Seconds, 'Seconds', rawInput, scope), 'Seconds', scope) ?? 0);
    if (state.Timestamp !== undefined) return at((await jsonataScalar(state.Timestamp, 'Timestamp', rawInput, scope)) as Json, 'Timestamp');
    throw new StatesError('States.Runtime', 'The Wait state has neither Seconds nor Timestamp');
  }
  const input = applyInputPath(state, rawInput, scope);
  if (state.Seconds !== undefined) return afterSeconds(nonNegativeInteger(state.Seconds, 'Seconds', scope) ?? 0);
  if (state.Timestamp !== undefined) return at(state.Timestamp, 'Timestamp');
  if (state.SecondsPath !== undefined) return afterSeconds(nonNegativeInteger(readPath(state.SecondsPath, input, scope), 'SecondsPath', scope) ?? 0);
  if (state.TimestampPath !== undefined) return at(readPath(state.TimestampPath, input, scope), 'TimestampPath');
  throw new StatesError('States.Runtime', 'The Wait state has none of Seconds, Timestamp, SecondsPath, TimestampPath');
};

export const evaluateTaskTimeouts = async (state: TaskState, rawInput: Json, scope: StateScope): Promise<{ timeoutSeconds?: number; heartbeatSeconds?: number }> => {
  const out: { timeoutSeconds?: number; heartbeatSeconds?: number } = {};
  let timeout: Json | undefined;
  let heartbeat: Json | undefined;
  if (isJsonata(scope)) {
    timeout = await jsonataScalar(state.TimeoutSeconds, 'TimeoutSeconds', rawInput, scope);
    heartbeat = await jsonataScalar(state.HeartbeatSeconds, 'HeartbeatSeconds', rawInput, scope);
  } else {
    const input = state.TimeoutSecondsPath !== undefined || state.HeartbeatSecondsPath !== undefined ? applyInputPath(state, rawInput, scope) : rawInput;
    timeout = state.TimeoutSecondsPath !== undefined ? readPath(state.TimeoutSecondsPath, input, scope) : state.TimeoutSeconds;
    heartbeat = state.HeartbeatSecondsPath !== undefined ? readPath(state.HeartbeatSecondsPath, input, scope) : state.HeartbeatSeconds;
  }
  const timeoutSeconds = nonNegativeInteger(timeout, state.TimeoutSecondsPath !== undefined ? 'TimeoutSecondsPath' : 'TimeoutSeconds', scope, true);
  const heartbeatSeconds = nonNegativeInteger(heartbeat, state.HeartbeatSecondsPath !== undefined ? 'HeartbeatSecondsPath' : 'HeartbeatSeconds', scope, true);
  if (timeoutSeconds !== undefined) out.timeoutSeconds = timeoutSeconds;
  if (heartbeatSeconds !== undefined) out.heartbeatSeconds = heartbeatSeconds;
  return out;
};

export const evaluateMapItems = async (state: MapState, effectiveInput: Json, scope: StateScope): Promise<{ items: Json[]; maxConcurrency: number }> => {
  let items: Json;
  let maxConcurrency: Json | undefined;
  if (isJsonata(scope)) {
    items = state.Items !== undefined ? await evaluateJsonataTemplate(state.Items, jsonataStates(scope, effectiveInput), scope, 'Items') : effectiveInput;
    if (!Array.isArray(items)) throw new StatesError(state.Items !== undefined ? 'States.QueryEvaluationError' : 'States.Runtime', `The Map state's Items must be an array, got ${describeType(items)}`);
    maxConcurrency = await jsonataScalar(state.MaxConcurrency, 'MaxConcurrency', effectiveInput, scope);
  } else {
    const itemsPath = state.ItemsPath ?? '$';
    items = readPath(itemsPath, effectiveInput, scope);
    if (!Array.isArray(items)) throw new StatesError('States.Runtime', `Reference path '${itemsPath}' must point to array, got ${describeType(items)}`);
    maxConcurrency = state.MaxConcurrencyPath !== undefined ? readPath(state.MaxConcurrencyPath, effectiveInput, scope) : (state.MaxConcurrency);
  }
  return { items, maxConcurrency: nonNegativeInteger(maxConcurrency, state.MaxConcurrencyPath !== undefined ? 'MaxConcurrencyPath' : 'MaxConcurrency', scope) ?? 0 };
};

export const evaluateMapItemInput = async (state: MapState, effectiveInput: Json, scope: StateScope): Promise<Json> => {
  if (!isJsonata(scope)) return jsonPathMapItemInput(state, effectiveInput, scope);
  const item = scope.context.Map?.Item;
  if (item === undefined) throw new StatesError('States.Runtime', 'evaluateMapItemInput needs scope.context.Map.Item (the iteration\'s Index and Value)');
  if (state.ItemSelector === undefined) return item.Value;
  return evaluateJsonataTemplate(state.ItemSelector, jsonataStates(scope, effectiveInput), scope, 'ItemSelector');
};

/** `evaluateMapItemInput` for a JSONPath state, synchronously. */
export const jsonPathMapItemInput = (state: MapState, effectiveInput: Json, scope: StateScope): Json => {
  const item = scope.context.Map?.Item;
  if (item === undefined) throw new StatesError('States.Runtime', 'evaluateMapItemInput needs scope.context.Map.Item (the iteration\'s Index and Value)');
  // Accept the deprecated alias too, in case the definition was not normalised by parseDefinition.
  const selector = state.ItemSelector ?? state.Parameters;
  if (selector === undefined) return item.Value;
  return evaluatePayloadTemplate(selector, effectiveInput, intrinsicScope(scope));
};

/**
 * The JSONPath half of the language, synchronous: the runtime's fast path for JSONPath states
 * (awaiting an evaluation that never waits for anything cost more than the evaluation itself).
 * Same results and errors as the `LanguageApi` functions for a state whose query language is JSONPath.
 */
export interface JsonPathEvaluator {
  readonly stateInput: typeof jsonPathStateInput;
  readonly stateOutput: typeof jsonPathStateOutput;
  readonly choice: typeof jsonPathChoice;
  readonly mapItemInput: typeof jsonPathMapItemInput;
}

export const jsonPathEvaluator: JsonPathEvaluator = {
  stateInput: jsonPathStateInput,
  stateOutput: jsonPathStateOutput,
  choice: jsonPathChoice,
  mapItemInput: jsonPathMapItemInput,
};

export const evaluateFailState = async (state: FailState, rawInput: Json, scope: StateScope): Promise<{ error: string; cause: string }> => {
  const asString = (value: Json | undefined, field: string): string => {
    if (value === undefined) return '';
    if (typeof value !== 'string') throw new StatesError(errorFor(scope), `The Fail state's ${field} must be a string, got ${describeType(value)}`);
    return value;
  };
  if (isJsonata(scope)) {
    return {
      error: asString(await jsonataScalar(state.Error, 'Error', rawInput, scope), 'Error'),
      cause: asString(await jsonataScalar(state.Cause, 'Cause', rawInput, scope), 'Cause'),
    };
  }
  const dynamic = (path: string | undefined, field: string): Json | undefined => (path === undefined ? undefined : evaluateDynamicValue(path, rawInput, intrinsicScope(scope), field));
  return {
    error: asString(state.ErrorPath !== undefined ? dynamic(state.ErrorPath, 'ErrorPath') : state.Error, state.ErrorPath !== undefined ? 'ErrorPath' : 'Error'),
    cause: asString(state.CausePath !== undefined ? dynamic(state.CausePath, 'CausePath') : state.Cause, state.CausePath !== undefined ? 'CausePath' : 'Cause'),
  };
};
