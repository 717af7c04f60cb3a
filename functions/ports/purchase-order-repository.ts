/** Storage of purchase orders, found by id, by the order they serve and by supplier. */
import type { EarlyDelivery, EarlyShipment, PurchaseOrder, PurchaseOrderStatus } from '../domain/procurement/purchase-order.types';
import type { Page, PageRequest } from './pagination';
import type { WebhookReceipt } from './webhook-dedup-store';

/** A supplier's answer that came before the wait it answers opened. */
export type EarlyAnswer = { readonly kind: 'delivery'; readonly value: EarlyDelivery } | { readonly kind: 'shipment'; readonly value: EarlyShipment };

export interface KeepEarlyAnswerResult {
  /** False when nothing was written: the PO is not in one of the statuses, or already keeps an answer of that kind. */
  readonly kept: boolean;
  /** The PO as stored now (after the write, or as it refused it): the caller decides what a refusal means. */
  readonly purchaseOrder: PurchaseOrder;
}

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

  /**
   * Keeps an early answer on the PO, once: one conditional write (the PO is in one of `statuses` and
   * keeps no answer of that kind yet; version + 1, so a step's update read before it is refused),
   * with the webhook receipt of the delivery in the same transaction when `receipt` is given.
   * @throws PurchaseOrderNotFoundError, WebhookAlreadyReceivedError (the receipt exists: nothing written).
   */
  keepEarlyAnswer(poId: string, answer: EarlyAnswer, options: { readonly statuses: readonly PurchaseOrderStatus[]; readonly receipt?: WebhookReceipt }): Promise<KeepEarlyAnswerResult>;

  /** The POs of one order, oldest first (by createdAt). */
  listByOrder(orderId: string, page?: PageRequest): Promise<Page<PurchaseOrder>>;

  /** The POs sent to one supplier, newest first (by createdAt). */
  listBySupplier(supplierId: string, page?: PageRequest): Promise<Page<PurchaseOrder>>;
}
