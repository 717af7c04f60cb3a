/**
 * The shared shape of every task in mto-flow's state machines: one place decides how Lambda steps
 * are invoked, retried and caught, so no state can forget its Retry or its Catch.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { ConcurrentModificationError } from '../functions/ports/data-errors';

/**
 * Lambda's transient service errors. CDK's default retrier (`retryOnServiceExceptions`) leaves out
 * throttling (`Lambda.TooManyRequestsException`), so it is switched off and this list used instead.
 */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** Transient errors of the Step Functions service itself, for child-execution tasks. */
export const STEP_FUNCTIONS_TRANSIENT_ERRORS = [
  'StepFunctions.AWSStepFunctionsException',
  'StepFunctions.SdkClientException',
  'StepFunctions.ExecutionLimitExceededException',
] as const;

/** The application's own retryable error: optimistic locking lost a race; re-reading and retrying wins. */
export const APPLICATION_TRANSIENT_ERRORS = [new ConcurrentModificationError({ entity: 'order', entityId: '-' }).name] as const;

/** Every ASL error a Catch can match: States.ALL. */
export const ALL_ERRORS = [sfn.Errors.ALL];

/** Adds the standard retriers: service errors with backoff, then optimistic-locking conflicts. */
export function addStandardRetry(state: sfn.TaskStateBase, serviceErrors: readonly string[]): void {
  state.addRetry({
    errors: [...serviceErrors],
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
  state.addRetry({
    errors: [...APPLICATION_TRANSIENT_ERRORS],
    interval: Duration.seconds(1),
    maxAttempts: 5,
    backoffRate: 2,
    maxDelay: Duration.seconds(10),
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/** Options of a Lambda step. */
export interface StepOptions {
  /** The Lambda payload; `$$.Task.Token` must appear in it for callback steps. */
  readonly payload: Record<string, unknown>;
  /**
   * Where the step's result goes in the state data and which fields of the function's return value
   * it keeps (default: discarded). Callback steps keep what the caller sent, whole.
   */
  readonly result?: { readonly path: string; readonly fields?: readonly string[] };
  /** Make it a callback step (`.waitForTaskToken`): it ends when someone sends the task token back. */
  readonly waitForCallback?: {
    /** A fixed timeout or a path to seconds in the state input. */
    readonly timeout: sfn.Timeout;
    /** Longest silence allowed between progress reports (SendTaskHeartbeat). */
    readonly heartbeat?: sfn.Timeout;
  };
  readonly comment?: string;
}

/**
 * The payload field every step gets: when Step Functions entered the state. It is the same on every
 * retry of the state, so a step keys what it writes by it (a retry finds what its first attempt
 * wrote; see functions/use-cases/step-support.ts).
 */
export const STEP_RUN_FIELD = 'at';

/**
 * The payload field callback steps also get: `$$.State.RetryCount`. A retried callback step gets a
 * new task token; the attempt number lets it take the step run's wait over from an older attempt,
 * never the other way round (functions/use-cases/callback-waits.ts).
 */
export const STEP_ATTEMPT_FIELD = 'attempt';

/**
 * A Lambda step invoked through `arn:aws:states:::lambda:invoke` with the standard Retry.
 * The result is the function's return value (the `Payload`), not the invoke envelope.
 */
export function lambdaStep(scope: Construct, id: string, fn: IFunction, options: StepOptions): tasks.LambdaInvoke {
  const callback = options.waitForCallback;
  const step = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject({
      ...options.payload,
      [`${STEP_RUN_FIELD}.$`]: '$$.State.EnteredTime',
      ...(callback === undefined ? {} : { [`${STEP_ATTEMPT_FIELD}.$`]: '$$.State.RetryCount' }),
    }),
    // A named field missing from the function's answer fails the step loudly (States.Runtime).
    ...(options.result?.fields === undefined
      ? {}
      : { resultSelector: Object.fromEntries(options.result.fields.map((field) => [field, sfn.JsonPath.stringAt(`$.Payload.${field}`)])) }),
    resultPath: options.result?.path ?? sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
    integrationPattern: callback === undefined ? sfn.IntegrationPattern.REQUEST_RESPONSE : sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    ...(callback === undefined ? {} : { taskTimeout: callback.timeout }),
    ...(callback?.heartbeat === undefined ? {} : { heartbeatTimeout: callback.heartbeat }),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
  });
  addStandardRetry(step, LAMBDA_TRANSIENT_ERRORS);
  return step;
}


/** Options every mto-flow state machine shares: Standard type, logs, X-Ray tracing. */
export interface MachineOptions {
  /** The workflow's name in the template metadata (`mto:workflow`), e.g. `order-lifecycle`. */
  readonly workflowName: string;
  readonly stateMachineName?: string;
  readonly logs: sfn.LogOptions;
  readonly tracingEnabled: boolean;
}

/** Builds a Standard state machine from a definition chain with the shared options. */
export function standardMachine(scope: Construct, id: string, definition: sfn.IChainable, options: MachineOptions, comment: string): sfn.StateMachine {
  const machine = new sfn.StateMachine(scope, id, {
    definitionBody: sfn.DefinitionBody.fromChainable(definition),
    stateMachineType: sfn.StateMachineType.STANDARD,
    comment,
    logs: options.logs,
    tracingEnabled: options.tracingEnabled,
    ...(options.stateMachineName === undefined ? {} : { stateMachineName: options.stateMachineName }),
  });
  (machine.node.defaultChild as sfn.CfnStateMachine).addMetadata(WORKFLOW_METADATA_KEY, options.workflowName);
  return machine;
}

/** Template metadata key naming the workflow of a state machine resource (read by the local runtime and docs). */
export const WORKFLOW_METADATA_KEY = 'mto:workflow';
