/**
 * What the confirmation page behind an email link shows: the approval (what is being approved, for
 * which order) after the same checks a decision would face, so a person never fills in a form that
 * cannot succeed. Reading it decides nothing (mail scanners and link unfurlers prefetch links).
 */
import type { Approval } from '../domain/approval/approval.types';
import type { Order } from '../domain/order/order.types';
import type { ApprovalRepository } from '../ports/approval-repository';
import { ApprovalNotFoundError } from '../ports/data-errors';
import type { OrderRepository } from '../ports/order-repository';
import { assertDecidable } from './decide-approval';

export interface ViewApprovalDeps {
  readonly approvals: ApprovalRepository;
  readonly orders: OrderRepository;
  readonly now: () => Date;
}

export interface ApprovalView {
  readonly approval: Approval;
  /** The order it is about (undefined only if the order vanished, which should not happen). */
  readonly order: Order | undefined;
}

export function createViewApproval(deps: ViewApprovalDeps) {
  /** @throws the same errors as deciding would (404, 409, 410, 403). */
  return async function viewApproval(request: { readonly approvalId: string; readonly approver: string; readonly linkGeneration: number }): Promise<ApprovalView> {
    const approval = await deps.approvals.get(request.approvalId);
    if (!approval) {
      throw new ApprovalNotFoundError(request.approvalId);
    }
    assertDecidable(approval, request.approver, deps.now(), request.linkGeneration);
    const order = await deps.orders.get(approval.orderId);
    return { approval, order };
  };
}
