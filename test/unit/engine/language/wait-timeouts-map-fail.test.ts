import { describe, expect, it } from 'vitest';
import type { MapState, StatesError, TaskState, WaitState } from '../../../../local/engine/language/index';
import { evaluateFailState, evaluateMapItems, evaluateTaskTimeouts, evaluateWaitUntil } from '../../../../local/engine/language/index';
import { aScope } from './support/scope.builder';

const now = new Date('2026-03-01T10:00:00Z');
const wait = (fields: Partial<WaitState>): WaitState => ({ Type: 'Wait', End: true, ...fields });
const task = (fields: Partial<TaskState> = {}): TaskState => ({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true, ...fields });
const map = (fields: Partial<MapState> = {}): MapState => ({ Type: 'Map', ItemProcessor: { StartAt: 'S', States: { S: { Type: 'Succeed' } } }, End: true, ...fields });
const rejection = async (promise: Promise<unknown>): Promise<StatesError> => {
  try {
    await promise;
  } catch (error) {
    return error as StatesError;
  }
  throw new Error('expected a failure');
};

describe('Wait, Task timeouts, Map items and Fail', () => {
  describe('evaluateWaitUntil', () => {
    it('adds Seconds to now', async () => {
      expect(await evaluateWaitUntil(wait({ Seconds: 10 }), {}, aScope(), now)).toEqual(new Date('2026-03-01T10:00:10Z'));
    });

    it('waits until Timestamp, honouring its offset', async () => {
      expect(await evaluateWaitUntil(wait({ Timestamp: '2026-03-01T12:00:00+01:00' }), {}, aScope(), now)).toEqual(new Date('2026-03-01T11:00:00Z'));
    });

    it('reads SecondsPath and TimestampPath from the input after InputPath', async () => {
      expect(await evaluateWaitUntil(wait({ InputPath: '$.w', SecondsPath: '$.s' }), { w: { s: 5 } }, aScope(), now)).toEqual(new Date('2026-03-01T10:00:05Z'));
      expect(await evaluateWaitUntil(wait({ TimestampPath: '$.at' }), { at: '2026-03-02T00:00:00Z' }, aScope(), now)).toEqual(new Date('2026-03-02T00:00:00Z'));
    });

    it('returns a past timestamp as is (the runtime does not wait)', async () => {
      expect(await evaluateWaitUntil(wait({ Timestamp: '2020-01-01T00:00:00Z' }), {}, aScope(), now)).toEqual(new Date('2020-01-01T00:00:00Z'));
    });

    it.each([
      [{ SecondsPath: '$.v' }, { v: -5 }, /negative/],
      [{ SecondsPath: '$.v' }, { v: 'ten' }, /integer/],
      [{ TimestampPath: '$.v' }, { v: 'tomorrow' }, /ISO-8601/],
      [{ SecondsPath: '$.missing' }, {}, /\$\.missing/],
    ])('fails with States.Runtime for %j on %j', async (fields, input, message) => {
      // Act
      const error = await rejection(evaluateWaitUntil(wait(fields), input, aScope(), now));
      // Assess
      expect(error.error).toBe('States.Runtime');
      expect(error.message).toMatch(message);
    });
  });

  describe('evaluateTaskTimeouts', () => {
    it('leaves unset timeouts undefined', async () => {
      expect(await evaluateTaskTimeouts(task(), {}, aScope())).toEqual({});
    });

    it('reads literal and path timeouts', async () => {
      expect(await evaluateTaskTimeouts(task({ TimeoutSeconds: 300, HeartbeatSecondsPath: '$.hb' }), { hb: 60 }, aScope())).toEqual({ timeoutSeconds: 300, heartbeatSeconds: 60 });
    });

    it('refuses a path timeout that is not a positive integer', async () => {
      expect((await rejection(evaluateTaskTimeouts(task({ TimeoutSecondsPath: '$.t' }), { t: 0 }, aScope()))).error).toBe('States.Runtime');
    });
  });

  describe('evaluateMapItems', () => {
    it('iterates the effective input by default, with unlimited concurrency', async () => {
      expect(await evaluateMapItems(map(), [1, 2], aScope())).toEqual({ items: [1, 2], maxConcurrency: 0 });
    });

    it('uses ItemsPath and MaxConcurrency / MaxConcurrencyPath', async () => {
      expect(await evaluateMapItems(map({ ItemsPath: '$.xs', MaxConcurrency: 3 }), { xs: ['a'] }, aScope())).toEqual({ items: ['a'], maxConcurrency: 3 });
      expect(await evaluateMapItems(map({ ItemsPath: '$.xs', MaxConcurrencyPath: '$.c' }), { xs: [1], c: 5 }, aScope())).toEqual({ items: [1], maxConcurrency: 5 });
    });

    it('fails with States.Runtime when the items are not an array', async () => {
      // Act
      const error = await rejection(evaluateMapItems(map({ ItemsPath: '$.xs' }), { xs: 'no' }, aScope()));
      // Assess
      expect(error.error).toBe('States.Runtime');
      expect(error.message).toMatch(/\$\.xs' must point to array/);
    });
  });

  describe('evaluateFailState', () => {
    it('reports Error and Cause, empty when unset', async () => {
      expect(await evaluateFailState({ Type: 'Fail', Error: 'E' }, {}, aScope())).toEqual({ error: 'E', cause: '' });
    });

    it('reads ErrorPath and CausePath, including intrinsic functions', async () => {
      expect(await evaluateFailState({ Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('order {} failed', $.id)" }, { e: 'Order.Failed', id: 7 }, aScope())).toEqual({
        error: 'Order.Failed',
        cause: 'order 7 failed',
      });
    });

    it('refuses an ErrorPath value that is not a string', async () => {
      expect((await rejection(evaluateFailState({ Type: 'Fail', ErrorPath: '$.e' }, { e: 1 }, aScope()))).error).toBe('States.Runtime');
    });
  });
});
