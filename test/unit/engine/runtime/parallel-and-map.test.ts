import { describe, expect, it } from 'vitest';
import { createHarness, deferred, fnArn, typesOf } from './engine-harness';

describe('engine runtime', () => {
  describe('Parallel', () => {
    it('returns the branch outputs in branch order', async () => {
      // Prepare
      const harness = await createHarness();
      const definition = {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 10, Next: 'A' }, A: { Type: 'Pass', Result: 'a', End: true } } },
              { StartAt: 'B', States: { B: { Type: 'Pass', Result: 'b', End: true } } },
            ],
            End: true,
          },
        },
      };

      // Act
      const { described, events } = await harness.run(definition);

      // Assess
      expect(JSON.parse(described.output as string)).toEqual(['a', 'b']);
      expect(typesOf(events)).toContain('ParallelStateSucceeded');
    });

    it('cancels the sibling branches when one fails, and fails with its error', async () => {
      // Prepare
      const calledAfterWait: string[] = [];
      const harness = await createHarness({ functions: { After: () => calledAfterWait.push('after') } });
      const definition = {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'LongWait', States: { LongWait: { Type: 'Wait', Seconds: 3600, Next: 'After' }, After: { Type: 'Task', Resource: fnArn('After'), End: true } } },
              { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'BranchFailed', Cause: 'the second branch failed' } } },
            ],
            Catch: [{ ErrorEquals: ['BranchFailed'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      };
      const startedAt = harness.clock.now();

      // Act
      const { described, events } = await harness.run(definition);

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output as string)).toEqual({ Error: 'BranchFailed', Cause: 'the second branch failed' });
      expect(typesOf(events)).toEqual(expect.arrayContaining(['WaitStateAborted', 'ParallelStateFailed']));
      expect(harness.clock.now()).toBe(startedAt);
      expect(harness.clock.pendingTimers).toBe(0);
      expect(calledAfterWait).toEqual([]);
    });
  });

  describe('Map', () => {
    it('never runs more iterations at once than MaxConcurrency and keeps item order', async () => {
      // Prepare
      let running = 0;
      let mostAtOnce = 0;
      const gates: { resolve: () => void }[] = [];
      const harness = await createHarness({
        functions: {
          Work: async (event: unknown) => {
            running += 1;
            mostAtOnce = Math.max(mostAtOnce, running);
            const gate = deferred<void>();
            gates.push(gate);
            await gate.promise;
            running -= 1;
            return (event as number) * 10;
          },
        },
      });
      const definition = {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            MaxConcurrency: 2,
            ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Work', States: { Work: { Type: 'Task', Resource: fnArn('Work'), End: true } } },
            End: true,
          },
        },
      };
      const executionArn = await harness.start(await harness.createMachine(definition), [1, 2, 3, 4, 5]);

      // Act: release the gates one at a time, letting the engine start the next iteration.
      for (let released = 0; released < 5; released += 1) {
        await harness.engine.settle();
        gates[released]?.resolve();
      }
      const described = await harness.finish(executionArn);

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output as string)).toEqual([10, 20, 30, 40, 50]);
      expect(mostAtOnce).toBe(2);
      const events = await harness.history(executionArn);
      expect(events.filter((event) => event.type === 'MapIterationStarted')).toHaveLength(5);
      expect(events.find((event) => event.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 5 });
    });

    it('gives each iteration $$.Map.Item through ItemSelector and the outer variables', async () => {
      // Prepare
      const harness = await createHarness();
      const definition = {
        StartAt: 'Remember',
        States: {
          Remember: { Type: 'Pass', Assign: { factor: 3 }, Next: 'Each' },
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' },
            ItemProcessor: { StartAt: 'Scale', States: { Scale: { Type: 'Pass', Parameters: { 'index.$': '$.index', 'factor.$': '$factor' }, End: true } } },
            End: true,
          },
        },
      };

      // Act
      const { described } = await harness.run(definition, { items: ['x', 'y'] });

      // Assess
      expect(JSON.parse(described.output as string)).toEqual([
        { index: 0, factor: 3 },
        { index: 1, factor: 3 },
      ]);
    });

    it('fails the Map when an iteration fails and aborts the others', async () => {
      // Prepare
      const harness = await createHarness();
      const definition = {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'Route',
              States: {
                Route: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Bad' }], Default: 'Hold' },
                Hold: { Type: 'Wait', Seconds: 100, End: true },
                Bad: { Type: 'Fail', Error: 'BadItem', Cause: 'item 2' },
              },
            },
            End: true,
          },
        },
      };

      // Act
      const { described, events } = await harness.run(definition, [1, 2, 3]);

      // Assess
      expect(described.status).toBe('FAILED');
      expect(described.error).toBe('BadItem');
      expect(typesOf(events)).toEqual(expect.arrayContaining(['MapIterationFailed', 'MapIterationAborted', 'MapStateFailed']));
    });

    it('succeeds with [] over an empty array', async () => {
      // Prepare
      const harness = await createHarness();
      const definition = { StartAt: 'Each', States: { Each: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };

      // Act
      const { described } = await harness.run(definition, []);

      // Assess
      expect(JSON.parse(described.output as string)).toEqual([]);
    });
  });
});
