/**
 * The contract between the engine's two halves, fixed before either was written:
 *
 * - `language/` (this folder) knows what Amazon States Language *means* for data: the definition
 *   model and its validation, JSONPath, payload templates, intrinsic functions, JSONata, Choice
 *   rules, Retry/Catch matching and delays. Pure: no I/O, no timers, no storage.
 * - `runtime/`, `store/`, `api/` decide *when* things happen: executions, state transitions,
 *   checkpoints, timers, task tokens, integrations, the HTTP API.
 *
 * The runtime calls only what `language/index.ts` exports, with the signatures declared here.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type QueryLanguage = 'JSONPath' | 'JSONata';

/**
 * A runtime error named in the States.* vocabulary (`States.Runtime`, `States.Timeout`, ...) or
 * reported by a task (any string). Retry and Catch match on `error`.
 */
export class StatesError extends Error {
  public readonly error: string;
  public readonly errorCause: string | undefined;
  public constructor(error: string, cause?: string) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StatesError';
    this.error = error;
    this.errorCause = cause;
  }
}

/** The context object: `$$` in JSONPath, `$states.context` in JSONata. */
export interface ContextObject {
  Execution: {
    Id: string;
    Input: Json;
    Name: string;
    RoleArn: string;
    StartTime: string;
    RedriveCount: number;
    RedriveTime?: string;
  };
  State: { EnteredTime: string; Name: string; RetryCount: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token: string };
  Map?: { Item: { Index: number; Value: Json; Key?: string; Source?: string } };
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: Json;
  Assign?: JsonObject;
  Comment?: string;
}

interface StateBase {
  Type: string;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  Next?: string;
  End?: boolean;
  InputPath?: string | null;
  OutputPath?: string | null;
  Output?: Json;
  Assign?: JsonObject;
}

export interface PassState extends StateBase { Type: 'Pass'; Parameters?: Json; Result?: Json; ResultPath?: string | null }
export interface SucceedState extends StateBase { Type: 'Succeed' }
export interface FailState extends StateBase { Type: 'Fail'; Error?: string; Cause?: string; ErrorPath?: string; CausePath?: string }
export interface WaitState extends StateBase {
  Type: 'Wait';
  Seconds?: number | string;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
}
export interface ChoiceState extends StateBase { Type: 'Choice'; Choices: JsonObject[]; Default?: string }
export interface TaskState extends StateBase {
  Type: 'Task';
  Resource: string;
  Parameters?: Json;
  Arguments?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Credentials?: Json;
  Retry?: Retrier[];
  Catch?: Catcher[];
}
export interface ParallelState extends StateBase {
  Type: 'Parallel';
  Branches: Definition[];
  Parameters?: Json;
  Arguments?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
}
export interface MapState extends StateBase {
  Type: 'Map';
  ItemProcessor?: Definition & { ProcessorConfig?: { Mode?: 'INLINE' | 'DISTRIBUTED'; ExecutionType?: string } };
  /** Deprecated alias of ItemProcessor; the validator normalises it into ItemProcessor. */
  Iterator?: Definition;
  ItemsPath?: string;
  Items?: Json;
  ItemSelector?: Json;
  /** Deprecated alias of ItemSelector; the validator normalises it into ItemSelector. */
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailureCount?: number | string;
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export type State = PassState | SucceedState | FailState | WaitState | ChoiceState | TaskState | ParallelState | MapState;

export interface Definition {
  StartAt: string;
  States: Record<string, State>;
  Comment?: string;
  Version?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: QueryLanguage;
}

export interface DefinitionProblem {
  /** Where, as a JSON-pointer-like path: `/States/Approve/Retry/0/MaxAttempts`. */
  readonly path: string;
  /** What rule is broken, in a sentence naming the value received. */
  readonly message: string;
}

/**
 * Everything an expression in one state can see. `variables` holds the workflow variables
 * visible to this state (outer scopes already merged in by the runtime).
 */
export interface StateScope {
  readonly context: ContextObject;
  readonly variables: Readonly<Record<string, Json>>;
  /** The state's effective query language (its own, else the definition's, else JSONPath). */
  readonly queryLanguage: QueryLanguage;
  /** Randomness for States.MathRandom / States.UUID / jitter; seedable in tests. */
  readonly random: () => number;
}

/** What a state produced: its output for the next state, and the variables it assigns. */
export interface StateOutcome {
  readonly output: Json;
  readonly assign: Record<string, Json>;
}

/** The signatures `language/index.ts` exports. All throw `StatesError` for runtime failures. */
export interface LanguageApi {
  /** Parses (string or object) and validates a definition; never throws. Normalises Iterator/Parameters aliases on Map. */
  parseDefinition(definition: unknown): { ok: true; definition: Definition } | { ok: false; problems: DefinitionProblem[] };
  /**
   * The effective input a state works on. JSONPath: InputPath then Parameters (Pass/Task/Parallel;
   * for Map only InputPath, as ItemSelector applies per item). JSONata: Arguments (Task/Parallel),
   * else the raw input.
   */
  evaluateStateInput(state: State, rawInput: Json, scope: StateScope): Promise<Json>;
  /**
   * The state's output from its result (Pass: Result or the effective input; Task: the task's
   * result; Map/Parallel: the array of results). JSONPath: ResultSelector, ResultPath (merged into
   * the raw input), OutputPath. JSONata: Output (with $states.input/result). Plus the state's Assign.
   */
  evaluateStateOutput(state: State, rawInput: Json, result: Json, scope: StateScope): Promise<StateOutcome>;
  /** Output when a Catcher catches `{Error, Cause}`: ResultPath or Output (with $states.errorOutput), plus its Assign. */
  evaluateCatcherOutput(catcher: Catcher, rawInput: Json, errorOutput: { Error: string; Cause: string }, scope: StateScope): Promise<StateOutcome>;
  /** The Choice's next state and Assign; throws States.NoChoiceMatched when nothing matches and there is no Default. */
  evaluateChoice(state: ChoiceState, rawInput: Json, scope: StateScope): Promise<{ next: string; output: Json; assign: Record<string, Json> }>;
  /** When a Wait state ends, from Seconds/Timestamp/*Path or JSONata. */
  evaluateWaitUntil(state: WaitState, rawInput: Json, scope: StateScope, now: Date): Promise<Date>;
  /** Task TimeoutSeconds/HeartbeatSeconds after resolving *Path / JSONata forms (undefined when not set). */
  evaluateTaskTimeouts(state: TaskState, rawInput: Json, scope: StateScope): Promise<{ timeoutSeconds?: number; heartbeatSeconds?: number }>;
  /** The Map's items (ItemsPath over the effective input, or Items) and its MaxConcurrency (0 = unlimited). */
  evaluateMapItems(state: MapState, effectiveInput: Json, scope: StateScope): Promise<{ items: Json[]; maxConcurrency: number }>;
  /** The input of one Map iteration: ItemSelector (with $$.Map.Item in scope.context) or the item itself. */
  evaluateMapItemInput(state: MapState, effectiveInput: Json, scope: StateScope): Promise<Json>;
  /** Error and Cause of a Fail state (Error/Cause, ErrorPath/CausePath, JSONata). */
  evaluateFailState(state: FailState, rawInput: Json, scope: StateScope): Promise<{ error: string; cause: string }>;
  /** Index of the first Retrier/Catcher whose ErrorEquals matches `error`, or -1 (States.ALL, States.TaskFailed rules). */
  findMatchingRule(rules: readonly { ErrorEquals: string[] }[], error: string): number;
  /** Delay before retry number `attempt` (0-based) in ms, with BackoffRate, MaxDelaySeconds and FULL jitter. `undefined` when MaxAttempts is used up. */
  retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number | undefined;
}
