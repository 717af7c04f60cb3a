import { describe, expect, it } from 'vitest';
import { createTaskToken } from '../../../../local/engine/runtime/task-tokens';
import { createHarness, fnArn, typesOf } from './engine-harness';

const callbackDefinition = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'Notify', Payload: { 'token.$': '$$.Task.Token' } },
      Catch: [{ ErrorEquals: ['Rejected'], Next: 'Rejected' }],
      End: true,
    },
    Rejected: { Type: 'Pass', Result: 'rejected', End: true },
  },
};

async function callbackHarness(): Promise<{ harness: Awaited<ReturnType<typeof createHarness>>; tokens: string[] }> {
  const tokens: string[] = [];
  const harness = await createHarness({
    functions: {
      Notify: (event: unknown) => {
        tokens.push((event as { token: string }).token);
        return { sent: true };
      },
    },
  });
  return { harness, tokens };
}

describe('engine runtime', () => {
  describe('task tokens', () => {
    it('continues with the output of SendTaskSuccess', async () => {
      // Prepare
      const { harness, tokens } = await callbackHarness();
      const executionArn = await harness.start(await harness.createMachine(callbackDefinition));
      await harness.engine.settle();

      // Act
      await harness.engine.call('SendTaskSuccess', { taskToken: tokens[0], output: JSON.stringify({ approved: true }) });
      const described = await harness.finish(executionArn);

      // Assess
      expect(JSON.parse(described.output as string)).toEqual({ approved: true });
      expect(typesOf(await harness.history(executionArn))).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ]);
    });

    it('lets Catch handle the error of SendTaskFailure', async () => {
      // Prepare
      const { harness, tokens } = await callbackHarness();
      const executionArn = await harness.start(await harness.createMachine(callbackDefinition));
      await harness.engine.settle();

      // Act
      await harness.engine.call('SendTaskFailure', { taskToken: tokens[0], error: 'Rejected', cause: 'too expensive' });
      const described = await harness.finish(executionArn);

      // Assess
      expect(JSON.parse(described.output as string)).toBe('rejected');
    });

    it('answers as AWS does for spent, foreign and malformed tokens', async () => {
      // Prepare
      const { harness, tokens } = await callbackHarness();
      const executionArn = await harness.start(await harness.createMachine(callbackDefinition));
      await harness.engine.settle();
      await harness.engine.call('SendTaskSuccess', { taskToken: tokens[0], output: '{}' });
      const unknownExecution = createTaskToken('arn:aws:states:us-east-1:123456789012:execution:nope:nope');

      // Act
      const spent = await harness.engine.call('SendTaskSuccess', { taskToken: tokens[0], output: '{}' }).catch((error: unknown) => error);
      const foreign = await harness.engine.call('SendTaskHeartbeat', { taskToken: unknownExecution }).catch((error: unknown) => error);
      const malformed = await harness.engine.call('SendTaskFailure', { taskToken: 'not-a-token' }).catch((error: unknown) => error);
      const badOutput = await harness.engine.call('SendTaskSuccess', { taskToken: tokens[0], output: '{oops' }).catch((error: unknown) => error);

      // Assess
      expect(spent).toMatchObject({ type: 'TaskTimedOut' });
      expect(foreign).toMatchObject({ type: 'TaskDoesNotExist' });
      expect(malformed).toMatchObject({ type: 'InvalidToken' });
      expect(badOutput).toMatchObject({ type: 'InvalidOutput' });
      expect((await harness.describe(executionArn)).status).toBe('SUCCEEDED');
    });
  });

  describe('nested executions', () => {
    it('waits for a child with .sync:2 and returns its output as JSON', async () => {
      // Prepare
      const harness = await createHarness();
      const childArn = await harness.createMachine({ StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 5, Next: 'Double' }, Double: { Type: 'Pass', Parameters: { 'twice.$': 'States.MathAdd($.n, $.n)' }, End: true } } });
      const definition = {
        StartAt: 'Child',
        States: {
          Child: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: childArn, Input: { 'n.$': '$.n' } },
            ResultSelector: { 'output.$': '$.Output', 'status.$': '$.Status' },
            End: true,
          },
        },
      };

      // Act
      const { described, events } = await harness.run(definition, { n: 21 });

      // Assess
      expect(JSON.parse(described.output as string)).toEqual({ output: { twice: 42 }, status: 'SUCCEEDED' });
      expect(typesOf(events)).toContain('TaskSubmitted');
    });

    it('fails the parent task with States.TaskFailed when the child fails', async () => {
      // Prepare
      const harness = await createHarness();
      const childArn = await harness.createMachine({ StartAt: 'No', States: { No: { Type: 'Fail', Error: 'ChildFailed', Cause: 'nope' } } });
      const definition = { StartAt: 'Child', States: { Child: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync', Parameters: { StateMachineArn: childArn }, End: true } } };

      // Act
      const { described } = await harness.run(definition);

      // Assess
      expect(described.error).toBe('States.TaskFailed');
      expect(JSON.parse(described.cause as string)).toMatchObject({ Status: 'FAILED', Error: 'ChildFailed' });
    });
  });

  describe('nested executions when the parent stops', () => {
    it('stops a .sync child together with its parent', async () => {
      // Prepare
      const harness = await createHarness();
      const childArn = await harness.createMachine({ StartAt: 'Long', States: { Long: { Type: 'Wait', Seconds: 3600, End: true } } });
      const parentArn = await harness.createMachine({
        StartAt: 'Child',
        States: { Child: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: childArn, Name: 'the-child' }, End: true } },
      });
      const executionArn = await harness.start(parentArn);
      await harness.engine.settle();

      // Act
      await harness.engine.call('StopExecution', { executionArn });
      await harness.engine.settle();

      // Assess
      const child = await harness.engine.call('DescribeExecution', { executionArn: childArn.replace(':stateMachine:', ':execution:') + ':the-child' });
      expect(child.status).toBe('ABORTED');
      expect(harness.clock.pendingTimers).toBe(0);
    });
  });

  describe('stop and redrive', () => {
    it('aborts a waiting execution and cancels its timer', async () => {
      // Prepare
      const harness = await createHarness();
      const executionArn = await harness.start(await harness.createMachine({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } }));
      await harness.engine.settle();

      // Act
      await harness.engine.call('StopExecution', { executionArn, error: 'Cancelled', cause: 'customer cancelled' });

      // Assess
      const described = await harness.describe(executionArn);
      expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'customer cancelled' });
      expect(harness.clock.pendingTimers).toBe(0);
      expect(typesOf(await harness.history(executionArn)).at(-1)).toBe('ExecutionAborted');
    });

    it('redrives a failed execution from the state that failed', async () => {
      // Prepare
      let healthy = false;
      let firstStepRuns = 0;
      const harness = await createHarness({
        functions: {
          First: () => (firstStepRuns += 1),
          Second: () => {
            if (!healthy) throw new Error('downstream unavailable');
            return 'done';
          },
        },
      });
      const definition = { StartAt: 'First', States: { First: { Type: 'Task', Resource: fnArn('First'), Next: 'Second' }, Second: { Type: 'Task', Resource: fnArn('Second'), End: true } } };
      const { executionArn, described: failed } = await harness.run(definition);

      // Act
      healthy = true;
      await harness.engine.call('RedriveExecution', { executionArn });
      const described = await harness.finish(executionArn);

      // Assess
      expect(failed.status).toBe('FAILED');
      expect(described).toMatchObject({ status: 'SUCCEEDED', output: '"done"', redriveCount: 1 });
      expect(firstStepRuns).toBe(1);
      expect(typesOf(await harness.history(executionArn))).toContain('ExecutionRedriven');
      await expect(harness.engine.call('RedriveExecution', { executionArn })).rejects.toMatchObject({ type: 'ExecutionNotRedrivable' });
    });
  });
});
