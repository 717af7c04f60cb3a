/**
 * The local-only pages and controls under `/_local/` on the API port: the outbox, Slack button
 * clicks (signed as Slack signs them and posted to the API's own Slack route), the supplier
 * simulator (its inbox for purchase orders, its controls), and a JSON view of endpoints.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, page } from '../console/html';
import { renderOutboxPage } from '../console/outbox-page';
import type { LocalEventBus } from '../event-bus/local-event-bus';
import type { Outboxes } from '../outbox/outboxes';
import type { ReceivedPurchaseOrder, SupplierAction, SupplierMode, SupplierSimulator } from '../supplier-simulator/supplier-simulator';

export interface LocalRoutesOptions {
  readonly outboxes: Outboxes;
  readonly simulator: SupplierSimulator;
  readonly eventBus: LocalEventBus;
  /** The API's own base URL (the Slack click is posted to `${apiBaseUrl}/slack/interactions`). */
  readonly apiBaseUrl: () => string;
  readonly slackSigningSecret: string;
  /** The Slack user a click in the outbox acts as, by default. */
  readonly slackUsers: readonly { readonly id: string; readonly name: string }[];
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location });
  response.end();
}

function renderSuppliersPage(simulator: SupplierSimulator): string {
  const rows = simulator
    .list()
    .map(
      (po) => `<tr><td>${escapeHtml(po.supplierId)} <span class="meta">(${escapeHtml(simulator.behaviourOf(po.supplierId).mode)})</span></td><td><code>${escapeHtml(po.poId)}</code></td><td>${escapeHtml(po.orderId)}</td>
<td>${po.cancelled ? 'cancelled' : escapeHtml(po.sent.join(', ') || '-')}</td><td>${escapeHtml(po.pending.map((p) => `${p.action} at ${p.dueAt}`).join(', ') || '-')}</td>
<td>${(['acknowledge', 'reject', 'ship', 'deliver'] as const)
        .map((action) => `<form method="post" action="/_local/suppliers/${encodeURIComponent(po.supplierId)}/purchase-orders/${encodeURIComponent(po.poId)}/${action}" style="display:inline"><button>${action}</button></form>`)
        .join('')}</td></tr>`,
    )
    .join('');
  return page(
    'Supplier simulator',
    `<p class="meta">Suppliers answer purchase orders with signed webhooks after their configured delays. Modes: normal, reject, silent, late.
Set one with <code>POST /_local/suppliers/{supplierId}/behaviour</code> <code>{"mode":"reject"}</code> or <code>npm run mto -- supplier &lt;id&gt; mode reject</code>.</p>
<table><tr><th>Supplier</th><th>PO</th><th>Order</th><th>Sent</th><th>Pending</th><th>Act now</th></tr>${rows || '<tr><td colspan="6" class="empty">No purchase orders yet.</td></tr>'}</table>`,
  );
}

/** Returns true when it handled the request. */
export function createLocalRoutes(options: LocalRoutesOptions) {
  return async (request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://local');
    const method = request.method ?? 'GET';
    const path = url.pathname;

    if (method === 'GET' && (path === '/_local/outbox' || path === '/_local/')) {
      send(response, 200, 'text/html; charset=utf-8', renderOutboxPage(options.outboxes));
      return true;
    }
    if (method === 'GET' && path === '/_local/outbox.json') {
      send(response, 200, 'application/json', JSON.stringify({ emails: options.outboxes.emails.list(), slack: options.outboxes.slackMessages() }));
      return true;
    }
    if (method === 'GET' && path === '/_local/events.json') {
      // The event archive, filtered: what a customer's rule on the bus would receive.
      const orderId = url.searchParams.get('orderId');
      const detailType = url.searchParams.get('detailType');
      const events = options.eventBus.archive.list().filter((event) => {
        const detail = event.detail as { orderId?: unknown } | null;
        return (orderId === null || detail?.orderId === orderId) && (detailType === null || event['detail-type'] === detailType);
      });
      send(response, 200, 'application/json', JSON.stringify(events));
      return true;
    }
    if (method === 'POST' && path === '/_local/slack/click') {
      const form = new URLSearchParams(body.toString('utf8'));
      const user = options.slackUsers.find((candidate) => candidate.id === form.get('user_id')) ?? options.slackUsers[0];
      if (user === undefined) {
        send(response, 400, 'text/plain', 'no Slack user is configured for local clicks');
        return true;
      }
      const payload = {
        type: 'block_actions',
        user: { id: user.id, username: user.name, name: user.name },
        team: { id: 'T-LOCAL' },
        channel: { id: form.get('channel') ?? '' },
        container: { type: 'message', channel_id: form.get('channel') ?? '', message_ts: form.get('ts') ?? '' },
        actions: [{ type: 'button', block_id: form.get('block_id') ?? '', action_id: form.get('action_id') ?? '', value: form.get('value') ?? '', action_ts: String(Date.now() / 1000) }],
      };
      const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac('sha256', options.slackSigningSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
      const answer = await fetch(`${options.apiBaseUrl()}/slack/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
        body: rawBody,
      });
      await answer.arrayBuffer();
      redirect(response, '/_local/outbox');
      return true;
    }
    if (method === 'GET' && path === '/_local/suppliers') {
      send(response, 200, 'text/html; charset=utf-8', renderSuppliersPage(options.simulator));
      return true;
    }
    if (method === 'GET' && path === '/_local/suppliers.json') {
      send(response, 200, 'application/json', JSON.stringify(options.simulator.list()));
      return true;
    }
    const inbox = /^\/_local\/suppliers\/([^/]+)\/purchase-orders$/.exec(path);
    if (method === 'POST' && inbox !== null) {
      const message = JSON.parse(body.toString('utf8')) as ReceivedPurchaseOrder;
      options.simulator.receive({ ...message, supplierId: decodeURIComponent(inbox[1]!) });
      send(response, 202, 'application/json', '{"received":true}');
      return true;
    }
    const behaviour = /^\/_local\/suppliers\/([^/]+)\/behaviour$/.exec(path);
    if (method === 'POST' && behaviour !== null) {
      const requested = JSON.parse(body.toString('utf8') || '{}') as { mode?: SupplierMode; acknowledgeAfterMs?: number; shipAfterMs?: number; deliverAfterMs?: number; lateByDays?: number };
      if (requested.mode !== undefined && !['normal', 'reject', 'silent', 'late'].includes(requested.mode)) {
        send(response, 422, 'application/problem+json', JSON.stringify({ title: 'Unprocessable', status: 422, errors: [{ path: 'mode', rule: 'enum', message: 'mode is one of normal, reject, silent, late' }] }));
        return true;
      }
      options.simulator.setBehaviour(decodeURIComponent(behaviour[1]!), requested);
      send(response, 200, 'application/json', JSON.stringify(options.simulator.behaviourOf(decodeURIComponent(behaviour[1]!))));
      return true;
    }
    const act = /^\/_local\/suppliers\/([^/]+)\/purchase-orders\/([^/]+)\/(acknowledge|reject|ship|deliver)$/.exec(path);
    if (method === 'POST' && act !== null) {
      try {
        const status = await options.simulator.act(decodeURIComponent(act[1]!), decodeURIComponent(act[2]!), act[3] as SupplierAction);
        if ((request.headers.accept ?? '').includes('text/html')) redirect(response, '/_local/suppliers');
        else send(response, 200, 'application/json', JSON.stringify({ apiStatus: status }));
      } catch (error) {
        send(response, 404, 'application/problem+json', JSON.stringify({ title: 'Not Found', status: 404, detail: error instanceof Error ? error.message : 'unknown purchase order' }));
      }
      return true;
    }
    return false;
  };
}
