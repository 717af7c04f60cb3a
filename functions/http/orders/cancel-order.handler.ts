/** POST /orders/{orderId}/cancel (API key): cancel and compensate; idempotent. */
import { createCancelOrder } from '../../use-cases/cancel-order';
import { approvalRepository, orderRepository, purchaseOrderRepository, stockRepository } from '../shared/door-adapters.dynamodb';
import { eventPublisher } from '../shared/door-adapters.eventbridge';
import { supplierGateway } from '../shared/door-adapters.ses';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { CancelOrderRequestSchema } from './change-order.schema';
import { compensationFrom, type CompensationWiringDeps } from './order-compensation.wiring';
import { toOrderView } from './order-view';

export type CancelOrderDeps = CompensationWiringDeps & Pick<DoorDependencies, 'orders' | 'events'>;

export function createCancelOrderHandler(deps: CancelOrderDeps) {
  return httpRoute({ operationId: 'cancelOrder', maxBodyBytes: 16 * 1024 }, async (event) => {
    const orderId = pathId(event, 'orderId', 'order');
    const body = parseJsonBody(event, CancelOrderRequestSchema);
    const cancel = createCancelOrder({ orders: deps.orders(), events: deps.events(), compensate: compensationFrom(deps), now: deps.now });
    const result = await cancel({
      orderId,
      reason: body.reason,
      actor: { kind: 'customer', id: body.requestedBy ?? `api-key:${event.requestContext?.identity?.apiKeyId ?? 'unknown'}` },
    });
    return jsonResponse(200, { ...toOrderView(result.order), alreadyCancelled: result.alreadyCancelled, compensation: result.compensation });
  });
}

export const handler = createCancelOrderHandler(composeDoorDependencies({ orders: orderRepository, events: eventPublisher, workflow: workflowGateway, approvals: approvalRepository, purchaseOrders: purchaseOrderRepository, stock: stockRepository, suppliers: supplierGateway }));
