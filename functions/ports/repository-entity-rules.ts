/**
 * Checks of whole entities handed to the repositories, shared by every implementation (DynamoDB and
 * in-memory), so both refuse the same input with the same InvalidRepositoryInputError.
 */
import type { Approval, ApprovalDecision } from '../domain/approval/approval.types';
import type { StockLevel, StockReservation } from '../domain/catalog/stock.types';
import type { Order, TimelineEntry } from '../domain/order/order.types';
import type { CallbackPurpose, CallbackRecord } from '../domain/procurement/callback.types';
import type { PurchaseOrder } from '../domain/procurement/purchase-order.types';
import type { RecordDecisionOptions, ReissueChanges } from './approval-repository';
import type { NewCallback, WaitToOpen } from './callback-repository';
import { InvalidRepositoryInputError } from './data-errors';
import { MAX_TIMELINE_ENTRIES_PER_WRITE } from './order-repository';
import { MAX_COMPONENTS_AT_ONCE, type StockReceipt } from './stock-repository';
import {
  checkTimelineEntries,
  requireEpochSeconds,
  requireId,
  requireInitialVersion,
  requireInstant,
  requireNonNegative,
  requirePositiveQuantity,
  requireVersion,
} from './repository-input-rules';

/** `maxEntries`: fewer than MAX_TIMELINE_ENTRIES_PER_WRITE when the write carries another item (an idempotency record). */
export function checkNewOrder(order: Order, timelineEntries: readonly TimelineEntry[], maxEntries = MAX_TIMELINE_ENTRIES_PER_WRITE): string {
  const orderId = requireId('order.orderId', order.orderId);
  requireId('order.customer.customerId', order.customer?.customerId);
  requireInstant('order.createdAt', order.createdAt);
  requireInitialVersion('order.version', order.version);
  checkTimelineEntries(orderId, timelineEntries, maxEntries);
  return orderId;
}

export function checkOrderChange(order: Order, expectedVersion: number, timelineEntries: readonly TimelineEntry[]): string {
  const orderId = requireId('order.orderId', order.orderId);
  requireId('order.customer.customerId', order.customer?.customerId);
  requireInstant('order.createdAt', order.createdAt);
  requireVersion('expectedVersion', expectedVersion);
  checkTimelineEntries(orderId, timelineEntries, MAX_TIMELINE_ENTRIES_PER_WRITE);
  return orderId;
}

export function checkNewApproval(approval: Approval): string {
  const approvalId = requireId('approval.approvalId', approval.approvalId);
  requireId('approval.orderId', approval.orderId);
  requireInstant('approval.requestedAt', approval.requestedAt);
  requireInitialVersion('approval.version', approval.version);
  return approvalId;
}

/** Returns the link generation to check, if any. */
export function checkDecision(approvalId: string, decision: ApprovalDecision, options: RecordDecisionOptions): number | undefined {
  requireId('approvalId', approvalId);
  if (decision.outcome !== 'approved' && decision.outcome !== 'rejected') {
    throw new InvalidRepositoryInputError('decision.outcome', `must be approved or rejected (got ${String(decision.outcome)})`);
  }
  requireId('decision.decidedBy', decision.decidedBy);
  requireInstant('decision.decidedAt', decision.decidedAt);
  return options.linkGeneration === undefined ? undefined : requireVersion('linkGeneration', options.linkGeneration);
}

export function checkReissue(approvalId: string, changes: ReissueChanges): void {
  requireId('approvalId', approvalId);
  requireId('changes.callbackId', changes.callbackId);
  requireInstant('changes.expiresAt', changes.expiresAt);
  if (changes.approvers !== undefined && changes.approvers.length === 0) {
    throw new InvalidRepositoryInputError('changes.approvers', 'must name at least one approver');
  }
}

export function checkNewPurchaseOrder(purchaseOrder: PurchaseOrder): string {
  const poId = requireId('purchaseOrder.poId', purchaseOrder.poId);
  requireId('purchaseOrder.orderId', purchaseOrder.orderId);
  requireId('purchaseOrder.supplierId', purchaseOrder.supplierId);
  requireInstant('purchaseOrder.createdAt', purchaseOrder.createdAt);
  requireInitialVersion('purchaseOrder.version', purchaseOrder.version);
  return poId;
}

export function checkPurchaseOrderChange(purchaseOrder: PurchaseOrder, expectedVersion: number): string {
  const poId = requireId('purchaseOrder.poId', purchaseOrder.poId);
  requireId('purchaseOrder.orderId', purchaseOrder.orderId);
  requireId('purchaseOrder.supplierId', purchaseOrder.supplierId);
  requireInstant('purchaseOrder.createdAt', purchaseOrder.createdAt);
  requireVersion('expectedVersion', expectedVersion);
  return poId;
}

/** The same PO again (a retried step), as opposed to a different PO under a taken id. */
export const isSamePurchaseOrder = (a: PurchaseOrder, b: PurchaseOrder): boolean =>
  a.orderId === b.orderId && a.supplierId === b.supplierId && a.sourcingAttempt === b.sourcingAttempt;

export function checkStockLevel(level: StockLevel): void {
  requireId('level.componentId', level.componentId);
  const onHand = requireNonNegative('level.onHand', level.onHand);
  const reserved = requireNonNegative('level.reserved', level.reserved);
  if (reserved > onHand) throw new InvalidRepositoryInputError('level.reserved', `must not exceed onHand ${onHand} (got ${reserved})`);
  requireId('level.unit', level.unit);
  requireVersion('level.version', level.version);
}

/** @param field how the reservation is named in the error (`reservations[2]` in a list). */
export function checkReservation(reservation: StockReservation, field = 'reservation'): { orderId: string; componentId: string; quantity: number } {
  const orderId = requireId(`${field}.orderId`, reservation.orderId);
  const componentId = requireId(`${field}.componentId`, reservation.componentId);
  const quantity = requirePositiveQuantity(`${field}.quantity`, reservation.quantity);
  requireInstant(`${field}.reservedAt`, reservation.reservedAt);
  return { orderId, componentId, quantity };
}

/**
 * The components an all-or-nothing stock change (reserveAll, consumeAll, receiveAll) touches, each
 * item checked as the single call checks it, named by its place in the list.
 */
export function checkStockChanges(
  change:
    | { readonly reservations: readonly StockReservation[] }
    | { readonly orderId: string; readonly consumptions: readonly { readonly componentId: string; readonly quantity: number }[] }
    | { readonly receipts: readonly StockReceipt[] },
): string[] {
  if ('reservations' in change) return change.reservations.map((reservation, index) => checkReservation(reservation, `reservations[${index}]`).componentId);
  if ('consumptions' in change) {
    requireId('orderId', change.orderId);
    return change.consumptions.map(({ componentId, quantity }, index) => {
      requireId(`reservations[${index}].componentId`, componentId);
      requirePositiveQuantity(`reservations[${index}].quantity`, quantity);
      return componentId;
    });
  }
  return change.receipts.map(({ componentId, quantity, receiptId }, index) => {
    requireId(`receipts[${index}].componentId`, componentId);
    requirePositiveQuantity(`receipts[${index}].quantity`, quantity);
    requireId(`receipts[${index}].receiptId`, receiptId);
    return componentId;
  });
}

/** Whether one transaction can make the change: each component at most once, at most MAX_COMPONENTS_AT_ONCE. */
export function fitsOneWrite(componentIds: readonly string[]): boolean {
  return componentIds.length <= MAX_COMPONENTS_AT_ONCE && new Set(componentIds).size === componentIds.length;
}

export const CALLBACK_PURPOSES: readonly CallbackPurpose[] = ['approval', 'purchase-order', 'production', 'inspection', 'shipment'];

/** Callback ids are 32 base64url characters (192 random bits). */
const CALLBACK_ID_SHAPE = /^[A-Za-z0-9_-]{32}$/;

export function isCallbackIdShape(value: unknown): value is string {
  return typeof value === 'string' && CALLBACK_ID_SHAPE.test(value);
}

/** The callback id, checked for the shape the repositories issue (before any lookup). */
export function requireCallbackId(callbackId: unknown): string {
  if (!isCallbackIdShape(callbackId)) throw new InvalidRepositoryInputError('callbackId', 'must be a 32-character base64url id');
  return callbackId;
}

function requireCallbackPurpose(field: string, purpose: unknown): CallbackPurpose {
  if (!CALLBACK_PURPOSES.includes(purpose as CallbackPurpose)) {
    throw new InvalidRepositoryInputError(field, `must be one of ${CALLBACK_PURPOSES.join(', ')} (got ${String(purpose)})`);
  }
  return purpose as CallbackPurpose;
}

/** The arguments of `CallbackRepository.findOpenBySubject`, checked. */
export function checkCallbackLookup(orderId: unknown, purpose: unknown, subjectId: unknown): void {
  requireId('orderId', orderId);
  requireCallbackPurpose('purpose', purpose);
  if (subjectId !== undefined) requireId('subjectId', subjectId);
}

export function checkNewCallback(callback: NewCallback): void {
  requireCallbackPurpose('callback.purpose', callback.purpose);
  requireId('callback.orderId', callback.orderId);
  requireId('callback.subjectId', callback.subjectId);
  if (typeof callback.taskToken !== 'string' || callback.taskToken.length === 0) {
    // Never echo the token, not even in an error.
    throw new InvalidRepositoryInputError('callback.taskToken', 'must be a non-empty string');
  }
  requireInstant('callback.createdAt', callback.createdAt);
  requireEpochSeconds('callback.expiresAtEpochSeconds', callback.expiresAtEpochSeconds);
}

/** A wait to open, checked: the callback's fields, the step run's instant and the attempt number. */
export function checkWaitToOpen(wait: WaitToOpen): void {
  checkNewCallback(wait);
  requireInstant('wait.stepRunAt', wait.stepRunAt);
  if (!Number.isInteger(wait.attempt) || wait.attempt < 0) throw new InvalidRepositoryInputError('wait.attempt', `must be a whole number >= 0 (got ${String(wait.attempt)})`);
}

/** Why a wait was not rebound to `taskToken`: answered, held by this very token, or by a newer attempt. */
export function rebindRefusal(existing: CallbackRecord, taskToken: string): 'answered' | 'current' | 'superseded' {
  if (existing.completedAt !== undefined) return 'answered';
  return existing.taskToken === taskToken ? 'current' : 'superseded';
}
