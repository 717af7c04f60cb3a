/**
 * The whole of mto-flow on one machine, from what `cdk synth` produced: DynamoDB Local (data on
 * disk), the local Step Functions engine running the synthesized state machines (durable), the
 * functions' bundled code in Lambda-like sandboxes, the event bus applying the synthesized rules,
 * the API Gateway emulator, the outboxes and the supplier simulator.
 *
 * The handlers are the same bundles Lambda runs; what differs from AWS is configuration only: the
 * `AWS_ENDPOINT_URL_<SERVICE>` variables point their SDK clients here, `SLACK_API_URL` points the
 * Slack client at the outbox, `PUBLIC_BASE_URL` is the local API, and secrets are local.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RestApiServer } from '../api-gateway/rest-api-server';
import { AwsServicesServer } from '../aws-services/aws-services-server';
import { readLocalApp, type LocalApp } from '../cloud-assembly/local-app';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../dynamodb-local/dynamodb-local';
import { createEngine, startEngineServer, type Engine, type EngineServer } from '../engine';
import { LocalEventBus } from '../event-bus/local-event-bus';
import { warmUpDynamoDbLocal } from '../dynamodb-local/warm-up';
import { DEFAULT_BACKGROUND_ADMISSION, type BackgroundAdmissionOptions } from '../functions/background-admission';
import { FunctionHost, LambdaFunctionError } from '../functions/function-host';
import { Outboxes } from '../outbox/outboxes';
import { SupplierSimulator, type ReceivedPurchaseOrder, type SupplierBehaviour } from '../supplier-simulator/supplier-simulator';
import { loadLocalSecrets, supplierWebhookSecrets, type LocalSecretsFile } from './local-secrets';
import { createLocalRoutes } from './local-routes';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Sandboxes a busy API route may run. One: on two cores a second sandbox of POST /orders only took
 * CPU from DynamoDB Local and the engine, which every call also needs (docs/decisions/0005).
 */
export const DEFAULT_ROUTE_SANDBOXES = 1;

/**
 * Calls one API route sandbox takes at once; more wait in arrival order. A sandbox with every
 * caller's request in progress at once interleaves them all, so each is as slow as the slowest
 * moment of the load; eight at a time answered 50 connections with a lower p99 and the same
 * throughput (docs/decisions/0005).
 */
export const DEFAULT_ROUTE_IN_FLIGHT = 8;

export interface LocalStackOptions {
  readonly cdkOutDir: string;
  /** Where everything durable lives (`.mto-local/`). */
  readonly dataDir: string;
  /** API port on 127.0.0.1 (default 3000; 0 = a free one). */
  readonly apiPort?: number;
  /** Start empty: delete the stack's data in `dataDir` first (STACK_DATA_ENTRIES, not the whole folder). */
  readonly reset?: boolean;
  readonly stackName?: string;
  /** Environment variables to override in every function (e.g. test knobs). */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
  readonly supplierBehaviours?: Readonly<Record<string, Partial<SupplierBehaviour>>>;
  readonly defaultSupplierBehaviour?: SupplierBehaviour;
  /** Fills the freshly created tables (catalog, stock). Runs only when a table was created. */
  readonly seed?: (context: SeedContext) => Promise<void>;
  /** Write function logs to `<dataDir>/logs` (default) or to this process's output. */
  readonly functionLogs?: 'files' | 'inherit';
  /**
   * Run the functions that are not API routes (workflow steps, event targets) at a lower CPU
   * priority, so callers of the API are answered first (default true; see FunctionPriority).
   */
  readonly prioritiseRoutes?: boolean;
  /**
   * While the API routes are busy, hold back how many workflow steps and event targets run at once
   * (BackgroundAdmission; default DEFAULT_BACKGROUND_ADMISSION; false: never hold them back). Off
   * too when `prioritiseRoutes` is false.
   */
  readonly backgroundAdmission?: BackgroundAdmissionOptions | false;
  /** How many sandboxes (threads) a busy API route may run (default DEFAULT_ROUTE_SANDBOXES); steps run one each. */
  readonly routeSandboxes?: number;
  /** How many calls an API route sandbox takes at once (default DEFAULT_ROUTE_IN_FLIGHT). */
  readonly routeInFlight?: number;
  /**
   * Start one sandbox per API route, its code loaded, before the stack reports ready (default true),
   * as Lambda's provisioned concurrency would keep them: the first caller of each route does not
   * wait for its cold start. False: every sandbox starts on its first call, as on-demand Lambda.
   */
  readonly provisionRoutes?: boolean;
  /**
   * Before the stack reports ready, send DynamoDB Local a few seconds of the functions' kinds of
   * request on scratch copies of the tables, so its JIT has compiled the request path before the
   * first callers come (default true; warmUpDynamoDbLocal). It runs while the rest starts.
   */
  readonly warmUpDynamoDb?: boolean;
  readonly log?: (line: string) => void;
}

export interface SeedContext {
  readonly dynamoDb: DynamoDBClient;
  readonly tables: readonly { readonly logicalId: string; readonly name: string }[];
}

export interface LocalEndpoints {
  readonly api: string;
  readonly outbox: string;
  readonly suppliers: string;
  readonly stepFunctions: string;
  readonly dynamoDb: string;
  readonly awsServices: string;
  readonly region: string;
  readonly apiKey: string;
}

export interface RunningLocalStack {
  readonly endpoints: LocalEndpoints;
  readonly app: LocalApp;
  readonly engine: Engine;
  readonly eventBus: LocalEventBus;
  readonly outboxes: Outboxes;
  readonly simulator: SupplierSimulator;
  readonly functions: FunctionHost;
  readonly secrets: LocalSecretsFile;
  /** The engine ARN of a state machine, by its construct's logical id prefix or its name. */
  stateMachineArn(nameOrLogicalIdPrefix: string): string;
  stop(): Promise<void>;
}

export class LocalStackStartError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalStackStartError';
  }
}

async function ensureTables(client: DynamoDBClient, app: LocalApp): Promise<boolean> {
  let created = false;
  for (const table of app.tables) {
    try {
      await client.send(new DescribeTableCommand({ TableName: table.name }));
      continue;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(table.createTableInput as unknown as ConstructorParameters<typeof CreateTableCommand>[0]));
    if (table.ttlAttribute !== undefined) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: table.name, TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute } }));
    }
    created = true;
  }
  return created;
}

/** Turns a sandbox failure back into an Error named as the handler's error, as Lambda reports it. */
function asHandlerError(error: unknown): unknown {
  if (!(error instanceof LambdaFunctionError)) return error;
  const rethrown = new Error(error.errorMessage);
  rethrown.name = error.errorType;
  rethrown.stack = [`${error.errorType}: ${error.errorMessage}`, ...error.trace.slice(1)].join('\n');
  return rethrown;
}

/**
 * What the stack keeps in its data folder. `--reset` deletes these and nothing else, so whatever
 * else lives there (the benchmarks' and tests' own folders and assemblies) survives a reset.
 */
export const STACK_DATA_ENTRIES: readonly string[] = [
  'dynamodb',
  'dynamodb.pid',
  'engine',
  'logs',
  'secrets.json',
  'endpoints.json',
  'events.jsonl',
  'events-dead-letters.jsonl',
  'outbox-email.jsonl',
  'outbox-slack.jsonl',
  'outbox-alerts.jsonl',
  'supplier-simulator.jsonl',
];

/** Deletes the stack's own data in `dataDir` (see STACK_DATA_ENTRIES), leaving the rest of the folder. */
export function resetStackData(dataDir: string): void {
  for (const entry of STACK_DATA_ENTRIES) rmSync(join(dataDir, entry), { recursive: true, force: true });
}

export async function startLocalStack(options: LocalStackOptions): Promise<RunningLocalStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.reset === true) resetStackData(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true });
  const environment = { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID };
  const app = readLocalApp(options.cdkOutDir, environment, options.stackName);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`mto-flow: while stopping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    stops.length = 0;
  };

  try {
    // 1. Data
    const dynamo: RunningDynamoDbLocal = await startDynamoDbLocal({
      dbPath: join(options.dataDir, 'dynamodb'),
      startTimeoutMs: 60_000,
      databaseOwner: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, region: LOCAL_REGION },
    });
    stops.push(() => dynamo.stop());
    const dynamoDb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    stops.push(() => Promise.resolve(dynamoDb.destroy()));
    const createdTables = await ensureTables(dynamoDb, app);
    if (createdTables && options.seed !== undefined) await options.seed({ dynamoDb, tables: app.tables });
    // Not fatal: without it the first seconds of a load are slower, nothing else.
    const warmingUp =
      options.warmUpDynamoDb === false
        ? undefined
        : warmUpDynamoDbLocal(dynamoDb, app.tables).catch((error: unknown) => log(`mto-flow: warming DynamoDB Local up failed: ${error instanceof Error ? error.message : String(error)}`));

    // 2. Secrets, outboxes, the event bus
    const secrets = loadLocalSecrets(join(options.dataDir, 'secrets.json'), app.secrets);
    const outboxes = new Outboxes(options.dataDir);
    // Built below; the bus and the engine reach them lazily (each needs the other to exist first).
    const late: { functions?: FunctionHost; engine?: Engine } = {};
    // The engine resumes executions in flight as soon as it opens its journal (after a crash, some
    // are mid-Task): their Lambda calls wait for the functions instead of failing as unknown.
    let functionsReady: (host: FunctionHost) => void = () => undefined;
    const functionHost = new Promise<FunctionHost>((resolveHost) => (functionsReady = resolveHost));
    const templateFunctions = new Set(app.functions.flatMap((fn) => [fn.arn, fn.name]));
    const isTemplateFunction = (arn: string): boolean => templateFunctions.has(arn) || templateFunctions.has(arn.replace(/:(\$LATEST|\d+|[A-Za-z][\w-]*)$/, ''));
    const eventBus = new LocalEventBus({
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      rules: app.rules,
      dataDir: options.dataDir,
      deliver: async (targetArn, payload) => {
        if (targetArn.startsWith('arn:aws:lambda:')) {
          await late.functions!.invoke(targetArn, payload);
        } else if (targetArn.startsWith('arn:aws:states:')) {
          await late.engine!.call('StartExecution', { stateMachineArn: targetArn, input: JSON.stringify(payload) });
        } else if (targetArn.startsWith('arn:aws:sns:')) {
          // An SNS topic's subscribers (operators' emails) get the alert: it lands in the alerts outbox.
          outboxes.alerts.append({ topicArn: targetArn, publishedAt: new Date().toISOString(), message: payload });
        } else if (targetArn.startsWith('arn:aws:logs:')) {
          // CloudWatch Logs targets keep events for reading; the archive already holds every event.
        } else {
          throw new Error(`the local event bus cannot deliver to ${targetArn}`);
        }
      },
    });
    stops.push(() => eventBus.drain());

    // 3. The engine, with the functions as its Lambda
    const engine = await createEngine({
      dataDir: join(options.dataDir, 'engine'),
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      dynamoDbEndpoint: dynamo.endpoint,
      putEvents: (entries) => eventBus.putEvents(entries),
      functions: (functionArn) =>
        !isTemplateFunction(functionArn)
          ? undefined
          : async (event: unknown) => {
              try {
                return await (await functionHost).invoke(functionArn, event);
              } catch (error) {
                throw asHandlerError(error);
              }
            },
      log: (message, error) => log(`[engine] ${message} ${error instanceof Error ? error.message : ''}`),
    });
    late.engine = engine;
    stops.push(() => engine.close());
    const engineServer: EngineServer = await startEngineServer({ engine });
    stops.push(() => engineServer.close());
    const existing = (await engine.call('ListStateMachines', { maxResults: 1000 })).stateMachines as { stateMachineArn: string }[];
    for (const machine of app.stateMachines) {
      if (existing.some((candidate) => candidate.stateMachineArn === machine.arn)) {
        await engine.call('UpdateStateMachine', { stateMachineArn: machine.arn, definition: machine.definition, roleArn: machine.roleArn });
      } else {
        await engine.call('CreateStateMachine', { name: machine.name, definition: machine.definition, roleArn: machine.roleArn, type: machine.type });
      }
    }

    // 4. The AWS APIs the handlers call besides DynamoDB and Step Functions
    const awsServices = new AwsServicesServer({
      eventBus,
      outboxes,
      secrets: app.secrets.map((spec) => ({ name: spec.name, arn: spec.arn, value: secrets.values[spec.name] ?? '' })),
    });
    const awsServicesEndpoint = await awsServices.listen();
    stops.push(() => awsServices.close());

    // 5. The API (its URL is needed by the functions, so it listens before they start)
    let apiBaseUrl = '';
    const simulator = new SupplierSimulator({
      apiBaseUrl: () => apiBaseUrl,
      secrets: supplierWebhookSecrets(secrets),
      dataDir: options.dataDir,
      ...(options.supplierBehaviours === undefined ? {} : { behaviours: options.supplierBehaviours }),
      ...(options.defaultSupplierBehaviour === undefined ? {} : { defaultBehaviour: options.defaultSupplierBehaviour }),
    });
    const slackSigningSecret = Object.entries(secrets.values).find(([name]) => name.endsWith('/slack-signing-secret'))?.[1] ?? '';
    const api = new RestApiServer({
      routes: app.routes,
      invoke: (arn, event) => late.functions!.invoke(arn, event),
      apiKeys: [secrets.apiKey],
      iamCredentials: secrets.iam,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      stage: 'local',
      localRoutes: createLocalRoutes({
        outboxes,
        simulator,
        eventBus,
        apiBaseUrl: () => apiBaseUrl,
        slackSigningSecret,
        slackUsers: [{ id: 'U-LOCAL-APPROVER', name: 'local.approver' }],
      }),
    });
    try {
      apiBaseUrl = await api.listen(options.apiPort ?? 3000);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new LocalStackStartError(`port ${options.apiPort ?? 3000} is taken: stop what uses it, or start with --port <another>`, { cause: error });
      }
      throw error;
    }
    stops.push(() => api.close());

    // 6. The functions, pointed at the local endpoints
    const routeFunctions = new Set(app.routes.map((route) => route.functionArn));
    const functions = new FunctionHost(
      app.functions.map((spec) => ({
        ...spec,
        // API routes answer callers: they go before the workflow steps when the CPU is short.
        priority: options.prioritiseRoutes === false || routeFunctions.has(spec.arn) ? ('interactive' as const) : ('background' as const),
        ...(routeFunctions.has(spec.arn)
          ? { maxSandboxes: options.routeSandboxes ?? DEFAULT_ROUTE_SANDBOXES, maxInFlightPerSandbox: options.routeInFlight ?? DEFAULT_ROUTE_IN_FLIGHT, provisionedSandboxes: options.provisionRoutes === false ? 0 : 1 }
          : {}),
        environment: { ...spec.environment, PUBLIC_BASE_URL: apiBaseUrl, SLACK_API_URL: `${awsServicesEndpoint}/slack/api/`, ...(options.functionEnvironment ?? {}) },
      })),
      {
        ...(options.prioritiseRoutes === false || options.backgroundAdmission === false ? {} : { backgroundAdmission: options.backgroundAdmission ?? DEFAULT_BACKGROUND_ADMISSION }),
        baseEnvironment: {
          AWS_REGION: LOCAL_REGION,
          AWS_DEFAULT_REGION: LOCAL_REGION,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
          AWS_ENDPOINT_URL_SFN: engineServer.endpoint,
          AWS_ENDPOINT_URL_EVENTBRIDGE: awsServicesEndpoint,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: awsServicesEndpoint,
          AWS_ENDPOINT_URL_SESV2: awsServicesEndpoint,
          // No X-Ray daemon here: the tracer stays off; logs and metrics are written as on Lambda.
          POWERTOOLS_TRACE_ENABLED: 'false',
          AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
          // ... and the X-Ray SDK the tracer loads stays in manual mode: in its default automatic
          // mode it installs an async hook tracking every promise's destruction, about 7 % of the
          // functions' CPU here, for segments nobody records.
          AWS_XRAY_MANUAL_MODE: 'true',
          AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
          NODE_NO_WARNINGS: '1',
          MTO_LOCAL: 'true',
        },
        ...(options.functionLogs === 'inherit' ? {} : { logDir: join(options.dataDir, 'logs') }),
      },
    );
    late.functions = functions;
    functionsReady(functions);
    stops.push(() => functions.close());
    for (const failure of await functions.provision()) {
      // Not fatal: on Lambda too a function whose init fails is deployed, and each call reports it.
      log(`mto-flow: the function ${failure.functionName} failed its init: ${failure.error.message}`);
    }
    simulator.start();
    stops.push(() => simulator.stop());
    // Suppliers' systems hear of purchase orders through the bus, as a customer's rule (an API
    // destination per supplier) would deliver them on AWS.
    const unsubscribe = eventBus.archive.subscribe((event) => {
      const type = event['detail-type'];
      if (type !== 'PurchaseOrder.Placed' && type !== 'PurchaseOrder.Cancelled') return;
      const detail = event.detail as Partial<ReceivedPurchaseOrder>;
      if (typeof detail.poId !== 'string' || typeof detail.supplierId !== 'string') return;
      simulator.receive({
        type: type === 'PurchaseOrder.Placed' ? 'purchase-order.created' : 'purchase-order.cancelled',
        poId: detail.poId,
        orderId: typeof detail.orderId === 'string' ? detail.orderId : '',
        supplierId: detail.supplierId,
        lines: Array.isArray(detail.lines) ? detail.lines : [],
      });
    });
    stops.push(() => Promise.resolve(unsubscribe()).then(() => undefined));

    const endpoints: LocalEndpoints = {
      api: apiBaseUrl,
      outbox: `${apiBaseUrl}/_local/outbox`,
      suppliers: `${apiBaseUrl}/_local/suppliers`,
      stepFunctions: engineServer.endpoint,
      dynamoDb: dynamo.endpoint,
      awsServices: awsServicesEndpoint,
      region: LOCAL_REGION,
      apiKey: secrets.apiKey,
    };
    await warmingUp;
    writeFileSync(join(options.dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);

    return {
      endpoints,
      app,
      engine,
      eventBus,
      outboxes,
      simulator,
      functions,
      secrets,
      stateMachineArn: (nameOrPrefix) => {
        const machine = app.stateMachines.find((candidate) => candidate.name === nameOrPrefix || candidate.logicalId.startsWith(nameOrPrefix));
        if (machine === undefined) throw new LocalStackStartError(`no state machine ${nameOrPrefix}; there are ${app.stateMachines.map((m) => m.name).join(', ')}`);
        return machine.arn;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

