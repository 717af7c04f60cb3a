/** POST /shipping/orders/{orderId}/events (IAM): shipment booked, delivery confirmed. */
import { createShippingReports } from '../../use-cases/shipping-reports';
import { callbackRepository, orderRepository, webhookDedupStore } from '../shared/door-adapters.dynamodb';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { ShipmentEventSchema } from './shipment-event.schema';

export type ReportShipmentEventDeps = Pick<DoorDependencies, 'orders' | 'callbacks' | 'workflow' | 'webhookDedup' | 'now'>;

export function createReportShipmentEventHandler(deps: ReportShipmentEventDeps) {
  return httpRoute({ operationId: 'reportShipmentEvent', maxBodyBytes: 8 * 1024 }, async (event) => {
    const orderId = pathId(event, 'orderId', 'order');
    const report = parseJsonBody(event, ShipmentEventSchema);
    const shipping = createShippingReports({ orders: deps.orders(), callbacks: deps.callbacks(), workflow: deps.workflow(), webhookDedup: deps.webhookDedup(), now: deps.now });
    const outcome = await shipping.report(orderId, report);
    return jsonResponse(200, { orderId, reportId: report.reportId, event: report.event, outcome });
  });
}

export const handler = createReportShipmentEventHandler(composeDoorDependencies({ orders: orderRepository, callbacks: callbackRepository, workflow: workflowGateway, webhookDedup: webhookDedupStore }));
