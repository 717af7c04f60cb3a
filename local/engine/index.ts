/**
 * The local Step Functions engine: runs Amazon States Language state machines durably on one
 * machine and speaks the Step Functions API. Embed it with `createEngine`, serve it over HTTP with
 * `startEngineServer`, or run it alone with `npm run engine`.
 *
 * ```ts
 * const engine = await createEngine({ dataDir: '.mto-local/engine', functions: (arn) => handlers[arn] });
 * const server = await startEngineServer({ engine, port: 8083 });
 * const sfn = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, disableHostPrefix: true });
 * ```
 */
import { ApiError } from './api/api-errors';
import { listen } from './api/http-server';
import { StepFunctionsService, type ExecutionEvent } from './api/step-functions-service';
import { createDynamoDbIntegration } from './integrations/dynamodb.integration';
import { createEventsIntegration, type PutEventsSink } from './integrations/events.integration';
import { createLambdaIntegration, functionRegistryFrom, type FunctionRegistry, type LambdaHandler } from './integrations/lambda.integration';
import { createSfnIntegration } from './integrations/sfn.integration';
import { IntegrationRegistry, type TaskIntegration } from './integrations/task-integration';
import { jsonPathEvaluator, languageApi, type LanguageApi } from './language';
import { ActivityTracker } from './runtime/activity';
import { SystemClock, isVirtualClock, type Clock } from './runtime/clock';
import { TaskTokenRegistry } from './runtime/task-tokens';
import type { EngineStore } from './store/engine-store';
import { FileEngineStore } from './store/engine-store.file';
import { MemoryEngineStore } from './store/engine-store.memory';

export { ApiError } from './api/api-errors';
export type { ApiErrorType } from './api/api-errors';
export type { ExecutionEvent, OperationName } from './api/step-functions-service';
export { OPERATIONS } from './api/step-functions-service';
export type { HistoryEvent } from './runtime/history';
export { SystemClock, VirtualClock, type Clock } from './runtime/clock';
export { seededRandom } from './runtime/random';
export { MemoryEngineStore } from './store/engine-store.memory';
export { FileEngineStore } from './store/engine-store.file';
export type { EngineStore } from './store/engine-store';
export { TaskFailure, parseTaskResource, type TaskIntegration, type TaskRequest, type TaskResource } from './integrations/task-integration';
export { functionRegistryFrom, type FunctionRegistry, type LambdaHandler } from './integrations/lambda.integration';
export type { PutEventsEntry, PutEventsResultEntry, PutEventsSink } from './integrations/events.integration';

/** How to build an engine. Every field is optional. */
export interface EngineOptions {
  /** Keep state machines and execution journals here (durable). Omitted: in memory. */
  readonly dataDir?: string;
  /** A store of your own (wins over `dataDir`). */
  readonly store?: EngineStore;
  /** fdatasync each group of journal writes (default true; only with `dataDir`). */
  readonly fsync?: boolean;
  /**
   * `strict` (default): every journal record is durable before the engine goes on. `batched`:
   * internal transitions (entering a state, Pass, Choice, branch starts) are written in order but
   * fsync'd with the next record that starts or answers something outside the execution (a task,
   * a callback, a timer, the end); after a crash they are derived again. Faster on long Pass chains.
   */
  readonly durability?: 'strict' | 'batched';
  /** Real time by default; a `VirtualClock` for tests. */
  readonly clock?: Clock;
  /** What Lambda function ARNs run: a lookup, or an object keyed by ARN or function name. */
  readonly functions?: FunctionRegistry | Readonly<Record<string, LambdaHandler>>;
  /** Integrations tried before the built-in ones (first match wins). */
  readonly integrations?: readonly TaskIntegration[];
  /** Where `events:putEvents` delivers (wins over `eventBridgeEndpoint`). */
  readonly putEvents?: PutEventsSink;
  /** An EventBridge API endpoint for `events:putEvents`. */
  readonly eventBridgeEndpoint?: string;
  /** The DynamoDB endpoint for `dynamodb:*` and `aws-sdk:dynamodb:*` tasks (e.g. DynamoDB Local). */
  readonly dynamoDbEndpoint?: string;
  /** Region and account used in ARNs (default us-east-1 / 123456789012). */
  readonly region?: string;
  readonly accountId?: string;
  /** Randomness for jitter, States.UUID, States.MathRandom (default Math.random; `seededRandom(n)` in tests). */
  readonly random?: () => number;
  /** Engine faults (never task failures) go here; default: console.error. */
  readonly log?: (message: string, error?: unknown) => void;
  /** The language half (default: `./language`); tests may substitute. */
  readonly language?: LanguageApi;
}

/** A running engine. */
export interface Engine {
  /** Calls a Step Functions API operation in-process with AWS's JSON request shape. */
  call(operation: string, request?: unknown): Promise<Record<string, unknown>>;
  /** Observes every history event of every execution; returns the unsubscribe function. */
  onExecutionEvent(listener: (event: ExecutionEvent) => void): () => void;
  /** Resolves once nothing can happen without time passing (no state being evaluated or written). */
  settle(): Promise<void>;
  /**
   * Virtual clock only: settles, jumps to the next pending timer (Wait, Retry backoff, timeouts,
   * heartbeats), fires it and settles again. Returns false when no timer is pending.
   */
  advanceToNextTimer(): Promise<boolean>;
  /** Resolves with DescribeExecution once the execution is closed. */
  waitForExecution(executionArn: string): Promise<Record<string, unknown>>;
  readonly clock: Clock;
  /** True when executions survive a restart. */
  readonly durable: boolean;
  /** What recovery found at start. */
  readonly recovered: { readonly stateMachines: number; readonly executions: number; readonly resumed: number };
  /**
   * Stops every execution's timers and drivers (recording nothing), flushes the journal and closes
   * the store; running executions resume when an engine opens the same data.
   */
  close(): Promise<void>;
}

const defaultLog = (message: string, error?: unknown): void => {
  console.error(`[engine] ${message}`, error ?? '');
};

/** Builds an engine and resumes the executions its store holds. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const clock = options.clock ?? new SystemClock();
  const log = options.log ?? defaultLog;
  const language = options.language ?? languageApi;
  let store = options.store;
  if (store === undefined) {
    if (options.dataDir === undefined) store = new MemoryEngineStore();
    else {
      const fileStore = new FileEngineStore(options.dataDir, { fsync: options.fsync ?? true });
      await fileStore.init();
      store = fileStore;
    }
  }
  const functions: FunctionRegistry =
    typeof options.functions === 'function' ? options.functions : functionRegistryFrom(options.functions ?? {});
  const listeners = new Set<(event: ExecutionEvent) => void>();
  const activity = new ActivityTracker();
  const integrations = new IntegrationRegistry(options.integrations ?? []);

  const service = new StepFunctionsService({
    store,
    language,
    region,
    accountId,
    runtime: {
      language,
      ...(options.language === undefined ? { jsonPath: jsonPathEvaluator } : {}),
      clock,
      random: options.random ?? Math.random,
      integrations,
      tokens: new TaskTokenRegistry(),
      activity,
      region,
      accountId,
      durability: options.durability ?? 'strict',
      log,
    },
    hasEventListeners: () => listeners.size > 0,
    onEvent: (event) => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          log('An onExecutionEvent listener threw', error);
        }
      }
    },
  });
  // The built-ins are added after the service exists: nested executions need it.
  integrations.add(
    createLambdaIntegration({ functions }),
    createSfnIntegration(service),
    createEventsIntegration({ region, ...(options.putEvents === undefined ? {} : { putEvents: options.putEvents }), ...(options.eventBridgeEndpoint === undefined ? {} : { endpoint: options.eventBridgeEndpoint }) }),
    createDynamoDbIntegration({ region, ...(options.dynamoDbEndpoint === undefined ? {} : { endpoint: options.dynamoDbEndpoint }) }),
  );

  const recovered = await service.recover();
  const usedStore = store;
  let closed = false;

  return {
    call: (operation, request) => service.call(operation, request ?? {}),
    onExecutionEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settle: () => activity.settle(),
    advanceToNextTimer: async () => {
      if (!isVirtualClock(clock)) throw new ApiError('ValidationException', 'advanceToNextTimer needs a VirtualClock (createEngine({ clock: new VirtualClock() }))');
      await activity.settle();
      const advanced = clock.advanceToNextTimer();
      await activity.settle();
      return advanced;
    },
    waitForExecution: async (executionArn) => {
      const runner = service.runner(executionArn);
      if (runner === undefined) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
      await runner.whenClosed();
      return service.call('DescribeExecution', { executionArn });
    },
    clock,
    durable: usedStore.durable,
    recovered,
    close: async () => {
      if (closed) return;
      closed = true;
      service.shutdown();
      await activity.settle();
      await usedStore.close();
    },
  };
}

/** Options of `startEngineServer`: an engine to serve, or the options to build one. */
export interface EngineServerOptions extends EngineOptions {
  /** TCP port on `host` (default 0: a free one). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Serve this engine instead of building one. */
  readonly engine?: Engine;
}

/** A served engine. */
export interface EngineServer {
  /** `http://127.0.0.1:<port>`: give it to `new SFNClient({ endpoint })` or `aws --endpoint-url`. */
  readonly endpoint: string;
  readonly port: number;
  readonly engine: Engine;
  /** Stops serving; closes the engine too when the server built it. */
  close(): Promise<void>;
}

/** Serves an engine's Step Functions API over HTTP. */
export async function startEngineServer(options: EngineServerOptions = {}): Promise<EngineServer> {
  const engine = options.engine ?? (await createEngine(options));
  const ownsEngine = options.engine === undefined;
  const log = options.log ?? defaultLog;
  const server = await listen(engine, { ...(options.port === undefined ? {} : { port: options.port }), ...(options.host === undefined ? {} : { host: options.host }), log });
  return {
    endpoint: server.endpoint,
    port: server.port,
    engine,
    close: async () => {
      await server.close();
      if (ownsEngine) await engine.close();
    },
  };
}
