/** Every status an order can be in. The allowed transitions between them live in order-lifecycle.ts. */
export const ORDER_STATUSES = [
  'received',
  'in_review',
  'rejected',
  'awaiting_design_approval',
  'design_revision',
  'procuring',
  'building',
  'in_qc',
  'rework',
  'shipping',
  'delivered',
  'cancelled',
  'failed',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses from which nothing more happens. */
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['rejected', 'delivered', 'cancelled', 'failed']);
