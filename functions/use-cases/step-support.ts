/**
 * What the workflow steps' use cases share: their ports, the order-stage change (status, timeline
 * and event in one move, safe to retry), and "at most once" side effects keyed by a stable id.
 */
import type { Order, TimelineEntry, Actor } from '../domain/order/order.types';
import type { OrderStatus } from '../domain/order/order-status';
import { OrderNotFoundError } from '../ports/data-errors';
import type { EventPublisher, OutgoingEvent } from '../ports/event-publisher';
import type { IdempotencyStore } from '../ports/idempotency-store';
import type { OrderRepository } from '../ports/order-repository';
import { detailTypeOf, EVENT_SOURCE } from '../adapters/events/event-catalog';

/** The current time as an ISO instant; injected so tests control it. */
export type Clock = () => string;

/** The workflow itself, as the actor of automatic changes. */
export const WORKFLOW_ACTOR: Actor = { kind: 'system', id: 'workflow', displayName: 'mto-flow' };

/** A side effect is being performed by another attempt right now; retry shortly (workflow Retry matches the name). */
export class SideEffectInProgressError extends Error {
  public readonly key: string;

  public constructor(key: string, options?: { cause?: unknown }) {
    super(`The side effect ${key} is being performed by another attempt; retry shortly.`, options);
    this.name = 'SideEffectInProgressError';
    this.key = key;
  }
}

/**
 * Runs `effect` at most once per `key` (email sent, PO sent, Slack message posted): a retried step
 * gets the first attempt's stored result instead of repeating it. A failed effect releases the key so
 * the retry tries again; a crashed one blocks for `lockSeconds`, then may be taken over.
 */
export async function onceOnly(store: IdempotencyStore, now: string, key: string, effect: () => Promise<string>, lockSeconds = 120): Promise<string> {
  const scope = 'workflow-side-effect';
  const claim = await store.claim({ scope, key, requestHash: key, now, lockSeconds, ttlSeconds: 60 * 24 * 3600 });
  if (claim.outcome === 'completed') return claim.response.body;
  if (claim.outcome === 'in-progress') throw new SideEffectInProgressError(key);
  let result: string;
  try {
    result = await effect();
  } catch (error) {
    await store.release(scope, key);
    throw error;
  }
  await store.complete(scope, key, { statusCode: 200, headers: {}, body: result });
  return result;
}

/** Reads an order that must exist. */
export async function requireOrder(orders: OrderRepository, orderId: string): Promise<Order> {
  const order = await orders.get(orderId);
  if (order === undefined) throw new OrderNotFoundError(orderId);
  return order;
}

/** One change of an order's stage, as the step wants it. */
export interface StageChange {
  /** The new status; undefined when only the timeline and event change. */
  readonly to?: OrderStatus;
  /** The domain event type: timeline entry type and EventBridge detail-type. */
  readonly type: string;
  readonly summary: string;
  readonly reason?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** Further fields of the order that change with it. */
  readonly patch?: Partial<Omit<Order, 'orderId' | 'version' | 'status'>>;
  /**
   * Distinguishes repeated events of one type on one order (a revision, a round), so the event id
   * is stable across retries and unique across repeats.
   */
  readonly occurrence: string;
  readonly actor?: Actor;
}

export interface StageDeps {
  readonly orders: OrderRepository;
  readonly events: EventPublisher;
  readonly clock: Clock;
}

/** The event for a change, with a deterministic id consumers can deduplicate on. */
export function orderEvent(order: Order, type: string, occurrence: string, at: string, data: Readonly<Record<string, unknown>> = {}): OutgoingEvent {
  return {
    source: EVENT_SOURCE,
    detailType: detailTypeOf(type),
    time: at,
    detail: { eventId: `${order.orderId}/${type}/${occurrence}`, version: 1, orderId: order.orderId, status: order.status, occurredAt: at, ...data },
  };
}

/**
 * Applies a stage change: status, timeline entry and order fields in one optimistic-locked write,
 * then the event. Retry-safe: when the order already has the target status (a retry after the write
 * succeeded), nothing is written again and the event is re-published with the same id.
 */
export async function changeStage(deps: StageDeps, orderId: string, change: StageChange): Promise<Order> {
  const order = await requireOrder(deps.orders, orderId);
  const at = deps.clock();
  const alreadyDone = change.to !== undefined && order.status === change.to;
  let saved = order;
  if (!alreadyDone) {
    const entry: TimelineEntry = {
      orderId,
      at,
      entryId: `${at}#${change.type}#${change.occurrence}`,
      type: change.type,
      actor: change.actor ?? WORKFLOW_ACTOR,
      summary: change.summary,
      ...(change.reason === undefined ? {} : { reason: change.reason }),
      ...(change.data === undefined ? {} : { data: change.data }),
    };
    const next: Order = { ...order, ...change.patch, status: change.to ?? order.status, updatedAt: at };
    saved = change.to === undefined && change.patch === undefined ? order : await deps.orders.saveTransition(next, order.version, [entry]);
    if (change.to === undefined && change.patch === undefined) await deps.orders.appendTimeline(orderId, [entry]);
  }
  await deps.events.publish([orderEvent(saved, change.type, change.occurrence, at, change.data)]);
  return saved;
}
