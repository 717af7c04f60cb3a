/** A purchase order sent to one supplier for the shortfall of one order's components. */
export type PurchaseOrderStatus =
  | 'draft'
  | 'sent'
  | 'acknowledged'
  | 'rejected'
  | 'shipped'
  | 'delivered'
  | 'cancelled'
  | 'timed_out';

export interface PurchaseOrderLine {
  readonly componentId: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitCostCents: number;
  /** Supplier lot numbers recorded at delivery, for traceability. */
  readonly lotNumbers?: readonly string[];
}

/**
 * A supplier's delivery report that came before the step waiting for it opened its wait (a supplier's
 * system can overtake the workflow); that step resumes with it at once.
 */
export interface EarlyDelivery {
  readonly lotNumbers: Readonly<Record<string, readonly string[]>>;
  readonly deliveredAt: string;
  readonly receivedAt: string;
}

/** A shipment reported before the acknowledgement was recorded; recording it ships the PO too. */
export interface EarlyShipment {
  readonly trackingNumber: string;
  readonly carrier?: string;
  readonly receivedAt: string;
}

export interface PurchaseOrder {
  readonly poId: string;
  readonly orderId: string;
  readonly supplierId: string;
  readonly lines: readonly PurchaseOrderLine[];
  readonly status: PurchaseOrderStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedDeliveryDate?: string;
  readonly trackingNumber?: string;
  readonly rejectionReason?: string;
  /** 0 for the first choice; +1 each time the PO is re-sourced to an alternate supplier. */
  readonly sourcingAttempt: number;
  /** Kept until the delivery wait opens (and dropped when the delivery is recorded). */
  readonly earlyDelivery?: EarlyDelivery;
  /** Kept until the acknowledgement is recorded. */
  readonly earlyShipment?: EarlyShipment;
  readonly version: number;
}
