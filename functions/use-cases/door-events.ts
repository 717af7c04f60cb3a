/**
 * Domain events on the bus, as the use cases publish them.
 *
 * Every event, a door's (HTTP route's) as a step's, has a flat detail (`toBusEvent`) and the
 * `eventId` `<orderId>/<timeline entry id>` of the entry stored with it: a retry re-publishes the
 * same ids, so consumers can drop the duplicates, and two writes never share one.
 *
 * OrderPlaced is stored with the order by `POST /orders` but published by the lifecycle's first step
 * (review-order), which keeps the intake to two calls (the write, the start). Should the order be
 * cancelled before that step ran, the cancellation publishes it, with the same id.
 */
import { toBusEvent, type OrderEvent } from '../domain/events/order-events';
import { fromTimelineEntry } from '../domain/events/timeline';
import type { Order, TimelineEntry } from '../domain/order/order.types';
import type { OutgoingEvent } from '../ports/event-publisher';
import type { OrderRepository } from '../ports/order-repository';

/** An event as it goes on the bus, under the id of the timeline entry stored with it: `<orderId>/<entry id>`. */
export function toOutgoingEvent(event: OrderEvent, entryId: string): OutgoingEvent {
  return toBusEvent(event, `${event.orderId}/${entryId}`);
}

/** The events of one write as they go on the bus (`entries[i]` is `events[i]`'s timeline entry). */
export function toOutgoingEvents(events: readonly OrderEvent[], entries: readonly TimelineEntry[]): OutgoingEvent[] {
  return events.map((event, index) => toOutgoingEvent(event, entries[index]?.entryId ?? String(index)));
}

/**
 * The OrderPlaced event of an order the lifecycle may not have announced yet (one still `received`:
 * past that, its first step has run), as it goes on the bus: the event of the order's first timeline
 * entry under the entry's id, `<orderId>/<entry id>` like every event a step publishes, so whoever
 * publishes it publishes the same event. Undefined for any other order, or when the entry is missing.
 */
export async function unannouncedOrderPlaced(orders: OrderRepository, order: Order): Promise<OutgoingEvent | undefined> {
  return order.status === 'received' ? storedOrderPlaced(orders, order) : undefined;
}

/** The order's OrderPlaced event as `POST /orders` stored it, under its entry's id; undefined when the entry is missing. */
export async function storedOrderPlaced(orders: OrderRepository, order: Pick<Order, 'orderId' | 'createdAt'>): Promise<OutgoingEvent | undefined> {
  for (const entry of await orders.findTimelineEntries(order.orderId, `${order.createdAt}#`)) {
    const event = fromTimelineEntry(entry);
    if (event?.type === 'OrderPlaced') return toOutgoingEvent(event, entry.entryId);
  }
  return undefined;
}
