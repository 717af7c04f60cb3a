/** POST /orders/{orderId}/change-requests (API key): a new configuration, until the build starts. */
import { createRequestOrderChange } from '../../use-cases/request-order-change';
import { approvalRepository, catalogRepository, orderRepository, purchaseOrderRepository, stockRepository } from '../shared/door-adapters.dynamodb';
import { eventPublisher } from '../shared/door-adapters.eventbridge';
import { supplierGateway } from '../shared/door-adapters.ses';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { ChangeRequestSchema } from './change-order.schema';
import { compensationFrom, type CompensationWiringDeps } from './order-compensation.wiring';
import { toOrderView } from './order-view';

export type RequestOrderChangeDeps = CompensationWiringDeps & Pick<DoorDependencies, 'orders' | 'catalog' | 'events'>;

export function createRequestOrderChangeHandler(deps: RequestOrderChangeDeps) {
  return httpRoute({ operationId: 'requestOrderChange' }, async (event) => {
    const orderId = pathId(event, 'orderId', 'order');
    const body = parseJsonBody(event, ChangeRequestSchema);
    const requestOrderChange = createRequestOrderChange({
      orders: deps.orders(),
      catalog: deps.catalog(),
      stock: deps.stock(),
      events: deps.events(),
      workflow: deps.workflow(),
      compensate: compensationFrom(deps),
      now: deps.now,
    });
    const order = await requestOrderChange({
      orderId,
      lines: body.lines,
      reason: body.reason,
      actor: { kind: 'customer', id: body.requestedBy ?? `api-key:${event.requestContext?.identity?.apiKeyId ?? 'unknown'}` },
    });
    return jsonResponse(202, toOrderView(order));
  });
}

export const handler = createRequestOrderChangeHandler(composeDoorDependencies({ orders: orderRepository, catalog: catalogRepository, events: eventPublisher, workflow: workflowGateway, approvals: approvalRepository, purchaseOrders: purchaseOrderRepository, stock: stockRepository, suppliers: supplierGateway }));
