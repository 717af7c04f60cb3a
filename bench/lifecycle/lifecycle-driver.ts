/**
 * Plays every outside party of many orders at once, driven by what the stack announces instead of
 * by polling: approvers answer each approval email at once through its link (the confirmation page,
 * then the form), the shop floor reports completion when a production order is released, QC passes
 * every requested inspection, and the shipping desk books and confirms each requested shipment.
 * Suppliers answer by themselves (the simulator, zero delays). Every action goes through mto-flow's
 * doors (HTTP), exactly as in the demo; only the cue to act is taken in-process from the event
 * archive and the email outbox.
 */
import { performance } from 'node:perf_hooks';
import { seedCatalog } from '../../functions/domain/catalog/seed';
import type { OrderRequest } from '../../functions/domain/order/order.types';
import { inspectionResults, type OrderLineView } from '../../local/cli/inspection-report';
import { LocalApiError, type LocalClient } from '../../local/cli/local-client';
import type { RunningLocalStack } from '../../local/runtime/local-stack';

/** Where an order's run through the bench ends. */
export type OrderOutcome = 'delivered' | 'reached-shipping' | 'rejected' | 'failed' | 'cancelled';

export interface TrackedOrder {
  readonly orderId: string;
  readonly sample: string;
  readonly placedAt: number;
  /** When each event type was first seen for the order (ms, performance clock). */
  readonly milestones: Map<string, number>;
  outcome?: OrderOutcome;
  doneAt?: number;
  requirements?: readonly { componentId: string; quantity: number }[];
  lines?: readonly OrderLineView[];
}

export interface DriverFailure {
  readonly orderId: string;
  readonly action: string;
  readonly error: string;
}

export interface LifecycleDriverOptions {
  readonly stack: RunningLocalStack;
  readonly client: LocalClient;
  /**
   * With the shipping door (`POST /shipping/orders/{orderId}/events`) the bench books and confirms
   * shipments and an order is done when delivered; without it an order is done when it reaches
   * shipping (`Shipment.Requested`).
   */
  readonly shippingDoor: boolean;
  /** Called once per order reaching its end. */
  readonly onDone?: (order: TrackedOrder) => void;
}

/** The milestone of the API's answer to `POST /orders` (events of the order seen before it are not timed). */
export const PLACE_ANSWERED = 'POST /orders answered';

const TERMINAL_EVENTS: Readonly<Record<string, OrderOutcome>> = {
  'Order.Delivered': 'delivered',
  'Order.Rejected': 'rejected',
  'Order.Failed': 'failed',
  'Order.Cancelled': 'cancelled',
};

/** Door answers that mean "not yet / already": the wait is not open yet, or someone acted first. */
const RETRYABLE_STATUSES = new Set([404, 409]);

const APPROVAL_LINK = /https?:\/\/[^\s"'<>]+\/approvals\/([A-Za-z0-9_-]+)\?[^\s"'<>]+/g;

export class LifecycleDriver {
  public readonly orders = new Map<string, TrackedOrder>();
  public readonly failures: DriverFailure[] = [];
  /** Door calls made (HTTP requests), by action. */
  public readonly actions = new Map<string, number>();
  private readonly decidedApprovals = new Set<string>();
  /** Events of orders whose POST /orders has not been answered yet, by order id. */
  private readonly early = new Map<string, { type: string; at: number }[]>();
  private readonly pending = new Set<Promise<void>>();
  private readonly unsubscribes: (() => unknown)[] = [];

  public constructor(private readonly options: LifecycleDriverOptions) {}

  public start(): void {
    const { stack } = this.options;
    this.unsubscribes.push(
      stack.outboxes.emails.subscribe((email) => {
        const content = `${email.html ?? ''}\n${email.text ?? ''}`;
        for (const found of content.matchAll(APPROVAL_LINK)) {
          const approvalId = found[1]!;
          if (this.decidedApprovals.has(approvalId)) continue;
          this.decidedApprovals.add(approvalId);
          const orderId = [...this.orders.keys()].find((id) => content.includes(id)) ?? approvalId;
          this.act(orderId, 'approve', () => this.approve(found[0].replace(/&amp;/g, '&')));
        }
      }),
    );
    this.unsubscribes.push(
      stack.eventBus.archive.subscribe((event) => {
        const detail = event.detail as { orderId?: unknown };
        if (typeof detail.orderId !== 'string') return;
        const type = event['detail-type'];
        const order = this.orders.get(detail.orderId);
        if (order === undefined) {
          // The lifecycle can run ahead of the API's answer (a slow or retried POST): keep the
          // cues and act on them once the order is known.
          this.early.set(detail.orderId, [...(this.early.get(detail.orderId) ?? []), { type, at: performance.now() }]);
          return;
        }
        if (!order.milestones.has(type)) order.milestones.set(type, performance.now());
        this.onEvent(order, type);
      }),
    );
  }

  public stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /**
   * Places one order through `POST /orders`; it is tracked from then on. A 409 (the API's "retry
   * it") is retried with the same Idempotency-Key, as an integration would, and counted.
   */
  public async place(sample: string, request: OrderRequest, idempotencyKey: string): Promise<TrackedOrder> {
    const placedAt = performance.now();
    let body: Record<string, unknown> | undefined;
    for (let attempt = 1; body === undefined; attempt += 1) {
      try {
        this.count('place');
        body = (await this.options.client.placeOrder(request, idempotencyKey)).body;
      } catch (error) {
        if (!(error instanceof LocalApiError && error.status === 409 && attempt < 5)) throw error;
        this.count('place answered 409 (retried, same key)');
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    const orderId = String(body.orderId);
    const existing = this.orders.get(orderId);
    if (existing !== undefined) return existing;
    const order: TrackedOrder = { orderId, sample, placedAt, milestones: new Map([[PLACE_ANSWERED, performance.now()]]) };
    this.orders.set(orderId, order);
    const early = this.early.get(orderId) ?? [];
    this.early.delete(orderId);
    if (early.length > 0) this.count('orders with events before their POST answer (replayed)');
    for (const { type, at } of early) {
      if (!order.milestones.has(type)) order.milestones.set(type, at);
      this.onEvent(order, type);
    }
    return order;
  }

  /** Resolves once every door call started so far has finished. */
  public async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private onEvent(order: TrackedOrder, type: string): void {
    const client = this.options.client;
    const terminal = TERMINAL_EVENTS[type];
    if (terminal !== undefined) {
      this.finish(order, terminal);
      return;
    }
    switch (type) {
      case 'Production.Released':
        this.act(order.orderId, 'report-production', async () => {
          const requirements = await this.requirementsOf(order);
          await client.reportProgress(order.orderId, {
            event: 'production-completed',
            reportId: `${order.orderId}-build-${order.milestones.size}`,
            reportedBy: 'bench.shop-floor',
            labourHours: 6,
            consumedMaterials: requirements.map((requirement) => ({ componentId: requirement.componentId, quantity: requirement.quantity })),
          });
        });
        return;
      case 'Inspection.Requested':
        this.act(order.orderId, 'report-inspection', async () => {
          await this.requirementsOf(order);
          await client.reportInspection(order.orderId, { reportId: `${order.orderId}-qc`, inspector: 'bench.qc', lines: inspectionResults(order.lines ?? [], seedCatalog, 'pass') });
        });
        return;
      case 'Shipment.Requested':
        if (!this.options.shippingDoor) {
          this.finish(order, 'reached-shipping');
          return;
        }
        this.act(order.orderId, 'book-shipment', () =>
          client.reportShipment(order.orderId, { event: 'shipment-booked', reportId: `${order.orderId}-booked`, carrier: 'Bench Freight', trackingNumber: `BF${order.orderId.slice(-8).toUpperCase()}` }),
        );
        return;
      case 'Order.ShipmentBooked':
        if (!this.options.shippingDoor) return;
        this.act(order.orderId, 'confirm-delivery', () => client.reportShipment(order.orderId, { event: 'delivery-confirmed', reportId: `${order.orderId}-delivered`, receivedBy: 'customer' }));
        return;
      default:
    }
  }

  private finish(order: TrackedOrder, outcome: OrderOutcome): void {
    if (order.outcome !== undefined) return;
    order.outcome = outcome;
    order.doneAt = performance.now();
    this.options.onDone?.(order);
  }

  /** The order's lines and material requirements, read once through the API (the shop floor's work order). */
  private async requirementsOf(order: TrackedOrder): Promise<readonly { componentId: string; quantity: number }[]> {
    if (order.requirements === undefined) {
      const view = await this.options.client.getOrder(order.orderId);
      this.count('get-order');
      order.requirements = (view.requirements ?? []) as { componentId: string; quantity: number }[];
      order.lines = view.lines as OrderLineView[];
    }
    return order.requirements;
  }

  private async approve(link: string): Promise<void> {
    const answer = await this.options.client.decideByLink(link, 'approve');
    if (answer.status !== 200) throw new LocalApiError('POST', new URL(link).pathname, answer.status, answer.page.slice(0, 200));
  }

  private count(action: string): void {
    this.actions.set(action, (this.actions.get(action) ?? 0) + 1);
  }

  /** Runs a door call in the background; "not yet" answers are retried with a short backoff. */
  private act(orderId: string, action: string, call: () => Promise<unknown>): void {
    const run = async (): Promise<void> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          this.count(action);
          await call();
          return;
        } catch (error) {
          const retryable = error instanceof LocalApiError && RETRYABLE_STATUSES.has(error.status) && attempt < 8;
          if (!retryable) {
            this.failures.push({ orderId, action, error: error instanceof Error ? error.message : String(error) });
            return;
          }
          this.count(`${action} (retry)`);
          await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** (attempt - 1)));
        }
      }
    };
    const promise = run().finally(() => this.pending.delete(promise));
    this.pending.add(promise);
  }
}
