/**
 * The named outcomes of lifecycle steps that end an order's happy path. Workflows match these
 * classes' `name` in Catch/Fail states (imported, never retyped), and the failure handler records
 * them on the order, so each `name` is a literal that never changes.
 */

/** Base of the lifecycle steps' errors. */
export class LifecycleStepError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LifecycleStepError';
  }
}

/** Nobody decided an approval before it expired (after reminder and escalation). */
export class ApprovalExpiredError extends LifecycleStepError {
  public readonly approvalId: string;

  public constructor(approvalId: string, options?: { cause?: unknown }) {
    super(`Approval ${approvalId} expired with no decision after reminder and escalation.`, options);
    this.name = 'ApprovalExpiredError';
    this.approvalId = approvalId;
  }
}

/** Inspection failed after the allowed rework cycles and the allowed scrap-and-re-procure rounds. */
export class QualityLimitReachedError extends LifecycleStepError {
  public readonly orderId: string;

  public constructor(orderId: string, detail: string, options?: { cause?: unknown }) {
    super(`Order ${orderId}: ${detail}`, options);
    this.name = 'QualityLimitReachedError';
    this.orderId = orderId;
  }
}

/** No supplier (first choice or alternate) and no buyer could fill a purchase order. */
export class PurchaseOrderUnfulfilledError extends LifecycleStepError {
  public readonly poId: string;

  public constructor(poId: string, detail: string, options?: { cause?: unknown }) {
    super(`Purchase order ${poId} could not be filled: ${detail}`, options);
    this.name = 'PurchaseOrderUnfulfilledError';
    this.poId = poId;
  }
}

/** A step received input it cannot work with; names the field and the rule. */
export class InvalidStepInputError extends LifecycleStepError {
  public readonly field: string;

  public constructor(field: string, rule: string, options?: { cause?: unknown }) {
    super(`Invalid step input ${field}: ${rule}.`, options);
    this.name = 'InvalidStepInputError';
    this.field = field;
  }
}
