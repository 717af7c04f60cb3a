import { describe, expect, it } from 'vitest';
import { createHarness, deferred, fnArn, secondsBetween, typesOf } from './engine-harness';

class OrderConflictError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OrderConflictError';
  }
}

const task = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Type: 'Task', Resource: fnArn(name), ...extra });

describe('engine runtime', () => {
  describe('Pass, Wait and Succeed', () => {
    it('runs a chain and records the AWS history event types in order', async () => {
      // Prepare
      const harness = await createHarness();
      const definition = {
        StartAt: 'First',
        States: {
          First: { Type: 'Pass', Result: { step: 1 }, ResultPath: '$.first', Next: 'Pause' },
          Pause: { Type: 'Wait', Seconds: 30, Next: 'Done' },
          Done: { Type: 'Succeed' },
        },
      };

      // Act
      const { described, events } = await harness.run(definition, { order: 'A-1' });

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output as string)).toEqual({ order: 'A-1', first: { step: 1 } });
      expect(typesOf(events)).toEqual([
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'WaitStateEntered',
        'WaitStateExited',
        'SucceedStateEntered',
        'SucceedStateExited',
        'ExecutionSucceeded',
      ]);
      expect(secondsBetween(events[3]!, events[4]!)).toBe(30);
      expect(events.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('exposes the context object to Parameters', async () => {
      // Prepare
      const harness = await createHarness();
      const definition = {
        StartAt: 'Context',
        States: {
          Context: {
            Type: 'Pass',
            Parameters: { 'name.$': '$$.Execution.Name', 'state.$': '$$.State.Name', 'machine.$': '$$.StateMachine.Name', 'entered.$': '$$.State.EnteredTime' },
            End: true,
          },
        },
      };

      // Act
      const { described } = await harness.run(definition);

      // Assess
      const output = JSON.parse(described.output as string) as Record<string, string>;
      expect(output.state).toBe('Context');
      expect(output.machine).toMatch(/^machine-/);
      expect(output.entered).toBe('2024-03-01T10:00:00.000Z');
      expect(typeof output.name).toBe('string');
    });
  });

  describe('Retry', () => {
    it('backs off by IntervalSeconds x BackoffRate^n on the virtual clock, capped by MaxDelaySeconds', async () => {
      // Prepare
      let calls = 0;
      const harness = await createHarness({
        functions: {
          Flaky: () => {
            calls += 1;
            if (calls <= 3) throw new Error('not yet');
            return { ok: true };
          },
        },
      });
      const definition = {
        StartAt: 'Call',
        States: { Call: task('Flaky', { Retry: [{ ErrorEquals: ['Error'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 10 }], End: true }) },
      };

      // Act
      const { described, events } = await harness.run(definition);

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      const failed = events.filter((event) => event.type === 'LambdaFunctionFailed');
      const scheduled = events.filter((event) => event.type === 'LambdaFunctionScheduled');
      expect(scheduled).toHaveLength(4);
      expect(failed.map((event, index) => secondsBetween(event, scheduled[index + 1]!))).toEqual([2, 6, 10]);
    });

    it('keeps FULL jitter delays within the backoff bounds', async () => {
      // Prepare
      const harness = await createHarness({
        functions: {
          Always: () => {
            throw new Error('down');
          },
        },
      });
      const definition = {
        StartAt: 'Call',
        States: { Call: task('Always', { Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 4, MaxAttempts: 3, JitterStrategy: 'FULL' }], End: true }) },
      };

      // Act
      const { described, events } = await harness.run(definition);

      // Assess
      expect(described.status).toBe('FAILED');
      const failed = events.filter((event) => event.type === 'LambdaFunctionFailed');
      const scheduled = events.filter((event) => event.type === 'LambdaFunctionScheduled');
      const delays = failed.slice(0, 3).map((event, index) => secondsBetween(event, scheduled[index + 1]!));
      [4, 8, 16].forEach((bound, index) => {
        expect(delays[index]).toBeGreaterThanOrEqual(0);
        expect(delays[index]).toBeLessThanOrEqual(bound);
      });
    });
  });

  describe('Catch', () => {
    it('uses the first matching catcher, after retries are used up', async () => {
      // Prepare
      let calls = 0;
      const harness = await createHarness({
        functions: {
          Conflict: () => {
            calls += 1;
            throw new OrderConflictError('version 3 expected');
          },
        },
      });
      const definition = {
        StartAt: 'Call',
        States: {
          Call: task('Conflict', {
            Retry: [{ ErrorEquals: ['OrderConflictError'], IntervalSeconds: 1, MaxAttempts: 1 }],
            Catch: [
              { ErrorEquals: ['SomethingElse'], Next: 'Wrong' },
              { ErrorEquals: ['OrderConflictError'], ResultPath: '$.failure', Next: 'Handled' },
              { ErrorEquals: ['States.ALL'], Next: 'Wrong' },
            ],
            End: true,
          }),
          Handled: { Type: 'Pass', End: true },
          Wrong: { Type: 'Fail', Error: 'WrongCatcher' },
        },
      };

      // Act
      const { described } = await harness.run(definition, { orderId: 'o-1' });

      // Assess
      expect(calls).toBe(2);
      expect(described.status).toBe('SUCCEEDED');
      const output = JSON.parse(described.output as string) as { orderId: string; failure: { Error: string; Cause: string } };
      expect(output.orderId).toBe('o-1');
      expect(output.failure.Error).toBe('OrderConflictError');
      const cause = JSON.parse(output.failure.Cause) as { errorType: string; errorMessage: string; trace: string[] };
      expect(cause).toMatchObject({ errorType: 'OrderConflictError', errorMessage: 'version 3 expected' });
      expect(Array.isArray(cause.trace)).toBe(true);
    });

    it('fails the execution with the error name when nothing catches', async () => {
      // Prepare
      const harness = await createHarness({
        functions: {
          Conflict: () => {
            throw new OrderConflictError('stale');
          },
        },
      });

      // Act
      const { described, events } = await harness.run({ StartAt: 'Call', States: { Call: task('Conflict', { End: true }) } });

      // Assess
      expect(described.status).toBe('FAILED');
      expect(described.error).toBe('OrderConflictError');
      expect(typesOf(events).slice(-2)).toEqual(['LambdaFunctionFailed', 'ExecutionFailed']);
    });

    it('fails a task whose function is not registered with States.TaskFailed naming the ARN', async () => {
      // Prepare
      const harness = await createHarness();

      // Act
      const { described } = await harness.run({ StartAt: 'Call', States: { Call: task('Missing', { End: true }) } });

      // Assess
      expect(described.error).toBe('States.TaskFailed');
      expect(described.cause).toContain(fnArn('Missing'));
    });
  });

  describe('lambda:invoke', () => {
    it('returns the invoke envelope with the handler result as Payload', async () => {
      // Prepare
      const received: unknown[] = [];
      const harness = await createHarness({
        functions: (arn) =>
          arn === fnArn('Price')
            ? (event: unknown) => {
                received.push(event);
                return { price: 42 };
              }
            : undefined,
      });
      const definition = {
        StartAt: 'Invoke',
        States: { Invoke: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'Price', 'Payload.$': '$' }, End: true } },
      };

      // Act
      const { described, events } = await harness.run(definition, { sku: 'X' });

      // Assess
      const output = JSON.parse(described.output as string) as Record<string, unknown>;
      expect(output).toMatchObject({ ExecutedVersion: '$LATEST', Payload: { price: 42 }, StatusCode: 200 });
      expect(received).toEqual([{ sku: 'X' }]);
      expect(typesOf(events)).toContain('TaskScheduled');
      expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
    });
  });

  describe('JSONata', () => {
    it('evaluates Arguments, Output and Assign of a lambda:invoke task', async () => {
      // Prepare
      const harness = await createHarness({ functions: { Price: (event: unknown) => ({ total: (event as { qty: number }).qty * 5 }) } });
      const definition = {
        QueryLanguage: 'JSONata',
        StartAt: 'Invoke',
        States: {
          Invoke: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'Price', Payload: { qty: '{% $states.input.qty %}' } },
            Assign: { total: '{% $states.result.Payload.total %}' },
            Output: { price: '{% $states.result.Payload.total %}' },
            Next: 'Report',
          },
          Report: { Type: 'Pass', Output: { price: '{% $states.input.price %}', remembered: '{% $total %}' }, End: true },
        },
      };

      // Act
      const { described, events } = await harness.run(definition, { qty: 4 });

      // Assess
      expect(JSON.parse(described.output as string)).toEqual({ price: 20, remembered: 20 });
      const exited = events.find((event) => event.type === 'TaskStateExited');
      expect(exited?.stateExitedEventDetails).toMatchObject({ assignedVariables: { total: '20' } });
    });
  });

  describe('shutting down', () => {
    it('stops every timer when the engine closes, leaving the execution to resume later', async () => {
      // Prepare
      const harness = await createHarness();
      const executionArn = await harness.start(await harness.createMachine({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } }));
      await harness.engine.settle();
      const pendingBefore = harness.clock.pendingTimers;

      // Act
      await harness.engine.close();

      // Assess
      expect(pendingBefore).toBe(1);
      expect(harness.clock.pendingTimers).toBe(0);
      expect((await harness.describe(executionArn)).status).toBe('RUNNING');
    });
  });

  describe('timeouts', () => {
    it('fails a task that outlives TimeoutSeconds with States.Timeout', async () => {
      // Prepare
      const never = deferred();
      const harness = await createHarness({ functions: { Slow: () => never.promise } });
      const definition = {
        StartAt: 'Call',
        States: { Call: task('Slow', { TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }], End: true }), TimedOut: { Type: 'Pass', End: true } },
      };

      // Act
      const { described, events } = await harness.run(definition);

      // Assess
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(described.output as string)).toMatchObject({ Error: 'States.Timeout' });
      const timedOut = events.find((event) => event.type === 'LambdaFunctionTimedOut');
      expect(secondsBetween(events.find((event) => event.type === 'LambdaFunctionScheduled')!, timedOut!)).toBe(5);
    });

    it('times the whole execution out after its TimeoutSeconds', async () => {
      // Prepare
      const harness = await createHarness();
      const definition = { StartAt: 'Long', TimeoutSeconds: 60, States: { Long: { Type: 'Wait', Seconds: 3600, End: true } } };

      // Act
      const { described, events } = await harness.run(definition);

      // Assess
      expect(described.status).toBe('TIMED_OUT');
      expect(described.error).toBe('States.Timeout');
      expect(typesOf(events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
      expect(secondsBetween(events[0]!, events[2]!)).toBe(60);
    });
  });

  describe('heartbeats', () => {
    it('times a callback task out when heartbeats stop, not while they come', async () => {
      // Prepare
      const tokens: string[] = [];
      const harness = await createHarness({
        functions: {
          Emit: (event: unknown) => {
            tokens.push((event as { token: string }).token);
            return null;
          },
        },
      });
      const definition = {
        StartAt: 'Await',
        States: {
          Await: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'Emit', Payload: { 'token.$': '$$.Task.Token' } },
            HeartbeatSeconds: 10,
            End: true,
          },
        },
      };
      const executionArn = await harness.start(await harness.createMachine(definition));
      await harness.engine.settle();
      const scheduledAt = harness.clock.now();

      // Act: a heartbeat at +8 s moves the deadline to +18 s.
      harness.clock.advanceBy(8_000);
      await harness.engine.call('SendTaskHeartbeat', { taskToken: tokens[0] });
      harness.clock.advanceBy(8_000);
      await harness.engine.settle();
      const stillRunning = (await harness.describe(executionArn)).status;
      const described = await harness.finish(executionArn);

      // Assess
      expect(stillRunning).toBe('RUNNING');
      expect(described.status).toBe('FAILED');
      expect(described.error).toBe('States.HeartbeatTimeout');
      expect(harness.clock.now() - scheduledAt).toBe(18_000);
      await expect(harness.engine.call('SendTaskSuccess', { taskToken: tokens[0], output: '{}' })).rejects.toMatchObject({ type: 'TaskTimedOut' });
    });
  });

  describe('events hook', () => {
    it('delivers every history event to onExecutionEvent', async () => {
      // Prepare
      const harness = await createHarness();
      const seen: string[] = [];
      harness.engine.onExecutionEvent((event) => seen.push(event.event.type));

      // Act
      const { events } = await harness.run({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } });

      // Assess
      expect(seen).toEqual(typesOf(events));
    });
  });
});
