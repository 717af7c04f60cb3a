/**
 * A stand-in for the runtime process in the DynamoDB Local crash tests: starts DynamoDB Local on
 * the data folder given as its argument, prints `{"pid":<java pid>,"endpoint":...}` on one line, and
 * then waits to be killed.
 */
import { startDynamoDbLocal } from '../../../local/dynamodb-local/dynamodb-local';

const dbPath = process.argv[2];
if (dbPath === undefined) throw new Error('usage: dynamodb-local.child.ts <dbPath>');
const running = await startDynamoDbLocal({ dbPath, startTimeoutMs: 60_000 });
process.stdout.write(`${JSON.stringify({ pid: running.pid, endpoint: running.endpoint })}\n`);
setInterval(() => undefined, 60_000);
