/**
 * Event names for the bus: the domain events module (functions/domain/events) is the source of
 * source and detail-types. Lifecycle-only events the domain does not list yet (OrderAtRisk,
 * ShopFloorSilent, ...) keep their type name as detail-type until the domain adds them.
 */
import { EVENT_DETAIL_TYPES, EVENT_SOURCE } from '../../domain/events/order-events';

export { EVENT_SOURCE };

/** The EventBridge detail-type of an event type. */
export function detailTypeOf(type: string): string {
  return (EVENT_DETAIL_TYPES as Readonly<Record<string, string>>)[type] ?? type;
}

/** Detail-types that a person must see now: the alert rule sends them to the alert topic. */
export const ALERT_DETAIL_TYPES = ['OrderFailed', 'OrderAtRisk', 'ShopFloorSilent', 'PurchaseOrderEscalated', 'ProcurementEscalated'].map(detailTypeOf);
