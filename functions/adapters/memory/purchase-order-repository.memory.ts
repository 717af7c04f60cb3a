/** In-memory twin of the purchase-order repository (same rules and errors as the DynamoDB one). */
import type { PurchaseOrder, PurchaseOrderStatus } from '../../domain/procurement/purchase-order.types';
import { ConcurrentModificationError, InvalidRepositoryInputError, PurchaseOrderAlreadyExistsError, PurchaseOrderNotFoundError, WebhookAlreadyReceivedError } from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import type { CreatePurchaseOrderResult, EarlyAnswer, KeepEarlyAnswerResult, PurchaseOrderRepository } from '../../ports/purchase-order-repository';
import type { WebhookDedupStore, WebhookReceipt } from '../../ports/webhook-dedup-store';
import { checkNewPurchaseOrder, checkPurchaseOrderChange, isSamePurchaseOrder } from '../../ports/repository-entity-rules';
import { requireId, requireInstant } from '../../ports/repository-input-rules';
import { copy, pageOf } from './memory-page';

export class InMemoryPurchaseOrderRepository implements PurchaseOrderRepository {
  private readonly purchaseOrders = new Map<string, PurchaseOrder>();

  /** `receipts`: the dedup store whose receipts `keepEarlyAnswer` writes with a delivery (the same table on DynamoDB). */
  public constructor(private readonly options: { readonly receipts?: WebhookDedupStore } = {}) {}

  public async create(purchaseOrder: PurchaseOrder): Promise<CreatePurchaseOrderResult> {
    const poId = checkNewPurchaseOrder(purchaseOrder);
    const existing = this.purchaseOrders.get(poId);
    if (existing !== undefined) {
      if (isSamePurchaseOrder(existing, purchaseOrder)) return Promise.resolve({ created: false, purchaseOrder: copy(existing) });
      throw new PurchaseOrderAlreadyExistsError(poId);
    }
    this.purchaseOrders.set(poId, copy(purchaseOrder));
    return Promise.resolve({ created: true, purchaseOrder: copy(purchaseOrder) });
  }

  public async get(poId: string): Promise<PurchaseOrder | undefined> {
    requireId('poId', poId);
    const purchaseOrder = this.purchaseOrders.get(poId);
    return Promise.resolve(purchaseOrder === undefined ? undefined : copy(purchaseOrder));
  }

  public async update(purchaseOrder: PurchaseOrder, expectedVersion: number): Promise<PurchaseOrder> {
    const poId = checkPurchaseOrderChange(purchaseOrder, expectedVersion);
    const current = this.purchaseOrders.get(poId);
    if (current === undefined) throw new PurchaseOrderNotFoundError(poId);
    if (current.version !== expectedVersion) {
      throw new ConcurrentModificationError({
        entity: 'purchase-order',
        entityId: poId,
        orderId: purchaseOrder.orderId,
        expectedVersion,
        actualVersion: current.version,
      });
    }
    const stored: PurchaseOrder = { ...copy(purchaseOrder), version: expectedVersion + 1 };
    this.purchaseOrders.set(poId, stored);
    return Promise.resolve(copy(stored));
  }

  public async keepEarlyAnswer(poId: string, answer: EarlyAnswer, options: { readonly statuses: readonly PurchaseOrderStatus[]; readonly receipt?: WebhookReceipt }): Promise<KeepEarlyAnswerResult> {
    requireId('poId', poId);
    requireInstant('answer.value.receivedAt', answer.value.receivedAt);
    const current = this.purchaseOrders.get(poId);
    if (current === undefined) throw new PurchaseOrderNotFoundError(poId);
    const field = answer.kind === 'delivery' ? 'earlyDelivery' : 'earlyShipment';
    if (current[field] !== undefined || (options.statuses.length > 0 && !options.statuses.includes(current.status))) return Promise.resolve({ kept: false, purchaseOrder: copy(current) });
    // All or nothing, as the DynamoDB transaction: the receipt first, so a redelivery writes nothing.
    if (options.receipt !== undefined) {
      if (this.options.receipts === undefined) throw new InvalidRepositoryInputError('options.receipt', 'needs the repository built with a receipts store');
      if (!(await this.options.receipts.claim(options.receipt))) throw new WebhookAlreadyReceivedError(options.receipt.source, options.receipt.webhookId);
    }
    const stored = { ...current, [field]: copy(answer.value), version: current.version + 1 } as PurchaseOrder;
    this.purchaseOrders.set(poId, stored);
    return { kept: true, purchaseOrder: copy(stored) };
  }

  public async listByOrder(orderId: string, page?: PageRequest): Promise<Page<PurchaseOrder>> {
    requireId('orderId', orderId);
    const entries = [...this.purchaseOrders.values()]
      .filter((po) => po.orderId === orderId)
      .map((po) => ({ sortKey: `${po.createdAt}#${po.poId}`, value: po }));
    return Promise.resolve(pageOf(entries, `purchase-orders-by-order:${orderId}`, false, page));
  }

  public async listBySupplier(supplierId: string, page?: PageRequest): Promise<Page<PurchaseOrder>> {
    requireId('supplierId', supplierId);
    const entries = [...this.purchaseOrders.values()]
      .filter((po) => po.supplierId === supplierId)
      .map((po) => ({ sortKey: `${po.createdAt}#${po.poId}`, value: po }));
    return Promise.resolve(pageOf(entries, `purchase-orders-by-supplier:${supplierId}`, true, page));
  }
}
