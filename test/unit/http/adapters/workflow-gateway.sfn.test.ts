/* eslint-disable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any */
import { ExecutionAlreadyExists, ExecutionDoesNotExist, SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StopExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher, type BaseMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { SfnWorkflowGateway } from '../../../../functions/adapters/workflow/workflow-gateway.sfn';
import { TaskTokenInvalidError, WorkflowGatewayError } from '../../../../functions/ports/workflow-gateway';

expect.extend(allCustomMatcher);

declare module 'vitest' {
  interface Matchers<T = any> extends BaseMatcher<T> {}
}

const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:mto-order-lifecycle';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAf+secret-task-token';
const sfn = mockClient(SFNClient);

function gateway(): SfnWorkflowGateway {
  return new SfnWorkflowGateway({ client: new SFNClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), orderStateMachineArn: STATE_MACHINE });
}

describe('SfnWorkflowGateway', () => {
  afterEach(() => {
    sfn.reset();
  });

  describe('startOrderExecution', () => {
    it('starts the execution named by the order id with the input as JSON', async () => {
      // Prepare
      sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:ord-1`, startDate: new Date() });

      // Act
      const started = await gateway().startOrderExecution('ord-1', { orderId: 'ord-1' });

      // Assess
      expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: STATE_MACHINE, name: 'ord-1', input: '{"orderId":"ord-1"}' });
      expect(started).toEqual({ executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:mto-order-lifecycle:ord-1', alreadyStarted: false });
    });

    it('treats an execution of that name that already exists as started (a duplicate start is harmless)', async () => {
      // Prepare
      sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

      // Act
      const started = await gateway().startOrderExecution('ord-1', { orderId: 'ord-1' }, { run: 3 });

      // Assess
      expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { name: 'ord-1-3' });
      expect(started).toEqual({ executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:mto-order-lifecycle:ord-1-3', alreadyStarted: true });
    });

    it('wraps other failures in a WorkflowGatewayError naming the order', async () => {
      // Prepare
      sfn.on(StartExecutionCommand).rejects(new Error('throttled'));

      // Act
      const attempt = gateway().startOrderExecution('ord-1', { orderId: 'ord-1' });

      // Assess
      await expect(attempt).rejects.toThrow(WorkflowGatewayError);
      await expect(attempt).rejects.toThrow('ord-1');
    });
  });

  describe('task callbacks', () => {
    it('sends the output as JSON', async () => {
      // Prepare
      sfn.on(SendTaskSuccessCommand).resolves({});

      // Act
      await gateway().sendTaskSuccess(TOKEN, { outcome: 'approved' });

      // Assess
      expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: TOKEN, output: '{"outcome":"approved"}' });
    });

    it('turns a timed-out token into TaskTokenInvalidError without the token in message or cause', async () => {
      // Prepare
      sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: `Task Timed Out: '${TOKEN}'`, $metadata: {} }));

      // Act
      const error = await gateway().sendTaskSuccess(TOKEN, {}).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(TaskTokenInvalidError);
      expect((error as TaskTokenInvalidError).reason).toBe('timed-out');
      expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause) })).not.toContain('secret-task-token');
    });

    it('sends heartbeats', async () => {
      // Prepare
      sfn.on(SendTaskHeartbeatCommand).resolves({});

      // Act
      await gateway().sendTaskHeartbeat(TOKEN);

      // Assess
      expect(sfn).toHaveReceivedCommandWith(SendTaskHeartbeatCommand, { taskToken: TOKEN });
    });
  });

  describe('stopExecution', () => {
    it('is harmless for an execution that does not exist', async () => {
      // Prepare
      sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'nope', $metadata: {} }));

      // Act
      const attempt = gateway().stopExecution(`${STATE_MACHINE}:ord-1`, 'cancelled');

      // Assess
      await expect(attempt).resolves.toBeUndefined();
      expect(sfn).toHaveReceivedCommandWith(StopExecutionCommand, { cause: 'cancelled' });
    });
  });
});
