/**
 * Finding and resuming a waiting workflow step from the outside (supplier webhooks, shop floor,
 * QC). Callers quote the opaque callback id they were given (in the PO message or the event that
 * announced the work); it is checked against what the caller is allowed to answer before the task
 * token behind it is used, once.
 */
import type { CallbackPurpose, CallbackRecord } from '../domain/procurement/callback.types';
import type { CallbackRepository } from '../ports/callback-repository';
import { CallbackAlreadyCompletedError, CallbackExpiredError, InvalidRepositoryInputError } from '../ports/data-errors';
import type { WebhookReceipt } from '../ports/webhook-dedup-store';
import type { WorkflowGateway } from '../ports/workflow-gateway';
import { NoWaitingStepError, UnknownReferenceError } from './door-errors';

export interface WaitExpectation {
  readonly purpose: CallbackPurpose;
  /** The order the caller reports on; a callback of another order is unknown to this caller. */
  readonly orderId?: string;
  /** The subject (PO id) the caller reports on. */
  readonly subjectId?: string;
}

/**
 * The open callback with this id, if it is one this caller may answer.
 * @throws UnknownReferenceError (naming `field`) when it does not exist or belongs to something else
 * @throws CallbackAlreadyCompletedError (409) when it was answered; CallbackExpiredError (410) when over
 */
export async function findOpenWait(callbacks: CallbackRepository, callbackId: string, expected: WaitExpectation, now: Date, field = 'callbackId'): Promise<CallbackRecord> {
  let record: CallbackRecord | undefined;
  try {
    record = await callbacks.get(callbackId);
  } catch (error) {
    if (error instanceof InvalidRepositoryInputError) {
      throw new UnknownReferenceError(field, callbackId.slice(0, 64));
    }
    throw error;
  }
  if (
    !record ||
    record.purpose !== expected.purpose ||
    (expected.orderId !== undefined && record.orderId !== expected.orderId) ||
    (expected.subjectId !== undefined && record.subjectId !== expected.subjectId)
  ) {
    throw new UnknownReferenceError(field, callbackId.slice(0, 64));
  }
  if (record.completedAt !== undefined) {
    throw new CallbackAlreadyCompletedError(record.completedAt);
  }
  if (record.expiresAtEpochSeconds <= Math.floor(now.getTime() / 1000)) {
    throw new CallbackExpiredError(record.expiresAtEpochSeconds);
  }
  return record;
}

/**
 * The wait an order is in for `purpose`: by the callback id the caller quotes when it has one,
 * otherwise the order's newest open wait of that purpose (shop-floor terminals key by order).
 * @throws NoWaitingStepError (409) when nothing waits; the errors of `findOpenWait` for a quoted id
 */
export async function findOrderWait(callbacks: CallbackRepository, orderId: string, purpose: CallbackPurpose, callbackId: string | undefined, now: Date): Promise<CallbackRecord> {
  if (callbackId !== undefined) {
    return findOpenWait(callbacks, callbackId, { purpose, orderId }, now);
  }
  const record = await callbacks.findOpenBySubject(orderId, purpose);
  if (!record) {
    throw new NoWaitingStepError(`a ${purpose} report on order ${orderId}`);
  }
  if (record.expiresAtEpochSeconds <= Math.floor(now.getTime() / 1000)) {
    throw new CallbackExpiredError(record.expiresAtEpochSeconds);
  }
  return record;
}

/**
 * The wait for one subject (a purchase order): by the callback id the caller quotes when it has one,
 * otherwise the subject's open wait. Suppliers know our PO number; the signature on their webhook
 * already proves who they are, so quoting the callback id is optional.
 * @throws NoWaitingStepError (409) when nothing waits yet (a retry shortly after will find it)
 */
export async function findSubjectWait(
  callbacks: CallbackRepository,
  subject: { readonly orderId: string; readonly purpose: CallbackPurpose; readonly subjectId: string },
  callbackId: string | undefined,
  now: Date,
  field = 'callbackId',
): Promise<CallbackRecord> {
  if (callbackId !== undefined) {
    return findOpenWait(callbacks, callbackId, { purpose: subject.purpose, subjectId: subject.subjectId }, now, field);
  }
  const record = await callbacks.findOpenBySubject(subject.orderId, subject.purpose, subject.subjectId);
  if (!record) {
    throw new NoWaitingStepError(`a ${subject.purpose} report on ${subject.subjectId}`);
  }
  if (record.expiresAtEpochSeconds <= Math.floor(now.getTime() / 1000)) {
    throw new CallbackExpiredError(record.expiresAtEpochSeconds);
  }
  return record;
}

/**
 * Uses the callback once and resumes its step with `output`, through the token bound at that moment
 * (a retried step rebinds its wait to its newest token). The answer stays on the record: should the
 * token have died with its attempt, the step's retry resumes itself with it. With `receipt` (the
 * webhook delivery that answers), the delivery is remembered in the same write: no separate claim,
 * nothing to release when it fails (WebhookAlreadyReceivedError for a redelivery).
 */
export async function completeWait(deps: { callbacks: CallbackRepository; workflow: Pick<WorkflowGateway, 'sendTaskSuccess'> }, record: CallbackRecord, output: unknown, now: Date, receipt?: WebhookReceipt): Promise<void> {
  const completed = await deps.callbacks.complete(record.callbackId, now.toISOString(), output, receipt === undefined ? undefined : { receipt, asRead: record });
  await deps.workflow.sendTaskSuccess(completed.taskToken, output);
}
