/** POST /shop-floor/orders/{orderId}/inspections (IAM): a QC inspection's measurements. */
import { callbackRepository, catalogRepository, orderRepository, webhookDedupStore } from '../shared/door-adapters.dynamodb';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { pathId } from '../shared/path-ids';
import { parseJsonBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { InspectionResultSchema } from './shop-floor-report.schema';
import { shopFloorReportsFrom, type ShopFloorDeps } from './shop-floor.wiring';

export function createRecordInspectionResultHandler(deps: ShopFloorDeps) {
  return httpRoute({ operationId: 'recordInspectionResult' }, async (event) => {
    const orderId = pathId(event, 'orderId', 'order');
    const report = parseJsonBody(event, InspectionResultSchema);
    const result = await shopFloorReportsFrom(deps).recordInspection(orderId, report);
    return jsonResponse(200, { orderId, reportId: report.reportId, ...result });
  });
}

export const handler = createRecordInspectionResultHandler(composeDoorDependencies({ orders: orderRepository, callbacks: callbackRepository, workflow: workflowGateway, webhookDedup: webhookDedupStore, catalog: catalogRepository }));
