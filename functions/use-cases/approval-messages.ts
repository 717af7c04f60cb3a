/**
 * What an approval request looks like in an email (HTML and text, one signed link per approver) and
 * in Slack. Plain functions of their input, so they are easy to test and to preview.
 */
import type { Approval } from '../domain/approval/approval.types';
import type { ApprovalChatMessage, EmailMessage } from '../ports/notifier';

export type ApprovalRound = 'request' | 'reminder' | 'escalation';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const kindLabel = (approval: Approval): string =>
  approval.kind === 'design-approval' ? `Design approval (revision ${approval.designRevision ?? 1})` : 'Order review';

const notice = (round: ApprovalRound, expiresAt: string): string | undefined =>
  round === 'reminder'
    ? `Reminder: this request is still waiting for a decision (expires ${expiresAt}).`
    : round === 'escalation'
      ? `Escalated: nobody has decided yet; you are now asked too (expires ${expiresAt}).`
      : undefined;

/** One email to one approver, with that approver's signed link. */
export function approvalEmail(approval: Approval, round: ApprovalRound, approver: string, link: string): EmailMessage {
  const title = `${kindLabel(approval)} for order ${approval.orderId}`;
  const banner = notice(round, approval.expiresAt);
  const facts = Object.entries(approval.details).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const text = [
    ...(banner === undefined ? [] : [banner, '']),
    title,
    approval.subject,
    '',
    ...facts,
    '',
    `Approve or reject (with a comment): ${link}`,
    `The first decision from any channel counts. This link expires ${approval.expiresAt}.`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    ...(banner === undefined ? [] : [`<p style="color:#a15c00"><strong>${escapeHtml(banner)}</strong></p>`]),
    `<h2>${escapeHtml(title)}</h2>`,
    `<p>${escapeHtml(approval.subject)}</p>`,
    `<ul>${facts.map((fact) => `<li>${escapeHtml(fact)}</li>`).join('')}</ul>`,
    `<p><a href="${escapeHtml(link)}" style="padding:8px 16px;background:#1a7f37;color:#fff;text-decoration:none">Review and decide</a></p>`,
    `<p style="color:#666">The first decision from any channel counts. This link expires ${escapeHtml(approval.expiresAt)}.</p>`,
    '</body></html>',
  ].join('');
  return { to: [approver], subject: `${banner === undefined ? '' : round === 'reminder' ? 'Reminder: ' : 'Escalated: '}${title}`, html, text, tags: { orderId: approval.orderId, approvalId: approval.approvalId } };
}

/** The Slack message: approve/reject buttons whose value is the approval id. */
export function approvalChatMessage(approval: Approval, round: ApprovalRound, pageUrl: string | undefined): ApprovalChatMessage {
  const banner = notice(round, approval.expiresAt);
  return {
    approvalId: approval.approvalId,
    orderId: approval.orderId,
    title: `${kindLabel(approval)} for order ${approval.orderId}`,
    facts: [approval.subject, ...Object.entries(approval.details).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)],
    ...(pageUrl === undefined ? {} : { pageUrl }),
    ...(banner === undefined ? {} : { notice: banner }),
  };
}
