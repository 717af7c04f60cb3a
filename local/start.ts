/**
 * `npm start`: synthesizes the CDK app, then runs all of mto-flow on this machine.
 *
 *   npm start                    # API on http://127.0.0.1:3000, data in .mto-local/
 *   npm start -- --port 3100     # another API port
 *   npm start -- --reset         # start empty
 *   npm start -- --no-synth      # reuse cdk.out as it is
 *
 * Ctrl-C stops everything (DynamoDB Local included); the next start resumes every order in flight.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDbLocalStartError } from './dynamodb-local/dynamodb-local';
import { LocalStackStartError, startLocalStack } from './runtime/local-stack';
import { seedLocalData } from './runtime/seed';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  console.error(`mto-flow: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.MTO_PORT ?? '3000' },
    data: { type: 'string', default: join(projectRoot, '.mto-local') },
    reset: { type: 'boolean', default: false },
    'no-synth': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a TCP port number; received ${values.port}`);

const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
if (java.error !== undefined) fail('Java 17 or newer is required (DynamoDB Local runs on it) but `java` was not found. Install it (Debian: apt-get install openjdk-17-jre-headless) and retry.');

const cdkOut = join(projectRoot, 'cdk.out');
if (!values['no-synth']) {
  console.log('mto-flow: synthesizing the CDK app (cdk synth)...');
  const synth = spawnSync(join(projectRoot, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', cdkOut], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (synth.status !== 0) fail('`cdk synth` failed (see above); nothing was started.');
}

try {
  const stack = await startLocalStack({
    cdkOutDir: cdkOut,
    dataDir: values.data,
    apiPort: port,
    reset: values.reset,
    seed: seedLocalData,
  });
  const { endpoints } = stack;
  console.log(`
mto-flow is running on this machine.

  API              ${endpoints.api}          (x-api-key: ${endpoints.apiKey})
  Outbox           ${endpoints.outbox}   (approval emails and Slack messages, links work)
  Suppliers        ${endpoints.suppliers}
  OpenAPI          ${endpoints.api}/openapi.json
  Step Functions   ${endpoints.stepFunctions}     (aws stepfunctions --endpoint-url ...)
  DynamoDB         ${endpoints.dynamoDb}
  Endpoints file   ${join(values.data, 'endpoints.json')}

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
      () => process.exit(0),
      (error: unknown) => fail(`could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof LocalStackStartError || error instanceof DynamoDbLocalStartError) fail(error.message);
  throw error;
}
