/**
 * Kills an engine process with SIGKILL while executions wait (Wait state, task token callback,
 * retry backoff), starts a new process on the same data directory, and checks each execution
 * finishes with the right output and an unbroken history, the pre-crash task token included.
 */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, StartExecutionCommand, CreateStateMachineCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineClient, startEngineProcess } from './support/engine-process';

const fn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const definitions = {
  wait: { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 4, Next: 'After' }, After: { Type: 'Pass', Result: 'waited', End: true } } },
  callback: {
    StartAt: 'Ask',
    States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'Notify', Payload: { 'token.$': '$$.Task.Token' } }, End: true } },
  },
  retry: {
    StartAt: 'Flaky',
    States: { Flaky: { Type: 'Task', Resource: fn('Flaky'), Parameters: { 'retry.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 4, MaxAttempts: 2 }], End: true } },
  },
};

let dataDir: string;
let engine: ChildProcess | undefined;

/** Starts `npm run engine` as a child process and resolves with its endpoint. */
function startEngine(): Promise<{ process: ChildProcess; endpoint: string }> {
  return startEngineProcess({ dataDir, functions: 'test/integration/engine/support/crash-functions.ts' });
}

function client(endpoint: string): SFNClient {
  return engineClient(endpoint, 'crash');
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const hasEvent = (events: HistoryEvent[], type: string): boolean => events.some((event) => event.type === type);
const at = (events: HistoryEvent[], type: string, nth = 0): number => events.filter((event) => event.type === type)[nth]?.timestamp?.getTime() ?? Number.NaN;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engine-crash-'));
});

afterAll(async () => {
  engine?.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('engine crash recovery', () => {
  describe('after SIGKILL and a restart on the same data directory', () => {
    it('finishes waits, callbacks and retries with unbroken histories', async () => {
      // Prepare: executions waiting in each way, then the process is killed.
      const first = await startEngine();
      engine = first.process;
      let sfn = client(first.endpoint);
      const arns: Record<keyof typeof definitions, string> = { wait: '', callback: '', retry: '' };
      for (const key of Object.keys(definitions) as (keyof typeof definitions)[]) {
        const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: `crash-${key}`, definition: JSON.stringify(definitions[key]), roleArn: 'arn:aws:iam::123456789012:role/crash' }));
        arns[key] = (await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `${key}-1` }))).executionArn ?? '';
      }
      const before = {
        wait: await until(async () => ((events) => (hasEvent(events, 'WaitStateEntered') ? events : undefined))(await history(sfn, arns.wait)), 'the Wait state'),
        callback: await until(async () => ((events) => (hasEvent(events, 'TaskSubmitted') ? events : undefined))(await history(sfn, arns.callback)), 'the callback task'),
        retry: await until(async () => ((events) => (hasEvent(events, 'LambdaFunctionFailed') ? events : undefined))(await history(sfn, arns.retry)), 'the first failure'),
      };
      const scheduled = before.callback.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails?.parameters ?? '{}';
      const token = (JSON.parse(scheduled) as { Payload: { token: string } }).Payload.token;
      first.process.kill('SIGKILL');
      await new Promise((done) => first.process.once('exit', done));
      sfn.destroy();

      // Act: a new process on the same data; the old token is answered.
      const second = await startEngine();
      engine = second.process;
      sfn = client(second.endpoint);
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"answer":"yes"}' }));
      const finished: Record<string, { status?: string; output?: string }> = {};
      for (const key of Object.keys(arns) as (keyof typeof arns)[]) {
        finished[key] = await until(async () => {
          const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arns[key] }));
          return described.status === 'RUNNING' ? undefined : described;
        }, `${key} to finish`);
      }

      // Assess
      expect(finished.wait).toMatchObject({ status: 'SUCCEEDED', output: '"waited"' });
      expect(finished.callback).toMatchObject({ status: 'SUCCEEDED', output: '{"answer":"yes"}' });
      expect(finished.retry).toMatchObject({ status: 'SUCCEEDED', output: '"recovered"' });
      for (const key of Object.keys(arns) as (keyof typeof arns)[]) {
        const after = await history(sfn, arns[key]);
        expect(after.slice(0, before[key].length)).toEqual(before[key]);
        expect(after.map((event) => event.id)).toEqual(after.map((_event, index) => index + 1));
      }
      const waitHistory = await history(sfn, arns.wait);
      expect(at(waitHistory, 'WaitStateExited') - at(waitHistory, 'WaitStateEntered')).toBeGreaterThanOrEqual(4_000);
      const retryHistory = await history(sfn, arns.retry);
      expect(at(retryHistory, 'LambdaFunctionScheduled', 1) - at(retryHistory, 'LambdaFunctionFailed')).toBeGreaterThanOrEqual(4_000);
      sfn.destroy();
    });
  });
});
