/**
 * The order lifecycle: THE table of every status and the statuses it may move to, the error that
 * refuses anything else, and the stage rules for changing and cancelling an order that follow
 * from it.
 *
 * Reading the table: a spec change moves an order back to `in_review`, so "spec change allowed"
 * is "the table allows -> in_review" (or the order is in review already, which restarts the review
 * without a status change); cancellation is "the table allows -> cancelled". The table has no
 * self-transitions.
 */
import type { CompensationAction } from '../events/order-events';
import { ORDER_STATUSES, TERMINAL_STATUSES, type OrderStatus } from './order-status';

/** Every status and the statuses it may move to. Terminal statuses have no exits. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  received: ['in_review', 'cancelled', 'failed'],
  in_review: ['awaiting_design_approval', 'procuring', 'rejected', 'cancelled', 'failed'],
  awaiting_design_approval: ['procuring', 'design_revision', 'rejected', 'in_review', 'cancelled', 'failed'],
  design_revision: ['awaiting_design_approval', 'in_review', 'cancelled', 'failed'],
  procuring: ['building', 'in_review', 'cancelled', 'failed'],
  building: ['in_qc', 'cancelled', 'failed'],
  in_qc: ['shipping', 'rework', 'procuring', 'cancelled', 'failed'],
  rework: ['in_qc', 'cancelled', 'failed'],
  // Goods have left the building: no cancellation, only delivery (or a failure to investigate).
  shipping: ['delivered', 'failed'],
  rejected: [],
  delivered: [],
  cancelled: [],
  failed: [],
};

/** An operation tried to move an order along a transition the lifecycle table does not allow. */
export class IllegalTransitionError extends Error {
  readonly orderId: string;
  readonly from: OrderStatus;
  readonly to: OrderStatus;

  constructor(orderId: string, from: OrderStatus, to: OrderStatus, detail?: string) {
    super(`Order ${orderId} cannot go from '${from}' to '${to}'${detail ? `: ${detail}` : ''}`);
    this.name = 'IllegalTransitionError';
    this.orderId = orderId;
    this.from = from;
    this.to = to;
  }
}

/** True when the table allows `from -> to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Throws {@link IllegalTransitionError} unless the table allows `from -> to`. */
export function assertTransition(orderId: string, from: OrderStatus, to: OrderStatus, detail?: string): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(orderId, from, to, detail);
}

/** True for statuses from which nothing more happens. */
export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Statuses in which the build has not started (design and procurement may still change). */
const BEFORE_BUILD: ReadonlySet<OrderStatus> = new Set(['received', 'in_review', 'awaiting_design_approval', 'design_revision', 'procuring']);

/** What a stage allows for a change request or a cancellation, and what undoing it takes. */
export interface StageRule {
  readonly allowed: boolean;
  /** Why not, when not allowed. */
  readonly refusal?: string;
  /** The compensation steps, in the order to run them. */
  readonly compensation: readonly CompensationAction[];
}

function compensationFor(status: OrderStatus): CompensationAction[] {
  const actions: CompensationAction[] = [];
  if (status === 'in_review' || status === 'awaiting_design_approval' || status === 'design_revision') actions.push('withdraw-pending-approvals');
  if (status === 'procuring' || status === 'building' || status === 'in_qc' || status === 'rework') {
    // Cancel POs first, so no new goods arrive to be reserved after the release.
    actions.push('cancel-open-purchase-orders', 'release-reservations');
  }
  if (status === 'building' || status === 'in_qc' || status === 'rework') actions.push('scrap-work-in-progress');
  return actions;
}

/**
 * Cancellation rule for a status: allowed until the order has shipped; compensation releases stock
 * reservations and cancels open purchase orders once procurement began, withdraws pending approval
 * requests, scraps work in progress once the build began, and stops the workflow.
 */
export function cancellationRule(status: OrderStatus): StageRule {
  if (!canTransition(status, 'cancelled')) {
    return { allowed: false, refusal: isTerminal(status) ? `the order is already ${status}` : 'the order has shipped', compensation: [] };
  }
  return { allowed: true, compensation: [...compensationFor(status), 'stop-workflow'] };
}

/**
 * Specification-change rule for a status: allowed until the build starts; the order goes back to
 * review (and design approval), pending approvals are withdrawn and, once procurement began,
 * open purchase orders are cancelled and reservations released (the new BOM is re-planned).
 */
export function specificationChangeRule(status: OrderStatus): StageRule {
  if (!BEFORE_BUILD.has(status) || !(status === 'in_review' || canTransition(status, 'in_review'))) {
    return { allowed: false, refusal: isTerminal(status) ? `the order is already ${status}` : 'the build has started', compensation: [] };
  }
  return { allowed: true, compensation: [...compensationFor(status), 'restart-from-review'] };
}

/** Every status reachable from `received` by legal transitions (for checks and diagrams). */
export function reachableStatuses(from: OrderStatus = 'received'): ReadonlySet<OrderStatus> {
  const seen = new Set<OrderStatus>([from]);
  const queue: OrderStatus[] = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const to of ORDER_TRANSITIONS[next]) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

/** The table as a Mermaid state diagram (for docs; generated, so it cannot drift). */
export function lifecycleMermaid(): string {
  const lines = ['stateDiagram-v2', '  [*] --> received'];
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_TRANSITIONS[from]) lines.push(`  ${from} --> ${to}`);
    if (isTerminal(from)) lines.push(`  ${from} --> [*]`);
  }
  return lines.join('\n');
}
