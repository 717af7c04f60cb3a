/**
 * A client of a running local stack, for the CLI, the demo and the end-to-end tests: it speaks to
 * mto-flow only through its doors (the HTTP API, the approval links in the outbox, Slack buttons,
 * the supplier simulator) plus the local read-only views (outbox, event archive).
 */
import { readFileSync } from 'node:fs';
import { signExecuteApiRequest } from '../api-gateway/sigv4';
import type { LocalEndpoints } from '../runtime/local-stack';

export class LocalApiError extends Error {
  public readonly status: number;
  public readonly body: unknown;
  public constructor(method: string, path: string, status: number, body: unknown) {
    const detail = typeof body === 'object' && body !== null && 'detail' in body ? String((body).detail) : JSON.stringify(body);
    super(`${method} ${path} answered ${status}: ${detail}`);
    this.name = 'LocalApiError';
    this.status = status;
    this.body = body;
  }
}

export interface OutboxEmailView {
  readonly messageId: string;
  readonly sentAt: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
}

export interface ArchivedEvent {
  readonly id: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail: Record<string, unknown>;
}

export interface LocalClientOptions {
  readonly endpoints: Pick<LocalEndpoints, 'api' | 'apiKey' | 'region'>;
  /** Credentials for the IAM routes (shop floor, QC, API decisions): the local secrets file's `iam`. */
  readonly iam: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export class LocalClient {
  public constructor(private readonly options: LocalClientOptions) {}

  /** Reads `.mto-local/endpoints.json` and `.mto-local/secrets.json` of a running `npm start`. */
  public static fromDataDir(dataDir: string): LocalClient {
    const endpoints = JSON.parse(readFileSync(`${dataDir}/endpoints.json`, 'utf8')) as LocalEndpoints;
    const secrets = JSON.parse(readFileSync(`${dataDir}/secrets.json`, 'utf8')) as { iam: { accessKeyId: string; secretAccessKey: string } };
    return new LocalClient({ endpoints, iam: secrets.iam });
  }

  public get apiBaseUrl(): string {
    return this.options.endpoints.api;
  }

  private async request<T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; iam?: boolean; expect?: number[] } = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const url = new URL(path, this.options.endpoints.api);
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    let headers: Record<string, string> = { 'x-api-key': this.options.endpoints.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.headers ?? {}) };
    if (options.iam === true) {
      headers = { ...headers, ...(await signExecuteApiRequest({ method, url, ...(body === undefined ? {} : { body }), headers: { 'x-amz-date': amzDate() } }, this.options.iam, this.options.endpoints.region)) };
    }
    const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // HTML pages stay text.
    }
    const expected = options.expect ?? [200, 201, 202];
    if (!expected.includes(response.status)) throw new LocalApiError(method, path, response.status, parsed);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  public placeOrder(request: unknown, idempotencyKey?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.request('POST', '/orders', { body: request, ...(idempotencyKey === undefined ? {} : { headers: { 'idempotency-key': idempotencyKey } }) });
  }

  public async getOrder(orderId: string): Promise<Record<string, unknown>> {
    return (await this.request<Record<string, unknown>>('GET', `/orders/${encodeURIComponent(orderId)}`)).body;
  }

  public async listOrders(query: { status?: string; customer?: string; limit?: number; cursor?: string } = {}): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
    const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
    return (await this.request<{ items: Record<string, unknown>[]; nextCursor?: string }>('GET', `/orders${search.size > 0 ? `?${search.toString()}` : ''}`)).body;
  }

  public async timeline(orderId: string): Promise<Record<string, unknown>[]> {
    const entries: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = (await this.request<{ items: Record<string, unknown>[]; nextCursor?: string }>('GET', `/orders/${encodeURIComponent(orderId)}/timeline?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)).body;
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return entries;
  }

  public async cancelOrder(orderId: string, reason: string): Promise<Record<string, unknown>> {
    return (await this.request<Record<string, unknown>>('POST', `/orders/${encodeURIComponent(orderId)}/cancel`, { body: { reason } })).body;
  }

  public async requestChange(orderId: string, change: unknown): Promise<Record<string, unknown>> {
    return (await this.request<Record<string, unknown>>('POST', `/orders/${encodeURIComponent(orderId)}/change-requests`, { body: change })).body;
  }

  public async emails(): Promise<OutboxEmailView[]> {
    return (await this.request<{ emails: OutboxEmailView[] }>('GET', '/_local/outbox.json')).body.emails;
  }

  public async events(filter: { orderId?: string; detailType?: string } = {}): Promise<ArchivedEvent[]> {
    const search = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return (await this.request<ArchivedEvent[]>('GET', `/_local/events.json?${search.toString()}`)).body;
  }

  /** The newest approval link in the outbox for this approval (or for any approval of this order). */
  public async findApprovalLink(match: { approvalId?: string; orderId?: string }): Promise<string | undefined> {
    const emails = (await this.emails()).slice().reverse();
    for (const email of emails) {
      const content = `${email.html ?? ''}\n${email.text ?? ''}`;
      for (const found of content.matchAll(/https?:\/\/[^\s"'<>]+\/approvals\/([A-Za-z0-9_-]+)\?[^\s"'<>]+/g)) {
        const link = found[0].replace(/&amp;/g, '&');
        if (match.approvalId !== undefined && found[1] !== match.approvalId) continue;
        if (match.orderId !== undefined && !content.includes(match.orderId)) continue;
        return link;
      }
    }
    return undefined;
  }

  /** Opens an approval link as a person would: the confirmation page first, then the decision form. */
  public async decideByLink(link: string, decision: 'approve' | 'reject', comment?: string): Promise<{ status: number; page: string }> {
    const url = new URL(link);
    const page = await fetch(url);
    if (page.status !== 200) return { status: page.status, page: await page.text() };
    await page.text();
    const form = new URLSearchParams({ decision, ...(comment === undefined ? {} : { comment }) });
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    return { status: answer.status, page: await answer.text() };
  }

  /** Waits for a condition on an order (polling the API), or throws naming what it was waiting for. */
  public async waitForOrder(orderId: string, predicate: (order: Record<string, unknown>) => boolean, what: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    let last: Record<string, unknown> | undefined;
    while (Date.now() < deadline) {
      last = await this.getOrder(orderId);
      if (predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`order ${orderId}: timed out after ${timeoutMs} ms waiting for ${what}; it is ${String(last?.status)}`);
  }

  /** Waits until an event of this type exists for the order; returns the newest. */
  public async waitForEvent(orderId: string, detailType: string, timeoutMs = 60_000, after = 0): Promise<ArchivedEvent> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const events = (await this.events({ orderId, detailType })).filter((event) => Date.parse(event.time) >= after - 1000);
      const last = events.at(-1);
      if (last !== undefined) return last;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`order ${orderId}: no ${detailType} event within ${timeoutMs} ms`);
  }

  public async reportProgress(orderId: string, report: unknown): Promise<{ status: number; body: unknown }> {
    return this.request('POST', `/shop-floor/orders/${encodeURIComponent(orderId)}/progress`, { body: report, iam: true });
  }

  public async reportInspection(orderId: string, report: unknown): Promise<{ status: number; body: unknown }> {
    return this.request('POST', `/shop-floor/orders/${encodeURIComponent(orderId)}/inspections`, { body: report, iam: true });
  }

  /** The shipping desk / carrier integration reporting a booking or a delivery. */
  public async reportShipment(orderId: string, report: unknown): Promise<{ status: number; body: unknown }> {
    return this.request('POST', `/shipping/orders/${encodeURIComponent(orderId)}/events`, { body: report, iam: true });
  }

  public async supplierBehaviour(supplierId: string, behaviour: Record<string, unknown>): Promise<unknown> {
    return (await this.request('POST', `/_local/suppliers/${encodeURIComponent(supplierId)}/behaviour`, { body: behaviour })).body;
  }

  public async supplierAct(supplierId: string, poId: string, action: 'acknowledge' | 'reject' | 'ship' | 'deliver'): Promise<unknown> {
    return (await this.request('POST', `/_local/suppliers/${encodeURIComponent(supplierId)}/purchase-orders/${encodeURIComponent(poId)}/${action}`, { expect: [200, 404] })).body;
  }

  public async supplierPurchaseOrders(): Promise<{ supplierId: string; poId: string; orderId: string; sent: string[]; pending: unknown[]; cancelled: boolean }[]> {
    return (await this.request<{ supplierId: string; poId: string; orderId: string; sent: string[]; pending: unknown[]; cancelled: boolean }[]>('GET', '/_local/suppliers.json')).body;
  }
}

function amzDate(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
