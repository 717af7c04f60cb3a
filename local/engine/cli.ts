/**
 * `npm run engine -- --port N [--data DIR] [--functions MODULE] [--dynamodb-endpoint URL]
 *  [--eventbridge-endpoint URL] [--no-fsync]`
 *
 * Runs the engine alone for any state machine a user brings, and prints its endpoint. Lambda
 * function ARNs run what `--functions` exports (a default export: a `(functionArn) => handler`
 * lookup or an object keyed by ARN or function name); without it, Lambda tasks fail with a
 * States.TaskFailed cause that says so. Without `--data` nothing survives a restart.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startEngineServer, type FunctionRegistry, type LambdaHandler } from './index';

const USAGE = 'Usage: npm run engine -- --port N [--data DIR] [--functions MODULE] [--dynamodb-endpoint URL] [--eventbridge-endpoint URL] [--no-fsync]';

class CliUsageError extends Error {
  public constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'CliUsageError';
  }
}

async function loadFunctions(modulePath: string): Promise<FunctionRegistry | Record<string, LambdaHandler>> {
  const loaded = (await import(pathToFileURL(resolve(modulePath)).href)) as { default?: unknown };
  const registry = loaded.default;
  if (typeof registry === 'function' || (registry !== null && typeof registry === 'object')) return registry as FunctionRegistry | Record<string, LambdaHandler>;
  throw new CliUsageError(`--functions ${modulePath} must have a default export: a (functionArn) => handler function or an object of handlers`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      functions: { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
      'eventbridge-endpoint': { type: 'string' },
      'no-fsync': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliUsageError(`--port must be a TCP port number, got '${values.port ?? ''}'`);
  const functions = values.functions === undefined ? undefined : await loadFunctions(values.functions);
  const server = await startEngineServer({
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(functions === undefined ? {} : { functions }),
    ...(values['dynamodb-endpoint'] === undefined ? {} : { dynamoDbEndpoint: values['dynamodb-endpoint'] }),
    ...(values['eventbridge-endpoint'] === undefined ? {} : { eventBridgeEndpoint: values['eventbridge-endpoint'] }),
    fsync: !values['no-fsync'],
  });
  const { recovered } = server.engine;
  console.log(`Step Functions engine listening on ${server.endpoint}`);
  console.log(
    values.data === undefined
      ? 'Data: in memory (pass --data DIR to keep executions across restarts)'
      : `Data: ${values.data} (${recovered.stateMachines} state machines, ${recovered.executions} executions, ${recovered.resumed} resumed)`,
  );
  console.log(`Try: aws stepfunctions list-state-machines --endpoint-url ${server.endpoint}`);
  const shutdown = (): void => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof CliUsageError ? error.message : error);
  process.exit(error instanceof CliUsageError ? 2 : 1);
});
