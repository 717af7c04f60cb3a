/**
 * The workflow gateway: how the doors (HTTP handlers, use cases) drive Step Functions executions.
 * The AWS adapter (functions/adapters/workflow/workflow-gateway.sfn.ts) talks to Step Functions, or to
 * the local engine, which speaks the same JSON API; an in-memory twin serves unit tests.
 *
 * Task tokens pass through here and nowhere else outside the callback records: implementations never
 * log them and never put them in error messages.
 */

/** The input of an order's lifecycle execution. */
export interface OrderExecutionInput {
  readonly orderId: string;
  /** Anything else the lifecycle state machine reads from its input. */
  readonly [key: string]: unknown;
}

export interface StartedExecution {
  readonly executionArn: string;
  /** True when an execution of that name already existed (a duplicate start is harmless). */
  readonly alreadyStarted: boolean;
}

/** A task failure sent to a waiting step: `error` is what the workflow's Catch matches. */
export interface TaskFailure {
  readonly error: string;
  readonly cause: string;
}

export interface WorkflowGateway {
  /**
   * Starts the lifecycle execution named by the order id (`{orderId}`, or `{orderId}-{run}` for a
   * later run, e.g. after a specification change restarted the lifecycle). Idempotent by name:
   * starting it again (any input) resolves with the existing execution's ARN and
   * `alreadyStarted: true`.
   */
  startOrderExecution(orderId: string, input: OrderExecutionInput, options?: { readonly run?: number }): Promise<StartedExecution>;
  /**
   * Resumes the step waiting on `taskToken` with `output` (JSON-serialisable).
   * @throws TaskTokenInvalidError when the token is unknown, already used, or its step timed out.
   */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  /**
   * Fails the step waiting on `taskToken` with a named error.
   * @throws TaskTokenInvalidError when the token is unknown, already used, or its step timed out.
   */
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
  /**
   * Tells the step waiting on `taskToken` that work is progressing (resets its HeartbeatSeconds).
   * @throws TaskTokenInvalidError when the token is unknown, already used, or its step timed out.
   */
  sendTaskHeartbeat(taskToken: string): Promise<void>;
  /** Stops a running execution. Harmless when it has already finished or does not exist. */
  stopExecution(executionArn: string, cause: string): Promise<void>;
}

/** The execution name of an order's lifecycle run: the order id for the first run. */
export function orderExecutionName(orderId: string, run = 1): string {
  return run <= 1 ? orderId : `${orderId}-${run}`;
}

/** Base of the workflow gateway's errors. */
export class WorkflowGatewayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkflowGatewayError';
  }
}

/**
 * The waiting step can no longer be resumed with this token: it does not exist, was already
 * completed, or timed out. Callers treat the wait as over (the decision came too late).
 */
export class TaskTokenInvalidError extends WorkflowGatewayError {
  readonly reason: 'does-not-exist' | 'timed-out' | 'invalid';

  constructor(reason: 'does-not-exist' | 'timed-out' | 'invalid', options?: { cause?: unknown }) {
    super(`The waiting workflow step can no longer be resumed (${reason}).`, options);
    this.name = 'TaskTokenInvalidError';
    this.reason = reason;
  }
}
