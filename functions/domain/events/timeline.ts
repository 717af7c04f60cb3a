/**
 * From domain events to the order's timeline and audit trail: who did what, when and why, in one
 * human-readable sentence per event.
 */
import type { Actor, TimelineEntry } from '../order/order.types';
import type { OrderStatus } from '../order/order-status';
import { EVENT_SOURCE, isOrderEvent, type OrderEvent } from './order-events';

function who(actor: Actor): string {
  if (actor.kind === 'system') return 'the system';
  return actor.displayName ?? actor.id;
}

function money(cents: number, currency: string): string {
  return `${currency} ${(cents / 100).toFixed(2)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The one-sentence summary of an event, as shown on the timeline. */
export function summarizeEvent(event: OrderEvent): string {
  const by = who(event.actor);
  switch (event.type) {
    case 'OrderPlaced':
      return `Order placed by ${event.detail.customerName}: ${plural(event.detail.lines.length, 'line')}, ${money(event.detail.quote.priceCents, event.detail.quote.currency)}, promised for ${event.detail.promise.date}`;
    case 'OrderReviewStarted':
      return 'Order review started';
    case 'OrderApproved':
      return event.detail.automatic ? 'Order approved automatically by the review rules' : `Order approved by ${by}`;
    case 'OrderRejected':
      return event.detail.automatic ? 'Order rejected automatically' : `Order rejected by ${by}`;
    case 'DesignApproved':
      return `Design revision ${event.detail.designRevision} approved by ${by}`;
    case 'DesignRejected':
      return `Design revision ${event.detail.designRevision} rejected by ${by} (${plural(event.detail.revisionsLeft, 'revision')} left)`;
    case 'DesignRevised':
      return `Design revision ${event.detail.designRevision} submitted for approval`;
    case 'SpecificationChanged':
      return `Specification changed by ${by}; back to review with design revision ${event.detail.designRevision}, now promised for ${event.detail.promise.date}`;
    case 'BuildStarted':
      return 'Production started';
    case 'BuildCompleted':
      return `Production completed${event.detail.labourHours === undefined ? '' : ` after ${event.detail.labourHours} labour hours`}; waiting for inspection`;
    case 'InspectionPassed':
      return `Inspection passed (${plural(event.detail.checksPassed, 'check')}); certificate of conformance ${event.detail.certificateId} issued`;
    case 'InspectionFailed': {
      const outcome = { rework: 'sent to rework', scrap: 'scrapped and re-procured', fail: 'no rework or scrap left, order failed' }[event.detail.disposition];
      return `Inspection failed (${plural(event.detail.failedChecks.length, 'check')}): ${outcome}`;
    }
    case 'ReworkCompleted':
      return `Rework ${event.detail.reworkCount} completed; back to inspection`;
    case 'ShipmentBooked':
      return `Shipped with ${event.detail.carrier}, tracking number ${event.detail.trackingNumber}`;
    case 'OrderDelivered':
      return event.detail.actualCost
        ? `Delivered; actual cost ${money(event.detail.actualCost.cost.totalCents, event.detail.actualCost.currency)}, margin ${(event.detail.actualCost.marginFraction * 100).toFixed(1)} %`
        : 'Delivered';
    case 'OrderCancelled':
      return `Order cancelled by ${by} while ${event.detail.previousStatus.replaceAll('_', ' ')}`;
    case 'OrderFailed':
      return `Order failed at ${event.detail.failure.step}: ${event.detail.failure.error}`;
    case 'OrderAtRisk':
      return `At risk: expected to finish ${event.detail.expectedFinish}, ${plural(event.detail.slipDays, 'day')} after the promise date ${event.detail.promiseDate} (${event.detail.cause})`;
    case 'OrderCompensated':
      return `Compensated (${event.detail.reason}): ${plural(event.detail.releasedReservations, 'stock reservation')} released, ${plural(event.detail.cancelledPurchaseOrders.length, 'purchase order')} cancelled`;
    case 'MaterialsReady':
      return `All materials are in (${plural(event.detail.purchaseOrdersDelivered, 'purchase order')} delivered); ready to build`;
    case 'ProductionReleased':
      return `${event.detail.round === 'build' ? 'Production order' : 'Rework order'} ${event.detail.productionOrderId} released to the shop floor with ${plural(event.detail.operations.length, 'operation')}`;
    case 'ShopFloorSilent':
      return `No progress from the shop floor on ${event.detail.productionOrderId} for ${event.detail.silentForMinutes} minutes`;
    case 'InspectionRequested':
      return `Inspection ${event.detail.inspectionId} requested (${plural(event.detail.checklist.length, 'check')})`;
    case 'ShipmentRequested':
      return `Shipment ${event.detail.shipmentId} requested from the carrier`;
    case 'StockReserved':
      return `Reserved ${plural(event.detail.reservations.length, 'component')} from stock`;
    case 'StockReleased':
      return `Released ${plural(event.detail.releases.length, 'stock reservation')}`;
    case 'PurchaseOrderPlaced':
      return `Purchase order ${event.detail.poId} sent to ${event.detail.supplierName} (${plural(event.detail.lineCount, 'line')})`;
    case 'PurchaseOrderAcknowledged':
      return `Purchase order ${event.detail.poId} acknowledged by ${by}${event.detail.confirmedDeliveryDate ? `, delivery ${event.detail.confirmedDeliveryDate}` : ''}`;
    case 'PurchaseOrderRejected':
      return `Purchase order ${event.detail.poId} rejected by ${by}`;
    case 'PurchaseOrderShipped':
      return `Purchase order ${event.detail.poId} shipped by ${by}`;
    case 'PurchaseOrderDelivered':
      return `Purchase order ${event.detail.poId} delivered`;
    case 'PurchaseOrderCancelled':
      return `Purchase order ${event.detail.poId} cancelled`;
    case 'PurchaseOrderResourced':
      return `Purchase order ${event.detail.fromPoId} re-sourced to ${event.detail.toSupplierIds.join(', ')}`;
    case 'ProcurementEscalated':
      return `No supplier left for ${plural(event.detail.components.length, 'component')} of purchase order ${event.detail.poId}; escalated to purchasing`;
    case 'ApprovalRequested':
      return `${event.detail.kind === 'order-review' ? 'Order review' : 'Design approval'} requested from ${event.detail.approvers.join(', ')}`;
    case 'ApprovalReminderSent':
      return `Reminder ${event.detail.reminder} sent to ${event.detail.approvers.join(', ')}`;
    case 'ApprovalEscalated':
      return `Approval escalated to ${event.detail.escalatedTo}`;
    case 'ApprovalExpired':
      return `${event.detail.kind === 'order-review' ? 'Order review' : 'Design approval'} expired without a decision`;
    case 'ApprovalDecided':
      return `${event.detail.kind === 'order-review' ? 'Order review' : `Design revision ${event.detail.designRevision ?? '?'}`} ${event.detail.outcome} by ${event.detail.decidedBy} (${event.detail.channel})`;
  }
}

/**
 * The timeline entry of an event. `sequence` orders entries written at the same instant (the
 * position of the event in the list a transition returned); entry ids sort chronologically.
 *
 * @param tag names the write (a workflow step and its subject), so two writes at the same instant
 *   get distinct ids and a retried write gets the same ones: `<at>#<tag>#<sequence>`.
 */
export function toTimelineEntry(event: OrderEvent, sequence = 0, tag?: string): TimelineEntry {
  const seq = String(sequence).padStart(4, '0');
  return {
    orderId: event.orderId,
    at: event.occurredAt,
    entryId: tag === undefined ? `${event.occurredAt}#${seq}` : `${timelineEntryPrefix(event.occurredAt, tag)}${seq}`,
    type: event.type,
    actor: event.actor,
    summary: summarizeEvent(event),
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    data: { detailType: event.detailType, version: event.version, status: event.status, detail: event.detail },
  };
}

/** Timeline entries for the events of one change, numbered in order (see {@link toTimelineEntry}). */
export function toTimelineEntries(events: readonly OrderEvent[], tag?: string): TimelineEntry[] {
  return events.map((event, index) => toTimelineEntry(event, index, tag));
}

/**
 * The tag of a door's (HTTP route's) change to an existing order: the door and the version the change
 * moved the order from. Only one change can move an order from a given version (the write is
 * conditional on it), so two doors' changes in the same millisecond, or a door's change in the
 * millisecond the order was placed, never share an entry id.
 */
export function doorWriteTag(door: string, fromVersion: number): string {
  // Padded: entries of the same millisecond sort by id, and v10 must come after v9.
  return `${door}-v${String(fromVersion).padStart(6, '0')}`;
}

/** The id prefix every entry of one tagged write shares: `<at>#<tag>#`. */
export function timelineEntryPrefix(at: string, tag: string): string {
  return `${at}#${tag}#`;
}

/**
 * The event a timeline entry was written for (undefined for entries that are not events, such as
 * shop-floor progress notes): a step that finds its entries already written re-publishes these.
 */
export function fromTimelineEntry(entry: TimelineEntry): OrderEvent | undefined {
  const data = entry.data ?? {};
  const candidate = {
    type: entry.type,
    version: data.version,
    source: EVENT_SOURCE,
    detailType: data.detailType,
    orderId: entry.orderId,
    occurredAt: entry.at,
    actor: entry.actor,
    status: data.status as OrderStatus,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    detail: data.detail,
  };
  return isOrderEvent(candidate) ? candidate : undefined;
}
