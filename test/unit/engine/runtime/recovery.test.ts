import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryEngineStore, VirtualClock } from '../../../../local/engine/index';
import { FileEngineStore } from '../../../../local/engine/store/engine-store.file';
import { createHarness, fnArn, typesOf } from './engine-harness';

const definitions = {
  wait: { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 120, Next: 'After' }, After: { Type: 'Pass', Result: 'waited', End: true } } },
  callback: {
    StartAt: 'Ask',
    States: {
      Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'Ask', Payload: { 'token.$': '$$.Task.Token' } }, End: true },
    },
  },
  retry: {
    StartAt: 'Flaky',
    States: { Flaky: { Type: 'Task', Resource: fnArn('Flaky'), Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 30, MaxAttempts: 2 }], End: true } },
  },
};

describe('engine runtime', () => {
  describe('recovery from the journal', () => {
    it('resumes waits, callback tasks and retries where a previous engine left them', async () => {
      // Prepare: the first engine gets every execution into a wait, then is abandoned.
      const store = new MemoryEngineStore();
      const tokens: string[] = [];
      let flakyCalls = 0;
      const functions = {
        Ask: (event: unknown) => tokens.push((event as { token: string }).token),
        Flaky: () => {
          flakyCalls += 1;
          if (flakyCalls === 1) throw new Error('first call fails');
          return 'recovered';
        },
      };
      const before = await createHarness({ store, functions, clock: new VirtualClock('2024-03-01T10:00:00Z') });
      const arns = {
        wait: await before.start(await before.createMachine(definitions.wait)),
        callback: await before.start(await before.createMachine(definitions.callback)),
        retry: await before.start(await before.createMachine(definitions.retry)),
      };
      await before.engine.settle();
      const historyBefore = await before.history(arns.wait);

      // Act: a new engine on the same store, 10 s later.
      const after = await createHarness({ store, functions, clock: new VirtualClock(before.clock.now() + 10_000) });
      await after.engine.call('SendTaskSuccess', { taskToken: tokens[0], output: '"answered"' });
      const results = {
        wait: await after.finish(arns.wait),
        callback: await after.finish(arns.callback),
        retry: await after.finish(arns.retry),
      };

      // Assess
      expect(after.engine.recovered).toEqual({ stateMachines: 3, executions: 3, resumed: 3 });
      expect(results.wait).toMatchObject({ status: 'SUCCEEDED', output: '"waited"' });
      expect(results.callback).toMatchObject({ status: 'SUCCEEDED', output: '"answered"' });
      expect(results.retry).toMatchObject({ status: 'SUCCEEDED', output: '"recovered"' });
      expect(flakyCalls).toBe(2);
      const historyAfter = await after.history(arns.wait);
      expect(historyAfter.slice(0, historyBefore.length)).toEqual(historyBefore);
      expect(historyAfter.map((event) => event.id)).toEqual(historyAfter.map((_event, index) => index + 1));
      const exited = historyAfter.find((event) => event.type === 'WaitStateExited');
      const entered = historyAfter.find((event) => event.type === 'WaitStateEntered');
      expect(exited!.timestamp - entered!.timestamp).toBe(120);
    });
  });

  describe('file journal', () => {
    it('keeps executions across engines on the same data directory', async () => {
      // Prepare
      const dataDir = await mkdtemp(join(tmpdir(), 'engine-journal-'));
      try {
        const first = await createHarness({ dataDir });
        const executionArn = await first.start(await first.createMachine(definitions.wait), { keep: 1 });
        await first.engine.settle();
        await first.engine.close();

        // Act
        const second = await createHarness({ dataDir, clock: new VirtualClock(first.clock.now()) });
        const described = await second.finish(executionArn);

        // Assess
        expect(described.status).toBe('SUCCEEDED');
        expect(typesOf(await second.history(executionArn))).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
        await second.engine.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });

    it('writes every record in batched durability, so a later engine reads the whole history', async () => {
      // Prepare
      const dataDir = await mkdtemp(join(tmpdir(), 'engine-batched-'));
      try {
        const first = await createHarness({ dataDir, durability: 'batched' });
        const { executionArn, events } = await first.run({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } }, { n: 1 });
        await first.engine.close();

        // Act
        const second = await createHarness({ dataDir, clock: new VirtualClock(first.clock.now()) });

        // Assess
        expect(await second.history(executionArn)).toEqual(events);
        expect((await second.describe(executionArn)).status).toBe('SUCCEEDED');
        await second.engine.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });

    it('drops a torn last line and reads everything before it', async () => {
      // Prepare
      const dataDir = await mkdtemp(join(tmpdir(), 'engine-torn-'));
      try {
        const store = new FileEngineStore(dataDir);
        await store.init();
        const key = { stateMachineName: 'm', executionName: 'e' };
        const journal = store.journal(key);
        await journal.append([{ seq: 1, at: 0, thread: '', op: 'enter', state: 'A' }]);
        await journal.release();
        const { appendFile } = await import('node:fs/promises');
        await appendFile(join(dataDir, 'executions', 'm', 'e.jsonl'), '{"seq":2,"at":0,"thr');

        // Act
        const records = await store.readJournal(key);

        // Assess
        expect(records.map((record) => record.seq)).toEqual([1]);
        await store.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
});
