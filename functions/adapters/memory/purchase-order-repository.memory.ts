/** In-memory twin of the purchase-order repository (same rules and errors as the DynamoDB one). */
import type { PurchaseOrder } from '../../domain/procurement/purchase-order.types';
import { ConcurrentModificationError, PurchaseOrderAlreadyExistsError, PurchaseOrderNotFoundError } from '../../ports/data-errors';
import type { Page, PageRequest } from '../../ports/pagination';
import type { CreatePurchaseOrderResult, PurchaseOrderRepository } from '../../ports/purchase-order-repository';
import { checkNewPurchaseOrder, checkPurchaseOrderChange, isSamePurchaseOrder } from '../../ports/repository-entity-rules';
import { requireId } from '../../ports/repository-input-rules';
import { copy, pageOf } from './memory-page';

export class InMemoryPurchaseOrderRepository implements PurchaseOrderRepository {
  private readonly purchaseOrders = new Map<string, PurchaseOrder>();

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
