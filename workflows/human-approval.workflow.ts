/**
 * The human-approval child machine, used by order review and design approval.
 *
 * Records the request (deadlines in working hours on the business calendar), sends it by email and
 * Slack and waits with a task token. No answer by the reminder deadline: remind and wait again; then
 * escalate to a second approver and wait again; then expire with the named outcome `expired`. The
 * first valid decision from any channel completes the wait (the door marks the approval decided with
 * a conditional write and then sends the token), and closing the approval updates every channel.
 *
 * Input: `{ orderId, kind: 'order-review' | 'design-approval', designRevision?, reasons? }`.
 * Output: `{ approvalId, outcome: 'approved' | 'rejected' | 'expired', decidedBy?, decidedAt?, comment? }`.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StepFunctionSet } from './step-names';
import { lambdaStep, standardMachine, type MachineOptions } from './workflow-kit';

export interface HumanApprovalWorkflowProps {
  readonly steps: StepFunctionSet;
  readonly machine: MachineOptions;
}

/** One wait round of the approval: what the waiting step sends and how long it waits. */
const ROUNDS = [
  { state: 'AwaitDecision', round: 'request', timeoutPath: '$.approval.deadlines.reminderSeconds' },
  { state: 'AwaitDecisionAfterReminder', round: 'reminder', timeoutPath: '$.approval.deadlines.escalationSeconds' },
  { state: 'AwaitDecisionAfterEscalation', round: 'escalation', timeoutPath: '$.approval.deadlines.expirySeconds' },
] as const;

export class HumanApprovalWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  public constructor(scope: Construct, id: string, props: HumanApprovalWorkflowProps) {
    super(scope, id);
    const { steps } = props;

    // Child machines fail with the original error and cause, so the parent's Catch can name them.
    const failed = new sfn.Fail(this, 'ApprovalFailed', {
      errorPath: '$.failure.Error',
      causePath: '$.failure.Cause',
    });
    const catchAll = (state: sfn.TaskStateBase): void => {
      state.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    };

    const open = lambdaStep(this, 'OpenApproval', steps['open-approval'], {
      payload: { 'request.$': '$', 'executionName.$': '$$.Execution.Name', 'orderId.$': '$.orderId' },
      result: { path: '$.approval', fields: ['approvalId', 'deadlines'] },
      comment: 'Records the approval and computes reminder, escalation and expiry deadlines in working hours.',
    });
    catchAll(open);

    const close = lambdaStep(this, 'CloseApproval', steps['close-approval'], {
      payload: { 'orderId.$': '$.orderId', 'approvalId.$': '$.approval.approvalId', 'decision.$': '$.decision' },
      result: { path: '$.result', fields: ['approvalId', 'outcome', 'decidedBy', 'decidedAt', 'comment'] },
      comment: 'Shows the decision on every channel (Slack message updated) and publishes it.',
    });
    catchAll(close);
    const done = new sfn.Pass(this, 'ApprovalClosed', { outputPath: '$.result' });
    close.next(done);

    const expire = lambdaStep(this, 'ExpireApproval', steps['expire-approval'], {
      payload: { 'orderId.$': '$.orderId', 'approvalId.$': '$.approval.approvalId' },
      result: { path: '$.decision' },
      comment: 'Nobody decided: the approval expires with the named outcome `expired`.',
    });
    catchAll(expire);
    expire.next(close);

    // Build the rounds back to front so each timeout can point at the next round.
    let onTimeout: sfn.IChainable = expire;
    const waits: sfn.TaskStateBase[] = [];
    for (const round of [...ROUNDS].reverse()) {
      const wait = lambdaStep(this, round.state, steps['await-approval-decision'], {
        payload: {
          'orderId.$': '$.orderId',
          'approvalId.$': '$.approval.approvalId',
          round: round.round,
          taskToken: sfn.JsonPath.taskToken,
        },
        result: { path: '$.decision' },
        waitForCallback: { timeout: sfn.Timeout.at(round.timeoutPath) },
        comment: `Stores the callback, notifies (${round.round}) and waits for the first decision.`,
      });
      wait.addCatch(onTimeout, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timedOut' });
      catchAll(wait);
      wait.next(close);
      waits.unshift(wait);
      onTimeout = wait;
    }
    const firstWait = waits[0];
    if (firstWait === undefined) throw new Error('The approval machine needs at least one wait round.');
    open.next(firstWait);

    this.stateMachine = standardMachine(this, 'StateMachine', open, props.machine, 'Human approval: request, remind, escalate, expire; first decision wins.');
  }
}
