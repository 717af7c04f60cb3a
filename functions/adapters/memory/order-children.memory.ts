/** In-memory twin of the order-children reader: the two repositories' lists, every page of each. */
import type { ApprovalRepository } from '../../ports/approval-repository';
import type { OrderChildren, OrderChildrenReader } from '../../ports/order-children';
import { allPages } from '../../ports/pagination';
import type { PurchaseOrderRepository } from '../../ports/purchase-order-repository';

export class InMemoryOrderChildrenReader implements OrderChildrenReader {
  public constructor(
    private readonly approvals: Pick<ApprovalRepository, 'listByOrder'>,
    private readonly purchaseOrders: Pick<PurchaseOrderRepository, 'listByOrder'>,
  ) {}

  public async listChildren(orderId: string): Promise<OrderChildren> {
    return {
      approvals: await allPages((page) => this.approvals.listByOrder(orderId, page)),
      purchaseOrders: await allPages((page) => this.purchaseOrders.listByOrder(orderId, page)),
    };
  }
}
