/**
 * An order's approvals and purchase orders, read together: the schedule check needs both on every
 * run, and on DynamoDB they share one index partition, so one query returns them.
 */
import type { Approval } from '../domain/approval/approval.types';
import type { PurchaseOrder } from '../domain/procurement/purchase-order.types';

export interface OrderChildren {
  /** Oldest request first (as ApprovalRepository.listByOrder). */
  readonly approvals: readonly Approval[];
  /** Oldest first (as PurchaseOrderRepository.listByOrder). */
  readonly purchaseOrders: readonly PurchaseOrder[];
}

export interface OrderChildrenReader {
  /** Every approval and PO of the order (none for an unknown order). Eventually consistent on DynamoDB, like the lists it replaces. */
  listChildren(orderId: string): Promise<OrderChildren>;
}
