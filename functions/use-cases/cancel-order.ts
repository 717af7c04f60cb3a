/**
 * Cancelling an order (allowed until it ships): the order becomes `cancelled` with the reason on
 * its timeline, OrderCancelled is published, then the compensation for its stage runs (workflow
 * stopped, approvals withdrawn, open POs cancelled with their suppliers, reservations released).
 * Idempotent: cancelling a cancelled order publishes its OrderCancelled again (same event id: an
 * attempt that failed after its write may not have published it), re-runs what may be left of the
 * compensation and answers with the order.
 *
 * An order cancelled while still `received` may have had its lifecycle stopped before its first
 * step published OrderPlaced (door-events.ts): the stored OrderPlaced goes out just before
 * OrderCancelled, with its own event id, so consumers see the order placed whether or not the
 * workflow got to it (and drop the duplicate if it did).
 */
import type { CompensationAction } from '../domain/events/order-events';
import { doorWriteTag, fromTimelineEntry, toTimelineEntries } from '../domain/events/timeline';
import { cancellationRule } from '../domain/order/order-lifecycle';
import { cancelOrder } from '../domain/order/order-transitions';
import type { Actor, Order } from '../domain/order/order.types';
import { ConcurrentModificationError, OrderNotFoundError } from '../ports/data-errors';
import type { EventPublisher, OutgoingEvent } from '../ports/event-publisher';
import type { OrderRepository } from '../ports/order-repository';
import { storedOrderPlaced, toOutgoingEvent, toOutgoingEvents, unannouncedOrderPlaced } from './door-events';
import { OrderNotCancellableError } from './door-errors';
import { ALL_COMPENSATION_ACTIONS, type CompensationReport } from './order-compensation';
import { allPages } from '../ports/pagination';

export interface CancelOrderDeps {
  readonly orders: OrderRepository;
  readonly events: EventPublisher;
  /** `at`: the compensation's time (default now); a retried cancel passes the cancellation's, so the compensation finds what its first attempt did. */
  readonly compensate: (order: Order, actions: readonly CompensationAction[], reason: string, at?: string) => Promise<CompensationReport>;
  readonly now: () => Date;
}

export interface CancelOrderRequest {
  readonly orderId: string;
  readonly reason: string;
  readonly actor: Actor;
}

export interface CancelOrderResult {
  readonly order: Order;
  readonly alreadyCancelled: boolean;
  readonly compensation: CompensationReport;
}

/** Attempts against a concurrent change of the order (the workflow moving it on meanwhile). */
const MAX_ATTEMPTS = 3;

export function createCancelOrder(deps: CancelOrderDeps) {
  /** @throws OrderNotFoundError, OrderNotCancellableError (409 naming the stage) */
  return async function cancel(request: CancelOrderRequest): Promise<CancelOrderResult> {
    for (let attempt = 1; ; attempt += 1) {
      const order = await deps.orders.get(request.orderId);
      if (!order) {
        throw new OrderNotFoundError(request.orderId);
      }
      if (order.status === 'cancelled') {
        const cancellation = await storedCancellation(deps.orders, order);
        const compensation = await publishThenCompensate(deps, cancellation?.events ?? [], () => deps.compensate(order, ALL_COMPENSATION_ACTIONS, request.reason, cancellation?.at));
        return { order, alreadyCancelled: true, compensation };
      }
      if (!cancellationRule(order.status).allowed) {
        throw new OrderNotCancellableError(order.orderId, order.status);
      }
      const at = deps.now().toISOString();
      const result = cancelOrder(order, { now: at, actor: request.actor, reason: request.reason });
      const entries = toTimelineEntries(result.events, doorWriteTag('cancel-order', order.version));
      let stored: Order;
      try {
        stored = await deps.orders.saveTransition(result.order, order.version, entries);
      } catch (error) {
        if (error instanceof ConcurrentModificationError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      const placed = await unannouncedOrderPlaced(deps.orders, order);
      const events = [...(placed === undefined ? [] : [placed]), ...toOutgoingEvents(result.events, entries)];
      const compensation = await publishThenCompensate(deps, events, () => deps.compensate(stored, result.compensation, request.reason, at));
      return { order: stored, alreadyCancelled: false, compensation };
    }
  };
}

/**
 * Publishes the cancellation's events, then compensates even when the bus refused them: the workflow
 * is stopped and the POs cancelled whatever the bus does. The refusal is thrown afterwards, so the
 * caller retries, and the retry publishes the events again.
 */
async function publishThenCompensate(deps: CancelOrderDeps, events: readonly OutgoingEvent[], compensate: () => Promise<CompensationReport>): Promise<CompensationReport> {
  let refused: { readonly error: unknown } | undefined;
  try {
    await deps.events.publish(events);
  } catch (error) {
    refused = { error };
  }
  const report = await compensate();
  if (refused !== undefined) throw refused.error;
  return report;
}

/**
 * The stored cancellation of `order`: when it was, and what it published (its OrderCancelled and,
 * when it cancelled a `received` order, the OrderPlaced just before it, under their entries' ids).
 */
async function storedCancellation(orders: OrderRepository, order: Order): Promise<{ readonly at: string; readonly events: OutgoingEvent[] } | undefined> {
  const timeline = await allPages((page) => orders.listTimeline(order.orderId, page));
  const entry = timeline.findLast((candidate) => candidate.type === 'OrderCancelled');
  const event = entry === undefined ? undefined : fromTimelineEntry(entry);
  if (entry === undefined || event?.type !== 'OrderCancelled') return undefined;
  const placed = event.detail.previousStatus === 'received' ? await storedOrderPlaced(orders, order) : undefined;
  return { at: entry.at, events: [...(placed === undefined ? [] : [placed]), toOutgoingEvent(event, entry.entryId)] };
}
