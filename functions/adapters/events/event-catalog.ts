/**
 * The event facts infra and the publisher need (bus source, which detail-types are alerts).
 * Interim: replaced by re-exports of the domain events module (functions/domain/events) once it lands.
 */
export const EVENT_SOURCE = 'mto.orders';

/** Detail-types that a person must see now: the alert rule sends them to the alert topic. */
export const ALERT_DETAIL_TYPES = ['OrderFailed', 'OrderAtRisk', 'ShopFloorSilent', 'PurchaseOrderEscalated'] as const;
