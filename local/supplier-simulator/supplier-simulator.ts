/**
 * Plays the suppliers' systems: receives purchase orders as a supplier would, and answers each with
 * Standard Webhooks signed with that supplier's secret (acknowledged -> shipped -> delivered, or
 * rejected), after configurable delays. Per supplier it can be told to reject, stay silent, or
 * deliver late, and any PO can be moved on by hand (`act`).
 *
 * It is an outside party on purpose: it signs with the `standardwebhooks` package as a supplier's
 * developer would (docs/webhooks.md), not with mto-flow's own code. Its plans are journaled, so a
 * restart sends what was still due (overdue ones at once), and every webhook id is derived from the
 * PO and the event type, so a resend after a crash is a duplicate the API drops.
 */
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { JsonLinesLog } from '../outbox/json-lines-log';

export type SupplierMode = 'normal' | 'reject' | 'silent' | 'late';
export type SupplierAction = 'acknowledge' | 'reject' | 'ship' | 'deliver';

export interface SupplierBehaviour {
  readonly mode: SupplierMode;
  /** Delays after the PO arrives; 0 answers at once. */
  readonly acknowledgeAfterMs: number;
  readonly shipAfterMs: number;
  readonly deliverAfterMs: number;
  /** Extra calendar days on the confirmed date in `late` mode. */
  readonly lateByDays?: number;
}

export const DEFAULT_BEHAVIOUR: SupplierBehaviour = { mode: 'normal', acknowledgeAfterMs: 2_000, shipAfterMs: 5_000, deliverAfterMs: 8_000 };

/** A PO as the supplier receives it (the shape of mto-flow's `purchase-order.created` message). */
export interface ReceivedPurchaseOrder {
  readonly type: 'purchase-order.created' | 'purchase-order.cancelled';
  readonly poId: string;
  readonly orderId: string;
  readonly supplierId: string;
  readonly lines: readonly { readonly componentId: string; readonly quantity: number; readonly unit: string }[];
}

interface PlannedAction {
  readonly kind: 'planned';
  readonly supplierId: string;
  readonly poId: string;
  readonly action: SupplierAction;
  readonly dueAt: number;
}
interface DoneAction {
  readonly kind: 'done';
  readonly supplierId: string;
  readonly poId: string;
  readonly action: SupplierAction;
  readonly at: number;
  readonly status: number;
}
interface ReceivedRecord {
  readonly kind: 'received';
  readonly at: number;
  readonly po: ReceivedPurchaseOrder;
}
type JournalRecord = PlannedAction | DoneAction | ReceivedRecord;

export interface SupplierPoView {
  readonly supplierId: string;
  readonly poId: string;
  readonly orderId: string;
  readonly cancelled: boolean;
  readonly sent: readonly SupplierAction[];
  readonly pending: readonly { readonly action: SupplierAction; readonly dueAt: string }[];
}

export interface SupplierSimulatorOptions {
  /** Base URL of the mto-flow API: webhooks go to `${apiBaseUrl}/suppliers/{supplierId}/events`. */
  readonly apiBaseUrl: string | (() => string);
  /** Each supplier's current webhook secret (`whsec_...`). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly behaviours?: Readonly<Record<string, Partial<SupplierBehaviour>>>;
  readonly defaultBehaviour?: SupplierBehaviour;
  readonly dataDir?: string;
  readonly now?: () => number;
  /** Attempts per webhook while the API is unreachable or answers 5xx. */
  readonly maxAttempts?: number;
}

const EVENT_TYPE: Record<SupplierAction, string> = {
  acknowledge: 'purchase_order.acknowledged',
  reject: 'purchase_order.rejected',
  ship: 'purchase_order.shipped',
  deliver: 'purchase_order.delivered',
};

export class UnknownPurchaseOrderError extends Error {
  public constructor(supplierId: string, poId: string) {
    super(`supplier ${supplierId} has received no purchase order ${poId}`);
    this.name = 'UnknownPurchaseOrderError';
  }
}

export class SupplierSimulator {
  private readonly journal: JsonLinesLog<JournalRecord>;
  private readonly received = new Map<string, ReceivedPurchaseOrder>();
  private readonly cancelled = new Set<string>();
  private readonly done = new Map<string, Set<SupplierAction>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly dueAt = new Map<string, number>();
  private readonly behaviours = new Map<string, SupplierBehaviour>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly chains = new Map<string, Promise<void>>();
  private running = false;

  public constructor(private readonly options: SupplierSimulatorOptions) {
    this.journal = new JsonLinesLog(options.dataDir === undefined ? undefined : join(options.dataDir, 'supplier-simulator.jsonl'));
    for (const [supplierId, behaviour] of Object.entries(options.behaviours ?? {})) this.setBehaviour(supplierId, behaviour);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private key(supplierId: string, poId: string): string {
    return `${supplierId}/${poId}`;
  }

  public behaviourOf(supplierId: string): SupplierBehaviour {
    return this.behaviours.get(supplierId) ?? this.options.defaultBehaviour ?? DEFAULT_BEHAVIOUR;
  }

  public setBehaviour(supplierId: string, behaviour: Partial<SupplierBehaviour>): void {
    this.behaviours.set(supplierId, { ...this.behaviourOf(supplierId), ...behaviour });
  }

  /** Replays the journal and schedules whatever is still due. */
  public start(): void {
    this.running = true;
    const planned: PlannedAction[] = [];
    for (const record of this.journal.list()) {
      if (record.kind === 'received') this.remember(record.po);
      else if (record.kind === 'planned') planned.push(record);
      else this.markDone(record.supplierId, record.poId, record.action);
    }
    for (const plan of planned) {
      if (!this.done.get(this.key(plan.supplierId, plan.poId))?.has(plan.action)) this.schedule(plan);
    }
  }

  public async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.dueAt.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private remember(po: ReceivedPurchaseOrder): void {
    const key = this.key(po.supplierId, po.poId);
    if (po.type === 'purchase-order.cancelled') {
      this.cancelled.add(key);
      return;
    }
    this.received.set(key, po);
  }

  private markDone(supplierId: string, poId: string, action: SupplierAction): void {
    const key = this.key(supplierId, poId);
    const set = this.done.get(key) ?? new Set<SupplierAction>();
    set.add(action);
    this.done.set(key, set);
  }

  /** A PO (or its cancellation) arrives; plans the answers its supplier's behaviour calls for. */
  public receive(po: ReceivedPurchaseOrder): void {
    const key = this.key(po.supplierId, po.poId);
    const duplicate = po.type === 'purchase-order.created' ? this.received.has(key) : this.cancelled.has(key);
    if (duplicate) return;
    const now = this.now();
    this.journal.append({ kind: 'received', at: now, po });
    this.remember(po);
    if (po.type === 'purchase-order.cancelled') {
      for (const action of ['acknowledge', 'ship', 'deliver', 'reject'] as const) {
        clearTimeout(this.timers.get(`${key}/${action}`));
        this.timers.delete(`${key}/${action}`);
        this.dueAt.delete(`${key}/${action}`);
      }
      return;
    }
    const behaviour = this.behaviourOf(po.supplierId);
    const plans: [SupplierAction, number][] =
      behaviour.mode === 'silent' ? []
      : behaviour.mode === 'reject' ? [['reject', behaviour.acknowledgeAfterMs]]
      : [
          ['acknowledge', behaviour.acknowledgeAfterMs],
          ['ship', behaviour.shipAfterMs],
          ['deliver', behaviour.deliverAfterMs],
        ];
    for (const [action, delay] of plans) {
      const plan: PlannedAction = { kind: 'planned', supplierId: po.supplierId, poId: po.poId, action, dueAt: now + delay };
      this.journal.append(plan);
      this.schedule(plan);
    }
  }

  private schedule(plan: PlannedAction): void {
    if (!this.running) return;
    const timerKey = `${this.key(plan.supplierId, plan.poId)}/${plan.action}`;
    const timer = setTimeout(() => {
      this.timers.delete(timerKey);
      this.dueAt.delete(timerKey);
      const flight = this.inOrder(plan.supplierId, plan.poId, () => this.send(plan.supplierId, plan.poId, plan.action))
        .then(() => undefined, () => undefined)
        .finally(() => this.inFlight.delete(flight));
      this.inFlight.add(flight);
    }, Math.max(0, plan.dueAt - this.now()));
    this.timers.set(timerKey, timer);
    this.dueAt.set(timerKey, plan.dueAt);
  }

  /** Sends one PO's webhooks one after another, so "shipped" never overtakes "acknowledged". */
  private inOrder<T>(supplierId: string, poId: string, work: () => Promise<T>): Promise<T> {
    const key = this.key(supplierId, poId);
    const result = (this.chains.get(key) ?? Promise.resolve()).then(work);
    const tail = result.then(() => undefined, () => undefined);
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return result;
  }

  /** Moves a PO on by hand (the CLI's `supplier <id> deliver <po>`), whatever the behaviour. */
  public async act(supplierId: string, poId: string, action: SupplierAction): Promise<number> {
    if (!this.received.has(this.key(supplierId, poId))) throw new UnknownPurchaseOrderError(supplierId, poId);
    const timerKey = `${this.key(supplierId, poId)}/${action}`;
    clearTimeout(this.timers.get(timerKey));
    this.timers.delete(timerKey);
    this.dueAt.delete(timerKey);
    return this.inOrder(supplierId, poId, () => this.send(supplierId, poId, action));
  }

  private payload(po: ReceivedPurchaseOrder, action: SupplierAction, now: number): unknown {
    const behaviour = this.behaviourOf(po.supplierId);
    const timestamp = new Date(now).toISOString();
    switch (action) {
      case 'acknowledge': {
        const days = 7 + (behaviour.mode === 'late' ? (behaviour.lateByDays ?? 10) : 0);
        return { type: EVENT_TYPE.acknowledge, timestamp, data: { poId: po.poId, confirmedDeliveryDate: new Date(now + days * 86_400_000).toISOString().slice(0, 10) } };
      }
      case 'reject':
        return { type: EVENT_TYPE.reject, timestamp, data: { poId: po.poId, reason: `${po.supplierId} cannot fill this order (simulated rejection).` } };
      case 'ship':
        return { type: EVENT_TYPE.ship, timestamp, data: { poId: po.poId, trackingNumber: `SIM-${po.poId.slice(-10).toUpperCase()}`, carrier: 'Simulated Freight' } };
      case 'deliver':
        return {
          type: EVENT_TYPE.deliver,
          timestamp,
          data: {
            poId: po.poId,
            lines: po.lines.map((line, index) => ({ componentId: line.componentId, quantity: line.quantity, lotNumbers: [`LOT-${po.supplierId.toUpperCase()}-${po.poId.slice(-6)}-${index + 1}`] })),
          },
        };
    }
  }

  private async send(supplierId: string, poId: string, action: SupplierAction): Promise<number> {
    const key = this.key(supplierId, poId);
    const po = this.received.get(key);
    if (po === undefined) throw new UnknownPurchaseOrderError(supplierId, poId);
    if (this.cancelled.has(key)) return 0;
    const secret = this.options.secrets[supplierId];
    if (secret === undefined) throw new Error(`no webhook secret configured for supplier ${supplierId}`);
    const body = JSON.stringify(this.payload(po, action, this.now()));
    // Stable per PO and event type: a resend after a crash is the same webhook, which the API drops.
    const webhookId = `msg_${poId}_${action}`;
    const base = typeof this.options.apiBaseUrl === 'string' ? this.options.apiBaseUrl : this.options.apiBaseUrl();
    const url = `${base}/suppliers/${encodeURIComponent(supplierId)}/events`;
    const attempts = this.options.maxAttempts ?? 8;
    let status = 0;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const timestamp = new Date(this.now());
      const signature = new Webhook(secret).sign(webhookId, timestamp, body);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': webhookId,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        await response.arrayBuffer();
        // 409 "not waiting yet": the next wait opens a moment after the previous answer (retry, as
        // a supplier's system would); any other 4xx is final.
        if (status < 500 && status !== 409) break;
      } catch {
        status = 0;
      }
      if (!this.running && attempt > 1) break;
      await new Promise((r) => setTimeout(r, Math.min(10_000, 250 * 2 ** (attempt - 1))));
    }
    this.journal.append({ kind: 'done', supplierId, poId, action, at: this.now(), status });
    this.markDone(supplierId, poId, action);
    return status;
  }

  /** Every PO a supplier received, what it answered and what is still due. */
  public list(): SupplierPoView[] {
    return [...this.received.values()].map((po) => {
      const key = this.key(po.supplierId, po.poId);
      const pending = this.journal
        .list()
        .filter((r): r is PlannedAction => r.kind === 'planned' && r.supplierId === po.supplierId && r.poId === po.poId && !this.done.get(key)?.has(r.action))
        .map((r) => ({ action: r.action, dueAt: new Date(r.dueAt).toISOString() }));
      return { supplierId: po.supplierId, poId: po.poId, orderId: po.orderId, cancelled: this.cancelled.has(key), sent: [...(this.done.get(key) ?? [])], pending };
    });
  }

  /** Resolves when every webhook already due has been sent and answered (tests, shutdown). */
  public async drain(): Promise<void> {
    const due = (): boolean => [...this.dueAt.values()].some((at) => at <= this.now());
    while (this.inFlight.size > 0 || due()) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((r) => setTimeout(r, 5));
    }
  }
}
