/**
 * The errors every repository (DynamoDB and in-memory alike) throws. They belong to the ports, not
 * to an adapter: use cases catch them by class, and workflows match their `name` in Retry/Catch
 * (so `name` is a literal that never changes). The original SDK error, when there is one, is the
 * `cause`.
 */
import type { ApprovalDecision, ApprovalStatus } from '../domain/approval/approval.types';
import type { StoredResponse } from './idempotency-store';

/** The entities that carry an optimistic-locking `version`. */
export type VersionedEntity = 'order' | 'approval' | 'purchase-order' | 'stock';

/** Base of all data-layer errors. */
export class DataLayerError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataLayerError';
  }
}

/** A caller passed something the data layer cannot store or look up; names the field and the rule. */
export class InvalidRepositoryInputError extends DataLayerError {
  public readonly field: string;
  public readonly rule: string;

  public constructor(field: string, rule: string, options?: { cause?: unknown }) {
    super(`Invalid ${field}: ${rule}.`, options);
    this.name = 'InvalidRepositoryInputError';
    this.field = field;
    this.rule = rule;
  }
}

/** A pagination cursor that this query did not hand out (malformed, tampered or from another list). */
export class InvalidCursorError extends DataLayerError {
  public constructor(reason: string, options?: { cause?: unknown }) {
    super(`Invalid cursor: ${reason}.`, options);
    this.name = 'InvalidCursorError';
  }
}

/**
 * Someone else changed the item since it was read (its version is no longer the expected one), or a
 * concurrent transaction held it. Nothing was written; re-read and retry.
 */
export class ConcurrentModificationError extends DataLayerError {
  public readonly entity: VersionedEntity;
  public readonly entityId: string;
  /** The order the item belongs to (the order itself, or the order of a PO/approval), if known. */
  public readonly orderId: string | undefined;
  public readonly expectedVersion: number | undefined;
  /** The version found, when DynamoDB returned it; undefined after a transaction conflict. */
  public readonly actualVersion: number | undefined;

  public constructor(
    details: {
      readonly entity: VersionedEntity;
      readonly entityId: string;
      readonly orderId?: string;
      readonly expectedVersion?: number;
      readonly actualVersion?: number;
    },
    options?: { cause?: unknown },
  ) {
    const expected = details.expectedVersion === undefined ? '' : ` (expected version ${details.expectedVersion}`;
    const actual = details.actualVersion === undefined ? '' : `, found ${details.actualVersion}`;
    const close = expected === '' ? '' : ')';
    super(`The ${details.entity} ${details.entityId} was modified concurrently${expected}${actual}${close}.`, options);
    this.name = 'ConcurrentModificationError';
    this.entity = details.entity;
    this.entityId = details.entityId;
    this.orderId = details.orderId ?? (details.entity === 'order' ? details.entityId : undefined);
    this.expectedVersion = details.expectedVersion;
    this.actualVersion = details.actualVersion;
  }
}

/** The thing looked up or updated does not exist. */
export class ItemNotFoundError extends DataLayerError {
  public readonly entity: string;
  public readonly entityId: string;

  public constructor(entity: string, entityId: string, options?: { cause?: unknown }) {
    super(`The ${entity} ${entityId} does not exist.`, options);
    this.name = 'ItemNotFoundError';
    this.entity = entity;
    this.entityId = entityId;
  }
}

export class OrderNotFoundError extends ItemNotFoundError {
  public constructor(orderId: string, options?: { cause?: unknown }) {
    super('order', orderId, options);
    this.name = 'OrderNotFoundError';
  }
}

export class ApprovalNotFoundError extends ItemNotFoundError {
  public constructor(approvalId: string, options?: { cause?: unknown }) {
    super('approval', approvalId, options);
    this.name = 'ApprovalNotFoundError';
  }
}

export class PurchaseOrderNotFoundError extends ItemNotFoundError {
  public constructor(poId: string, options?: { cause?: unknown }) {
    super('purchase order', poId, options);
    this.name = 'PurchaseOrderNotFoundError';
  }
}

export class StockNotFoundError extends ItemNotFoundError {
  public constructor(componentId: string, options?: { cause?: unknown }) {
    super('stock level of component', componentId, options);
    this.name = 'StockNotFoundError';
  }
}

export class CallbackNotFoundError extends ItemNotFoundError {
  public constructor(callbackId: string, options?: { cause?: unknown }) {
    // The id is a bearer secret of sorts: show only its beginning.
    super('callback', `${callbackId.slice(0, 6)}...`, options);
    this.name = 'CallbackNotFoundError';
  }
}

export class IdempotencyRecordNotFoundError extends ItemNotFoundError {
  public constructor(scope: string, key: string, options?: { cause?: unknown }) {
    super('idempotency record', `${scope}/${key}`, options);
    this.name = 'IdempotencyRecordNotFoundError';
  }
}

/** A create that must not overwrite found an item with the same id. */
export class ItemAlreadyExistsError extends DataLayerError {
  public readonly entity: string;
  public readonly entityId: string;

  public constructor(entity: string, entityId: string, options?: { cause?: unknown }) {
    super(`The ${entity} ${entityId} already exists.`, options);
    this.name = 'ItemAlreadyExistsError';
    this.entity = entity;
    this.entityId = entityId;
  }
}

export class OrderAlreadyExistsError extends ItemAlreadyExistsError {
  public constructor(orderId: string, options?: { cause?: unknown }) {
    super('order', orderId, options);
    this.name = 'OrderAlreadyExistsError';
  }
}

export class TimelineEntryAlreadyExistsError extends ItemAlreadyExistsError {
  public readonly orderId: string;

  public constructor(orderId: string, entryId: string, options?: { cause?: unknown }) {
    super('timeline entry', `${orderId}/${entryId}`, options);
    this.name = 'TimelineEntryAlreadyExistsError';
    this.orderId = orderId;
  }
}

export class ApprovalAlreadyExistsError extends ItemAlreadyExistsError {
  public constructor(approvalId: string, options?: { cause?: unknown }) {
    super('approval', approvalId, options);
    this.name = 'ApprovalAlreadyExistsError';
  }
}

/** A PO with this id exists but for another order, supplier or sourcing attempt: not a retry. */
export class PurchaseOrderAlreadyExistsError extends ItemAlreadyExistsError {
  public constructor(poId: string, options?: { cause?: unknown }) {
    super('purchase order', poId, options);
    this.name = 'PurchaseOrderAlreadyExistsError';
  }
}

/** A reservation for this (order, component) exists with a different quantity: not a retry. */
export class ReservationAlreadyExistsError extends ItemAlreadyExistsError {
  public readonly existingQuantity: number;

  public constructor(orderId: string, componentId: string, existingQuantity: number, options?: { cause?: unknown }) {
    super('stock reservation', `${orderId}/${componentId} (quantity ${existingQuantity})`, options);
    this.name = 'ReservationAlreadyExistsError';
    this.existingQuantity = existingQuantity;
  }
}

export class CallbackAlreadyExistsError extends ItemAlreadyExistsError {
  public constructor(options?: { cause?: unknown }) {
    super('callback', '(random id collision)', options);
    this.name = 'CallbackAlreadyExistsError';
  }
}

/** Not enough available stock (on hand minus reserved) for the reservation; nothing was reserved. */
export class InsufficientStockError extends DataLayerError {
  public readonly componentId: string;
  public readonly requested: number;
  /** Available when the reservation was refused, if known. */
  public readonly available: number | undefined;

  public constructor(componentId: string, requested: number, available: number | undefined, options?: { cause?: unknown }) {
    const found = available === undefined ? '' : ` (available ${available})`;
    super(`Not enough stock of ${componentId} to reserve ${requested}${found}.`, options);
    this.name = 'InsufficientStockError';
    this.componentId = componentId;
    this.requested = requested;
    this.available = available;
  }
}

/**
 * The approval was already decided (first decision wins); `decision` is the decision that won, so
 * the caller can tell the late approver what happened.
 */
export class ApprovalAlreadyDecidedError extends DataLayerError {
  public readonly approvalId: string;
  public readonly status: ApprovalStatus;
  public readonly decision: ApprovalDecision | undefined;

  public constructor(approvalId: string, status: ApprovalStatus, decision: ApprovalDecision | undefined, options?: { cause?: unknown }) {
    const by = decision === undefined ? '' : ` by ${decision.decidedBy} at ${decision.decidedAt}`;
    super(`The approval ${approvalId} is no longer pending: it is ${status}${by}.`, options);
    this.name = 'ApprovalAlreadyDecidedError';
    this.approvalId = approvalId;
    this.status = status;
    this.decision = decision;
  }
}

/** A link of an earlier generation was used after the approval was re-issued. */
export class ApprovalLinkRevokedError extends DataLayerError {
  public readonly approvalId: string;
  public readonly usedGeneration: number;
  public readonly currentGeneration: number;

  public constructor(approvalId: string, usedGeneration: number, currentGeneration: number, options?: { cause?: unknown }) {
    super(`The link (generation ${usedGeneration}) of approval ${approvalId} was replaced by generation ${currentGeneration}.`, options);
    this.name = 'ApprovalLinkRevokedError';
    this.approvalId = approvalId;
    this.usedGeneration = usedGeneration;
    this.currentGeneration = currentGeneration;
  }
}

/** The callback was already used (single use); the first use's time is given. */
export class CallbackAlreadyCompletedError extends DataLayerError {
  public readonly completedAt: string;

  public constructor(completedAt: string, options?: { cause?: unknown }) {
    super(`The callback was already used at ${completedAt}.`, options);
    this.name = 'CallbackAlreadyCompletedError';
    this.completedAt = completedAt;
  }
}

/** The webhook delivery was already acted on (its receipt rode with an earlier, successful effect). */
export class WebhookAlreadyReceivedError extends DataLayerError {
  public readonly source: string;
  public readonly webhookId: string;

  public constructor(source: string, webhookId: string, options?: { cause?: unknown }) {
    super(`The webhook ${webhookId} from ${source} was already processed.`, options);
    this.name = 'WebhookAlreadyReceivedError';
    this.source = source;
    this.webhookId = webhookId;
  }
}

/** The callback expired before it was used. */
export class CallbackExpiredError extends DataLayerError {
  public readonly expiresAtEpochSeconds: number;

  public constructor(expiresAtEpochSeconds: number, options?: { cause?: unknown }) {
    super(`The callback expired at ${new Date(expiresAtEpochSeconds * 1000).toISOString()}.`, options);
    this.name = 'CallbackExpiredError';
    this.expiresAtEpochSeconds = expiresAtEpochSeconds;
  }
}

/** The idempotency key was used before with a different request (a different body hash). */
export class IdempotencyKeyReuseError extends DataLayerError {
  public readonly scope: string;
  public readonly key: string;

  public constructor(scope: string, key: string, options?: { cause?: unknown }) {
    super(`The idempotency key ${key} was already used for a different request in ${scope}.`, options);
    this.name = 'IdempotencyKeyReuseError';
    this.scope = scope;
    this.key = key;
  }
}

/**
 * The key was already used for this same request (same hash), which was completed: nothing was
 * written; `response` is the first request's response, to replay.
 */
export class IdempotentRequestCompletedError extends DataLayerError {
  public readonly scope: string;
  public readonly key: string;
  public readonly response: StoredResponse;

  public constructor(scope: string, key: string, response: StoredResponse, options?: { cause?: unknown }) {
    super(`The request with idempotency key ${key} in ${scope} was already completed; replay its response.`, options);
    this.name = 'IdempotentRequestCompletedError';
    this.scope = scope;
    this.key = key;
    this.response = response;
  }
}

/**
 * The key is claimed by an in-progress record of this same request whose lock has not expired
 * (a request still running, or one that crashed less than its lock time ago): nothing was written.
 */
export class IdempotencyKeyInProgressError extends DataLayerError {
  public readonly scope: string;
  public readonly key: string;

  public constructor(scope: string, key: string, options?: { cause?: unknown }) {
    super(`The idempotency key ${key} in ${scope} is claimed by a request still in progress.`, options);
    this.name = 'IdempotencyKeyInProgressError';
    this.scope = scope;
    this.key = key;
  }
}

/** Completing or releasing an idempotency record that is not in progress (already completed, or taken over). */
export class IdempotencyRecordNotInProgressError extends DataLayerError {
  public constructor(scope: string, key: string, options?: { cause?: unknown }) {
    super(`The idempotency record ${scope}/${key} is not in progress.`, options);
    this.name = 'IdempotencyRecordNotInProgressError';
  }
}

/** A stored item does not have the shape its key promises (written by something else). */
export class CorruptItemError extends DataLayerError {
  public constructor(description: string, options?: { cause?: unknown }) {
    super(`Unexpected item in the table: ${description}.`, options);
    this.name = 'CorruptItemError';
  }
}
