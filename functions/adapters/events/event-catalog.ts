/**
 * Event names for the bus and the stack's rules, from the domain events module
 * (functions/domain/events/order-events.ts): the one place that names every event.
 */
import { ALERT_EVENT_TYPES, EVENT_DETAIL_TYPES, EVENT_SOURCE, type EventDetailType, type OrderEventType } from '../../domain/events/order-events';

export { EVENT_SOURCE };

/** The EventBridge detail-type of an event type. */
export function detailTypeOf(type: OrderEventType): EventDetailType {
  return EVENT_DETAIL_TYPES[type];
}

/** Detail-types that a person must see now: the alert rule sends them to the alert topic. */
export const ALERT_DETAIL_TYPES: readonly EventDetailType[] = ALERT_EVENT_TYPES.map(detailTypeOf);
