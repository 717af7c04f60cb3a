import { describe, expect, it } from 'vitest';
import { MemoryEngineStore } from '../../../../local/engine/index';
import { replayJournal } from '../../../../local/engine/runtime/execution-state';
import { historyOf } from '../../../../local/engine/runtime/history';
import type { JournalRecord } from '../../../../local/engine/runtime/records';
import { createHarness, fnArn } from './engine-harness';

const TRUNCATED_NOT = { truncated: false };

/** A memory store that records, for every append, the ops of the records it groups. */
function appendRecordingStore(): { store: MemoryEngineStore; appends: string[][] } {
  const store = new MemoryEngineStore();
  const appends: string[][] = [];
  const journalOf = store.journal.bind(store);
  store.journal = (key) => {
    const journal = journalOf(key);
    return {
      append: (records) => {
        appends.push(records.map((record) => record.op));
        return journal.append(records);
      },
      release: () => journal.release(),
    };
  };
  return { store, appends };
}
const meta = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
  name: 'e',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
  stateMachineName: 'm',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  type: 'STANDARD' as const,
};
const definition = { StartAt: 'A', States: { A: { Type: 'Pass' as const, Next: 'B' }, B: { Type: 'Pass' as const, End: true } } };
const start: JournalRecord = {
  seq: 1,
  at: 1_000,
  thread: '',
  op: 'start',
  meta,
  input: { n: 1 },
  definition,
  event: { id: 1, previousEventId: 0, type: 'ExecutionStarted', details: { input: '{"n":1}', inputDetails: TRUNCATED_NOT, roleArn: meta.roleArn } },
};
const enterA: JournalRecord = {
  seq: 2,
  at: 1_000,
  thread: '',
  op: 'enter',
  state: 'A',
  event: { id: 2, previousEventId: 1, type: 'PassStateEntered', details: { name: 'A', input: '{"n":1}', inputDetails: TRUNCATED_NOT } },
};

describe('engine runtime', () => {
  describe('history of compact exit records', () => {
    it('shows one transition as the StateExited and the next StateEntered event, numbered as AWS does', async () => {
      // Prepare
      const harness = await createHarness();
      const chain = {
        StartAt: 'First',
        States: {
          First: { Type: 'Pass', Result: 7, ResultPath: '$.seven', Assign: { counter: 1 }, Next: 'Second' },
          Second: { Type: 'Pass', End: true },
        },
      };

      // Act
      const { events } = await harness.run(chain, { order: 'A-1' });

      // Assess
      const at = events[0]?.timestamp;
      expect(events.map(({ timestamp: _timestamp, ...event }) => event)).toEqual([
        { id: 1, previousEventId: 0, type: 'ExecutionStarted', executionStartedEventDetails: expect.objectContaining({ input: '{"order":"A-1"}' }) as unknown },
        { id: 2, previousEventId: 1, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'First', input: '{"order":"A-1"}', inputDetails: TRUNCATED_NOT } },
        {
          id: 3,
          previousEventId: 2,
          type: 'PassStateExited',
          stateExitedEventDetails: {
            name: 'First',
            output: '{"order":"A-1","seven":7}',
            outputDetails: TRUNCATED_NOT,
            assignedVariables: { counter: '1' },
            assignedVariablesDetails: TRUNCATED_NOT,
          },
        },
        { id: 4, previousEventId: 3, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Second', input: '{"order":"A-1","seven":7}', inputDetails: TRUNCATED_NOT } },
        { id: 5, previousEventId: 4, type: 'PassStateExited', stateExitedEventDetails: { name: 'Second', output: '{"order":"A-1","seven":7}', outputDetails: TRUNCATED_NOT } },
        { id: 6, previousEventId: 5, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"order":"A-1","seven":7}', outputDetails: TRUNCATED_NOT } },
      ]);
      expect(events.every((event) => event.timestamp === at)).toBe(true);
    });

    it('leaves the payloads out of derived events when execution data is not asked for', () => {
      // Prepare
      const exit: JournalRecord = { seq: 3, at: 2_000, thread: '', op: 'exit', state: 'A', output: { n: 2 }, next: 'B', stateType: 'Pass', nextType: 'Pass', eventId: 3, previousEventId: 2 };

      // Act
      const events = historyOf([start, enterA, exit], false);

      // Assess
      expect(events.slice(2)).toEqual([
        { id: 3, previousEventId: 2, timestamp: 2, type: 'PassStateExited', stateExitedEventDetails: { name: 'A', outputDetails: TRUNCATED_NOT } },
        { id: 4, previousEventId: 3, timestamp: 2, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'B', inputDetails: TRUNCATED_NOT } },
      ]);
    });

    it('reads journals written with one record per event (exit, then enter) as it reads compact ones', () => {
      // Prepare: the same transition A -> B -> end, written both ways.
      const separate: JournalRecord[] = [
        start,
        enterA,
        {
          seq: 3,
          at: 2_000,
          thread: '',
          op: 'exit',
          state: 'A',
          output: { n: 2 },
          next: 'B',
          event: { id: 3, previousEventId: 2, type: 'PassStateExited', details: { name: 'A', output: '{"n":2}', outputDetails: TRUNCATED_NOT } },
        },
        {
          seq: 4,
          at: 2_000,
          thread: '',
          op: 'enter',
          state: 'B',
          event: { id: 4, previousEventId: 3, type: 'PassStateEntered', details: { name: 'B', input: '{"n":2}', inputDetails: TRUNCATED_NOT } },
        },
      ];
      const compact: JournalRecord[] = [
        start,
        enterA,
        { seq: 3, at: 2_000, thread: '', op: 'exit', state: 'A', output: { n: 2 }, next: 'B', stateType: 'Pass', nextType: 'Pass', eventId: 3, previousEventId: 2 },
      ];

      // Act
      const [fromSeparate, fromCompact] = [separate, compact].map((records) => ({ history: historyOf(records), state: replayJournal(records) }));

      // Assess
      expect(fromCompact?.history).toEqual(fromSeparate?.history);
      const [main, mainOfSeparate] = [fromCompact?.state.threads.get(''), fromSeparate?.state.threads.get('')];
      expect({ stateName: main?.stateName, step: main?.step.kind, enteredAt: main?.enteredAt, lastEventId: main?.lastEventId, input: main?.input }).toEqual({
        stateName: mainOfSeparate?.stateName,
        step: mainOfSeparate?.step.kind,
        enteredAt: mainOfSeparate?.enteredAt,
        lastEventId: mainOfSeparate?.lastEventId,
        input: mainOfSeparate?.input,
      });
      expect(fromCompact?.state.eventId).toBe(4);
    });

    it('writes one journal record per Pass transition', async () => {
      // Prepare
      const store = new MemoryEngineStore();
      const harness = await createHarness({ store });
      const chain = { StartAt: 'P0', States: { P0: { Type: 'Pass', Next: 'P1' }, P1: { Type: 'Pass', Next: 'P2' }, P2: { Type: 'Pass', End: true } } };

      // Act
      const { executionArn } = await harness.run(chain);
      const [key] = await store.listJournals();
      const records = key === undefined ? [] : await store.readJournal(key);

      // Assess
      expect(executionArn).toContain(key?.executionName ?? 'no journal');
      expect(records.map((record) => record.op)).toEqual(['start', 'enter', 'exit', 'exit', 'exit', 'done']);
    });
  });

  describe('journal writes', () => {
    it('writes a start with its first entry, each transition, and the last exit with the end, each in one append', async () => {
      // Prepare
      const { store, appends } = appendRecordingStore();
      const harness = await createHarness({ store });
      const chain = { StartAt: 'P0', States: { P0: { Type: 'Pass', Next: 'P1' }, P1: { Type: 'Pass', Next: 'P2' }, P2: { Type: 'Pass', End: true } } };

      // Act
      const { described } = await harness.run(chain);

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(appends).toEqual([['start', 'enter'], ['exit'], ['exit'], ['exit', 'done']]);
    });

    it('writes the schedule and the start of a task in one append before the task is invoked, and its result with its exit and the end', async () => {
      // Prepare
      const { store, appends } = appendRecordingStore();
      const invokedAfter: string[][][] = [];
      const harness = await createHarness({
        store,
        functions: {
          Echo: (event: unknown) => {
            invokedAfter.push([...appends]);
            return event;
          },
        },
      });
      const definition = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: fnArn('Echo'), End: true } } };

      // Act
      const { described } = await harness.run(definition);

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(appends).toEqual([['start', 'enter'], ['schedule', 'started'], ['result', 'exit', 'done']]);
      expect(invokedAfter).toEqual([[['start', 'enter'], ['schedule', 'started']]]);
    });
  });
});
