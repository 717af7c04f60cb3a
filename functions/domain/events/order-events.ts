/**
 * Domain events: every change of an order's state (and the procurement, approval and quality
 * steps around it) as a versioned, typed fact. This module is the one place that names them:
 * the EventBridge source, each event's detail-type, and the shape of its detail.
 *
 * Versioning: a type's name ends in its version (`OrderPlacedV1`) and the envelope carries
 * `version`. A breaking change to a detail adds `...V2` next to V1 (consumers match on
 * detail-type + version); fields are only ever added to an existing version.
 */
import type { Problem } from '../common/problem';
import type {
  ActualCost,
  Actor,
  ComponentRequirement,
  OrderFailure,
  OrderLine,
  OrderPriority,
  PromiseDate,
  Quote,
} from '../order/order.types';
import type { OrderStatus } from '../order/order-status';

/** The EventBridge `source` of every mto-flow domain event. */
export const EVENT_SOURCE = 'mto.orders';

/**
 * Event type -> EventBridge detail-type. The single list of event names: every event mto-flow
 * publishes is here (docs/events.md is generated from this list and a test keeps them equal).
 */
export const EVENT_DETAIL_TYPES = {
  OrderPlaced: 'Order.Placed',
  OrderReviewStarted: 'Order.ReviewStarted',
  OrderApproved: 'Order.Approved',
  OrderRejected: 'Order.Rejected',
  DesignApproved: 'Order.DesignApproved',
  DesignRejected: 'Order.DesignRejected',
  DesignRevised: 'Order.DesignRevised',
  SpecificationChanged: 'Order.SpecificationChanged',
  BuildStarted: 'Order.BuildStarted',
  BuildCompleted: 'Order.BuildCompleted',
  InspectionPassed: 'Order.InspectionPassed',
  InspectionFailed: 'Order.InspectionFailed',
  ReworkCompleted: 'Order.ReworkCompleted',
  ShipmentBooked: 'Order.ShipmentBooked',
  OrderDelivered: 'Order.Delivered',
  OrderCancelled: 'Order.Cancelled',
  OrderFailed: 'Order.Failed',
  OrderAtRisk: 'Order.AtRisk',
  OrderCompensated: 'Order.Compensated',
  MaterialsReady: 'Order.MaterialsReady',
  ProductionReleased: 'Production.Released',
  ShopFloorSilent: 'Production.ShopFloorSilent',
  InspectionRequested: 'Inspection.Requested',
  ShipmentRequested: 'Shipment.Requested',
  StockReserved: 'Stock.Reserved',
  StockReleased: 'Stock.Released',
  PurchaseOrderPlaced: 'PurchaseOrder.Placed',
  PurchaseOrderAcknowledged: 'PurchaseOrder.Acknowledged',
  PurchaseOrderRejected: 'PurchaseOrder.Rejected',
  PurchaseOrderShipped: 'PurchaseOrder.Shipped',
  PurchaseOrderDelivered: 'PurchaseOrder.Delivered',
  PurchaseOrderCancelled: 'PurchaseOrder.Cancelled',
  PurchaseOrderResourced: 'PurchaseOrder.Resourced',
  ProcurementEscalated: 'Procurement.Escalated',
  ApprovalRequested: 'Approval.Requested',
  ApprovalReminderSent: 'Approval.ReminderSent',
  ApprovalEscalated: 'Approval.Escalated',
  ApprovalExpired: 'Approval.Expired',
  ApprovalDecided: 'Approval.Decided',
} as const;

export type OrderEventType = keyof typeof EVENT_DETAIL_TYPES;
export type EventDetailType = (typeof EVENT_DETAIL_TYPES)[OrderEventType];

/** Every event type, for exhaustive checks and EventBridge rule patterns. */
export const ORDER_EVENT_TYPES = Object.keys(EVENT_DETAIL_TYPES) as readonly OrderEventType[];

/** Events a person must look at now: the stack's alert rule sends them to the alert topic. */
export const ALERT_EVENT_TYPES: readonly OrderEventType[] = ['OrderFailed', 'OrderAtRisk', 'ShopFloorSilent', 'ProcurementEscalated'];

/**
 * The envelope shared by every event. Published to EventBridge as `Source = source`,
 * `DetailType = detailType`, `Detail` = the envelope's fields with the event's own detail fields
 * beside them (see {@link toBusEvent}).
 */
export interface DomainEvent<TType extends OrderEventType, TDetail, TVersion extends number = 1> {
  readonly type: TType;
  readonly version: TVersion;
  readonly source: typeof EVENT_SOURCE;
  readonly detailType: (typeof EVENT_DETAIL_TYPES)[TType];
  readonly orderId: string;
  /** ISO-8601 instant. */
  readonly occurredAt: string;
  readonly actor: Actor;
  /** The order status after the event (unchanged for events that do not move the order). */
  readonly status: OrderStatus;
  /** A person's reason, when one was given (a rejection comment, a cancellation reason). */
  readonly reason?: string;
  readonly detail: TDetail;
}

export type OrderPlacedV1 = DomainEvent<
  'OrderPlaced',
  {
    readonly customerId: string;
    readonly customerName: string;
    readonly lines: readonly OrderLine[];
    readonly requestedDeliveryDate: string;
    readonly priority: OrderPriority;
    readonly requirements: readonly ComponentRequirement[];
    readonly promise: PromiseDate;
    readonly quote: Quote;
    readonly catalogVersion: string;
  }
>;
export type OrderReviewStartedV1 = DomainEvent<'OrderReviewStarted', Record<string, never>>;
export type OrderApprovedV1 = DomainEvent<
  'OrderApproved',
  { readonly automatic: boolean; readonly reasons: readonly string[]; readonly nextStatus: 'awaiting_design_approval' | 'procuring' }
>;
export type OrderRejectedV1 = DomainEvent<'OrderRejected', { readonly automatic: boolean; readonly stage: OrderStatus }>;
export type DesignApprovedV1 = DomainEvent<'DesignApproved', { readonly designRevision: number }>;
export type DesignRejectedV1 = DomainEvent<'DesignRejected', { readonly designRevision: number; readonly revisionsLeft: number }>;
export type DesignRevisedV1 = DomainEvent<'DesignRevised', { readonly designRevision: number }>;
export type SpecificationChangedV1 = DomainEvent<
  'SpecificationChanged',
  {
    readonly previousStatus: OrderStatus;
    readonly previousLines: readonly OrderLine[];
    readonly lines: readonly OrderLine[];
    readonly designRevision: number;
    readonly promise: PromiseDate;
    readonly quote: Quote;
    readonly compensation: readonly CompensationAction[];
  }
>;
export type BuildStartedV1 = DomainEvent<'BuildStarted', { readonly productionOrderId?: string }>;
export type BuildCompletedV1 = DomainEvent<'BuildCompleted', ProductionActuals>;
export type InspectionPassedV1 = DomainEvent<
  'InspectionPassed',
  { readonly certificateId: string; readonly checksPassed: number; readonly reworkCount: number }
>;
export type InspectionFailedV1 = DomainEvent<
  'InspectionFailed',
  {
    readonly failedChecks: readonly FailedCheckSummary[];
    readonly disposition: 'rework' | 'scrap' | 'fail';
    readonly reworkCount: number;
    readonly scrapCount: number;
  }
>;
export type ReworkCompletedV1 = DomainEvent<'ReworkCompleted', { readonly reworkCount: number } & ProductionActuals>;
export type ShipmentBookedV1 = DomainEvent<'ShipmentBooked', { readonly carrier: string; readonly trackingNumber: string }>;
export type OrderDeliveredV1 = DomainEvent<'OrderDelivered', { readonly deliveredAt: string; readonly actualCost?: ActualCost; readonly priceCents: number }>;
export type OrderCancelledV1 = DomainEvent<'OrderCancelled', { readonly previousStatus: OrderStatus; readonly compensation: readonly CompensationAction[] }>;
export type OrderFailedV1 = DomainEvent<'OrderFailed', { readonly previousStatus: OrderStatus; readonly failure: OrderFailure }>;
export type OrderAtRiskV1 = DomainEvent<
  'OrderAtRisk',
  {
    /** The stage just finished when the check ran ('review', 'procurement', ...). */
    readonly stage: string;
    readonly expectedFinish: string;
    readonly promiseDate: string;
    /** Calendar days the expected finish lies past the promise date. */
    readonly slipDays: number;
    /** The expected finish the previous check found at risk, if any (the slip grew since). */
    readonly previousExpectedFinish?: string;
    /** What moved the date, in a sentence. */
    readonly cause: string;
    readonly waitingOnPeopleHours: number;
    readonly waitingOnSuppliersHours: number;
  }
>;
export type OrderCompensatedV1 = DomainEvent<
  'OrderCompensated',
  { readonly reason: string; readonly releasedReservations: number; readonly cancelledPurchaseOrders: readonly string[] }
>;
export type MaterialsReadyV1 = DomainEvent<'MaterialsReady', { readonly purchaseOrdersDelivered: number }>;
export type ProductionReleasedV1 = DomainEvent<
  'ProductionReleased',
  {
    readonly productionOrderId: string;
    /** 'build' the first time, 'rework' after a failed inspection. */
    readonly round: 'build' | 'rework';
    readonly operations: ReadonlyArray<{ readonly lineId: string; readonly operationId: string; readonly name: string; readonly workCenterId: string; readonly hours: number }>;
  }
>;
export type ShopFloorSilentV1 = DomainEvent<'ShopFloorSilent', { readonly productionOrderId: string; readonly silentForMinutes: number }>;
export type InspectionRequestedV1 = DomainEvent<
  'InspectionRequested',
  {
    readonly inspectionId: string;
    readonly checklist: ReadonlyArray<{ readonly lineId: string; readonly productId: string; readonly checkId: string; readonly description: string }>;
  }
>;
export type ShipmentRequestedV1 = DomainEvent<
  'ShipmentRequested',
  { readonly shipmentId: string; readonly customerName: string; readonly lines: ReadonlyArray<{ readonly lineId: string; readonly productId: string; readonly quantity: number }> }
>;
export type StockReservedV1 = DomainEvent<'StockReserved', { readonly reservations: ReadonlyArray<{ readonly componentId: string; readonly quantity: number }> }>;
export type StockReleasedV1 = DomainEvent<'StockReleased', { readonly releases: ReadonlyArray<{ readonly componentId: string; readonly quantity: number }> }>;
/** One line of a purchase order, as a supplier's system receives it. */
export interface PurchaseOrderLineDetail {
  readonly componentId: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitCostCents: number;
}

/**
 * Everything a supplier integration needs to fulfil the PO (an EventBridge rule per supplier, with
 * an API destination, delivers it to the supplier's system; see docs/events.md).
 */
export type PurchaseOrderPlacedV1 = DomainEvent<
  'PurchaseOrderPlaced',
  {
    readonly poId: string;
    readonly supplierId: string;
    readonly supplierName: string;
    readonly lineCount: number;
    readonly totalCents: number;
    readonly sourcingAttempt: number;
    readonly lines?: readonly PurchaseOrderLineDetail[];
    readonly currency?: string;
    /** Acknowledge (with a confirmed delivery date) by this instant, or the PO goes to another supplier. */
    readonly respondBy?: string;
  }
>;
export type PurchaseOrderAcknowledgedV1 = DomainEvent<'PurchaseOrderAcknowledged', { readonly poId: string; readonly supplierId: string; readonly confirmedDeliveryDate?: string }>;
export type PurchaseOrderRejectedV1 = DomainEvent<
  'PurchaseOrderRejected',
  { readonly poId: string; readonly supplierId: string; readonly rejectionReason?: string; /** The supplier did not answer in time. */ readonly timedOut?: boolean }
>;
export type PurchaseOrderShippedV1 = DomainEvent<'PurchaseOrderShipped', { readonly poId: string; readonly supplierId: string; readonly trackingNumber?: string }>;
export type PurchaseOrderDeliveredV1 = DomainEvent<
  'PurchaseOrderDelivered',
  {
    readonly poId: string;
    readonly supplierId: string;
    readonly lotNumbers?: readonly string[];
    /** Lot numbers per component, for traceability. */
    readonly lots?: ReadonlyArray<{ readonly componentId: string; readonly lotNumbers: readonly string[] }>;
  }
>;
export type PurchaseOrderCancelledV1 = DomainEvent<
  'PurchaseOrderCancelled',
  { readonly poId: string; readonly supplierId: string; readonly lines?: readonly PurchaseOrderLineDetail[]; readonly cancellationReason?: string }
>;
export type PurchaseOrderResourcedV1 = DomainEvent<
  'PurchaseOrderResourced',
  { readonly fromPoId: string; readonly fromSupplierId: string; readonly toPoIds: readonly string[]; readonly toSupplierIds: readonly string[] }
>;
export type ProcurementEscalatedV1 = DomainEvent<
  'ProcurementEscalated',
  { readonly poId: string; readonly components: ReadonlyArray<{ readonly componentId: string; readonly quantity: number; readonly unit: string }> }
>;
export type ApprovalRequestedV1 = DomainEvent<
  'ApprovalRequested',
  { readonly approvalId: string; readonly kind: 'order-review' | 'design-approval'; readonly approvers: readonly string[]; readonly expiresAt: string; readonly problems?: readonly Problem[] }
>;
export type ApprovalReminderSentV1 = DomainEvent<'ApprovalReminderSent', { readonly approvalId: string; readonly approvers: readonly string[]; readonly reminder: number }>;
export type ApprovalEscalatedV1 = DomainEvent<'ApprovalEscalated', { readonly approvalId: string; readonly escalatedTo: string }>;
export type ApprovalExpiredV1 = DomainEvent<'ApprovalExpired', { readonly approvalId: string; readonly kind: 'order-review' | 'design-approval' }>;
export type ApprovalDecidedV1 = DomainEvent<
  'ApprovalDecided',
  {
    readonly approvalId: string;
    readonly kind: 'order-review' | 'design-approval';
    readonly outcome: 'approved' | 'rejected';
    readonly decidedBy: string;
    readonly decidedAt: string;
    readonly channel: 'email' | 'slack' | 'api';
    readonly designRevision?: number;
  }
>;

/** What the shop floor reported when a build (or a rework) finished. */
export interface ProductionActuals {
  readonly labourHours?: number;
  readonly consumedMaterials?: ReadonlyArray<{ readonly componentId: string; readonly quantity: number; readonly lotNumbers: readonly string[] }>;
}

/** One failed QC check, as carried on events and the timeline. */
export interface FailedCheckSummary {
  readonly lineId: string;
  readonly checkId: string;
  readonly message: string;
}

/** What must be undone when an order is cancelled or its specification changes at a given stage. */
export type CompensationAction =
  | 'withdraw-pending-approvals'
  | 'cancel-open-purchase-orders'
  | 'release-reservations'
  | 'scrap-work-in-progress'
  | 'stop-workflow'
  | 'restart-from-review';

/** Every event, current versions. */
export type OrderEvent =
  | OrderPlacedV1
  | OrderReviewStartedV1
  | OrderApprovedV1
  | OrderRejectedV1
  | DesignApprovedV1
  | DesignRejectedV1
  | DesignRevisedV1
  | SpecificationChangedV1
  | BuildStartedV1
  | BuildCompletedV1
  | InspectionPassedV1
  | InspectionFailedV1
  | ReworkCompletedV1
  | ShipmentBookedV1
  | OrderDeliveredV1
  | OrderCancelledV1
  | OrderFailedV1
  | OrderAtRiskV1
  | OrderCompensatedV1
  | MaterialsReadyV1
  | ProductionReleasedV1
  | ShopFloorSilentV1
  | InspectionRequestedV1
  | ShipmentRequestedV1
  | StockReservedV1
  | StockReleasedV1
  | PurchaseOrderPlacedV1
  | PurchaseOrderAcknowledgedV1
  | PurchaseOrderRejectedV1
  | PurchaseOrderShippedV1
  | PurchaseOrderDeliveredV1
  | PurchaseOrderCancelledV1
  | PurchaseOrderResourcedV1
  | ProcurementEscalatedV1
  | ApprovalRequestedV1
  | ApprovalReminderSentV1
  | ApprovalEscalatedV1
  | ApprovalExpiredV1
  | ApprovalDecidedV1;

/** The event of a given type. */
export type OrderEventOf<TType extends OrderEventType> = Extract<OrderEvent, { type: TType }>;

/** The fields every event needs besides its type and detail. */
export interface EventContext {
  readonly orderId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly status: OrderStatus;
  readonly reason?: string;
}

/**
 * Builds an event of a type, filling in version, source and detail-type from this module.
 *
 * @example createEvent('OrderCancelled', { orderId, occurredAt: now, actor, status: 'cancelled', reason }, { previousStatus, compensation })
 */
export function createEvent<TType extends OrderEventType>(type: TType, context: EventContext, detail: OrderEventOf<TType>['detail']): OrderEventOf<TType> {
  return {
    type,
    version: 1,
    source: EVENT_SOURCE,
    detailType: EVENT_DETAIL_TYPES[type],
    orderId: context.orderId,
    occurredAt: context.occurredAt,
    actor: context.actor,
    status: context.status,
    ...(context.reason === undefined ? {} : { reason: context.reason }),
    detail,
  } as OrderEventOf<TType>;
}

/**
 * Envelope fields of the bus detail. An event's own detail fields sit beside them at the top level
 * (so rules match `detail.poId`, `detail.status`); no detail type may use these names.
 */
export const BUS_ENVELOPE_FIELDS = ['eventId', 'type', 'version', 'orderId', 'occurredAt', 'actor', 'status', 'reason'] as const;

/** An event as it goes on the bus: what the EventPublisher port carries (plain data, no SDK types). */
export interface BusEvent {
  readonly source: string;
  readonly detailType: string;
  /** ISO instant: the entry's `Time`. */
  readonly time: string;
  /** The envelope fields and the event's own detail fields, side by side. */
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * The bus form of an event: source and detail-type from this module; the detail is flat (envelope
 * fields + the event's detail fields) and carries `eventId`, which consumers deduplicate on.
 *
 * @param eventId stable for the occurrence, so a re-published event carries the same id.
 */
export function toBusEvent(event: OrderEvent, eventId: string): BusEvent {
  return {
    source: event.source,
    detailType: event.detailType,
    time: event.occurredAt,
    detail: {
      ...event.detail,
      eventId,
      type: event.type,
      version: event.version,
      orderId: event.orderId,
      occurredAt: event.occurredAt,
      actor: event.actor,
      status: event.status,
      ...(event.reason === undefined ? {} : { reason: event.reason }),
    },
  };
}

/** Reads a bus detail back into the event it came from (undefined for anything else). */
export function fromBusDetail(detailType: string, detail: Readonly<Record<string, unknown>>): OrderEvent | undefined {
  const own: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(detail)) {
    if (!(BUS_ENVELOPE_FIELDS as readonly string[]).includes(name)) own[name] = value;
  }
  const candidate = {
    type: detail.type,
    version: detail.version,
    source: EVENT_SOURCE,
    detailType,
    orderId: detail.orderId,
    occurredAt: detail.occurredAt,
    actor: detail.actor,
    status: detail.status,
    ...(detail.reason === undefined ? {} : { reason: detail.reason }),
    detail: own,
  };
  return isOrderEvent(candidate) ? candidate : undefined;
}

/** The EventBridge PutEvents entry for an event, minus the bus name (plain data, no SDK types). */
export interface EventBridgeEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly Time: string;
}

/** Maps an event to its EventBridge entry: Source, DetailType, the flat bus detail as JSON. */
export function toEventBridgeEntry(event: OrderEvent, eventId: string): EventBridgeEntry {
  const bus = toBusEvent(event, eventId);
  return { Source: bus.source, DetailType: bus.detailType, Detail: JSON.stringify(bus.detail), Time: bus.time };
}

/** True when `value` has the envelope of a known event type (for parsing events off a bus). */
export function isOrderEvent(value: unknown): value is OrderEvent {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.type === 'string' &&
    Object.hasOwn(EVENT_DETAIL_TYPES, candidate.type) &&
    candidate.detailType === EVENT_DETAIL_TYPES[candidate.type as OrderEventType] &&
    candidate.source === EVENT_SOURCE &&
    typeof candidate.version === 'number' &&
    typeof candidate.orderId === 'string' &&
    typeof candidate.occurredAt === 'string' &&
    typeof candidate.status === 'string' &&
    typeof candidate.actor === 'object' &&
    candidate.actor !== null &&
    typeof candidate.detail === 'object' &&
    candidate.detail !== null
  );
}
