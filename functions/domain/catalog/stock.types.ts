/** Stock of one component: on hand and reserved for orders; available = onHand - reserved >= 0. */
export interface StockLevel {
  readonly componentId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly unit: string;
  readonly version: number;
}

/** A reservation of stock for one order, released on cancellation or consumed by the build. */
export interface StockReservation {
  readonly orderId: string;
  readonly componentId: string;
  readonly quantity: number;
  readonly reservedAt: string;
}
