/**
 * The local outbox: every email and Slack message mto-flow sent, newest first, with the links and
 * buttons working. An email's HTML is shown in a sandboxed frame (its links open the real local
 * approval pages); a Slack button posts back through /_local/slack/click, which signs a
 * `block_actions` payload as Slack would and sends it to the API's Slack route.
 */
import type { OutboxAlert, OutboxEmail, Outboxes, OutboxSlackMessage } from '../outbox/outboxes';
import { escapeHtml, page } from './html';

interface SlackElement {
  readonly type?: string;
  readonly action_id?: string;
  readonly value?: string;
  readonly text?: { readonly text?: string };
  readonly style?: string;
  /** A link button opens its URL in the browser and posts nothing to the app. */
  readonly url?: string;
}

interface SlackBlock {
  readonly type?: string;
  readonly block_id?: string;
  readonly text?: { readonly text?: string };
  readonly fields?: readonly { readonly text?: string }[];
  readonly elements?: readonly SlackElement[];
}

function renderEmail(email: OutboxEmail): string {
  const body =
    email.html !== undefined
      ? `<iframe sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(email.html)}"></iframe>`
      : `<pre>${escapeHtml(email.text ?? '')}</pre>`;
  return `<div class="card" data-kind="email"><div class="meta">${escapeHtml(email.sentAt)} · from ${escapeHtml(email.from)} to ${escapeHtml(email.to.join(', '))}</div>
<h3>${escapeHtml(email.subject)}</h3>${body}</div>`;
}

function renderSlack(message: OutboxSlackMessage): string {
  const blocks = (message.blocks ?? []) as SlackBlock[];
  const rendered = blocks
    .map((block) => {
      if (block.type === 'actions') {
        const buttons = (block.elements ?? [])
          .filter((element) => element.type === 'button')
          .map((element) =>
            element.url !== undefined
              ? `<a class="button" href="${escapeHtml(element.url)}" target="_blank" rel="noopener">${escapeHtml(element.text?.text ?? element.action_id)}</a>`
              : `<form method="post" action="/_local/slack/click" style="display:inline">
<input type="hidden" name="channel" value="${escapeHtml(message.channel)}"><input type="hidden" name="ts" value="${escapeHtml(message.ts)}">
<input type="hidden" name="block_id" value="${escapeHtml(block.block_id ?? '')}"><input type="hidden" name="action_id" value="${escapeHtml(element.action_id ?? '')}">
<input type="hidden" name="value" value="${escapeHtml(element.value ?? '')}">
<button class="${element.style === 'primary' ? 'primary' : element.style === 'danger' ? 'danger' : ''}">${escapeHtml(element.text?.text ?? element.action_id)}</button></form>`,
          )
          .join('');
        return `<div class="slack-block">${buttons}</div>`;
      }
      const texts = [block.text?.text, ...(block.fields ?? []).map((field) => field.text)].filter((text) => text !== undefined);
      return texts.length > 0 ? `<div class="slack-block">${texts.map((text) => escapeHtml(text)).join('<br>')}</div>` : '';
    })
    .join('');
  return `<div class="card" data-kind="slack"><div class="meta">${escapeHtml(message.postedAt)} · #${escapeHtml(message.channel)}${message.updatedAt === undefined ? '' : ` · updated ${escapeHtml(message.updatedAt)}`}</div>
${rendered || `<div class="slack-block">${escapeHtml(message.text ?? '')}</div>`}</div>`;
}

function renderAlert(alert: OutboxAlert): string {
  const event = alert.message as { 'detail-type'?: string; detail?: { orderId?: string } } | null;
  return `<div class="card" data-kind="alert"><div class="meta">${escapeHtml(alert.publishedAt)} · ${escapeHtml(alert.topicArn.split(':').pop())}</div>
<strong>${escapeHtml(event?.['detail-type'] ?? 'alert')}</strong> ${escapeHtml(event?.detail?.orderId ?? '')}
<details><summary>event</summary><pre>${escapeHtml(JSON.stringify(alert.message, null, 2))}</pre></details></div>`;
}

export function renderOutboxPage(outboxes: Outboxes): string {
  const emails = [...outboxes.emails.list()].reverse();
  const slack = outboxes.slackMessages().reverse();
  const alerts = [...outboxes.alerts.list()].reverse();
  return page(
    'Outbox',
    `<p class="meta">Messages mto-flow would send by SES and Slack on AWS. Approval links and buttons work here.</p>
<h2>Slack (${slack.length})</h2>${slack.map(renderSlack).join('') || '<p class="empty">No Slack messages yet.</p>'}
<h2>Email (${emails.length})</h2>${emails.map(renderEmail).join('') || '<p class="empty">No emails yet.</p>'}
<h2>Operations alerts (${alerts.length})</h2>${alerts.map(renderAlert).join('') || '<p class="empty">No alerts.</p>'}`,
  );
}
