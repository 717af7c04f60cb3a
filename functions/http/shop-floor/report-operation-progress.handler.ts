/** POST /shop-floor/orders/{orderId}/progress (IAM): operation progress from the shop floor. */
import { callbackRepository, catalogRepository, orderRepository, webhookDedupStore } from '../shared/door-adapters.dynamodb';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { OperationProgressReportSchema } from './shop-floor-report.schema';
import { shopFloorReportsFrom, type ShopFloorDeps } from './shop-floor.wiring';

export function createReportOperationProgressHandler(deps: ShopFloorDeps) {
  return httpRoute({ operationId: 'reportOperationProgress' }, async (event) => {
    const orderId = pathId(event, 'orderId', 'order');
    const report = parseJsonBody(event, OperationProgressReportSchema);
    const outcome = await shopFloorReportsFrom(deps).reportProgress(orderId, report);
    return jsonResponse(200, { orderId, reportId: report.reportId, outcome });
  });
}

export const handler = createReportOperationProgressHandler(composeDoorDependencies({ orders: orderRepository, callbacks: callbackRepository, workflow: workflowGateway, webhookDedup: webhookDedupStore, catalog: catalogRepository }));
