/**
 * Domain events on the bus, as the use cases publish them.
 *
 * A door's (HTTP route's) events have the same flat detail as a step's (`toBusEvent`), with an
 * `eventId` made of the order, type, time and position in the batch: a retried request re-publishes
 * the same ids, so consumers can drop the duplicates.
 *
 * OrderPlaced is stored with the order by `POST /orders` but published by the lifecycle's first step
 * (review-order), which keeps the intake to two calls (the write, the start). Should the order be
 * cancelled before that step ran, the cancellation publishes it, with the same id.
 */
import { toBusEvent, type OrderEvent } from '../domain/events/order-events';
import { fromTimelineEntry } from '../domain/events/timeline';
import type { Order } from '../domain/order/order.types';
import type { OutgoingEvent } from '../ports/event-publisher';
import type { OrderRepository } from '../ports/order-repository';

export function toOutgoingEvents(events: readonly OrderEvent[]): OutgoingEvent[] {
  return events.map((event, index) => toBusEvent(event, `${event.orderId}/${event.type}/${event.occurredAt}/${index}`));
}

/**
 * The OrderPlaced event of an order the lifecycle may not have announced yet (one still `received`:
 * past that, its first step has run), as it goes on the bus: the event of the order's first timeline
 * entry under the entry's id, `<orderId>/<entry id>` like every event a step publishes, so whoever
 * publishes it publishes the same event. Undefined for any other order, or when the entry is missing.
 */
export async function unannouncedOrderPlaced(orders: OrderRepository, order: Order): Promise<OutgoingEvent | undefined> {
  if (order.status !== 'received') return undefined;
  for (const entry of await orders.findTimelineEntries(order.orderId, `${order.createdAt}#`)) {
    const event = fromTimelineEntry(entry);
    if (event?.type === 'OrderPlaced') return toBusEvent(event, `${order.orderId}/${entry.entryId}`);
  }
  return undefined;
}
