/**
 * In strict durability nothing may take effect before the records of its append are durable: no
 * task invoked, no callback token shown, no API answer built from them. A store that holds every
 * append until the test lets it through stands for a slow disk.
 */
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../../local/engine/runtime/records';
import type { EngineStore, ExecutionJournal, JournalKey } from '../../../../local/engine/store/engine-store';
import { MemoryEngineStore } from '../../../../local/engine/store/engine-store.memory';
import { createHarness, fnArn, type Harness } from './engine-harness';

interface HeldAppend {
  readonly execution: string;
  readonly ops: string[];
  readonly release: () => void;
}

/** A durable-looking store whose appends complete only when released (in order), or at once while `gate.open`. */
function gatedStore(): { store: EngineStore; held: HeldAppend[]; gate: { open: boolean } } {
  const inner = new MemoryEngineStore();
  const held: HeldAppend[] = [];
  const gate = { open: false };
  const store: EngineStore = {
    durable: true,
    loadStateMachines: () => inner.loadStateMachines(),
    saveStateMachine: (machine) => inner.saveStateMachine(machine),
    deleteStateMachine: (name) => inner.deleteStateMachine(name),
    listJournals: () => inner.listJournals(),
    readJournal: (key) => inner.readJournal(key),
    close: () => inner.close(),
    journal: (key: JournalKey): ExecutionJournal => {
      const journal = inner.journal(key);
      return {
        append: (records: readonly JournalRecord[]) =>
          new Promise<void>((resolve) => {
            if (gate.open) {
              void journal.append(records);
              resolve();
              return;
            }
            held.push({
              execution: key.executionName,
              ops: records.map((record) => record.op),
              release: () => {
                void journal.append(records);
                resolve();
              },
            });
          }),
        release: () => journal.release(),
      };
    },
  };
  return { store, held, gate };
}

/** Waits until `count` appends are held (the engine works through promises and setImmediate). */
async function heldCount(held: HeldAppend[], count: number): Promise<void> {
  for (let turn = 0; turn < 100 && held.length < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(held.length).toBeGreaterThanOrEqual(count);
}

const typesOf = async (harness: Harness, executionArn: string): Promise<string[]> => (await harness.history(executionArn)).map((event) => event.type);

describe('engine runtime', () => {
  describe('strict durability with a slow disk', () => {
    it('invokes a task, shows its events and answers DescribeExecution only from durable records', async () => {
      // Prepare
      const { store, held } = gatedStore();
      let invocations = 0;
      const harness = await createHarness({ store, functions: { Echo: (event: unknown) => ((invocations += 1), event) } });
      const machine = await harness.createMachine({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: fnArn('Echo'), End: true } } });

      // Act + Assess: each append is held, then released.
      const starting = harness.start(machine, { n: 1 });
      await heldCount(held, 1);
      held[0]?.release();
      const executionArn = await starting;
      await heldCount(held, 2);
      expect(held[1]?.ops).toEqual(['schedule', 'started']);
      expect(invocations).toBe(0);
      expect(await typesOf(harness, executionArn)).toEqual(['ExecutionStarted', 'TaskStateEntered']);
      held[1]?.release();
      await heldCount(held, 3);
      expect(invocations).toBe(1);
      expect(held[2]?.ops).toEqual(['result', 'exit', 'done']);
      expect((await harness.describe(executionArn)).status).toBe('RUNNING');
      expect(await typesOf(harness, executionArn)).not.toContain('ExecutionSucceeded');
      let waited: Record<string, unknown> | undefined;
      const waiting = harness.engine.waitForExecution(executionArn).then((described) => (waited = described));
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(waited).toBeUndefined();
      held[2]?.release();
      await waiting;
      expect(waited).toMatchObject({ status: 'SUCCEEDED', output: '{"n":1}' });
      await harness.engine.settle();
      expect(await harness.describe(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"n":1}' });
      expect(await typesOf(harness, executionArn)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionSucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ]);
    });

    it('shows no task token in the history before the record that issues it is durable', async () => {
      // Prepare
      const { store, held } = gatedStore();
      const tokens: string[] = [];
      const harness = await createHarness({ store, functions: { Ask: (event: { token: string }) => void tokens.push(event.token) } });
      const machine = await harness.createMachine({
        StartAt: 'Ask',
        States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'Ask', Payload: { 'token.$': '$$.Task.Token' } }, End: true } },
      });
      const starting = harness.start(machine);
      await heldCount(held, 1);
      held[0]?.release();
      const executionArn = await starting;
      await heldCount(held, 2);

      // Act
      const shown = JSON.stringify(await harness.history(executionArn));

      // Assess
      expect(held[1]?.ops).toEqual(['schedule', 'started']);
      expect(shown).not.toContain('TaskScheduled');
      expect(tokens).toEqual([]);
      held[1]?.release();
      await heldCount(held, 3);
      expect(tokens).toHaveLength(1);
      expect(JSON.stringify(await harness.history(executionArn))).toContain(tokens[0]);
    });

    it('stops a nested .sync execution of an aborted branch only once the abort is durable', async () => {
      // Prepare: branch 0 waits for a nested execution, branch 1 for a callback that will fail it.
      const { store, held, gate } = gatedStore();
      gate.open = true;
      const tokens: string[] = [];
      const harness = await createHarness({ store, functions: { Ask: (event: { token: string }) => void tokens.push(event.token) } });
      const child = await harness.createMachine({ StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 1000, End: true } } });
      const parent = await harness.createMachine({
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Nested', States: { Nested: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: child, Input: {} }, End: true } } },
              {
                StartAt: 'Ask',
                States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'Ask', Payload: { 'token.$': '$$.Task.Token' } }, End: true } },
              },
            ],
            End: true,
          },
        },
      });
      await harness.start(parent, {}, 'parent');
      await harness.engine.settle();
      expect(tokens).toHaveLength(1);

      // Act: the callback fails branch 1; each append is let through one by one.
      gate.open = false;
      const failing = harness.engine.call('SendTaskFailure', { taskToken: tokens[0], error: 'No' });
      const stopsBeforeAbortDurable: string[][] = [];
      for (let released = 0; released < 20; released += 1) {
        await heldCount(held, released + 1).catch(() => undefined);
        const next = held[released];
        if (next === undefined) break;
        if (next.execution === 'parent' && next.ops.includes('abort')) {
          for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
          stopsBeforeAbortDurable.push(...held.filter((append) => append.execution !== 'parent' && append.ops.includes('stop')).map((append) => append.ops));
        }
        next.release();
      }
      gate.open = true;
      for (const append of held.slice()) append.release();
      await failing;
      await harness.engine.settle();

      // Assess
      expect(held.some((append) => append.execution === 'parent' && append.ops.includes('abort'))).toBe(true);
      expect(stopsBeforeAbortDurable).toEqual([]);
      expect(held.some((append) => append.execution !== 'parent' && append.ops.includes('stop'))).toBe(true);
    });
  });
});
