/**
 * A supplier's webhook, once its signature is verified: acknowledged / rejected / delivered resume
 * the purchase-order step waiting on the callback the supplier quotes; shipped is recorded on the
 * PO and the order's timeline (nothing waits for it). Each delivery id is acted on once: a repeat
 * changes nothing. An event about a PO sent to another supplier is refused.
 */
import { transitionPurchaseOrder } from '../domain/procurement/procurement-planning';
import type { PurchaseOrder } from '../domain/procurement/purchase-order.types';
import type { CallbackRepository } from '../ports/callback-repository';
import type { OrderRepository } from '../ports/order-repository';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import { WebhookAlreadyReceivedError } from '../ports/data-errors';
import type { WebhookDedupStore, WebhookReceipt } from '../ports/webhook-dedup-store';
import type { WorkflowGateway } from '../ports/workflow-gateway';
import { EventNotApplicableError, PurchaseOrderOfAnotherSupplierError, UnknownReferenceError } from './door-errors';
import { completeWait, findSubjectWait } from './resume-waiting-step';

/** A supplier event as the webhook schema parsed it. */
export type SupplierEventInput =
  | { readonly type: 'purchase_order.acknowledged'; readonly timestamp: string; readonly data: { readonly poId: string; readonly callbackId?: string; readonly confirmedDeliveryDate: string } }
  | { readonly type: 'purchase_order.rejected'; readonly timestamp: string; readonly data: { readonly poId: string; readonly callbackId?: string; readonly reason: string } }
  | { readonly type: 'purchase_order.shipped'; readonly timestamp: string; readonly data: { readonly poId: string; readonly trackingNumber: string; readonly carrier?: string | undefined } }
  | {
      readonly type: 'purchase_order.delivered';
      readonly timestamp: string;
      readonly data: { readonly poId: string; readonly callbackId?: string; readonly lines: readonly { readonly componentId: string; readonly quantity: number; readonly lotNumbers: readonly string[] }[] };
    };

export interface ReceiveSupplierEventDeps {
  readonly purchaseOrders: PurchaseOrderRepository;
  readonly orders: OrderRepository;
  readonly callbacks: CallbackRepository;
  readonly workflow: WorkflowGateway;
  readonly webhookDedup: WebhookDedupStore;
  readonly now: () => Date;
}

export type SupplierEventOutcome = 'processed' | 'duplicate';

/** How long a delivery id is remembered: far longer than any sender's retry schedule. */
const DEDUP_TTL_SECONDS = 7 * 24 * 3600;

export function createReceiveSupplierEvent(deps: ReceiveSupplierEventDeps) {
  /**
   * @throws UnknownReferenceError (422) for an unknown PO or callback, PurchaseOrderOfAnotherSupplierError
   *   (403), EventNotApplicableError (409), CallbackAlreadyCompletedError (409), CallbackExpiredError (410)
   */
  return async function receiveSupplierEvent(supplierId: string, webhookId: string, event: SupplierEventInput): Promise<SupplierEventOutcome> {
    const now = deps.now();
    const po = await deps.purchaseOrders.get(event.data.poId);
    if (!po) {
      throw new UnknownReferenceError('data.poId', event.data.poId);
    }
    if (po.supplierId !== supplierId) {
      throw new PurchaseOrderOfAnotherSupplierError(po.poId, supplierId);
    }
    const receipt = { source: `supplier:${supplierId}`, webhookId, receivedAt: now.toISOString(), ttlSeconds: DEDUP_TTL_SECONDS };
    if (event.type !== 'purchase_order.shipped') {
      // The answer to a waiting step: its receipt is written with the wait's completion (one write;
      // nothing to release when it is refused, e.g. 409 before the wait opened).
      if (await deps.webhookDedup.seen(receipt.source, webhookId, receipt.receivedAt)) {
        return 'duplicate';
      }
      try {
        await apply(deps, po, event, now, receipt);
      } catch (error) {
        if (error instanceof WebhookAlreadyReceivedError) {
          return 'duplicate';
        }
        throw error;
      }
      return 'processed';
    }
    const first = await deps.webhookDedup.claim(receipt);
    if (!first) {
      return 'duplicate';
    }
    try {
      await apply(deps, po, event, now);
    } catch (error) {
      // Not processed: forget the delivery id so the supplier's retry is processed.
      await deps.webhookDedup.release(`supplier:${supplierId}`, webhookId);
      throw error;
    }
    return 'processed';
  };
}

async function apply(deps: ReceiveSupplierEventDeps, po: PurchaseOrder, event: SupplierEventInput, now: Date, receipt?: WebhookReceipt): Promise<void> {
  switch (event.type) {
    case 'purchase_order.acknowledged': {
      const wait = await findSubjectWait(deps.callbacks, { orderId: po.orderId, purpose: 'purchase-order', subjectId: po.poId }, event.data.callbackId, now, 'data.callbackId');
      await completeWait(deps, wait, { outcome: 'acknowledged', confirmedDeliveryDate: event.data.confirmedDeliveryDate, supplierTimestamp: event.timestamp }, now, receipt);
      return;
    }
    case 'purchase_order.rejected': {
      const wait = await findSubjectWait(deps.callbacks, { orderId: po.orderId, purpose: 'purchase-order', subjectId: po.poId }, event.data.callbackId, now, 'data.callbackId');
      await completeWait(deps, wait, { outcome: 'rejected', reason: event.data.reason, supplierTimestamp: event.timestamp }, now, receipt);
      return;
    }
    case 'purchase_order.delivered': {
      const known = new Set(po.lines.map((line) => line.componentId));
      const unknown = event.data.lines.find((line) => !known.has(line.componentId));
      if (unknown) {
        throw new UnknownReferenceError('data.lines.componentId', unknown.componentId);
      }
      const wait = await findSubjectWait(deps.callbacks, { orderId: po.orderId, purpose: 'purchase-order', subjectId: po.poId }, event.data.callbackId, now, 'data.callbackId');
      const lotNumbers = Object.fromEntries(event.data.lines.map((line) => [line.componentId, [...line.lotNumbers]]));
      await completeWait(deps, wait, { outcome: 'delivered', lotNumbers, deliveredAt: event.timestamp }, now, receipt);
      return;
    }
    case 'purchase_order.shipped': {
      if (po.status === 'shipped' && po.trackingNumber === event.data.trackingNumber) {
        return;
      }
      if (po.status !== 'acknowledged') {
        throw new EventNotApplicableError(`Purchase order ${po.poId} is ${po.status}; a shipment is reported after acknowledgement and before delivery.`, po.status);
      }
      const at = now.toISOString();
      await deps.purchaseOrders.update(transitionPurchaseOrder(po, 'shipped', at, { trackingNumber: event.data.trackingNumber }), po.version);
      const carrier = event.data.carrier ? ` with ${event.data.carrier}` : '';
      await deps.orders.appendTimeline(po.orderId, [
        {
          orderId: po.orderId,
          at,
          entryId: `${at}#PurchaseOrderShipped#${po.poId}`,
          type: 'PurchaseOrderShipped',
          actor: { kind: 'supplier', id: po.supplierId },
          summary: `${po.supplierId} shipped PO ${po.poId}${carrier}, tracking ${event.data.trackingNumber}`,
          data: { poId: po.poId, trackingNumber: event.data.trackingNumber, ...(event.data.carrier ? { carrier: event.data.carrier } : {}) },
        },
      ]);
      return;
    }
  }
}
