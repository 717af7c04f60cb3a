/** Storage of purchase orders, found by id, by the order they serve and by supplier. */
import type { PurchaseOrder } from '../domain/procurement/purchase-order.types';
import type { Page, PageRequest } from './pagination';

export interface CreatePurchaseOrderResult {
  /** False when the same PO (same id, order, supplier and sourcing attempt) was already stored. */
  readonly created: boolean;
  /** The stored PO: the new one, or the one a previous attempt stored. */
  readonly purchaseOrder: PurchaseOrder;
}

export interface PurchaseOrderRepository {
  /**
   * Stores a new PO (its `version` must be 1). Idempotent, so a retried workflow step is harmless:
   * if the same PO exists, it is returned with `created: false`.
   * @throws PurchaseOrderAlreadyExistsError when the id is taken by a different PO.
   */
  create(purchaseOrder: PurchaseOrder): Promise<CreatePurchaseOrderResult>;

  /** Strongly consistent; undefined when there is none. */
  get(poId: string): Promise<PurchaseOrder | undefined>;

  /**
   * Stores a change (status, tracking number...) if the stored PO is still at `expectedVersion`;
   * stored with version `expectedVersion + 1`.
   * @throws ConcurrentModificationError, PurchaseOrderNotFoundError.
   */
  update(purchaseOrder: PurchaseOrder, expectedVersion: number): Promise<PurchaseOrder>;

  /** The POs of one order, oldest first (by createdAt). */
  listByOrder(orderId: string, page?: PageRequest): Promise<Page<PurchaseOrder>>;

  /** The POs sent to one supplier, newest first (by createdAt). */
  listBySupplier(supplierId: string, page?: PageRequest): Promise<Page<PurchaseOrder>>;
}
