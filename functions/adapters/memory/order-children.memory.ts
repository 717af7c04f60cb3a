/** In-memory twin of the order-children reader: the two repositories' lists, every page of each. */
import type { ApprovalRepository } from '../../ports/approval-repository';
import type { OrderChildren, OrderChildrenReader } from '../../ports/order-children';
import type { Page, PageRequest } from '../../ports/pagination';
import type { PurchaseOrderRepository } from '../../ports/purchase-order-repository';

async function everyPage<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let page = await list({ limit: 100 });
  items.push(...page.items);
  while (page.nextCursor !== undefined) {
    page = await list({ limit: 100, cursor: page.nextCursor });
    items.push(...page.items);
  }
  return items;
}

export class InMemoryOrderChildrenReader implements OrderChildrenReader {
  public constructor(
    private readonly approvals: Pick<ApprovalRepository, 'listByOrder'>,
    private readonly purchaseOrders: Pick<PurchaseOrderRepository, 'listByOrder'>,
  ) {}

  public async listChildren(orderId: string): Promise<OrderChildren> {
    return {
      approvals: await everyPage((page) => this.approvals.listByOrder(orderId, page)),
      purchaseOrders: await everyPage((page) => this.purchaseOrders.listByOrder(orderId, page)),
    };
  }
}
