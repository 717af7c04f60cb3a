/**
 * The engine's `events:putEvents` integration behaves as Step Functions' optimized one: Detail
 * given as JSON goes out as a string, the execution's and state machine's ARNs are appended to each
 * entry's Resources, and an entry the bus refuses fails the task with EventBridge.FailedEntry.
 */
import { describe, expect, it } from 'vitest';
import type { PutEventsEntry, PutEventsResultEntry } from '../../../../local/engine/index';
import { createHarness } from './engine-harness';

const publish = {
  StartAt: 'Publish',
  States: {
    Publish: {
      Type: 'Task',
      Resource: 'arn:aws:states:::events:putEvents',
      Parameters: { Entries: [{ Source: 'mto.orders', DetailType: 'Order.Placed', 'Detail.$': '$.placed', EventBusName: 'orders', Resources: ['arn:aws:example:::order'] }] },
      ResultPath: '$.published',
      End: true,
    },
  },
};

function recordingBus(answer: (entry: PutEventsEntry, index: number) => PutEventsResultEntry) {
  const sent: PutEventsEntry[] = [];
  return {
    sent,
    putEvents: (entries: PutEventsEntry[]): PutEventsResultEntry[] => {
      sent.push(...entries);
      return entries.map(answer);
    },
  };
}

describe('events:putEvents', () => {
  it('sends Detail as a JSON string, appends the execution and state machine ARNs to Resources, and answers with the event ids', async () => {
    // Prepare
    const bus = recordingBus((_entry, index) => ({ EventId: `event-${index}` }));
    const harness = await createHarness({ putEvents: bus.putEvents });

    // Act
    const { executionArn, described } = await harness.run(publish, { placed: { eventId: 'ord-1/OrderPlaced', orderId: 'ord-1' } });

    // Assess
    expect(described.status).toBe('SUCCEEDED');
    expect(bus.sent).toHaveLength(1);
    const [entry] = bus.sent;
    expect(JSON.parse(entry?.Detail ?? 'null')).toEqual({ eventId: 'ord-1/OrderPlaced', orderId: 'ord-1' });
    expect(entry).toMatchObject({ Source: 'mto.orders', DetailType: 'Order.Placed', EventBusName: 'orders' });
    expect(entry?.Resources).toEqual(['arn:aws:example:::order', executionArn, described.stateMachineArn]);
    expect(JSON.parse(described.output as string)).toMatchObject({ published: { Entries: [{ EventId: 'event-0' }], FailedEntryCount: 0 } });
  });

  it('fails the task with EventBridge.FailedEntry, naming the refusal, when the bus refuses an entry', async () => {
    // Prepare
    const bus = recordingBus(() => ({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object' }));
    const harness = await createHarness({ putEvents: bus.putEvents });

    // Act
    const { described } = await harness.run(publish, { placed: 'not an object' });

    // Assess
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('EventBridge.FailedEntry');
    expect(described.cause).toContain('MalformedDetail');
  });
});
