/**
 * From domain events to the order's timeline and audit trail: who did what, when and why, in one
 * human-readable sentence per event.
 */
import type { Actor, TimelineEntry } from '../order/order.types';
import type { OrderEvent } from './order-events';

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
      return 'Production completed; waiting for inspection';
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
  }
}

/**
 * The timeline entry of an event. `sequence` orders entries written at the same instant (the
 * position of the event in the list a transition returned); entry ids sort chronologically.
 */
export function toTimelineEntry(event: OrderEvent, sequence = 0): TimelineEntry {
  return {
    orderId: event.orderId,
    at: event.occurredAt,
    entryId: `${event.occurredAt}#${String(sequence).padStart(4, '0')}`,
    type: event.type,
    actor: event.actor,
    summary: summarizeEvent(event),
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    data: { detailType: event.detailType, version: event.version, status: event.status, detail: event.detail },
  };
}

/** Timeline entries for the events of one change, numbered in order. */
export function toTimelineEntries(events: readonly OrderEvent[]): TimelineEntry[] {
  return events.map((event, index) => toTimelineEntry(event, index));
}
