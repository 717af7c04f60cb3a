/**
 * Every Step Functions operation the engine serves, called with @aws-sdk/client-sfn over HTTP
 * with nothing but an endpoint and dummy credentials.
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineServer, VirtualClock, type EngineServer } from '../../../local/engine/index';

const ROLE = 'arn:aws:iam::123456789012:role/api-test';
const fn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const waitDefinition = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
const passDefinition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'echo.$': '$' }, End: true } } });
const callbackDefinition = JSON.stringify({
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'Ask', Payload: { 'token.$': '$$.Task.Token' } },
      HeartbeatSeconds: 300,
      End: true,
    },
  },
});

let server: EngineServer;
let sfn: SFNClient;
const tokens: string[] = [];
let failing = true;

beforeAll(async () => {
  server = await startEngineServer({
    clock: new VirtualClock('2024-05-01T00:00:00Z'),
    log: () => undefined,
    functions: {
      Ask: (event: unknown) => tokens.push((event as { token: string }).token),
      Flaky: () => {
        if (failing) throw new Error('flaky');
        return 'fixed';
      },
    },
  });
  sfn = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, disableHostPrefix: true });
});

afterAll(async () => {
  sfn.destroy();
  await server.close();
});

/** The error a call fails with (awaited at once, so no rejection is left unhandled). */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  return new Error('The call succeeded but was expected to fail');
}

async function createMachine(name: string, definition: string, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
  const created = await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE, type }));
  return created.stateMachineArn ?? '';
}

async function waitClosed(executionArn: string): Promise<string | undefined> {
  for (let step = 0; step < 100; step += 1) {
    await server.engine.settle();
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return status;
    await server.engine.advanceToNextTimer();
  }
  return 'RUNNING';
}

describe('engine Step Functions API', () => {
  describe('state machines', () => {
    it('creates, describes, lists, updates and deletes a state machine', async () => {
      // Prepare
      const arn = await createMachine('crud', passDefinition);

      // Act
      const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      const listed = await sfn.send(new ListStateMachinesCommand({}));
      const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: waitDefinition }));
      const afterUpdate = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
      const afterDelete = await failureOf(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));

      // Assess
      expect(arn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:crud');
      expect(described).toMatchObject({ name: 'crud', status: 'ACTIVE', type: 'STANDARD', definition: passDefinition, roleArn: ROLE });
      expect(described.creationDate).toBeInstanceOf(Date);
      expect(listed.stateMachines?.map((machine) => machine.name)).toContain('crud');
      expect(updated.updateDate).toBeInstanceOf(Date);
      expect(afterUpdate.definition).toBe(waitDefinition);
      expect(afterDelete).toMatchObject({ name: 'StateMachineDoesNotExist' });
    });

    it('refuses an invalid definition with InvalidDefinition naming the problem', async () => {
      // Prepare
      const definition = JSON.stringify({ StartAt: 'Missing', States: { P: { Type: 'Pass', End: true } } });

      // Act
      const creating = await failureOf(sfn.send(new CreateStateMachineCommand({ name: 'bad', definition, roleArn: ROLE })));
      const validated = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition }));

      // Assess
      expect(creating).toMatchObject({ name: 'InvalidDefinition' });
      expect((creating as Error).message).toContain('Missing');
      expect(validated.result).toBe('FAIL');
      expect(validated.diagnostics?.[0]?.message).toContain('Missing');
    });

    it('validates a good definition as OK and refuses a duplicate name with another definition', async () => {
      // Prepare
      await createMachine('taken', passDefinition);

      // Act
      const validated = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: passDefinition }));
      const again = await sfn.send(new CreateStateMachineCommand({ name: 'taken', definition: passDefinition, roleArn: ROLE }));
      const different = await failureOf(sfn.send(new CreateStateMachineCommand({ name: 'taken', definition: waitDefinition, roleArn: ROLE })));

      // Assess
      expect(validated.result).toBe('OK');
      expect(again.stateMachineArn).toContain(':stateMachine:taken');
      expect(different).toMatchObject({ name: 'StateMachineAlreadyExists' });
    });
  });

  describe('executions', () => {
    it('starts idempotently by name and refuses the same name with other input', async () => {
      // Prepare
      const arn = await createMachine('idempotent', waitDefinition);

      // Act
      const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-1', input: '{"a":1}' }));
      const same = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-1', input: '{"a":1}' }));
      const other = await failureOf(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-1', input: '{"a":2}' })));
      const badInput = await failureOf(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{not json' })));

      // Assess
      expect(same.executionArn).toBe(first.executionArn);
      expect(first.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:idempotent:order-1');
      expect(other).toMatchObject({ name: 'ExecutionAlreadyExists' });
      expect(badInput).toMatchObject({ name: 'InvalidExecutionInput' });
    });

    it('describes, stops, lists with a status filter and pages', async () => {
      // Prepare
      const arn = await createMachine('listing', waitDefinition);
      const started = [];
      for (const name of ['e1', 'e2', 'e3']) started.push(await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name })));
      await server.engine.settle();

      // Act
      const stopped = await sfn.send(new StopExecutionCommand({ executionArn: started[0]?.executionArn, error: 'Stop', cause: 'test' }));
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started[0]?.executionArn }));
      const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }));
      const page1 = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }));
      const page2 = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: page1.nextToken }));
      const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: started[1]?.executionArn }));
      const missing = await failureOf(sfn.send(new DescribeExecutionCommand({ executionArn: `${started[0]?.executionArn ?? ''}-nope` })));

      // Assess
      expect(stopped.stopDate).toBeInstanceOf(Date);
      expect(described).toMatchObject({ status: 'ABORTED', error: 'Stop', cause: 'test', name: 'e1', input: '{}' });
      expect(running.executions?.map((execution) => execution.name).sort()).toEqual(['e2', 'e3']);
      expect(page1.executions?.map((execution) => execution.name)).toEqual(['e3', 'e2']);
      expect(page2.executions?.map((execution) => execution.name)).toEqual(['e1']);
      expect(page2.nextToken).toBeUndefined();
      expect(JSON.parse(forExecution.definition ?? '{}')).toMatchObject({ StartAt: 'W' });
      expect(missing).toMatchObject({ name: 'ExecutionDoesNotExist' });
    });

    it('returns the history in either order, paged', async () => {
      // Prepare
      const arn = await createMachine('history', waitDefinition);
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
      await waitClosed(executionArn ?? '');

      // Act
      const forward = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
      const rest = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2, nextToken: reversed.nextToken }));

      // Assess
      expect(forward.events?.map((event) => event.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
      expect(forward.events?.[1]).toMatchObject({ id: 2, previousEventId: 1, stateEnteredEventDetails: { name: 'W', input: '{}' } });
      expect(forward.events?.[0]?.timestamp).toBeInstanceOf(Date);
      expect(reversed.events?.map((event) => event.id)).toEqual([4, 3]);
      expect(rest.events?.map((event) => event.id)).toEqual([2, 1]);
    });

    it('runs an EXPRESS machine synchronously with StartSyncExecution', async () => {
      // Prepare
      const express = await createMachine('express', passDefinition, 'EXPRESS');
      const standard = await createMachine('not-express', passDefinition);

      // Act
      const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express, input: '{"x":1}' }));
      const refused = await failureOf(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })));

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(JSON.parse(result.output ?? '')).toEqual({ echo: { x: 1 } });
      expect(result.executionArn).toContain(':express:express:');
      expect(refused).toMatchObject({ name: 'StateMachineTypeNotSupported' });
    });

    it('redrives a failed execution', async () => {
      // Prepare
      const arn = await createMachine('redrive', JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Task', Resource: fn('Flaky'), End: true } } }));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
      const firstStatus = await waitClosed(executionArn ?? '');
      failing = false;

      // Act
      const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn }));
      const finalStatus = await waitClosed(executionArn ?? '');

      // Assess
      expect(firstStatus).toBe('FAILED');
      expect(redriven.redriveDate).toBeInstanceOf(Date);
      expect(finalStatus).toBe('SUCCEEDED');
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.redriveCount).toBe(1);
    });
  });

  describe('task callbacks', () => {
    it('takes heartbeats, success and failure by token, and refuses spent or bad tokens', async () => {
      // Prepare
      const arn = await createMachine('callbacks', callbackDefinition);
      const success = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'ok' }));
      const failure = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'ko' }));
      await server.engine.settle();
      const [okToken, koToken] = tokens.slice(-2);

      // Act
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: okToken }));
      await sfn.send(new SendTaskSuccessCommand({ taskToken: okToken, output: '{"approved":true}' }));
      await sfn.send(new SendTaskFailureCommand({ taskToken: koToken, error: 'Rejected', cause: 'no' }));
      const spent = await failureOf(sfn.send(new SendTaskSuccessCommand({ taskToken: okToken, output: '{}' })));
      const invalid = await failureOf(sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'garbage' })));

      // Assess
      expect(await waitClosed(success.executionArn ?? '')).toBe('SUCCEEDED');
      expect(await sfn.send(new DescribeExecutionCommand({ executionArn: failure.executionArn }))).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'no' });
      expect(spent).toMatchObject({ name: 'TaskTimedOut' });
      expect(invalid).toMatchObject({ name: 'InvalidToken' });
    });
  });
});
