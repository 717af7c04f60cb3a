/**
 * The language half of the local Step Functions engine: the only module the runtime imports.
 * Every function here has the signature declared by `LanguageApi` in `./contract`.
 */
import type {
  Catcher,
  ChoiceState,
  FailState,
  Json,
  LanguageApi,
  MapState,
  Retrier,
  State,
  StateOutcome,
  StateScope,
  TaskState,
  WaitState,
} from './contract';
import { StatesError } from './contract';

export * from './contract';

const notYet = (what: string): never => {
  throw new StatesError('States.Runtime', `${what} is not implemented yet in the language layer`);
};

export const parseDefinition: LanguageApi['parseDefinition'] = (_definition: unknown) => notYet('parseDefinition');
export const evaluateStateInput = (_state: State, _rawInput: Json, _scope: StateScope): Promise<Json> => Promise.resolve(notYet('evaluateStateInput'));
export const evaluateStateOutput = (_state: State, _rawInput: Json, _result: Json, _scope: StateScope): Promise<StateOutcome> =>
  Promise.resolve(notYet('evaluateStateOutput'));
export const evaluateCatcherOutput = (_catcher: Catcher, _rawInput: Json, _errorOutput: { Error: string; Cause: string }, _scope: StateScope): Promise<StateOutcome> =>
  Promise.resolve(notYet('evaluateCatcherOutput'));
export const evaluateChoice = (_state: ChoiceState, _rawInput: Json, _scope: StateScope): Promise<{ next: string; output: Json; assign: Record<string, Json> }> =>
  Promise.resolve(notYet('evaluateChoice'));
export const evaluateWaitUntil = (_state: WaitState, _rawInput: Json, _scope: StateScope, _now: Date): Promise<Date> => Promise.resolve(notYet('evaluateWaitUntil'));
export const evaluateTaskTimeouts = (_state: TaskState, _rawInput: Json, _scope: StateScope): Promise<{ timeoutSeconds?: number; heartbeatSeconds?: number }> =>
  Promise.resolve(notYet('evaluateTaskTimeouts'));
export const evaluateMapItems = (_state: MapState, _effectiveInput: Json, _scope: StateScope): Promise<{ items: Json[]; maxConcurrency: number }> =>
  Promise.resolve(notYet('evaluateMapItems'));
export const evaluateMapItemInput = (_state: MapState, _effectiveInput: Json, _scope: StateScope): Promise<Json> => Promise.resolve(notYet('evaluateMapItemInput'));
export const evaluateFailState = (_state: FailState, _rawInput: Json, _scope: StateScope): Promise<{ error: string; cause: string }> =>
  Promise.resolve(notYet('evaluateFailState'));
export const findMatchingRule = (_rules: readonly { ErrorEquals: string[] }[], _error: string): number => notYet('findMatchingRule');
export const retryDelayMs = (_retrier: Retrier, _attempt: number, _random: () => number): number | undefined => notYet('retryDelayMs');

/** Compile-time proof that this module satisfies the contract. */
export const languageApi: LanguageApi = {
  parseDefinition,
  evaluateStateInput,
  evaluateStateOutput,
  evaluateCatcherOutput,
  evaluateChoice,
  evaluateWaitUntil,
  evaluateTaskTimeouts,
  evaluateMapItems,
  evaluateMapItemInput,
  evaluateFailState,
  findMatchingRule,
  retryDelayMs,
};
