/**
 * WorkflowGateway on the Step Functions API. The same client talks to AWS or to the local engine
 * (which speaks the same JSON protocol); only the client's endpoint differs.
 */
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import {
  orderExecutionName,
  TaskTokenInvalidError,
  WorkflowGatewayError,
  type OrderExecutionInput,
  type StartedExecution,
  type WorkflowGateway,
} from '../../ports/workflow-gateway';
import { executionArnOf } from './execution-arn';

export interface SfnWorkflowGatewayOptions {
  readonly client: SFNClient;
  /** ARN of the order lifecycle state machine. */
  readonly orderStateMachineArn: string;
}

// Step Functions limits: error <= 256 characters, cause <= 32,768.
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * Translates the "this token cannot be used" family; wraps anything else. The SDK error is not
 * kept as `cause`: its message may quote the task token, and causes end up in logs.
 */
function translateTokenError(error: unknown): never {
  const name = errorName(error) ?? 'UnknownError';
  switch (name) {
    case 'TaskDoesNotExist':
      throw new TaskTokenInvalidError('does-not-exist', { cause: name });
    case 'TaskTimedOut':
      throw new TaskTokenInvalidError('timed-out', { cause: name });
    case 'InvalidToken':
      throw new TaskTokenInvalidError('invalid', { cause: name });
    default:
      throw new WorkflowGatewayError(`Step Functions refused the task callback (${name}).`, { cause: name });
  }
}

export class SfnWorkflowGateway implements WorkflowGateway {
  private readonly client: SFNClient;
  private readonly orderStateMachineArn: string;

  constructor(options: SfnWorkflowGatewayOptions) {
    this.client = options.client;
    this.orderStateMachineArn = options.orderStateMachineArn;
  }

  /** The ARN an execution of the order state machine gets when named `name`. */
  executionArnFor(name: string): string {
    return executionArnOf(this.orderStateMachineArn, name);
  }

  async startOrderExecution(orderId: string, input: OrderExecutionInput, options: { readonly run?: number } = {}): Promise<StartedExecution> {
    const name = orderExecutionName(orderId, options.run);
    try {
      const output = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.orderStateMachineArn, name, input: JSON.stringify(input) }));
      // Starting a running execution again with the same input succeeds with the same ARN.
      return { executionArn: output.executionArn ?? this.executionArnFor(name), alreadyStarted: false };
    } catch (error) {
      if (errorName(error) === 'ExecutionAlreadyExists') {
        return { executionArn: this.executionArnFor(name), alreadyStarted: true };
      }
      throw new WorkflowGatewayError(`Could not start the execution for order ${orderId}.`, { cause: error });
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
    } catch (error) {
      translateTokenError(error);
    }
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    try {
      await this.client.send(
        new SendTaskFailureCommand({ taskToken, error: error.slice(0, MAX_ERROR_LENGTH), cause: cause.slice(0, MAX_CAUSE_LENGTH) }),
      );
    } catch (caught) {
      translateTokenError(caught);
    }
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    try {
      await this.client.send(new SendTaskHeartbeatCommand({ taskToken }));
    } catch (error) {
      translateTokenError(error);
    }
  }

  async stopExecution(executionArn: string, cause: string): Promise<void> {
    try {
      await this.client.send(new StopExecutionCommand({ executionArn, cause: cause.slice(0, MAX_CAUSE_LENGTH) }));
    } catch (error) {
      if (errorName(error) === 'ExecutionDoesNotExist') {
        return;
      }
      throw new WorkflowGatewayError(`Could not stop execution ${executionArn}.`, { cause: error });
    }
  }
}
