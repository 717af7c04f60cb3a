/**
 * Drives one order to the end of its life by playing every outside party through mto-flow's doors:
 * approvers (the links in the approval emails), the shop floor and QC (their IAM-signed routes), the
 * shipping desk (its route); suppliers answer by themselves (the simulator). A script says where to
 * deviate from the happy path (reject the first design, fail the first inspection, cancel while
 * procuring).
 */
import { seedCatalog } from '../../functions/domain/catalog/seed';
import { inspectionResults, type OrderLineView } from '../cli/inspection-report';
import { labourHoursToBook } from '../cli/production-report';
import { LocalApiError, type LocalClient } from '../cli/local-client';

export interface OrderScript {
  readonly rejectFirstDesign?: string;
  readonly failFirstInspection?: boolean;
  /** Cancel once the order is procuring and a purchase order is out. */
  readonly cancelWhileProcuring?: string;
}

export interface DrivenOrder {
  readonly orderId: string;
  readonly path: readonly string[];
  readonly finalStatus: string;
  readonly order: Record<string, unknown>;
  readonly seconds: number;
}

const TERMINAL = new Set(['delivered', 'cancelled', 'rejected', 'failed']);

/**
 * Calls a door; a conflict (someone decided first, the step is not waiting yet or moved on) is
 * expected while polling. Resolves true when the door accepted the call.
 */
async function tolerate(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (error instanceof LocalApiError && [404, 409, 410].includes(error.status)) return false;
    throw error;
  }
}

export async function driveOrder(client: LocalClient, orderId: string, script: OrderScript, options: { timeoutMs?: number; onStatus?: (status: string) => void } = {}): Promise<DrivenOrder> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 300_000);
  const path: string[] = [];
  let designRejected = false;
  let inspectionFailed = false;
  let cancelled = false;
  let shipmentBooked = false;
  let order: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    order = await client.getOrder(orderId);
    const status = String(order.status);
    if (path.at(-1) !== status) {
      path.push(status);
      options.onStatus?.(status);
    }
    if (TERMINAL.has(status)) return { orderId, path, finalStatus: status, order, seconds: (Date.now() - started) / 1000 };

    if (status === 'in_review' || status === 'awaiting_design_approval') {
      const link = await client.findApprovalLink({ orderId });
      if (link !== undefined) {
        if (status === 'awaiting_design_approval' && script.rejectFirstDesign !== undefined && !designRejected) {
          const answer = await client.decideByLink(link, 'reject', script.rejectFirstDesign);
          designRejected = answer.status === 200;
        } else {
          await client.decideByLink(link, 'approve');
        }
      }
    } else if (status === 'procuring' && script.cancelWhileProcuring !== undefined && !cancelled) {
      const purchaseOrders = (await client.supplierPurchaseOrders()).filter((po) => po.orderId === orderId);
      if (purchaseOrders.length > 0) {
        await client.cancelOrder(orderId, script.cancelWhileProcuring);
        cancelled = true;
      }
    } else if (status === 'building' || status === 'rework') {
      await tolerate(() =>
        client.reportProgress(orderId, {
          event: 'production-completed',
          // One report per build round; the round is the order's own rework count (a status seen by
          // polling can be missed).
          reportId: `${orderId}-build-${Number(order.reworkCount ?? 0)}`,
          reportedBy: 'demo.shop-floor',
          labourHours: labourHoursToBook(order, seedCatalog),
          consumedMaterials: ((order.requirements ?? []) as { componentId: string; quantity: number }[]).map((requirement) => ({
            componentId: requirement.componentId,
            quantity: requirement.quantity,
          })),
        }),
      );
    } else if (status === 'in_qc') {
      const outcome = script.failFirstInspection === true && !inspectionFailed ? 'fail' : 'pass';
      const accepted = await tolerate(() =>
        client.reportInspection(orderId, { reportId: `${orderId}-qc-${Number(order.reworkCount ?? 0)}`, inspector: 'demo.qc', lines: inspectionResults(order.lines as OrderLineView[], seedCatalog, outcome) }),
      );
      if (outcome === 'fail' && accepted) inspectionFailed = true;
    } else if (status === 'shipping') {
      if (!shipmentBooked) {
        shipmentBooked = await tolerate(() => client.reportShipment(orderId, { event: 'shipment-booked', reportId: `${orderId}-booked`, carrier: 'Demo Freight', trackingNumber: `DF${orderId.slice(-8).toUpperCase()}` }));
      } else {
        await tolerate(() => client.reportShipment(orderId, { event: 'delivery-confirmed', reportId: `${orderId}-delivered`, receivedBy: 'customer' }));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`order ${orderId} did not finish within the time allowed; it went ${path.join(' -> ')}`);
}
