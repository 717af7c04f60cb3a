/**
 * SIGKILL while many executions run at once (their records go through the shared write-ahead
 * log), then a new process on the same data: every execution StartExecution acknowledged is
 * there and finishes, histories are unbroken, and an execution that had closed before the
 * crash invokes nothing again.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineClient, startEngineProcess } from './support/engine-process';

const fn = 'arn:aws:lambda:us-east-1:123456789012:function:Record';
const task = (step: string, next: string): Record<string, unknown> => ({ Type: 'Task', Resource: fn, Parameters: { 'name.$': '$$.Execution.Name', step }, ResultPath: null, Next: next });
const definition = {
  StartAt: 'First',
  States: {
    First: task('first', 'P1'),
    P1: { Type: 'Pass', Next: 'P2' },
    P2: { Type: 'Pass', Result: { kept: true }, ResultPath: '$.pass', Next: 'Second' },
    Second: task('second', 'Items'),
    Items: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Each', States: { Each: { Type: 'Pass', End: true } } }, ResultPath: '$.mapped', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

let dataDir: string;
let invocationsFile: string;
const processes: ChildProcess[] = [];

async function startEngine(): Promise<{ process: ChildProcess; endpoint: string }> {
  const started = await startEngineProcess({ dataDir, functions: 'test/integration/engine/support/load-functions.ts', env: { ENGINE_INVOCATIONS_FILE: invocationsFile } });
  processes.push(started.process);
  return started;
}

const client = (endpoint: string): SFNClient => engineClient(endpoint, 'load');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engine-load-crash-'));
  invocationsFile = join(dataDir, 'invocations.log');
});

afterAll(async () => {
  for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('engine crash recovery', () => {
  describe('after SIGKILL in the middle of many concurrent executions', () => {
    it('keeps every acknowledged execution, finishes them with unbroken histories, and re-runs nothing of a closed one', async () => {
      // Prepare: executions started without pause (their flushes go through the write-ahead log) until the kill.
      const first = await startEngine();
      let sfn = client(first.endpoint);
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'load', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::123456789012:role/load' }));
      const acknowledged: string[] = [];
      let killed = false;
      const starters = Array.from({ length: 8 }, async (_unused, worker) => {
        for (let index = 0; !killed; index += 1) {
          try {
            const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `w${worker}-${index}`, input: JSON.stringify({ items: [1, 2, 3] }) }));
            if (started.executionArn !== undefined) acknowledged.push(started.executionArn);
          } catch {
            return; // the process is gone
          }
        }
      });
      await new Promise((done) => setTimeout(done, 1_500));
      const closedBefore = ((await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 1000 }))).executions ?? []).map((execution) => execution.name ?? '');
      first.process.kill('SIGKILL');
      killed = true;
      await new Promise((done) => first.process.once('exit', done));
      await Promise.all(starters);
      sfn.destroy();
      const logLeftByTheCrash = (await stat(join(dataDir, 'journals.wal'))).size;
      await appendFile(invocationsFile, '--- restart\n');

      // Act
      const second = await startEngine();
      sfn = client(second.endpoint);
      const deadline = Date.now() + 60_000;
      const statuses = new Map<string, string>();
      for (const executionArn of acknowledged) {
        for (;;) {
          const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
          if (status !== 'RUNNING' || Date.now() > deadline) {
            statuses.set(executionArn, status ?? '');
            break;
          }
          await new Promise((done) => setTimeout(done, 50));
        }
      }

      // Assess
      expect(acknowledged.length).toBeGreaterThan(10);
      expect(closedBefore.length).toBeGreaterThan(0);
      expect(logLeftByTheCrash).toBeGreaterThan(0);
      expect([...statuses.values()].filter((status) => status !== 'SUCCEEDED')).toEqual([]);
      for (const executionArn of acknowledged) {
        const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
        expect(events.map((event) => event.id)).toEqual(events.map((_event, index) => index + 1));
        expect(events.filter((event) => event.type === 'LambdaFunctionSucceeded')).toHaveLength(2);
        expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
      }
      const afterRestart = (await readFile(invocationsFile, 'utf8')).split('--- restart\n')[1]?.split('\n') ?? [];
      const closedSet = new Set(closedBefore);
      expect(afterRestart.filter((line) => closedSet.has(line.split(' ')[0] ?? ''))).toEqual([]);
      sfn.destroy();
    }, 120_000);
  });
});
