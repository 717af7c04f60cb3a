/**
 * POST /orders (API key): validate, price and promise, store, start the lifecycle. Idempotent per
 * API key and Idempotency-Key; with a key, the order id is derived from it, so a retry after a
 * partial failure completes the same order instead of creating a second one.
 */
import { deterministicId, randomIdGenerator } from '../../adapters/ids/id-generator.random';
import type { IdGenerator } from '../../domain/common/ids';
import { createPlaceOrder } from '../../use-cases/place-order';
import { catalogRepository, idempotencyStore, orderRepository, stockRepository } from '../shared/door-adapters.dynamodb';
import { eventPublisher } from '../shared/door-adapters.eventbridge';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { logger } from '../shared/http-logger';
import { httpRoute } from '../shared/http-route';
import { idempotencyKeyOf, withIdempotency } from '../shared/idempotency';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { toOrderView } from './order-view';
import { PlaceOrderRequestSchema } from './place-order.schema';

export type PlaceOrderDeps = Pick<DoorDependencies, 'catalog' | 'stock' | 'orders' | 'events' | 'workflow' | 'idempotency' | 'now'>;

export function createPlaceOrderHandler(deps: PlaceOrderDeps) {
  return httpRoute({ operationId: 'placeOrder' }, async (event) => {
    const body = parseJsonBody(event, PlaceOrderRequestSchema);
    const key = idempotencyKeyOf(event);
    const scope = `placeOrder:${event.requestContext?.identity?.apiKeyId ?? 'anonymous'}`;
    return withIdempotency(deps.idempotency(), deps.now, { scope, key, body }, async () => {
      const ids: IdGenerator = key === undefined ? randomIdGenerator : { newId: (kind) => deterministicId(kind, `${scope}\n${key}`) };
      const placeOrder = createPlaceOrder({
        catalog: deps.catalog(),
        stock: deps.stock(),
        orders: deps.orders(),
        events: deps.events(),
        workflow: deps.workflow(),
        ids,
        now: deps.now,
        onLoadComputed: (load) => {
          if (load.truncated || load.unplannable.length > 0) logger.warn('Work-center load approximated', { openOrders: load.orders, truncated: load.truncated, unplannable: load.unplannable.slice(0, 20) });
        },
      });
      const order = await placeOrder(body);
      return jsonResponse(201, toOrderView(order), { Location: `/orders/${order.orderId}` });
    });
  });
}

export const handler = createPlaceOrderHandler(composeDoorDependencies({ catalog: catalogRepository, stock: stockRepository, orders: orderRepository, events: eventPublisher, workflow: workflowGateway, idempotency: idempotencyStore }));
