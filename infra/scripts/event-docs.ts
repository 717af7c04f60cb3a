/**
 * Generates docs/events.md from the domain events module: every event type, its detail-type, who
 * publishes it and an example of exactly what arrives on the bus (built with the same functions the
 * steps publish with). The example table below is typed over every event type, so an event cannot
 * be added without its documentation. `npx tsx infra/scripts/event-docs.ts` writes the file; a unit
 * test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ALERT_EVENT_TYPES,
  EVENT_DETAIL_TYPES,
  EVENT_SOURCE,
  ORDER_EVENT_TYPES,
  createEvent,
  toBusEvent,
  type OrderEventOf,
  type OrderEventType,
} from '../../functions/domain/events/order-events';
import { timelineEntryPrefix } from '../../functions/domain/events/timeline';
import type { Actor } from '../../functions/domain/order/order.types';
import type { OrderStatus } from '../../functions/domain/order/order-status';
import { PROJECT_ROOT } from '../constructs/node-function';

interface EventDoc<T extends OrderEventType> {
  /** Who publishes it: a workflow step or a door (HTTP route). */
  readonly publishedBy: string;
  /** When it happens, in a sentence. */
  readonly when: string;
  readonly status: OrderStatus;
  readonly actor: Actor;
  readonly reason?: string;
  readonly detail: OrderEventOf<T>['detail'];
}

const workflow: Actor = { kind: 'system', id: 'workflow', displayName: 'mto-flow' };
const approver: Actor = { kind: 'approver', id: 'eng@workshop.example' };
const customer: Actor = { kind: 'customer', id: 'cus-1042', displayName: 'Anna Berg' };
const supplier: Actor = { kind: 'supplier', id: 'sup-alpine-hardwoods', displayName: 'Alpine Hardwoods GmbH' };
const line = { lineId: 'L1', productId: 'dining-table', configuration: { wood: 'oak', length_mm: 2000, width_mm: 950, finish: 'oil', legs: 'straight', extension_leaves: 0 }, quantity: 1 };
const poLines = [{ componentId: 'oak-panel-40', quantity: 2.13, unit: 'm2', unitCostCents: 16_500 }];
const quote = { currency: 'EUR', estimatedCost: { materialsCents: 61_200, labourCents: 48_300, overheadCents: 27_900, totalCents: 137_400 }, priceCents: 211_400, marginFraction: 0.35 };
const promise = { date: '2026-03-27', criticalPath: [{ kind: 'procurement' as const, description: 'waiting for 2.128 m2 of oak panel 40 mm from Nordic Timber AB, lead time 9 days', days: 9 }] };
const failure = { step: 'ProcureMaterials', error: 'PurchaseOrderUnfulfilledError', cause: 'No supplier and no buyer could fill the purchase order in time.' };

/** One entry per event type: the compiler insists every type is documented. */
const EVENT_DOCS: { readonly [T in OrderEventType]: EventDoc<T> } = {
  OrderPlaced: {
    publishedBy: 'step review-order (the first), as `POST /orders` stored it; door `POST /orders/{orderId}/cancel` when it cancels a `received` order (same event id)',
    when: 'an order was validated, planned and priced, and its workflow started',
    status: 'received',
    actor: customer,
    detail: { customerId: 'cus-1042', customerName: 'Anna Berg', lines: [line], requestedDeliveryDate: '2026-04-15', priority: 'normal', requirements: [{ componentId: 'oak-panel-40', quantity: 2.13, unit: 'm2' }], promise, quote, catalogVersion: '2026.1' },
  },
  OrderReviewStarted: { publishedBy: 'step review-order', when: 'the order review began', status: 'in_review', actor: workflow, detail: {} },
  OrderApproved: {
    publishedBy: 'steps review-order (automatic), apply-review-decision (a person)',
    when: 'the review passed; `nextStatus` says whether design approval or procurement follows',
    status: 'awaiting_design_approval',
    actor: workflow,
    detail: { automatic: true, reasons: [], nextStatus: 'awaiting_design_approval' },
  },
  OrderRejected: { publishedBy: 'steps apply-review-decision, apply-design-decision', when: 'the order will not be built (a person rejected it, or no design revision is left)', status: 'rejected', actor: approver, reason: 'Margin too thin for a rush order', detail: { automatic: false, stage: 'in_review' } },
  DesignApproved: { publishedBy: 'step apply-design-decision', when: 'the design revision shown was approved; procurement follows', status: 'procuring', actor: approver, detail: { designRevision: 2 } },
  DesignRejected: { publishedBy: 'step apply-design-decision', when: 'the design revision shown was rejected with comments', status: 'design_revision', actor: approver, reason: 'Legs look too thin for walnut', detail: { designRevision: 1, revisionsLeft: 2 } },
  DesignRevised: { publishedBy: 'step open-design-revision', when: 'the next design revision went to approval', status: 'awaiting_design_approval', actor: workflow, reason: 'Legs look too thin for walnut', detail: { designRevision: 2 } },
  SpecificationChanged: {
    publishedBy: 'door `POST /orders/{orderId}/change-requests`',
    when: 'the customer changed the specification before the build; the order goes back to review',
    status: 'in_review',
    actor: customer,
    detail: { previousStatus: 'procuring', previousLines: [line], lines: [{ ...line, configuration: { ...line.configuration, wood: 'walnut' } }], designRevision: 2, promise, quote, compensation: ['cancel-open-purchase-orders', 'release-reservations', 'restart-from-review'] },
  },
  BuildStarted: { publishedBy: 'step await-production', when: 'the first production order was released', status: 'building', actor: workflow, detail: { productionOrderId: 'ord-7f3a-build-1' } },
  BuildCompleted: {
    publishedBy: 'step record-production',
    when: 'the shop floor finished the build and reported what it used',
    status: 'in_qc',
    actor: { kind: 'shop-floor', id: 'ana.k' },
    detail: { labourHours: 9.5, consumedMaterials: [{ componentId: 'oak-panel-40', quantity: 2.13, lotNumbers: ['NT-2026-0311'] }] },
  },
  InspectionPassed: { publishedBy: 'step apply-inspection-result', when: 'QC passed; a certificate of conformance was issued', status: 'shipping', actor: { kind: 'inspector', id: 'qc@workshop.example' }, detail: { certificateId: 'CoC-ord-7f3a-build-1', checksPassed: 5, reworkCount: 0 } },
  InspectionFailed: {
    publishedBy: 'step apply-inspection-result',
    when: 'QC failed; `disposition` says rework, scrap and re-procure, or fail',
    status: 'rework',
    actor: { kind: 'inspector', id: 'qc@workshop.example' },
    detail: { failedChecks: [{ lineId: 'L1', checkId: 'length', message: 'Top length: 2004 mm outside 1998..2002 mm' }], disposition: 'rework', reworkCount: 1, scrapCount: 0 },
  },
  ReworkCompleted: { publishedBy: 'step record-production', when: 'the shop floor finished a rework', status: 'in_qc', actor: { kind: 'shop-floor', id: 'ana.k' }, detail: { reworkCount: 1, labourHours: 1.5, consumedMaterials: [] } },
  ShipmentBooked: { publishedBy: 'step await-shipment', when: 'the carrier booked the shipment', status: 'shipping', actor: { kind: 'carrier', id: 'DHL' }, detail: { carrier: 'DHL', trackingNumber: 'JD014600003828' } },
  OrderDelivered: {
    publishedBy: 'step complete-order',
    when: 'the carrier confirmed delivery; the final cost and margin come from the actuals',
    status: 'delivered',
    actor: { kind: 'carrier', id: 'customer' },
    detail: { deliveredAt: '2026-03-26T14:05:00.000Z', priceCents: 211_400, actualCost: { currency: 'EUR', cost: { materialsCents: 35_145, labourCents: 52_100, overheadCents: 30_214, totalCents: 117_459 }, marginFraction: 0.4444 } },
  },
  OrderCancelled: { publishedBy: 'door `POST /orders/{orderId}/cancel`', when: 'the customer cancelled; compensation runs', status: 'cancelled', actor: customer, reason: 'Found a smaller table', detail: { previousStatus: 'procuring', compensation: ['cancel-open-purchase-orders', 'release-reservations', 'stop-workflow'] } },
  OrderFailed: { publishedBy: 'step fail-order (and apply-inspection-result when nothing is left)', when: 'a step failed for good; the order names the step and the cause. **Alert.**', status: 'failed', actor: workflow, reason: failure.cause, detail: { previousStatus: 'procuring', failure } },
  OrderAtRisk: {
    publishedBy: 'step assess-order-risk (between stages), record-po-acknowledgement',
    when: 'the expected finish moved past the promise date (or further past it), before the date is missed. **Alert.**',
    status: 'procuring',
    actor: workflow,
    reason: 'Alpine Hardwoods GmbH confirmed purchase order ord-7f3a-r1-sup-alpine-hardwoods-a0 for 2026-03-30',
    detail: {
      stage: 'purchasing',
      expectedFinish: '2026-04-06',
      promiseDate: '2026-03-27',
      slipDays: 10,
      cause: 'Alpine Hardwoods GmbH confirmed purchase order ord-7f3a-r1-sup-alpine-hardwoods-a0 for 2026-03-30',
      waitingOnPeopleHours: 6.5,
      waitingOnSuppliersHours: 20,
    },
  },
  OrderCompensated: { publishedBy: 'step compensate-order', when: 'after a failure, reservations were released and open POs cancelled', status: 'failed', actor: workflow, detail: { reason: 'failed', releasedReservations: 2, cancelledPurchaseOrders: ['ord-7f3a-r1-sup-alpine-hardwoods-a0'] } },
  MaterialsReady: { publishedBy: 'step confirm-materials-ready', when: 'every purchase order of the round was delivered', status: 'procuring', actor: workflow, detail: { purchaseOrdersDelivered: 2 } },
  ProductionReleased: {
    publishedBy: 'step await-production',
    when: 'a production order (build or rework) went to the shop floor, which reports progress against `productionOrderId`',
    status: 'building',
    actor: workflow,
    detail: { productionOrderId: 'ord-7f3a-build-1', round: 'build', operations: [{ lineId: 'L1', operationId: 'cut-top', name: 'Cut and profile top', workCenterId: 'wc-cnc', hours: 1.86 }] },
  },
  ShopFloorSilent: { publishedBy: 'step await-production (heartbeat timed out)', when: 'no progress report within the heartbeat; the wait goes on. **Alert.**', status: 'building', actor: workflow, detail: { productionOrderId: 'ord-7f3a-build-1', silentForMinutes: 240 } },
  InspectionRequested: {
    publishedBy: 'step await-inspection',
    when: "QC is asked to inspect against each line's checklist",
    status: 'in_qc',
    actor: workflow,
    detail: { inspectionId: 'ord-7f3a-build-1-inspection', checklist: [{ lineId: 'L1', productId: 'dining-table', checkId: 'length', description: 'Top length' }] },
  },
  ShipmentRequested: { publishedBy: 'step await-shipment (booking)', when: 'the carrier integration is asked to book a shipment', status: 'shipping', actor: workflow, detail: { shipmentId: 'ord-7f3a-shipment', customerName: 'Anna Berg', lines: [{ lineId: 'L1', productId: 'dining-table', quantity: 1 }] } },
  StockReserved: { publishedBy: 'step reserve-stock', when: 'stock on hand was reserved for the order', status: 'procuring', actor: workflow, detail: { reservations: [{ componentId: 'leg-blank-80', quantity: 4 }] } },
  StockReleased: { publishedBy: 'step compensate-order', when: "the order's reservations went back to available stock", status: 'failed', actor: workflow, detail: { releases: [{ componentId: 'leg-blank-80', quantity: 4 }] } },
  PurchaseOrderPlaced: {
    publishedBy: 'step send-purchase-order',
    when: "a PO was sent to its supplier: everything the supplier's system needs to fulfil it (see below)",
    status: 'procuring',
    actor: workflow,
    detail: { poId: 'ord-7f3a-r1-sup-alpine-hardwoods-a0', supplierId: 'sup-alpine-hardwoods', supplierName: 'Alpine Hardwoods GmbH', lineCount: 1, totalCents: 35_145, currency: 'EUR', sourcingAttempt: 0, lines: poLines, respondBy: '2026-03-11T12:00:00.000Z' },
  },
  PurchaseOrderAcknowledged: { publishedBy: 'step record-po-acknowledgement', when: 'the supplier confirmed the PO with a delivery date', status: 'procuring', actor: supplier, detail: { poId: 'ord-7f3a-r1-sup-alpine-hardwoods-a0', supplierId: 'sup-alpine-hardwoods', confirmedDeliveryDate: '2026-03-20' } },
  PurchaseOrderRejected: { publishedBy: 'step resource-purchase-order', when: 'the supplier refused the PO or did not answer in time (`timedOut`)', status: 'procuring', actor: supplier, reason: 'no answer in time', detail: { poId: 'ord-7f3a-r1-sup-alpine-hardwoods-a0', supplierId: 'sup-alpine-hardwoods', rejectionReason: 'no answer in time', timedOut: true } },
  PurchaseOrderShipped: { publishedBy: '(reserved: the supplier webhook records shipments on the timeline)', when: 'the supplier shipped the goods', status: 'procuring', actor: supplier, detail: { poId: 'ord-7f3a-r1-sup-alpine-hardwoods-a0', supplierId: 'sup-alpine-hardwoods', trackingNumber: 'AT-55-0192' } },
  PurchaseOrderDelivered: { publishedBy: 'step record-po-delivery', when: 'the goods arrived and were booked into stock, with their lot numbers', status: 'procuring', actor: supplier, detail: { poId: 'ord-7f3a-r1-sup-alpine-hardwoods-a0', supplierId: 'sup-alpine-hardwoods', lots: [{ componentId: 'oak-panel-40', lotNumbers: ['AH-2026-0312'] }] } },
  PurchaseOrderCancelled: {
    publishedBy: 'step compensate-order',
    when: 'an open PO was cancelled (the order failed or was cancelled): the supplier should stop',
    status: 'failed',
    actor: workflow,
    detail: { poId: 'ord-7f3a-r1-sup-alpine-hardwoods-a0', supplierId: 'sup-alpine-hardwoods', lines: poLines, cancellationReason: 'Order failed' },
  },
  PurchaseOrderResourced: { publishedBy: 'step resource-purchase-order', when: "the PO went to the components' next supplier", status: 'procuring', actor: workflow, detail: { fromPoId: 'ord-7f3a-r1-sup-alpine-hardwoods-a0', fromSupplierId: 'sup-alpine-hardwoods', toPoIds: ['ord-7f3a-r1-sup-alpine-hardwoods-a1'], toSupplierIds: ['sup-nordic-timber'] } },
  ProcurementEscalated: { publishedBy: 'step escalate-to-buyer', when: 'no supplier is left: a buyer must source the goods by hand. **Alert.**', status: 'procuring', actor: workflow, detail: { poId: 'ord-7f3a-r1-sup-alpine-hardwoods-a1', components: [{ componentId: 'oak-panel-40', quantity: 2.13, unit: 'm2' }] } },
  ApprovalRequested: { publishedBy: 'step await-approval-decision (first round)', when: 'a person was asked for a decision by email and Slack', status: 'in_review', actor: workflow, detail: { approvalId: 'apr_Xc2v9Qd0Lk3mZ7pW1bNa', kind: 'order-review', approvers: ['sales.lead@workshop.example'], expiresAt: '2026-03-05T12:00:00.000Z' } },
  ApprovalReminderSent: { publishedBy: 'step await-approval-decision (reminder round)', when: 'nobody had decided by the reminder deadline', status: 'in_review', actor: workflow, detail: { approvalId: 'apr_Xc2v9Qd0Lk3mZ7pW1bNa', approvers: ['sales.lead@workshop.example'], reminder: 1 } },
  ApprovalEscalated: { publishedBy: 'step await-approval-decision (escalation round)', when: 'nobody had decided by the escalation deadline: a second approver was added', status: 'in_review', actor: workflow, detail: { approvalId: 'apr_Xc2v9Qd0Lk3mZ7pW1bNa', escalatedTo: 'ops.manager@workshop.example' } },
  ApprovalExpired: { publishedBy: 'step close-approval', when: 'nobody decided before the approval expired', status: 'in_review', actor: workflow, detail: { approvalId: 'apr_Xc2v9Qd0Lk3mZ7pW1bNa', kind: 'order-review' } },
  ApprovalDecided: {
    publishedBy: 'step close-approval',
    when: 'the first decision (from any channel) closed the approval; every channel now shows it',
    status: 'awaiting_design_approval',
    actor: approver,
    detail: { approvalId: 'apr_Xc2v9Qd0Lk3mZ7pW1bNa', kind: 'design-approval', outcome: 'approved', decidedBy: 'eng@workshop.example', decidedAt: '2026-03-04T09:41:00.000Z', channel: 'slack', designRevision: 2 },
  },
};

const EXAMPLE_AT = '2026-03-09T10:12:00.000Z';
const EXAMPLE_ORDER = 'ord-7f3a';

/** The EventBridge event a rule receives for an example of `type`. */
export function exampleBusEvent(type: OrderEventType): Record<string, unknown> {
  const doc = EVENT_DOCS[type] as EventDoc<OrderEventType>;
  const event = createEvent(
    type,
    { orderId: EXAMPLE_ORDER, occurredAt: EXAMPLE_AT, actor: doc.actor, status: doc.status, ...(doc.reason === undefined ? {} : { reason: doc.reason }) },
    doc.detail,
  );
  const bus = toBusEvent(event, `${EXAMPLE_ORDER}/${timelineEntryPrefix(EXAMPLE_AT, 'step-name')}0000`);
  return { source: bus.source, 'detail-type': bus.detailType, time: bus.time, detail: bus.detail };
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The whole of docs/events.md. */
export function renderEventDocs(): string {
  const alerts = new Set<OrderEventType>(ALERT_EVENT_TYPES);
  const out: string[] = [];
  out.push(
    '# Events',
    '',
    '<!-- Generated by infra/scripts/event-docs.ts from functions/domain/events/order-events.ts; do not edit by hand. -->',
    '',
    `Every change of an order's state is published to the custom EventBridge bus \`mto-flow-<stage>\` with`,
    `\`source: "${EVENT_SOURCE}"\` and one of the detail-types below, and written as a line of the order's`,
    'timeline (`GET /orders/{orderId}/timeline`) in the same transaction as the change. The names, versions',
    'and detail shapes live in one module, `functions/domain/events/order-events.ts`; this page is generated',
    'from it and a test keeps the two equal.',
    '',
    '## The detail',
    '',
    "The `detail` is flat: the envelope's fields, and beside them the event's own fields (so a rule can",
    'match `detail.status`, `detail.supplierId`, ...).',
    '',
    '| field | meaning |',
    '|---|---|',
    '| `eventId` | stable per occurrence: `<orderId>/<timeline entry id>`, the entry stored with the event, whether a workflow step or a door (an HTTP route) publishes it. A retried step or request re-publishes the same event with the same id; drop duplicates on it (delivery is at least once) |',
    '| `type`, `version` | the event type (`OrderPlaced`) and its version (`1`). A breaking change adds version 2 beside 1; fields are only ever added to a version |',
    '| `orderId` | the order |',
    '| `occurredAt` | when it happened (ISO-8601) |',
    '| `actor` | who: `{ kind: customer / approver / system / supplier / shop-floor / inspector / carrier, id, displayName? }` |',
    '| `status` | the order status after the event |',
    '| `reason` | a person\'s words (rejection comment, cancellation reason) or the cause, when there is one |',
    '',
    `Alerts (${ALERT_EVENT_TYPES.map((type) => `\`${EVENT_DETAIL_TYPES[type]}\``).join(', ')}) also reach the stack's alert SNS topic`,
    'through its alert rule. To wire your own target, match `source` and the detail-types you want:',
    '',
    '```json',
    json({ source: [EVENT_SOURCE], 'detail-type': [EVENT_DETAIL_TYPES.OrderDelivered, EVENT_DETAIL_TYPES.OrderAtRisk] }),
    '```',
    '',
    '## Purchase orders to suppliers\' systems',
    '',
    '`PurchaseOrder.Placed` carries everything a supplier integration needs to fulfil a PO (`poId`, `orderId`,',
    '`supplierId`, `lines` with `componentId` / `quantity` / `unit` / `unitCostCents`, `currency`, `respondBy`), and',
    '`PurchaseOrder.Cancelled` tells it to stop (with the lines). The supplier also gets the PO by email. To',
    "deliver POs to a supplier's system on AWS, add one rule per supplier on the bus with an",
    '[API destination](https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html)',
    "pointing at the supplier's endpoint (its connection holds the supplier's credentials):",
    '',
    '```json',
    json({ source: [EVENT_SOURCE], 'detail-type': [EVENT_DETAIL_TYPES.PurchaseOrderPlaced, EVENT_DETAIL_TYPES.PurchaseOrderCancelled], detail: { supplierId: ['sup-alpine-hardwoods'] } }),
    '```',
    '',
    "An input transformer can reshape `detail` into the supplier's format. The supplier answers through the",
    'signed supplier webhook (`POST /suppliers/{supplierId}/events`, docs/webhooks.md), quoting the `poId`.',
    'The local runtime (`npm start`) does the same: its supplier simulator subscribes to exactly these two',
    'detail-types on the local bus.',
    '',
    '## Every event',
    '',
    '| detail-type | type (version) | published by | when |',
    '|---|---|---|---|',
  );
  for (const type of ORDER_EVENT_TYPES) {
    const doc = EVENT_DOCS[type] as EventDoc<OrderEventType>;
    out.push(`| \`${EVENT_DETAIL_TYPES[type]}\` | \`${type}\` (1) | ${doc.publishedBy} | ${doc.when}${alerts.has(type) && !doc.when.includes('Alert') ? ' **Alert.**' : ''} |`);
  }
  out.push('', '## Examples', '');
  for (const type of ORDER_EVENT_TYPES) {
    const doc = EVENT_DOCS[type] as EventDoc<OrderEventType>;
    out.push(`### \`${EVENT_DETAIL_TYPES[type]}\``, '', `\`${type}\` version 1: ${doc.when}. Published by ${doc.publishedBy}.`, '', '```json', json(exampleBusEvent(type)), '```', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Where the page lives. */
export const EVENT_DOCS_PATH = path.join(PROJECT_ROOT, 'docs', 'events.md');

if (process.argv[1]?.endsWith('event-docs.ts')) {
  writeFileSync(EVENT_DOCS_PATH, renderEventDocs());
  console.log(`wrote ${path.relative(process.cwd(), EVENT_DOCS_PATH)}`);
}
