/**
 * What the workflow steps' use cases share: their ports, the one way a step records what happened
 * to an order (the domain's transition or events, stored with their timeline entries in one write,
 * then published), and "at most once" side effects keyed by a stable id.
 *
 * Retries: Step Functions may run a step again (its Retry, or a duplicate invocation). Every step
 * run carries `at`, the instant Step Functions entered the state (`$$.State.EnteredTime`), which is
 * the same on every retry. A write's timeline entries get ids `<at>#<tag>#<n>`, so a retry finds
 * what its first attempt wrote, writes nothing again and re-publishes the same events (same ids).
 */
import { isTerminal } from '../domain/order/order-lifecycle';
import type { Actor, Order } from '../domain/order/order.types';
import type { EventContext, OrderEvent } from '../domain/events/order-events';
import { fromTimelineEntry, timelineEntryPrefix, toTimelineEntries } from '../domain/events/timeline';
import type { TransitionContext } from '../domain/order/order-transitions';
import type { PurchaseOrder } from '../domain/procurement/purchase-order.types';
import { ConcurrentModificationError, OrderNotFoundError, PurchaseOrderNotFoundError, TimelineEntryAlreadyExistsError } from '../ports/data-errors';
import type { EventPublisher } from '../ports/event-publisher';
import type { IdempotencyStore } from '../ports/idempotency-store';
import type { OrderRepository } from '../ports/order-repository';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import { toOutgoingEvent, toOutgoingEvents } from './door-events';

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

export interface StageDeps {
  readonly orders: OrderRepository;
  readonly events: EventPublisher;
  readonly clock: Clock;
}

/** One write of a step run: the run's stable instant and a tag naming the write (step and subject). */
export interface StepWrite {
  /** `$$.State.EnteredTime` of the step run: the same on every retry. */
  readonly at: string;
  /** Unique within the run: e.g. `review-order`, `po-<poId>-placed`. */
  readonly tag: string;
}

/** What a step decided to record: the order after a domain transition (if it changed) and the events. */
export interface OrderChange {
  /** The changed order (from a domain transition), stored with optimistic locking; omit for events only. */
  readonly order?: Order;
  readonly events: readonly OrderEvent[];
}

export interface CommitResult {
  /** The order as stored after the write (or as found, when nothing was written). */
  readonly order: Order;
  readonly events: readonly OrderEvent[];
  /** True when an earlier attempt of this run had written it: nothing was written again. */
  readonly replayed: boolean;
}

/** The transition context of a step run. */
export function stepContext(at: string, actor: Actor = WORKFLOW_ACTOR, reason?: string | null): TransitionContext {
  return { now: at, actor, ...(reason === undefined || reason === null ? {} : { reason }) };
}

/** The event context for an event that changes no status (the order's current status goes on it). */
export function eventContextOf(order: Order, at: string, actor: Actor = WORKFLOW_ACTOR, reason?: string): EventContext {
  return { orderId: order.orderId, occurredAt: at, actor, status: order.status, ...(reason === undefined ? {} : { reason }) };
}

/** A programming error: an event's time differs from its write's, so a retry could not find it. */
export class EventTimeMismatchError extends Error {
  public constructor(type: string, occurredAt: string, at: string) {
    super(`Event ${type} occurred at ${occurredAt}, but its write is at ${at}; events of a step run use the run's instant.`);
    this.name = 'EventTimeMismatchError';
  }
}

/** How often a step run re-reads and re-decides when a concurrent change of the order won the race. */
export const COMMIT_CONFLICT_ATTEMPTS = 4;

/** The events an earlier attempt of this run wrote, published again; undefined when it wrote none. */
async function replayLanded(deps: Pick<StageDeps, 'orders' | 'events'>, orderId: string, write: StepWrite): Promise<CommitResult | undefined> {
  const landed = await deps.orders.findTimelineEntries(orderId, timelineEntryPrefix(write.at, write.tag));
  if (landed.length === 0) return undefined;
  const replay = landed.flatMap((entry) => {
    const event = fromTimelineEntry(entry);
    return event === undefined ? [] : [{ entryId: entry.entryId, event }];
  });
  await deps.events.publish(replay.map(({ entryId, event }) => toOutgoingEvent(event, entryId)));
  return { order: await requireOrder(deps.orders, orderId), events: replay.map(({ event }) => event), replayed: true };
}

/**
 * Records a step's change of an order once per step run: `decide` gets the stored order and returns
 * the domain's transition result (or only events, or undefined for nothing to do); the new order
 * and the events' timeline entries are written in one transaction, then the events are published.
 *
 * A retry of the run is recognised by its write: the timeline entries' ids are the run's, so the
 * write is refused and the entries found are re-published (same ids), nothing written again. When
 * the retry finds nothing to do, or the transition no longer applies (the order moved on), the
 * entries of an earlier attempt are looked for too. A concurrent change of the order (another PO's
 * step in the same Map) makes it read and decide again, at once, a few times.
 * `known` is the order as this invocation just read it (saves a read; a stale one costs a retry).
 */
export async function commitOrderChange(
  deps: Pick<StageDeps, 'orders' | 'events'>,
  orderId: string,
  write: StepWrite,
  decide: (order: Order) => OrderChange | undefined,
  known?: Order,
): Promise<CommitResult> {
  for (let attempt = 1; ; attempt += 1) {
    const order = attempt === 1 && known !== undefined ? known : await requireOrder(deps.orders, orderId);
    let change: OrderChange | undefined;
    try {
      change = decide(order);
    } catch (error) {
      const replayed = await replayLanded(deps, orderId, write);
      if (replayed !== undefined) return replayed;
      throw error;
    }
    if (change === undefined || (change.order === undefined && change.events.length === 0)) {
      return (await replayLanded(deps, orderId, write)) ?? { order, events: [], replayed: false };
    }
    for (const event of change.events) {
      if (event.occurredAt !== write.at) throw new EventTimeMismatchError(event.type, event.occurredAt, write.at);
    }
    const entries = toTimelineEntries(change.events, write.tag);
    let saved = order;
    try {
      if (change.order === undefined) await deps.orders.appendTimeline(orderId, entries, { orderRead: true });
      else if (entries.length === 0) saved = await deps.orders.update(change.order, order.version);
      else saved = await deps.orders.saveTransition(change.order, order.version, entries);
    } catch (error) {
      // An earlier attempt (or a duplicate invocation) of this very run wrote first: publish what it wrote.
      if (error instanceof TimelineEntryAlreadyExistsError) {
        const replayed = await replayLanded(deps, orderId, write);
        if (replayed !== undefined) return replayed;
      }
      if (error instanceof ConcurrentModificationError && attempt < COMMIT_CONFLICT_ATTEMPTS) continue;
      throw error;
    }
    await deps.events.publish(toOutgoingEvents(change.events, entries));
    return { order: saved, events: change.events, replayed: false };
  }
}

/** Attempts at a PO change while its supplier or the workflow keeps changing the PO. */
const PO_CHANGE_ATTEMPTS = 4;

/**
 * Stores `change(po)` and returns the PO as stored (undefined, writing nothing, when `change`
 * returns undefined). A PO changed in the meantime (a supplier's answer kept on it, a step moving it
 * on: a version later) is read again and the change decided again, instead of failing the caller.
 */
export async function updatePurchaseOrder(
  repository: PurchaseOrderRepository,
  read: PurchaseOrder,
  change: (po: PurchaseOrder) => PurchaseOrder | undefined | Promise<PurchaseOrder | undefined>,
): Promise<PurchaseOrder | undefined> {
  let po = read;
  for (let attempt = 1; ; attempt += 1) {
    const next = await change(po);
    if (next === undefined) return undefined;
    try {
      return await repository.update(next, po.version);
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || attempt >= PO_CHANGE_ATTEMPTS) throw error;
      po = await requirePo(repository, po.poId);
    }
  }
}

/** @throws PurchaseOrderNotFoundError */
export async function requirePo(repository: PurchaseOrderRepository, poId: string): Promise<PurchaseOrder> {
  const po = await repository.get(poId);
  if (po === undefined) throw new PurchaseOrderNotFoundError(poId);
  return po;
}

/** Attempts at naming an order's execution while its steps keep changing the order. */
const EXECUTION_ARN_ATTEMPTS = 5;

/**
 * Stores the ARN of the order's execution for design revision `run` on the order. The execution has
 * just started, so its first step may have changed the order already: the order is read again and
 * only the ARN set, instead of failing a request whose change went through. Returns the order as
 * stored; it names another run when the order moved on meanwhile (a later change opened the next
 * revision, or the order was closed), which the caller then owns.
 * @throws OrderNotFoundError, ConcurrentModificationError (after EXECUTION_ARN_ATTEMPTS).
 */
export async function recordExecutionArn(orders: OrderRepository, read: Order, executionArn: string, run: number): Promise<Order> {
  let order = read;
  for (let attempt = 1; ; attempt += 1) {
    if (order.executionArn === executionArn || order.designRevision !== run || isTerminal(order.status)) return order;
    try {
      return await orders.update({ ...order, executionArn }, order.version);
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || attempt >= EXECUTION_ARN_ATTEMPTS) throw error;
      order = await requireOrder(orders, order.orderId);
    }
  }
}
