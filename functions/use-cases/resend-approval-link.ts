/**
 * Re-sending an approval request: the approval gets the next link generation (every link sent
 * before stops working), and each approver gets an email with a fresh signed link. The waiting
 * workflow step is unchanged (same callback, same expiry): only the links are replaced.
 */
import type { Approval } from '../domain/approval/approval.types';
import type { ApprovalRepository } from '../ports/approval-repository';
import { ApprovalNotFoundError } from '../ports/data-errors';
import type { EmailSender } from '../ports/notifier';
import type { ApprovalLinkClaims } from '../shared/security/approval-link';
import { ApprovalAlreadyClosedError } from './door-errors';

export interface ResendApprovalLinkDeps {
  readonly approvals: ApprovalRepository;
  readonly email: EmailSender;
  /** The signed link for these claims (signing key and public base URL are the caller's). */
  readonly linkFor: (claims: ApprovalLinkClaims) => Promise<string>;
}

export interface ResendResult {
  readonly approval: Approval;
  readonly sentTo: readonly string[];
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function createResendApprovalLink(deps: ResendApprovalLinkDeps) {
  /** @throws ApprovalNotFoundError, ApprovalAlreadyClosedError (decided, expired or withdrawn) */
  return async function resendApprovalLink(approvalId: string, reason?: string): Promise<ResendResult> {
    const approval = await deps.approvals.get(approvalId);
    if (!approval) {
      throw new ApprovalNotFoundError(approvalId);
    }
    if (approval.status !== 'pending') {
      throw new ApprovalAlreadyClosedError(approvalId, approval.status, approval.decision);
    }
    const reissued = await deps.approvals.reissue(approvalId, { callbackId: approval.callbackId, expiresAt: approval.expiresAt });
    const expiresAtEpochSeconds = Math.floor(Date.parse(reissued.expiresAt) / 1000);
    for (const approver of reissued.approvers) {
      const link = await deps.linkFor({ approvalId, approver, generation: reissued.linkGeneration, expiresAtEpochSeconds });
      const why = reason ? ` (${reason})` : '';
      await deps.email.send({
        to: [approver],
        subject: `Approval needed: ${reissued.subject}`,
        text: `Your decision is needed on: ${reissued.subject}.\nThis link replaces any earlier one${why}:\n${link}\nIt expires at ${reissued.expiresAt}.`,
        html: `<p>Your decision is needed on: <strong>${escape(reissued.subject)}</strong>.</p><p>This link replaces any earlier one${escape(why)}: <a href="${escape(link)}">review and decide</a>.</p><p>It expires at ${escape(reissued.expiresAt)}.</p>`,
        tags: { orderId: reissued.orderId, approvalId },
      });
    }
    return { approval: reissued, sentTo: reissued.approvers };
  };
}
