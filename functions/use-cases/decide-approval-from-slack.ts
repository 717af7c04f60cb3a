/**
 * A click on an approval message's Approve button in Slack. The Slack user is mapped to an approver
 * email (configuration); the decision goes through the same use case as email links and the API, so
 * the first valid decision from any channel wins. The message is then updated to show the outcome
 * and who decided, so nobody clicks again (also when the click came too late). Rejecting is not a
 * click: a rejection needs a comment, so the message's Reject button opens the approval's signed
 * confirmation page instead.
 */
import type { Approval, ApprovalDecision } from '../domain/approval/approval.types';
import type { ApprovalRepository } from '../ports/approval-repository';
import type { ApprovalChat, ChatMessageRef } from '../ports/notifier';
import type { DecisionRequest, DecisionResult } from './decide-approval';
import { ApprovalAlreadyClosedError, ApproverNotAllowedError } from './door-errors';

export interface DecideFromSlackDeps {
  readonly decideApproval: (request: DecisionRequest) => Promise<DecisionResult>;
  readonly approvals: ApprovalRepository;
  readonly chat: ApprovalChat;
  /** Slack user id -> approver email. */
  readonly slackUserEmails: ReadonlyMap<string, string>;
  /** Told when the message could not be updated (the decision stands). */
  readonly onChatUpdateFailed?: (approvalId: string, error: unknown) => void;
  /**
   * Longest wait for the message update (default 1,500 ms): Slack wants its answer within three
   * seconds, and the approval machine's closing step updates the message again anyway.
   */
  readonly chatTimeoutMs?: number;
}

/** The update did not finish in time; the decision stands. */
export class ChatUpdateTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`The Slack message update took longer than ${timeoutMs} ms.`);
    this.name = 'ChatUpdateTimeoutError';
  }
}

export interface SlackDecisionRequest {
  readonly approvalId: string;
  /** Only approvals: a rejection needs a comment, which a button click cannot carry. */
  readonly outcome: 'approved';
  readonly slackUserId: string;
  /** Where the clicked message is, from the interaction payload. */
  readonly message?: ChatMessageRef;
}

/** The one line shown on the message in place of the buttons. */
export function outcomeSummary(decision: ApprovalDecision): string {
  const what = decision.outcome === 'approved' ? 'Approved' : 'Rejected';
  return `${what} by ${decision.decidedBy} at ${decision.decidedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC')} (${decision.channel})`;
}

export function createDecideApprovalFromSlack(deps: DecideFromSlackDeps) {
  async function showOutcome(approval: Pick<Approval, 'approvalId' | 'subject' | 'slackMessage'>, decision: ApprovalDecision, clicked?: ChatMessageRef): Promise<void> {
    const ref = approval.slackMessage ?? clicked;
    if (!ref) return;
    const timeoutMs = deps.chatTimeoutMs ?? 1500;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new ChatUpdateTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([deps.chat.showOutcome(ref, { approvalId: approval.approvalId, title: approval.subject, summary: outcomeSummary(decision) }), timeout]);
    } catch (error) {
      deps.onChatUpdateFailed?.(approval.approvalId, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * @throws ApproverNotAllowedError (403) for a Slack user who maps to no approver; the errors of
   *   deciding (409 already decided, 410 expired, 404 unknown approval)
   */
  return async function decideFromSlack(request: SlackDecisionRequest): Promise<DecisionResult> {
    const email = deps.slackUserEmails.get(request.slackUserId);
    if (!email) {
      throw new ApproverNotAllowedError(request.approvalId, `Slack user ${request.slackUserId}`);
    }
    try {
      const result = await deps.decideApproval({ approvalId: request.approvalId, outcome: request.outcome, decidedBy: email, channel: 'slack' });
      await showOutcome(result.approval, result.decision, request.message);
      return result;
    } catch (error) {
      if (error instanceof ApprovalAlreadyClosedError && error.decision) {
        // Someone else was first: make the message say so.
        const approval = await deps.approvals.get(request.approvalId);
        if (approval) await showOutcome(approval, error.decision, request.message);
      }
      throw error;
    }
  };
}
