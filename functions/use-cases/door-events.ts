/**
 * A door's (HTTP route's) domain events as they go on the bus: the same flat detail as a step's
 * (`toBusEvent`: the envelope's fields beside the event's own), with an `eventId` made of the order,
 * type, time and position in the batch, so a retried request re-publishes the same ids and consumers
 * can drop the duplicates.
 */
import { toBusEvent, type OrderEvent } from '../domain/events/order-events';
import type { OutgoingEvent } from '../ports/event-publisher';

export function toOutgoingEvents(events: readonly OrderEvent[]): OutgoingEvent[] {
  return events.map((event, index) => toBusEvent(event, `${event.orderId}/${event.type}/${event.occurredAt}/${index}`));
}
