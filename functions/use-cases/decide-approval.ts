/**
 * Deciding an approval: the one use case behind the email confirmation page, the Slack buttons and
 * the API route. The first valid decision wins (the repository's conditional write); only the
 * winner resumes the waiting workflow step, through the callback record that holds its task token.
 */
import type { Approval, ApprovalDecision, DecisionChannel } from '../domain/approval/approval.types';
import type { ApprovalRepository } from '../ports/approval-repository';
import type { CallbackRepository } from '../ports/callback-repository';
import { ApprovalAlreadyDecidedError, ApprovalLinkRevokedError, ApprovalNotFoundError, CallbackAlreadyCompletedError } from '../ports/data-errors';
import { TaskTokenInvalidError, type WorkflowGateway } from '../ports/workflow-gateway';
import { ApprovalAlreadyClosedError, ApprovalExpiredError, ApprovalLinkSupersededError, ApproverNotAllowedError, RejectionCommentRequiredError } from './door-errors';

export interface DecideApprovalDeps {
  readonly approvals: ApprovalRepository;
  readonly callbacks: CallbackRepository;
  readonly workflow: WorkflowGateway;
  readonly now: () => Date;
  /** Told when the decision stands but the workflow could not be resumed (it moved on meanwhile). */
  readonly onResumeSkipped?: (approvalId: string, reason: string) => void;
}

export interface DecisionRequest {
  readonly approvalId: string;
  readonly outcome: 'approved' | 'rejected';
  /** The approver's email (from the signed link, the Slack user mapping, or the API body). */
  readonly decidedBy: string;
  readonly channel: DecisionChannel;
  /** Required to reject (what must change); optional to approve. */
  readonly comment?: string;
  /** The link generation the decision came through, when it came through a link. */
  readonly linkGeneration?: number;
}

/** What the waiting step receives (the human-approval machine's `$.decision`). */
export interface ApprovalTaskOutput {
  readonly approvalId: string;
  readonly outcome: 'approved' | 'rejected';
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly channel: DecisionChannel;
  readonly comment?: string;
}

export interface DecisionResult {
  readonly approval: Approval;
  readonly decision: ApprovalDecision;
}

/** Whether `who` (an email) is one of the approval's approvers; emails compare case-insensitively. */
export function isApprover(approval: Approval, who: string): boolean {
  const wanted = who.trim().toLowerCase();
  return approval.approvers.some((approver) => approver.trim().toLowerCase() === wanted);
}

/**
 * The checks that make a decision (or the confirmation page) valid right now, in the order a person
 * would want to hear about them: decided already (409, with who and when), link replaced (410),
 * expired (410), not an approver (403).
 */
export function assertDecidable(approval: Approval, who: string, now: Date, linkGeneration?: number): void {
  if (approval.status !== 'pending') {
    throw new ApprovalAlreadyClosedError(approval.approvalId, approval.status, approval.decision);
  }
  if (linkGeneration !== undefined && linkGeneration !== approval.linkGeneration) {
    throw new ApprovalLinkSupersededError(approval.approvalId);
  }
  if (now.getTime() >= Date.parse(approval.expiresAt)) {
    throw new ApprovalExpiredError(approval.approvalId, approval.expiresAt);
  }
  if (!isApprover(approval, who)) {
    throw new ApproverNotAllowedError(approval.approvalId, who);
  }
}

export function createDecideApproval(deps: DecideApprovalDeps) {
  /**
   * @throws RejectionCommentRequiredError (422) for a rejection without a comment, whichever channel
   *   it came from; ApprovalNotFoundError, ApprovalAlreadyClosedError (409, with the winning
   *   decision), ApprovalLinkSupersededError / ApprovalExpiredError (410), ApproverNotAllowedError (403)
   */
  return async function decideApproval(request: DecisionRequest): Promise<DecisionResult> {
    if (request.outcome === 'rejected' && (request.comment === undefined || request.comment.trim() === '')) {
      throw new RejectionCommentRequiredError(request.approvalId);
    }
    const approval = await deps.approvals.get(request.approvalId);
    if (!approval) {
      throw new ApprovalNotFoundError(request.approvalId);
    }
    const now = deps.now();
    assertDecidable(approval, request.decidedBy, now, request.linkGeneration);

    const decision: ApprovalDecision = {
      outcome: request.outcome,
      decidedBy: request.decidedBy.trim().toLowerCase(),
      decidedAt: now.toISOString(),
      channel: request.channel,
      ...(request.comment ? { comment: request.comment } : {}),
    };
    let decided: Approval;
    try {
      decided = await deps.approvals.recordDecision(
        request.approvalId,
        decision,
        request.linkGeneration === undefined ? {} : { linkGeneration: request.linkGeneration },
      );
    } catch (error) {
      // Lost the race to another channel: say who won.
      if (error instanceof ApprovalAlreadyDecidedError) {
        throw new ApprovalAlreadyClosedError(request.approvalId, error.status, error.decision, { cause: error });
      }
      if (error instanceof ApprovalLinkRevokedError) {
        throw new ApprovalLinkSupersededError(request.approvalId, { cause: error });
      }
      throw error;
    }

    const output: ApprovalTaskOutput = {
      approvalId: decided.approvalId,
      outcome: decision.outcome,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
      channel: decision.channel,
      ...(decision.comment ? { comment: decision.comment } : {}),
    };
    await resumeWaitingStep(deps, decided.callbackId, decision.decidedAt, output, decided.approvalId);
    return { approval: decided, decision };
  };
}

/**
 * Sends the decision to the waiting step. The decision is already recorded, so a wait that is over
 * (timed out in the same instant, or resumed by a retry of this request) is not the decider's
 * problem: the approval machine's next round finds the approval decided.
 */
async function resumeWaitingStep(deps: DecideApprovalDeps, callbackId: string, completedAt: string, output: ApprovalTaskOutput, approvalId: string): Promise<void> {
  let taskToken: string;
  try {
    taskToken = (await deps.callbacks.complete(callbackId, completedAt)).taskToken;
  } catch (error) {
    if (!(error instanceof CallbackAlreadyCompletedError)) {
      deps.onResumeSkipped?.(approvalId, error instanceof Error ? error.name : 'unknown');
      return;
    }
    // Completed by an earlier attempt that may have failed before sending: send again; a token
    // that was already used is refused by Step Functions and changes nothing.
    const record = await deps.callbacks.get(callbackId);
    if (!record) {
      deps.onResumeSkipped?.(approvalId, 'CallbackNotFound');
      return;
    }
    taskToken = record.taskToken;
  }
  try {
    await deps.workflow.sendTaskSuccess(taskToken, output);
  } catch (error) {
    if (error instanceof TaskTokenInvalidError) {
      deps.onResumeSkipped?.(approvalId, error.reason);
      return;
    }
    throw error;
  }
}
