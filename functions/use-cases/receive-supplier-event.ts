/**
 * A supplier's webhook, once its signature is verified: acknowledged / rejected / delivered resume
 * the purchase-order step waiting on the callback the supplier quotes; shipped is recorded on the
 * PO and the order's timeline (nothing waits for it). Each delivery id is acted on once: a repeat
 * changes nothing. An event about a PO sent to another supplier is refused.
 *
 * A supplier's system can overtake the workflow (docs/webhooks.md, early answers): a delivery
 * reported before await-po-delivery opened its wait is kept on the PO with its receipt (one write)
 * and that step resumes with it at once; a shipment reported before the acknowledgement was
 * recorded is kept on the PO and applied when it is. Neither is refused for coming early.
 */
import { transitionPurchaseOrder } from '../domain/procurement/procurement-planning';
import type { PurchaseOrder, PurchaseOrderStatus } from '../domain/procurement/purchase-order.types';
import type { CallbackRepository } from '../ports/callback-repository';
import type { OrderRepository } from '../ports/order-repository';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import { CallbackAlreadyCompletedError, CallbackExpiredError, ConcurrentModificationError, WebhookAlreadyReceivedError } from '../ports/data-errors';
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
        if (event.type === 'purchase_order.delivered' && event.data.callbackId === undefined) return await receiveDelivery(deps, po, event, now, receipt);
        await apply(deps, po, event, now, receipt);
      } catch (error) {
        // The same delivery sent several times at once: one completes the wait with its receipt, the
        // others find the wait answered (409) or lose the transaction. A refusal of a delivery id
        // that is received by now is that duplicate, not an error for the sender to retry.
        if (error instanceof WebhookAlreadyReceivedError || (await deps.webhookDedup.seen(receipt.source, webhookId, receipt.receivedAt))) {
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
      await receiveShipment(deps, po, event, now);
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
      requireAwaitingAcknowledgement(po, event.data.callbackId);
      const wait = await findSubjectWait(deps.callbacks, { orderId: po.orderId, purpose: 'purchase-order', subjectId: po.poId }, event.data.callbackId, now, 'data.callbackId');
      await completeWait(deps, wait, { outcome: 'acknowledged', confirmedDeliveryDate: event.data.confirmedDeliveryDate, supplierTimestamp: event.timestamp }, now, receipt);
      return;
    }
    case 'purchase_order.rejected': {
      requireAwaitingAcknowledgement(po, event.data.callbackId);
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
    case 'purchase_order.shipped':
      await receiveShipment(deps, po, event, now);
      return;
  }
}

/**
 * Acknowledgement and rejection answer the wait of a PO that is sent (its wait opens before the
 * supplier is told, so they never come early); later they would answer the delivery wait instead.
 */
function requireAwaitingAcknowledgement(po: PurchaseOrder, callbackId: string | undefined): void {
  if (callbackId !== undefined || po.status === 'sent' || po.status === 'draft') return;
  throw new EventNotApplicableError(`Purchase order ${po.poId} is ${po.status}; an acknowledgement or rejection answers a sent purchase order.`, po.status);
}

/** Statuses in which a delivery may be reported before its wait opened (the PO is with the supplier). */
const EARLY_DELIVERY_STATUSES: readonly PurchaseOrderStatus[] = ['sent', 'acknowledged', 'shipped'];

type DeliveredEvent = Extract<SupplierEventInput, { type: 'purchase_order.delivered' }>;

/**
 * A delivery not quoting a callback: it answers the open delivery wait, or, before that wait opened,
 * is kept on the PO with its receipt (one write) for await-po-delivery to resume with. After keeping
 * it, the wait is looked for again: a step that opened it meanwhile read the PO before the write,
 * so one of the two always sees the other; both may, and the wait is completed once.
 */
async function receiveDelivery(deps: ReceiveSupplierEventDeps, read: PurchaseOrder, event: DeliveredEvent, now: Date, receipt: WebhookReceipt): Promise<SupplierEventOutcome> {
  const known = new Set(read.lines.map((line) => line.componentId));
  const unknown = event.data.lines.find((line) => !known.has(line.componentId));
  if (unknown) {
    throw new UnknownReferenceError('data.lines.componentId', unknown.componentId);
  }
  const lotNumbers = Object.fromEntries(event.data.lines.map((line) => [line.componentId, [...line.lotNumbers]]));
  const answer = { outcome: 'delivered', lotNumbers, deliveredAt: event.timestamp };
  const subject = { orderId: read.orderId, purpose: 'purchase-order' as const, subjectId: read.poId };
  let po = read;
  for (let attempt = 1; ; attempt += 1) {
    if (!EARLY_DELIVERY_STATUSES.includes(po.status)) {
      // Delivered already, or closed (a buyer's wait on a rejected PO is answered as before).
      await completeWait(deps, await findSubjectWait(deps.callbacks, subject, undefined, now, 'data.callbackId'), answer, now, receipt);
      return 'processed';
    }
    if (po.earlyDelivery !== undefined) {
      if (sameLots(po.earlyDelivery.lotNumbers, lotNumbers)) return 'duplicate';
      throw new EventNotApplicableError(`Purchase order ${po.poId} already has a delivery reported with other lots.`, po.status);
    }
    // While the PO is 'sent' the open wait is the acknowledgement's: a delivery does not answer it.
    const wait = po.status === 'sent' ? undefined : await deps.callbacks.findOpenBySubject(subject.orderId, subject.purpose, subject.subjectId);
    if (wait !== undefined) {
      if (wait.expiresAtEpochSeconds <= Math.floor(now.getTime() / 1000)) throw new CallbackExpiredError(wait.expiresAtEpochSeconds);
      await completeWait(deps, wait, answer, now, receipt);
      return 'processed';
    }
    const early = { lotNumbers, deliveredAt: event.timestamp, receivedAt: receipt.receivedAt };
    const result = await deps.purchaseOrders.keepEarlyAnswer(po.poId, { kind: 'delivery', value: early }, { statuses: EARLY_DELIVERY_STATUSES, receipt });
    po = result.purchaseOrder;
    if (result.kept) break;
    if (attempt >= 3) throw new EventNotApplicableError(`Purchase order ${po.poId} changed while its delivery was reported; report it again.`, po.status);
  }
  // The PO as stored after the write: past 'sent', the delivery wait may have opened meanwhile.
  const opened = po.status === 'sent' ? undefined : await deps.callbacks.findOpenBySubject(subject.orderId, subject.purpose, subject.subjectId);
  if (opened !== undefined) {
    try {
      await completeWait(deps, opened, answer, now);
    } catch (error) {
      // The step found the kept answer first and resumed itself with it.
      if (!(error instanceof CallbackAlreadyCompletedError)) throw error;
    }
  }
  return 'processed';
}

function sameLots(a: Readonly<Record<string, readonly string[]>>, b: Readonly<Record<string, readonly string[]>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

type ShippedEvent = Extract<SupplierEventInput, { type: 'purchase_order.shipped' }>;

/**
 * A shipment is information: recorded whenever the PO is with the supplier, whatever the order of
 * the answers. Before the acknowledgement is recorded it is kept on the PO (record-po-acknowledgement
 * then ships it); after the delivery it adds the tracking number. Its timeline entry is written when
 * it comes. Refused only for a PO that is not with the supplier, or another tracking number.
 */
async function receiveShipment(deps: ReceiveSupplierEventDeps, read: PurchaseOrder, event: ShippedEvent, now: Date): Promise<void> {
  const at = now.toISOString();
  const trackingNumber = event.data.trackingNumber;
  let po = read;
  for (let attempt = 1; ; attempt += 1) {
    const known = po.trackingNumber ?? po.earlyShipment?.trackingNumber;
    if (known !== undefined) {
      if (known === trackingNumber) return;
      throw new EventNotApplicableError(`Purchase order ${po.poId} was shipped with tracking number ${known}.`, po.status);
    }
    const stale = await recordShipment(deps, po, event, at);
    if (stale === undefined) break;
    if (attempt >= 4) throw new ConcurrentModificationError({ entity: 'purchase-order', entityId: po.poId, orderId: po.orderId, expectedVersion: po.version });
    po = stale;
  }
  const carrier = event.data.carrier ? ` with ${event.data.carrier}` : '';
  await deps.orders.appendTimeline(po.orderId, [
    {
      orderId: po.orderId,
      at,
      entryId: `${at}#PurchaseOrderShipped#${po.poId}`,
      type: 'PurchaseOrderShipped',
      actor: { kind: 'supplier', id: po.supplierId },
      summary: `${po.supplierId} shipped PO ${po.poId}${carrier}, tracking ${trackingNumber}`,
      data: { poId: po.poId, trackingNumber, ...(event.data.carrier ? { carrier: event.data.carrier } : {}) },
    },
  ]);
}

/** Writes the shipment on the PO; returns the PO to decide again with when it changed meanwhile. */
async function recordShipment(deps: ReceiveSupplierEventDeps, po: PurchaseOrder, event: ShippedEvent, at: string): Promise<PurchaseOrder | undefined> {
  const trackingNumber = event.data.trackingNumber;
  const write = async (next: PurchaseOrder): Promise<PurchaseOrder | undefined> => {
    try {
      await deps.purchaseOrders.update(next, po.version);
      return undefined;
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError)) throw error;
      return (await deps.purchaseOrders.get(po.poId)) ?? po;
    }
  };
  switch (po.status) {
    case 'acknowledged':
      return write(transitionPurchaseOrder(po, 'shipped', at, { trackingNumber }));
    case 'delivered':
      return write({ ...po, trackingNumber, updatedAt: at });
    case 'sent': {
      const early = { trackingNumber, ...(event.data.carrier ? { carrier: event.data.carrier } : {}), receivedAt: at };
      const result = await deps.purchaseOrders.keepEarlyAnswer(po.poId, { kind: 'shipment', value: early }, { statuses: ['sent'] });
      return result.kept ? undefined : result.purchaseOrder;
    }
    default:
      throw new EventNotApplicableError(`Purchase order ${po.poId} is ${po.status}; a shipment is reported once the supplier has it and before it is closed.`, po.status);
  }
}
