/**
 * The one place where errors from below (use cases, repositories, the domain, signature checks, the
 * workflow gateway) become HTTP problems. Anything not listed here is a bug or an outage: a 500
 * whose body says nothing about internals.
 */
import { DomainValidationError } from '../../domain/common/problem';
import { IllegalTransitionError } from '../../domain/order/order-lifecycle';
import {
  ApprovalAlreadyDecidedError,
  ApprovalLinkRevokedError,
  CallbackAlreadyCompletedError,
  CallbackExpiredError,
  ConcurrentModificationError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReuseError,
  InvalidCursorError,
  InvalidRepositoryInputError,
  ItemNotFoundError,
  TimelineEntryAlreadyExistsError,
} from '../../ports/data-errors';
import { TaskTokenInvalidError } from '../../ports/workflow-gateway';
import { LinkExpiredError, SignatureMismatchError, SignatureMissingError, SignatureTimestampOutOfWindowError } from '../../shared/security/security-errors';
import {
  ApprovalAlreadyClosedError,
  ApprovalExpiredError,
  ApprovalLinkSupersededError,
  ApproverNotAllowedError,
  EventNotApplicableError,
  NoWaitingStepError,
  OrderChangeNotAllowedError,
  OrderNotCancellableError,
  PurchaseOrderOfAnotherSupplierError,
  RejectionCommentRequiredError,
  UnknownReferenceError,
  UnknownSupplierError,
} from '../../use-cases/door-errors';
import type { ApprovalDecision } from '../../domain/approval/approval.types';
import { ConflictError, ForbiddenError, GoneError, HttpProblemError, NotFoundError, ValidationFailedError } from './http-errors';

function decisionExtension(decision: ApprovalDecision | undefined): Record<string, unknown> {
  return decision ? { decision: { outcome: decision.outcome, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt, channel: decision.channel } } : {};
}

/** The problem for a known error; undefined for anything unexpected (rendered as a 500). */
export function toHttpProblem(error: unknown): HttpProblemError | undefined {
  if (error instanceof HttpProblemError) {
    return error;
  }
  if (error instanceof SignatureMissingError || error instanceof SignatureMismatchError) {
    return new ForbiddenError('signature-invalid', 'Signature invalid', error.message, { cause: error });
  }
  if (error instanceof SignatureTimestampOutOfWindowError) {
    return new ForbiddenError('signature-timestamp-out-of-window', 'Signature timestamp out of window', error.message, { cause: error });
  }
  if (error instanceof LinkExpiredError) {
    return new GoneError('link-expired', 'Link expired', error.message, { cause: error, extensions: { expiredAt: error.expiredAt } });
  }
  if (error instanceof ApprovalLinkRevokedError || error instanceof ApprovalLinkSupersededError) {
    return new GoneError('link-revoked', 'Link revoked', 'This link was replaced by a newer one; use the most recent email.', { cause: error });
  }
  if (error instanceof ApprovalExpiredError) {
    return new GoneError('approval-expired', 'Approval expired', error.message, { cause: error, extensions: { expiredAt: error.expiresAt } });
  }
  if ((error instanceof ApprovalAlreadyDecidedError || error instanceof ApprovalAlreadyClosedError) && (error.status === 'expired' || error.status === 'revoked')) {
    return new GoneError('approval-closed', 'Approval closed', `This approval was ${error.status === 'expired' ? 'not decided in time and has expired' : 'withdrawn'}; nothing is waiting for a decision any more.`, {
      cause: error,
      extensions: { approvalStatus: error.status },
    });
  }
  if (error instanceof ApprovalAlreadyDecidedError || error instanceof ApprovalAlreadyClosedError) {
    return new ConflictError('approval-already-decided', 'Approval already decided', error.message, {
      cause: error,
      extensions: { approvalStatus: error.status, ...decisionExtension(error.decision) },
    });
  }
  if (error instanceof ApproverNotAllowedError) {
    return new ForbiddenError('not-an-approver', 'Not an approver', error.message, { cause: error });
  }
  if (error instanceof TaskTokenInvalidError || error instanceof CallbackExpiredError) {
    return new GoneError('wait-over', 'Wait over', 'The workflow step this answers is no longer waiting (it timed out or was closed).', { cause: error });
  }
  if (error instanceof CallbackAlreadyCompletedError) {
    return new ConflictError('already-answered', 'Already answered', 'The workflow step this answers has already been answered.', { cause: error });
  }
  if (error instanceof NoWaitingStepError || error instanceof EventNotApplicableError) {
    return new ConflictError('not-waiting', 'Not expected now', error.message, {
      cause: error,
      ...(error instanceof EventNotApplicableError ? { extensions: { state: error.state } } : {}),
    });
  }
  if (error instanceof OrderChangeNotAllowedError) {
    return new ConflictError('change-not-allowed', 'Change not allowed', error.message, { cause: error, extensions: { stage: error.status } });
  }
  if (error instanceof IllegalTransitionError) {
    return new ConflictError('illegal-transition', 'Not allowed in this stage', error.message, { cause: error, extensions: { stage: error.from } });
  }
  if (error instanceof OrderNotCancellableError) {
    return new ConflictError('cancel-not-allowed', 'Cancellation not allowed', error.message, { cause: error, extensions: { stage: error.status } });
  }
  if (error instanceof ConcurrentModificationError) {
    return new ConflictError('concurrent-modification', 'Concurrent modification', `The ${error.entity} changed while this request was handled; retry it.`, { cause: error });
  }
  if (error instanceof TimelineEntryAlreadyExistsError) {
    // Another change of the order was recorded at the same instant: the same as a version conflict.
    return new ConflictError('concurrent-modification', 'Concurrent modification', 'The order changed while this request was handled; retry it.', { cause: error });
  }
  if (error instanceof InvalidRepositoryInputError) {
    return new ValidationFailedError([{ path: error.field, rule: error.rule, message: error.message }], undefined, { cause: error });
  }
  if (error instanceof UnknownSupplierError) {
    return new NotFoundError('supplier', error.supplierId, { cause: error });
  }
  if (error instanceof ItemNotFoundError) {
    return new NotFoundError(error.entity, error.entityId, { cause: error });
  }
  if (error instanceof PurchaseOrderOfAnotherSupplierError) {
    return new ForbiddenError('wrong-supplier', 'Purchase order of another supplier', error.message, { cause: error });
  }
  if (error instanceof RejectionCommentRequiredError) {
    return new ValidationFailedError([{ path: 'comment', rule: 'required-for-reject', message: 'A rejection needs a comment saying what must change.' }], error.message, { cause: error });
  }
  if (error instanceof UnknownReferenceError) {
    return new ValidationFailedError([{ path: error.field, rule: 'unknown-reference', message: error.message }], error.message, { cause: error });
  }
  if (error instanceof InvalidCursorError) {
    return new ValidationFailedError([{ path: 'query.cursor', rule: 'cursor', message: error.message }], undefined, { cause: error });
  }
  if (error instanceof IdempotencyKeyInProgressError) {
    return new ConflictError('idempotency-key-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still being processed; retry in a few seconds.', {
      cause: error,
      extensions: { retryAfterSeconds: 2 },
    });
  }
  if (error instanceof IdempotencyKeyReuseError) {
    return new ValidationFailedError(
      [{ path: 'header.Idempotency-Key', rule: 'idempotency-key-reuse', message: 'This Idempotency-Key was already used with a different request body.' }],
      'This Idempotency-Key was already used with a different request body; use a new key for a new request.',
      { cause: error, type: 'idempotency-key-reuse', title: 'Idempotency key reused' },
    );
  }
  if (error instanceof DomainValidationError) {
    return new ValidationFailedError(error.problems, undefined, { cause: error });
  }
  return undefined;
}
