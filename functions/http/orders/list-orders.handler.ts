/** GET /orders?status=&customer=&limit=&cursor= (API key): orders newest first, cursor-paginated. */
import { createOrderQueries } from '../../use-cases/order-queries';
import { orderRepository } from '../shared/door-adapters.dynamodb';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { parseQuery } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { ListOrdersQuerySchema } from './order-queries.schema';
import { toOrderView } from './order-view';

export function createListOrdersHandler(deps: Pick<DoorDependencies, 'orders'>) {
  return httpRoute({ operationId: 'listOrders' }, async (event) => {
    const query = parseQuery(event, ListOrdersQuerySchema);
    const page = await createOrderQueries({ orders: deps.orders() }).listOrders(
      { ...(query.status ? { status: query.status } : {}), ...(query.customer ? { customerId: query.customer } : {}) },
      { ...(query.limit ? { limit: query.limit } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) },
    );
    return jsonResponse(200, { items: page.items.map(toOrderView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  });
}

export const handler = createListOrdersHandler(composeDoorDependencies({ orders: orderRepository }));
