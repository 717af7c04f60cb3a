/** GET /orders/{orderId}/timeline (API key): every event of the order, who, what, when and why. */
import { createOrderQueries } from '../../use-cases/order-queries';
import { orderRepository } from '../shared/door-adapters.dynamodb';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseQuery } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { TimelineQuerySchema } from './order-queries.schema';
import { toTimelineEntryView } from './order-view';

export function createGetOrderTimelineHandler(deps: Pick<DoorDependencies, 'orders'>) {
  return httpRoute({ operationId: 'getOrderTimeline' }, async (event) => {
    const orderId = pathId(event, 'orderId', 'order');
    const query = parseQuery(event, TimelineQuerySchema);
    const page = await createOrderQueries({ orders: deps.orders() }).getTimeline(orderId, {
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return jsonResponse(200, { orderId, items: page.items.map(toTimelineEntryView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  });
}

export const handler = createGetOrderTimelineHandler(composeDoorDependencies({ orders: orderRepository }));
