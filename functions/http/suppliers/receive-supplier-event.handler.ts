/**
 * POST /suppliers/{supplierId}/events: a supplier's Standard Webhooks delivery. The signature is
 * checked with that supplier's secrets (two at once during a rotation) before the body is read.
 */
import { readWebhookHeaders, verifyWebhookSignature } from '../../shared/security/supplier-webhook-signature';
import { createReceiveSupplierEvent } from '../../use-cases/receive-supplier-event';
import { callbackRepository, orderRepository, purchaseOrderRepository, webhookDedupStore } from '../shared/door-adapters.dynamodb';
import { doorSecrets } from '../shared/door-adapters.secrets';
import { workflowGateway } from '../shared/door-adapters.sfn';
import { composeDoorDependencies, type DoorDependencies } from '../shared/door-composition';
import { httpRoute } from '../shared/http-route';
import { epochSeconds } from '../shared/path-ids';
import { lowerCaseHeaders, parseJsonBody, pathParameter, rawBody } from '../shared/request';
import { jsonResponse } from '../shared/responses';
import { SupplierEventSchema } from './supplier-event.schema';

export type ReceiveSupplierEventDeps = Pick<DoorDependencies, 'purchaseOrders' | 'orders' | 'callbacks' | 'workflow' | 'webhookDedup' | 'now' | 'secrets'>;

export function createReceiveSupplierEventHandler(deps: ReceiveSupplierEventDeps) {
  return httpRoute({ operationId: 'receiveSupplierEvent' }, async (event) => {
    const supplierId = pathParameter(event, 'supplierId');
    const secrets = await deps.secrets().supplierWebhookSecrets(supplierId);
    const headers = readWebhookHeaders(lowerCaseHeaders(event));
    verifyWebhookSignature(headers, rawBody(event), secrets, epochSeconds(deps.now()));
    const body = parseJsonBody(event, SupplierEventSchema);
    const receiveSupplierEvent = createReceiveSupplierEvent({
      purchaseOrders: deps.purchaseOrders(),
      orders: deps.orders(),
      callbacks: deps.callbacks(),
      workflow: deps.workflow(),
      webhookDedup: deps.webhookDedup(),
      now: deps.now,
    });
    const outcome = await receiveSupplierEvent(supplierId, headers.webhookId, body);
    return jsonResponse(200, { webhookId: headers.webhookId, outcome });
  });
}

export const handler = createReceiveSupplierEventHandler(composeDoorDependencies({ purchaseOrders: purchaseOrderRepository, orders: orderRepository, callbacks: callbackRepository, workflow: workflowGateway, webhookDedup: webhookDedupStore, secrets: doorSecrets }));
