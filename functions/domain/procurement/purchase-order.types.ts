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
  readonly version: number;
}
