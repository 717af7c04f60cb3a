/**
 * Nested executions: `arn:aws:states:::states:startExecution` (request-response, `.sync`,
 * `.sync:2`, `.waitForTaskToken`) start a state machine of the same engine.
 *
 * Without a `Name`, the nested execution is named from the attempt that starts it, so a task
 * re-run after a restart attaches to the execution it had already started instead of starting a
 * second one.
 */
import { createHash } from 'node:crypto';
import type { Json, JsonObject } from '../language/contract';
import { TaskFailure, type TaskIntegration, type TaskRequest } from './task-integration';

/** The nested execution as `.sync` reports it (DescribeExecution in PascalCase, dates in epoch ms). */
export interface NestedExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: number;
  readonly stopDate?: number;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** What the integration needs from the engine. */
export interface NestedExecutions {
  /** Starts the execution, or returns the one already started under that name with that input. */
  startOrAttach(request: { stateMachineArn: string; name: string; input: string; parentExecutionArn: string }): Promise<{ executionArn: string; startDate: number }>;
  /** Resolves when the execution is closed. */
  waitFor(executionArn: string, signal: AbortSignal): Promise<NestedExecutionDescription>;
}

function attemptName(request: TaskRequest): string {
  const identity = [request.executionArn, request.stateName, request.context.State.EnteredTime, request.context.State.RetryCount, request.context.Map?.Item.Index ?? ''].join('|');
  const hex = createHash('sha256').update(identity).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function describe(execution: NestedExecutionDescription, outputAsJson: boolean): JsonObject {
  const shown: JsonObject = {
    ExecutionArn: execution.executionArn,
    Input: execution.input,
    InputDetails: { Included: true },
    Name: execution.name,
    StartDate: execution.startDate,
    StateMachineArn: execution.stateMachineArn,
    Status: execution.status,
  };
  if (execution.stopDate !== undefined) shown.StopDate = execution.stopDate;
  if (execution.output !== undefined) {
    shown.Output = outputAsJson ? (JSON.parse(execution.output) as Json) : execution.output;
    shown.OutputDetails = { Included: true };
  }
  if (execution.error !== undefined) shown.Error = execution.error;
  if (execution.cause !== undefined) shown.Cause = execution.cause;
  return shown;
}

export function createSfnIntegration(executions: NestedExecutions): TaskIntegration {
  return {
    name: 'states',
    handles: (resource) => resource.kind === 'service' && resource.service === 'states' && resource.action === 'startExecution',
    run: async (request) => {
      const parameters = request.input;
      if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters) || typeof parameters.StateMachineArn !== 'string') {
        throw new TaskFailure('States.TaskFailed', `states:startExecution in state '${request.stateName}' needs Parameters with a string StateMachineArn`);
      }
      const input = parameters.Input === undefined ? '{}' : typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input);
      const name = typeof parameters.Name === 'string' ? parameters.Name : attemptName(request);
      let started: { executionArn: string; startDate: number };
      try {
        started = await executions.startOrAttach({ stateMachineArn: parameters.StateMachineArn, name, input, parentExecutionArn: request.executionArn });
      } catch (thrown) {
        const type = thrown instanceof Error ? thrown.name : 'Error';
        throw new TaskFailure(`StepFunctions.${type}`, thrown instanceof Error ? thrown.message : String(thrown), { cause: thrown });
      }
      const startOutput: JsonObject = { ExecutionArn: started.executionArn, StartDate: started.startDate };
      if (request.resource.pattern === 'request-response' || request.resource.pattern === 'waitForTaskToken') return startOutput;
      request.submitted(startOutput);
      const finished = await executions.waitFor(started.executionArn, request.signal);
      const output = describe(finished, request.resource.pattern === 'sync:2');
      if (finished.status === 'SUCCEEDED') return output;
      const error = finished.status === 'TIMED_OUT' ? 'States.Timeout' : 'States.TaskFailed';
      throw new TaskFailure(error, JSON.stringify(describe(finished, false)));
    },
  };
}
