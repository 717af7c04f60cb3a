/**
 * Builders for orders and their context (ids, actors, time), placed through the real domain so a
 * built order is always consistent with the seed catalog.
 */
import { seedCatalog, seedStock } from '../../../functions/domain/catalog/seed';
import type { IdGenerator, IdKind } from '../../../functions/domain/common/ids';
import { toTimelineEntries } from '../../../functions/domain/events/timeline';
import type { TransitionContext } from '../../../functions/domain/order/order-transitions';
import type { Actor, Order, OrderRequest } from '../../../functions/domain/order/order.types';
import { placeOrder } from '../../../functions/domain/order/place-order';
import type { TimelineEntry } from '../../../functions/domain/order/order.types';
import { anOrderRequest } from './order-request.builder';

/** Monday 2 March 2026, 09:00 local time of the seed calendar (UTC+1). */
export const aMondayMorning = '2026-03-02T08:00:00.000Z';

/** Deterministic ids: `order-1`, `purchase-order-1`, `purchase-order-2`... */
export function sequentialIds(): IdGenerator {
  const counters = new Map<IdKind, number>();
  return {
    newId(kind) {
      const next = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, next);
      return `${kind}-${next}`;
    },
  };
}

export const aCustomerActor: Actor = { kind: 'customer', id: 'cus-test', displayName: 'Test Customer' };
export const anApprover: Actor = { kind: 'approver', id: 'eng@workshop.example' };
export const theSystem: Actor = { kind: 'system', id: 'workflow' };

/** A transition context at a given instant (default: a Monday morning) by an actor (default: the system). */
export function aContext(overrides: Partial<TransitionContext> = {}): TransitionContext {
  return { now: aMondayMorning, actor: theSystem, ...overrides };
}

/**
 * An order placed from `request` (default: one oak table) against the seed catalog and stock on a
 * Monday morning, then overridden field by field (e.g. `{ status: 'procuring' }`).
 */
export function anOrder(overrides: Partial<Order> = {}, request: OrderRequest = anOrderRequest()): Order {
  return { ...aPlacedOrder(request).order, ...overrides };
}

/** An order as `POST /orders` stores it: the order and the timeline entries it is created with (OrderPlaced). */
export function aPlacedOrder(request: OrderRequest = anOrderRequest()): { order: Order; entries: TimelineEntry[] } {
  const { order, events } = placeOrder(request, seedCatalog, seedStock, {}, aMondayMorning, sequentialIds());
  return { order, entries: toTimelineEntries(events) };
}
