/** GET /orders/{orderId} (API key): the order, with links to what can be done next. */
import { createOrderQueries } from '../../use-cases/order-queries';
import { orderRepository } from '../shared/door-adapters.dynamodb';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { jsonResponse } from '../shared/responses';
import { toOrderView } from './order-view';

export function createGetOrderHandler(deps: Pick<DoorDependencies, 'orders'>) {
  return httpRoute({ operationId: 'getOrder' }, async (event) => {
    const orderId = pathId(event, 'orderId', 'order');
    const order = await createOrderQueries({ orders: deps.orders() }).getOrder(orderId);
    return jsonResponse(200, toOrderView(order));
  });
}

export const handler = createGetOrderHandler(composeDoorDependencies({ orders: orderRepository }));
