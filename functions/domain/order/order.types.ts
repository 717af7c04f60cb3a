/**
 * The order aggregate's shape: what a make-to-order manufacturer records about one customer order.
 * Plain data, serialisable as JSON; money is integer minor units (cents) in the order's currency,
 * dates are ISO-8601 strings (`YYYY-MM-DD` for calendar dates, full timestamps for instants).
 */
import type { OrderStatus } from './order-status';

export type OrderPriority = 'low' | 'normal' | 'high' | 'rush';

/** A value chosen for one product option: an enumeration choice or a number in the option's unit. */
export type OptionValue = string | number | boolean;

/** The customer's choices for one configurable product, by option id. */
export type Configuration = Readonly<Record<string, OptionValue>>;

export interface Customer {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
}

export interface OrderLine {
  readonly lineId: string;
  readonly productId: string;
  readonly configuration: Configuration;
  readonly quantity: number;
}

/** One component requirement after bill-of-materials explosion, aggregated over all lines. */
export interface ComponentRequirement {
  readonly componentId: string;
  readonly quantity: number;
  readonly unit: string;
}

/** Why the promise date is what it is: the longest chain of waits, in order. */
export interface PromiseStep {
  /** 'approval': review/design allowance; 'minimum': the catalog's minimum lead time bound the date. */
  readonly kind: 'stock' | 'procurement' | 'operation' | 'queue' | 'shipping' | 'approval' | 'minimum';
  readonly description: string;
  readonly days: number;
}

export interface PromiseDate {
  /** The calendar date we promise delivery (YYYY-MM-DD). */
  readonly date: string;
  /** The chain of steps that determines the date, e.g. "waiting for 12 x oak panel from Supplier B, lead time 9 days". */
  readonly criticalPath: readonly PromiseStep[];
  /** When all materials are expected on hand (ISO instant). */
  readonly materialsReadyAt?: string;
  /** When production is planned to start and finish (ISO instants). */
  readonly productionStartAt?: string;
  readonly productionEndAt?: string;
}

export interface CostBreakdown {
  readonly materialsCents: number;
  readonly labourCents: number;
  readonly overheadCents: number;
  readonly totalCents: number;
}

export interface Quote {
  readonly currency: string;
  readonly estimatedCost: CostBreakdown;
  readonly priceCents: number;
  /** (price - cost) / price, as a fraction (0.25 = 25 %). */
  readonly marginFraction: number;
}

export interface ActualCost {
  readonly currency: string;
  readonly cost: CostBreakdown;
  readonly marginFraction: number;
}

/** Where a failed order failed, so a person can act: the workflow step and the named error. */
export interface OrderFailure {
  readonly step: string;
  readonly error: string;
  readonly cause: string;
}

export interface Order {
  readonly orderId: string;
  readonly customer: Customer;
  readonly lines: readonly OrderLine[];
  /** Requested delivery date (YYYY-MM-DD). */
  readonly requestedDeliveryDate: string;
  readonly priority: OrderPriority;
  readonly notes?: string;
  readonly status: OrderStatus;
  /** Optimistic-locking version: starts at 1, +1 on every stored change. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly requirements: readonly ComponentRequirement[];
  readonly promise: PromiseDate;
  readonly quote: Quote;
  /** The design revision under approval or approved; a change request opens the next one. */
  readonly designRevision: number;
  readonly reworkCount: number;
  readonly actualCost?: ActualCost;
  readonly failure?: OrderFailure;
  /** The Step Functions execution running this order (its ARN), once started. */
  readonly executionArn?: string;
  /** The catalog version that validated and priced the order. */
  readonly catalogVersion?: string;
  /** Times the build was scrapped after failed inspections and re-procured (bounded by policy.maxScraps). */
  readonly scrapCount?: number;
  /** The outcome of the order review, once reviewed. */
  readonly review?: OrderReviewOutcome;
  /** The certificate of conformance issued when inspection passed. */
  readonly certificateId?: string;
  readonly shipment?: Shipment;
  /** Why the order was cancelled or rejected (the person's words). */
  readonly closedReason?: string;
  /** What the shop floor reported for each build and rework round: the actuals costing reads. */
  readonly productionReports?: readonly ProductionReport[];
  /** The latest schedule check: expected finish against the promise date, time spent waiting. */
  readonly schedule?: ScheduleAssessment;
}

/** One build or rework round as the shop floor reported it when it finished. */
export interface ProductionReport {
  readonly productionOrderId: string;
  readonly round: 'build' | 'rework';
  /** ISO instant the shop floor reported the round finished. */
  readonly completedAt: string;
  readonly reportedBy?: string;
  /** Hours booked per work center. */
  readonly labour: ReadonlyArray<{ readonly workCenterId: string; readonly hours: number }>;
  /** Materials consumed, with the supplier lot numbers they came from (traceability). */
  readonly materials: ReadonlyArray<{ readonly componentId: string; readonly quantity: number; readonly lotNumbers: readonly string[] }>;
}

/** Where the order stands against its promise date, and the cost of delay so far. */
export interface ScheduleAssessment {
  /** ISO instant of the check. */
  readonly assessedAt: string;
  /** The stage just finished when the check ran. */
  readonly stage: string;
  /** The date the order is now expected to be delivered (YYYY-MM-DD). */
  readonly expectedFinish: string;
  readonly atRisk: boolean;
  /** What moves the date, when at risk. */
  readonly cause?: string;
  /** Hours spent waiting on approvers (overlapping requests counted once). */
  readonly waitingOnPeopleHours: number;
  /** Hours spent waiting on suppliers' deliveries (overlapping POs counted once). */
  readonly waitingOnSuppliersHours: number;
}

/** How the order review ended: automatically by the rules or by a person, and why. */
export interface OrderReviewOutcome {
  readonly outcome: 'approved' | 'rejected';
  readonly automatic: boolean;
  readonly reasons: readonly string[];
  readonly decidedBy: string;
  readonly decidedAt: string;
}

/** The shipment booked for a finished order. */
export interface Shipment {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly bookedAt: string;
  readonly deliveredAt?: string;
}

/** Who did something to an order: shown on the timeline and the audit trail. */
export interface Actor {
  readonly kind: 'customer' | 'approver' | 'system' | 'supplier' | 'shop-floor' | 'inspector' | 'carrier';
  /** A stable id: customer id, approver email, supplier id, 'workflow'. */
  readonly id: string;
  readonly displayName?: string;
}

/**
 * One line of an order's timeline and audit trail: who did what, when and why. Written in the same
 * transaction as the state change it describes.
 */
export interface TimelineEntry {
  readonly orderId: string;
  /** When it happened (ISO-8601 instant). */
  readonly at: string;
  /** Unique and sortable within the order: `${at}#${sequence}`. */
  readonly entryId: string;
  /** The domain event type, e.g. 'OrderPlaced', 'DesignApproved'. */
  readonly type: string;
  readonly actor: Actor;
  /** One human-readable sentence: "Design revision 2 approved by eng@acme.example". */
  readonly summary: string;
  /** Why, when someone gave a reason (a rejection comment, a cancellation reason). */
  readonly reason?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** One line of a customer's order request, before validation: which product, configured how, how many. */
export interface OrderRequestLine {
  readonly productId: string;
  readonly configuration: Configuration;
  readonly quantity: number;
}

/**
 * What a shop, CRM or ERP sends to place an order. The HTTP layer checks its shape; the domain
 * (`validateOrderRequest`) checks it against the catalog.
 */
export interface OrderRequest {
  readonly customer: Customer;
  readonly lines: readonly OrderRequestLine[];
  /** Requested delivery date (YYYY-MM-DD). */
  readonly requestedDeliveryDate: string;
  readonly priority: OrderPriority;
  readonly notes?: string;
}
