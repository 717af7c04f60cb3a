/** Reading orders for customers' systems: one order, lists by status or customer, the timeline. */
import type { Order, TimelineEntry } from '../domain/order/order.types';
import type { OrderStatus } from '../domain/order/order-status';
import { OrderNotFoundError } from '../ports/data-errors';
import type { OrderRepository } from '../ports/order-repository';
import type { Page, PageRequest } from '../ports/pagination';

export interface OrderListFilter {
  readonly status?: OrderStatus;
  readonly customerId?: string;
}

export function createOrderQueries(deps: { readonly orders: OrderRepository }) {
  return {
    /** @throws OrderNotFoundError */
    async getOrder(orderId: string): Promise<Order> {
      const order = await deps.orders.get(orderId);
      if (!order) {
        throw new OrderNotFoundError(orderId);
      }
      return order;
    },

    /**
     * Newest first. With both filters, the customer's orders are read and those in other statuses
     * left out, so a page may hold fewer than `limit` items while `nextCursor` says more follow.
     */
    async listOrders(filter: OrderListFilter, page: PageRequest): Promise<Page<Order>> {
      if (filter.customerId !== undefined) {
        const result = await deps.orders.listByCustomer(filter.customerId, page);
        return filter.status === undefined ? result : { ...result, items: result.items.filter((order) => order.status === filter.status) };
      }
      if (filter.status !== undefined) {
        return deps.orders.listByStatus(filter.status, page);
      }
      return { items: [] };
    },

    /** @throws OrderNotFoundError */
    async getTimeline(orderId: string, page: PageRequest): Promise<Page<TimelineEntry>> {
      if (!(await deps.orders.get(orderId))) {
        throw new OrderNotFoundError(orderId);
      }
      return deps.orders.listTimeline(orderId, page);
    },
  };
}
