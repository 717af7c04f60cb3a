/**
 * Domain events as they go on the bus: the event envelope as `detail`, with a deterministic
 * `eventId` so consumers can drop duplicates of a retried publish.
 */
import type { OrderEvent } from '../domain/events/order-events';
import type { OutgoingEvent } from '../ports/event-publisher';

export function toOutgoingEvents(events: readonly OrderEvent[]): OutgoingEvent[] {
  return events.map((event, index) => ({
    source: event.source,
    detailType: event.detailType,
    time: event.occurredAt,
    detail: { eventId: `${event.orderId}/${event.type}/${event.occurredAt}/${index}`, ...event },
  }));
}
