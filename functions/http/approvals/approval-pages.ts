/**
 * The HTML pages people see behind an approval link: the confirmation page (what is asked, approve
 * or reject with a comment), the page after deciding, and the problem pages (already decided: who,
 * what and when; expired; revoked; tampered). No scripts, no outside resources; every value escaped.
 */
import type { ApprovalDecision } from '../../domain/approval/approval.types';
import type { ApprovalView } from '../../use-cases/view-approval';
import type { HttpProblemError } from '../shared/http-errors';
import { escapeHtml } from '../shared/responses';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}' +
  'table{border-collapse:collapse;margin:1rem 0}td,th{text-align:left;padding:.25rem .75rem .25rem 0;vertical-align:top}' +
  'textarea{width:100%;min-height:5rem}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}' +
  '.approve{background:#1a7f37;color:#fff;border:0}.reject{background:#cf222e;color:#fff;border:0}.muted{color:#57606a}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function rows(entries: readonly (readonly [string, string])[]): string {
  return `<table>${entries.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function money(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}

/** The confirmation page: shows what is being approved; the buttons POST to this same URL. */
export function renderConfirmationPage(view: ApprovalView, approver: string): string {
  const { approval, order } = view;
  const details = Object.entries(approval.details).map(([key, value]) => [key, formatValue(value)] as const);
  const orderRows: (readonly [string, string])[] = order
    ? [
        ['Order', order.orderId],
        ['Customer', `${order.customer.name} (${order.customer.customerId})`],
        ...order.lines.map((line, index) => [`Line ${index + 1}`, `${line.quantity} x ${line.productId}: ${Object.entries(line.configuration).map(([key, value]) => `${key}=${String(value)}`).join(', ')}`] as const),
        ['Promised delivery', order.promise.date],
        ['Price', money(order.quote.priceCents, order.quote.currency)],
        ['Estimated margin', `${(order.quote.marginFraction * 100).toFixed(1)} %`],
      ]
    : [['Order', approval.orderId]];
  const kind = approval.kind === 'design-approval' ? `Design approval${approval.designRevision === undefined ? '' : `, revision ${approval.designRevision}`}` : 'Order review';
  // action="" posts to the current URL, signed query string included: no base URL needed.
  return page(
    `Approve: ${approval.subject}`,
    `<h1>${escapeHtml(approval.subject)}</h1>
<p class="muted">${escapeHtml(kind)} requested ${escapeHtml(approval.requestedAt)}; open until ${escapeHtml(approval.expiresAt)}. You are deciding as ${escapeHtml(approver)}.</p>
${rows(orderRows)}
${details.length > 0 ? `<h2>Details</h2>${rows(details)}` : ''}
<form method="post" action="">
<p><label for="comment">Comment (required to reject)</label><br><textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<p><button class="approve" type="submit" name="decision" value="approve">Approve</button><button class="reject" type="submit" name="decision" value="reject">Reject</button></p>
</form>`,
  );
}

function describeDecision(decision: ApprovalDecision): string {
  const what = decision.outcome === 'approved' ? 'Approved' : 'Rejected';
  const comment = decision.comment ? ` with the comment "${decision.comment}"` : '';
  return `${what} by ${decision.decidedBy} at ${decision.decidedAt} (${decision.channel})${comment}.`;
}

/** After a decision was recorded. */
export function renderDecisionRecordedPage(subject: string, decision: ApprovalDecision): string {
  return page('Decision recorded', `<h1>Decision recorded</h1><p>${escapeHtml(subject)}</p><p>${escapeHtml(describeDecision(decision))}</p><p class="muted">You can close this page.</p>`);
}

/** Any refusal, as a page; an approval already decided says who decided what and when. */
export function renderProblemPage(problem: HttpProblemError): string {
  const decision = problem.extensions.decision as ApprovalDecision | undefined;
  const body = decision ? `<p>${escapeHtml(describeDecision(decision))}</p>` : `<p>${escapeHtml(problem.detail)}</p>`;
  const errors = problem.errors && problem.errors.length > 0 ? `<ul>${problem.errors.map((error) => `<li>${escapeHtml(error.message)}</li>`).join('')}</ul>` : '';
  return page(problem.title, `<h1>${escapeHtml(problem.title)}</h1>${body}${errors}<p class="muted">Status ${problem.status}.</p>`);
}
