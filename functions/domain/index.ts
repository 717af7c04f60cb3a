/**
 * The make-to-order domain: pure TypeScript (no AWS, no I/O, no clock, no randomness). Import from
 * here or from the individual modules; both are stable.
 */
export * from './calendar/business-calendar';
export type * from './catalog/catalog.types';
export type * from './catalog/stock.types';
export * from './catalog/catalog-validation';
export * from './catalog/condition';
export * from './catalog/formula';
export * from './common/problem';
export type * from './common/ids';
export * from './costing/costing';
export * from './events/order-events';
export * from './events/timeline';
export * from './order/order-status';
export type * from './order/order.types';
export * from './order/order-lifecycle';
export * from './order/order-planning';
export * from './order/order-review';
export * from './order/order-schedule';
export * from './order/order-transitions';
export * from './order/order-validation';
export * from './order/place-order';
export * from './planning/availability';
export * from './planning/bom-explosion';
export * from './planning/expected-finish';
export * from './planning/promise-date';
export * from './planning/routing';
export type * from './approval/approval.types';
export type * from './procurement/callback.types';
export type * from './procurement/purchase-order.types';
export * from './procurement/procurement-planning';
export * from './production/production-actuals';
export * from './quality/inspection';
