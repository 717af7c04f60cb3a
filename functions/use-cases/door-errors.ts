/**
 * Errors of the door use cases (orders API, approvals, supplier and shop-floor events). Each says
 * what went wrong with the values involved; the HTTP layer maps them to problems by class.
 * Repository errors (functions/ports/data-errors.ts) and domain errors pass through unchanged.
 */
import type { ApprovalDecision } from '../domain/approval/approval.types';
import type { OrderStatus } from '../domain/order/order-status';

/** Base of the door use cases' own errors. */
export class DoorUseCaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DoorUseCaseError';
  }
}

/** A change request after the build started (or on a closed order): the order is past changing. */
export class OrderChangeNotAllowedError extends DoorUseCaseError {
  readonly orderId: string;
  readonly status: OrderStatus;

  constructor(orderId: string, status: OrderStatus) {
    super(`Order ${orderId} can no longer be changed: it is in stage "${status}" (changes are allowed until the build starts).`);
    this.name = 'OrderChangeNotAllowedError';
    this.orderId = orderId;
    this.status = status;
  }
}

/** A cancellation of an order that has already finished (delivered, rejected, failed). */
export class OrderNotCancellableError extends DoorUseCaseError {
  readonly orderId: string;
  readonly status: OrderStatus;

  constructor(orderId: string, status: OrderStatus) {
    super(`Order ${orderId} cannot be cancelled: it is already "${status}".`);
    this.name = 'OrderNotCancellableError';
    this.orderId = orderId;
    this.status = status;
  }
}

/** The person deciding is not one of the approval's approvers. */
export class ApproverNotAllowedError extends DoorUseCaseError {
  readonly approvalId: string;

  constructor(approvalId: string, who: string) {
    super(`${who} is not an approver of approval ${approvalId}.`);
    this.name = 'ApproverNotAllowedError';
    this.approvalId = approvalId;
  }
}

/** A rejection without a comment: whoever rejects must say what has to change. */
export class RejectionCommentRequiredError extends DoorUseCaseError {
  readonly approvalId: string;

  constructor(approvalId: string) {
    super(`Rejecting approval ${approvalId} needs a comment saying what must change.`);
    this.name = 'RejectionCommentRequiredError';
    this.approvalId = approvalId;
  }
}

/** The approval's own expiry (stored `expiresAt`) passed before the decision arrived. */
export class ApprovalExpiredError extends DoorUseCaseError {
  readonly approvalId: string;
  readonly expiresAt: string;

  constructor(approvalId: string, expiresAt: string) {
    super(`Approval ${approvalId} expired at ${expiresAt}.`);
    this.name = 'ApprovalExpiredError';
    this.approvalId = approvalId;
    this.expiresAt = expiresAt;
  }
}

/** A late decision: the approval was decided (or closed) before; carries the winning decision. */
export class ApprovalAlreadyClosedError extends DoorUseCaseError {
  readonly approvalId: string;
  readonly status: string;
  readonly decision: ApprovalDecision | undefined;

  constructor(approvalId: string, status: string, decision: ApprovalDecision | undefined, options?: { cause?: unknown }) {
    const by = decision ? `: ${decision.outcome} by ${decision.decidedBy} at ${decision.decidedAt}` : '';
    super(`Approval ${approvalId} is already ${status}${by}.`, options);
    this.name = 'ApprovalAlreadyClosedError';
    this.approvalId = approvalId;
    this.status = status;
    this.decision = decision;
  }
}

/** A link of an older generation: the approval was re-sent and this link revoked. */
export class ApprovalLinkSupersededError extends DoorUseCaseError {
  constructor(approvalId: string, options?: { cause?: unknown }) {
    super(`This link to approval ${approvalId} was replaced by a newer one; use the most recent email.`, options);
    this.name = 'ApprovalLinkSupersededError';
  }
}

/** No webhook secret is configured for the supplier named in the path. */
export class UnknownSupplierError extends DoorUseCaseError {
  readonly supplierId: string;

  constructor(supplierId: string, options?: { cause?: unknown }) {
    super(`No supplier ${JSON.stringify(supplierId)} is set up to send events.`, options);
    this.name = 'UnknownSupplierError';
    this.supplierId = supplierId;
  }
}

/** A supplier reported on a purchase order that was sent to another supplier. */
export class PurchaseOrderOfAnotherSupplierError extends DoorUseCaseError {
  readonly poId: string;

  constructor(poId: string, supplierId: string) {
    super(`Purchase order ${poId} was not sent to supplier ${supplierId}.`);
    this.name = 'PurchaseOrderOfAnotherSupplierError';
    this.poId = poId;
  }
}

/** An event names a thing (purchase order, operation) that does not exist. */
export class UnknownReferenceError extends DoorUseCaseError {
  /** The body field holding the reference (`poId`, `operationId`). */
  readonly field: string;

  constructor(field: string, id: string) {
    super(`No ${field} ${JSON.stringify(id)} exists.`);
    this.name = 'UnknownReferenceError';
    this.field = field;
  }
}

/** An event that does not fit the current state (a delivery for a cancelled PO, a report after QC). */
export class EventNotApplicableError extends DoorUseCaseError {
  readonly state: string;

  constructor(message: string, state: string) {
    super(message);
    this.name = 'EventNotApplicableError';
    this.state = state;
  }
}

/** Nothing in the workflow is waiting for this event (the step timed out, or it came too early). */
export class NoWaitingStepError extends DoorUseCaseError {
  constructor(what: string) {
    super(`No workflow step is waiting for ${what}.`);
    this.name = 'NoWaitingStepError';
  }
}
