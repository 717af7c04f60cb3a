/**
 * `npm start`: synthesizes the CDK app, then runs all of mto-flow on this machine.
 *
 *   npm start                          # API on http://127.0.0.1:3000, data in .mto-local/
 *   npm start -- --port 3100           # another API port (0: any free one; endpoints.json says which)
 *   npm start -- --reset               # start empty
 *   npm start -- --no-synth            # reuse the cloud assembly as it is
 *   npm start -- --cdk-out DIR         # the cloud assembly to run (default ./cdk.out)
 *   npm start -- --data DIR            # where the data lives (default ./.mto-local)
 *   npm start -- --quiet               # one line when ready, instead of the welcome text
 *   npm start -- --faults JSON|FILE    # inject Lambda faults, e.g. '[{"functionName":"reserve-stock","transientRate":0.3}]'
 *
 * Ctrl-C stops everything (DynamoDB Local included); the next start resumes every order in flight.
 * A missing prerequisite or a taken port is one line saying what to do, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { DynamoDbLocalStartError, stopLeftoverDynamoDbLocal } from './dynamodb-local/dynamodb-local';
import { parseFunctionFaults } from './functions/function-faults';
import { FunctionFaultConfigError, type FunctionFaultOptions } from './functions/function-host';
import { LocalStackStartError, startLocalStack } from './runtime/local-stack';
import { seedLocalData } from './runtime/seed';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MINIMUM_JAVA = 17;
// The SDK's "Node 22 will be required in 2027" notice is not something to act on while running locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function fail(message: string): never {
  console.error(`mto-flow: ${message}`);
  process.exit(1);
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: process.env.MTO_PORT ?? '3000' },
        data: { type: 'string', default: join(projectRoot, '.mto-local') },
        'cdk-out': { type: 'string', default: join(projectRoot, 'cdk.out') },
        reset: { type: 'boolean', default: false },
        'no-synth': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        faults: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    // parseArgs explains itself ("Unknown option '--prot'"); its stack trace would not help.
    return fail(`${error instanceof Error ? error.message : String(error)}. Options: --port N, --data DIR, --cdk-out DIR, --reset, --no-synth, --quiet, --faults JSON|FILE`);
  }
}

/** The major version `java -version` reports ("17.0.15" -> 17, "1.8.0_392" -> 8), or undefined. */
function javaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (match === null) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

const values = parseOptions();
const port = Number(values.port);
if (values.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a TCP port number (0 for any free one); received ${values.port}`);

let faults: FunctionFaultOptions | undefined;
if (values.faults !== undefined) {
  try {
    faults = parseFunctionFaults(values.faults);
  } catch (error) {
    fail(error instanceof FunctionFaultConfigError ? error.message : `--faults is neither valid JSON nor a readable file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True when nothing listens on 127.0.0.1:port (checked first, so a taken port fails in a moment, not after DynamoDB Local started). */
async function isPortFree(candidate: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(candidate, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}
if (port !== 0 && !(await isPortFree(port))) fail(`port ${port} is taken: stop what uses it, or start with --port <another> (0 picks a free one)`);

const installJava = 'Install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and retry.';
const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
if (java.error !== undefined) fail(`DynamoDB Local runs on Java, but \`java\` was not found on PATH. ${installJava}`);
const javaMajor = javaMajorVersion(`${java.stderr}${java.stdout}`);
if (javaMajor !== undefined && javaMajor < MINIMUM_JAVA) fail(`Java ${javaMajor} was found, but DynamoDB Local needs Java ${MINIMUM_JAVA} or newer. ${installJava}`);

const cdkOut = resolve(values['cdk-out']);
if (!values['no-synth']) {
  if (!values.quiet) console.log('mto-flow: synthesizing the CDK app (cdk synth)...');
  const synth = spawnSync(join(projectRoot, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', cdkOut], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (synth.status !== 0) fail('`cdk synth` failed (see above); nothing was started.');
} else if (!existsSync(join(cdkOut, 'manifest.json'))) {
  fail(`--no-synth, but ${cdkOut} holds no cloud assembly: run \`npm run synth\` or drop --no-synth`);
}

const endpointsFile = join(resolve(values.data), 'endpoints.json');
try {
  // --reset deletes the data folder: a DynamoDB Local a killed runtime left on it must go first.
  if (values.reset) await stopLeftoverDynamoDbLocal(join(resolve(values.data), 'dynamodb.pid'), join(resolve(values.data), 'dynamodb'));
  const stack = await startLocalStack({
    cdkOutDir: cdkOut,
    dataDir: values.data,
    apiPort: port,
    reset: values.reset,
    seed: seedLocalData,
  });
  if (faults !== undefined) stack.functions.setFaults(faults);
  const { endpoints } = stack;
  if (values.quiet) console.log(`mto-flow is running: API ${endpoints.api} (endpoints in ${endpointsFile})`);
  else console.log(`
mto-flow is running on this machine.

  API              ${endpoints.api}          (x-api-key: ${endpoints.apiKey})
  Outbox           ${endpoints.outbox}   (approval emails and Slack messages, links work)
  Suppliers        ${endpoints.suppliers}
  OpenAPI          ${endpoints.api}/openapi.json
  Step Functions   ${endpoints.stepFunctions}     (aws stepfunctions --endpoint-url ...)
  DynamoDB         ${endpoints.dynamoDb}
  Endpoints file   ${endpointsFile}${faults === undefined ? '' : `\n  Faults           ${faults.rules.length} injected (--faults)`}

Place an order:   npm run mto -- orders place --sample
Watch it:         npm run mto -- orders watch <orderId>
Drive a demo:     npm run demo
Ctrl-C stops everything; the next \`npm start\` resumes orders in flight.
`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\nmto-flow: ${signal}: stopping...`);
    stack.stop().then(
      () => {
        // Nothing answers at those endpoints any more: the CLI and the demo should say so.
        rmSync(endpointsFile, { force: true });
        process.exit(0);
      },
      (error: unknown) => fail(`could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof LocalStackStartError || error instanceof DynamoDbLocalStartError) fail(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES') fail(`port ${port} needs privileges this user lacks: start with --port <a number above 1024>`);
  if (code === 'ENOSPC') fail(`the disk holding ${resolve(values.data)} is full: free some space and retry`);
  throw error;
}
