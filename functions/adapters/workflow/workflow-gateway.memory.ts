/**
 * In-memory WorkflowGateway for unit tests and wiring checks: records every call, knows which task
 * tokens are waiting, and behaves like Step Functions for the cases the doors care about
 * (duplicate start by name, a token used twice, stopping a finished execution).
 */
import { executionArnOf } from './execution-arn';
import { orderExecutionName, TaskTokenInvalidError, type OrderExecutionInput, type StartedExecution, type WorkflowGateway } from '../../ports/workflow-gateway';

export interface RecordedTaskResult {
  readonly taskToken: string;
  readonly kind: 'success' | 'failure';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

export class InMemoryWorkflowGateway implements WorkflowGateway {
  readonly executions = new Map<string, { readonly executionArn: string; readonly input: OrderExecutionInput; status: 'RUNNING' | 'ABORTED'; stopCause?: string }>();
  readonly taskResults: RecordedTaskResult[] = [];
  readonly heartbeats: string[] = [];
  private readonly waitingTokens = new Set<string>();

  constructor(private readonly stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:order-lifecycle') {}

  /** Makes `taskToken` resumable, as a `.waitForTaskToken` step would. */
  registerWaitingToken(taskToken: string): void {
    this.waitingTokens.add(taskToken);
  }

  /** The ARN an execution named `name` gets, as SfnWorkflowGateway derives it. */
  executionArnFor(name: string): string {
    return executionArnOf(this.stateMachineArn, name);
  }

  /** Executions by name (the order id for a first run). */
  startOrderExecution(orderId: string, input: OrderExecutionInput, options: { readonly run?: number } = {}): Promise<StartedExecution> {
    const name = orderExecutionName(orderId, options.run);
    const existing = this.executions.get(name);
    if (existing) {
      return Promise.resolve({ executionArn: existing.executionArn, alreadyStarted: true });
    }
    const executionArn = this.executionArnFor(name);
    this.executions.set(name, { executionArn, input, status: 'RUNNING' });
    return Promise.resolve({ executionArn, alreadyStarted: false });
  }

  sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    return this.complete({ taskToken, kind: 'success', output });
  }

  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    return this.complete({ taskToken, kind: 'failure', error, cause });
  }

  sendTaskHeartbeat(taskToken: string): Promise<void> {
    if (!this.waitingTokens.has(taskToken)) {
      return Promise.reject(new TaskTokenInvalidError('does-not-exist'));
    }
    this.heartbeats.push(taskToken);
    return Promise.resolve();
  }

  stopExecution(executionArn: string, cause: string): Promise<void> {
    for (const execution of this.executions.values()) {
      if (execution.executionArn === executionArn && execution.status === 'RUNNING') {
        execution.status = 'ABORTED';
        execution.stopCause = cause;
      }
    }
    return Promise.resolve();
  }

  private complete(result: RecordedTaskResult): Promise<void> {
    if (!this.waitingTokens.delete(result.taskToken)) {
      return Promise.reject(new TaskTokenInvalidError('does-not-exist'));
    }
    this.taskResults.push(result);
    return Promise.resolve();
  }
}
