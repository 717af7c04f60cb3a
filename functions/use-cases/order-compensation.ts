/**
 * Undoing what an order's lifecycle did so far, for a cancellation or a specification change:
 * the lifecycle execution is stopped first (so it starts nothing new meanwhile), then pending
 * approvals withdrawn, open purchase orders cancelled with their suppliers, and stock reservations
 * released. Every action is idempotent, so running the compensation again (a retried cancel) only
 * does what is still left to do.
 */
import type { CompensationAction } from '../domain/events/order-events';
import type { Order } from '../domain/order/order.types';
import { isOpenPurchaseOrder } from '../domain/procurement/procurement-planning';
import type { ApprovalRepository } from '../ports/approval-repository';
import { ApprovalAlreadyDecidedError } from '../ports/data-errors';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import type { StockRepository } from '../ports/stock-repository';
import { orderExecutionName, type WorkflowGateway } from '../ports/workflow-gateway';
import { allPages } from '../ports/pagination';

export interface CompensationDeps {
  readonly workflow: WorkflowGateway;
  readonly approvals: ApprovalRepository;
  readonly purchaseOrders: PurchaseOrderRepository;
  readonly stock: StockRepository;
  /**
   * The lifecycle's own compensation (functions/use-cases/order-health-steps.ts `createCompensateOrder`):
   * releases reservations and cancels open POs with their suppliers, with `Stock.Released` and
   * `PurchaseOrder.Cancelled` on the bus and the timeline. One implementation serves a failed
   * workflow and a cancellation at the door alike.
   */
  readonly releaseAndCancel: (input: { orderId: string; at: string; reason: string }) => Promise<unknown>;
  /** The ARN of a named execution of the lifecycle, for orders stored without one. */
  readonly executionArnFor?: (executionName: string) => string;
  readonly now: () => Date;
}

/** What was done, for the response and the logs. */
export interface CompensationReport {
  readonly workflowStopped: boolean;
  readonly approvalsWithdrawn: readonly string[];
  readonly purchaseOrdersCancelled: readonly string[];
  readonly reservationsReleased: readonly string[];
}

/** Every action a cancellation may need, for re-running a compensation whose list is unknown. */
export const ALL_COMPENSATION_ACTIONS: readonly CompensationAction[] = ['stop-workflow', 'withdraw-pending-approvals', 'cancel-open-purchase-orders', 'release-reservations'];

export function createOrderCompensation(deps: CompensationDeps) {
  /** `at` (default now) is the time the POs' and the timeline's changes get: the same on a retry, it lets the retry find and report what the first attempt did. */
  return async function compensate(order: Order, actions: readonly CompensationAction[], reason: string, at = deps.now().toISOString()): Promise<CompensationReport> {
    const wanted = new Set(actions);
    let workflowStopped = false;
    if (wanted.has('stop-workflow') || wanted.has('restart-from-review')) {
      const executionArn = order.executionArn ?? deps.executionArnFor?.(orderExecutionName(order.orderId));
      if (executionArn) {
        await deps.workflow.stopExecution(executionArn, reason);
        workflowStopped = true;
      }
    }
    const approvalsWithdrawn: string[] = [];
    if (wanted.has('withdraw-pending-approvals')) {
      for (const approval of await allPages((page) => deps.approvals.listByOrder(order.orderId, page))) {
        if (approval.status !== 'pending') continue;
        try {
          await deps.approvals.revoke(approval.approvalId);
          approvalsWithdrawn.push(approval.approvalId);
        } catch (error) {
          // Decided in the meantime: nothing left to withdraw.
          if (!(error instanceof ApprovalAlreadyDecidedError)) throw error;
        }
      }
    }
    const purchaseOrdersCancelled: string[] = [];
    const reservationsReleased: string[] = [];
    if (wanted.has('cancel-open-purchase-orders') || wanted.has('release-reservations')) {
      const reserved = (await deps.stock.listReservations(order.orderId)).map((reservation) => reservation.componentId);
      const openPurchaseOrders = (await allPages((page) => deps.purchaseOrders.listByOrder(order.orderId, page))).filter(isOpenPurchaseOrder);
      // Nothing left to undo (a repeated cancel): write nothing, so a retry changes nothing.
      if (reserved.length > 0 || openPurchaseOrders.length > 0) await deps.releaseAndCancel({ orderId: order.orderId, at, reason });
      const remaining = new Set((await deps.stock.listReservations(order.orderId)).map((reservation) => reservation.componentId));
      reservationsReleased.push(...reserved.filter((componentId) => !remaining.has(componentId)));
      const wasOpen = new Set(openPurchaseOrders.map((po) => po.poId));
      for (const po of await allPages((page) => deps.purchaseOrders.listByOrder(order.orderId, page))) {
        if (wasOpen.has(po.poId) && po.status === 'cancelled') purchaseOrdersCancelled.push(po.poId);
      }
    }
    return { workflowStopped, approvalsWithdrawn, purchaseOrdersCancelled, reservationsReleased };
  };
}
