/**
 * Procurement planning: reserve what stock covers, buy the rest from the preferred supplier
 * (one purchase order per supplier), and move a rejected purchase order to the next alternate
 * supplier, or escalate when none is left.
 */
import type { Catalog, Component, SupplierOffer } from '../catalog/catalog.types';
import type { StockLevel, StockReservation } from '../catalog/stock.types';
import type { IdGenerator } from '../common/ids';
import { checkAvailability, type ComponentAvailability } from '../planning/availability';
import { roundQuantity } from '../planning/bom-explosion';
import type { ComponentRequirement } from '../order/order.types';
import type { PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from './purchase-order.types';

/** What to do for an order's materials. */
export interface ProcurementPlan {
  /** Stock to reserve now (one per component with free stock). */
  readonly reservations: readonly StockReservation[];
  /** Draft purchase orders, one per supplier, sorted by supplier id. */
  readonly purchaseOrders: readonly PurchaseOrder[];
  /** The availability behind the plan, per requirement. */
  readonly availability: readonly ComponentAvailability[];
  /** Components with a shortfall but no supplier at all (needs a person). */
  readonly unsourced: readonly ComponentRequirement[];
}

/** A component the catalog does not know (requirements and catalog out of step). */
export class UnknownComponentError extends Error {
  readonly componentId: string;

  constructor(componentId: string) {
    super(`Unknown component '${componentId}'`);
    this.name = 'UnknownComponentError';
    this.componentId = componentId;
  }
}

function componentOf(catalog: Catalog, componentId: string): Component {
  const component = catalog.components.find((candidate) => candidate.componentId === componentId);
  if (!component) throw new UnknownComponentError(componentId);
  return component;
}

/**
 * The quantity to order from a supplier for a shortfall: whole units for discrete components, at
 * least the minimum order quantity, rounded up to the order multiple.
 */
export function purchaseQuantity(component: Component, offer: SupplierOffer, shortfall: number): number {
  let quantity = component.discrete ? Math.ceil(shortfall - 1e-9) : shortfall;
  if (offer.minimumOrderQuantity !== undefined) quantity = Math.max(quantity, offer.minimumOrderQuantity);
  if (offer.orderMultiple !== undefined && offer.orderMultiple > 0) quantity = Math.ceil(quantity / offer.orderMultiple - 1e-9) * offer.orderMultiple;
  return roundQuantity(quantity);
}

interface Need {
  readonly component: Component;
  readonly offer: SupplierOffer;
  readonly quantity: number;
}

function groupIntoPurchaseOrders(needs: readonly Need[], orderId: string, now: string, ids: IdGenerator, sourcingAttempt: number): PurchaseOrder[] {
  const bySupplier = new Map<string, PurchaseOrderLine[]>();
  for (const need of [...needs].sort((a, b) => a.component.componentId.localeCompare(b.component.componentId))) {
    const lines = bySupplier.get(need.offer.supplierId) ?? [];
    lines.push({
      componentId: need.component.componentId,
      quantity: purchaseQuantity(need.component, need.offer, need.quantity),
      unit: need.component.unit,
      unitCostCents: need.offer.unitCostCents,
    });
    bySupplier.set(need.offer.supplierId, lines);
  }
  return [...bySupplier.keys()].sort().map((supplierId) => ({
    poId: ids.newId('purchase-order'),
    orderId,
    supplierId,
    lines: bySupplier.get(supplierId) ?? [],
    status: 'draft',
    createdAt: now,
    updatedAt: now,
    sourcingAttempt,
    version: 1,
  }));
}

/**
 * Plans an order's materials: reservations for what free stock covers, draft purchase orders for
 * the shortfalls grouped by each component's preferred supplier.
 *
 * @throws {UnknownComponentError} when a requirement names a component the catalog lacks.
 */
export function planProcurement(
  orderId: string,
  requirements: readonly ComponentRequirement[],
  stock: readonly StockLevel[],
  catalog: Catalog,
  now: string,
  ids: IdGenerator,
): ProcurementPlan {
  const availability = checkAvailability(requirements, stock);
  const reservations: StockReservation[] = availability
    .filter((entry) => entry.fromStock > 0)
    .map((entry) => ({ orderId, componentId: entry.componentId, quantity: entry.fromStock, reservedAt: now }));
  const needs: Need[] = [];
  const unsourced: ComponentRequirement[] = [];
  for (const entry of availability) {
    if (entry.shortfall <= 0) continue;
    const component = componentOf(catalog, entry.componentId);
    const offer = component.sources[0];
    if (offer) needs.push({ component, offer, quantity: entry.shortfall });
    else unsourced.push({ componentId: entry.componentId, quantity: entry.shortfall, unit: entry.unit });
  }
  return { reservations, purchaseOrders: groupIntoPurchaseOrders(needs, orderId, now, ids, 0), availability, unsourced };
}

/** What to do after a supplier rejected (or never answered) a purchase order. */
export interface ResourcingPlan {
  /** New draft POs with the next alternate suppliers (sourcingAttempt + 1). */
  readonly purchaseOrders: readonly PurchaseOrder[];
  /** Lines for which no untried supplier is left: escalate to a person. */
  readonly escalations: ReadonlyArray<{ readonly componentId: string; readonly quantity: number; readonly unit: string; readonly reason: string }>;
}

/**
 * Re-sources a rejected or timed-out purchase order: each line goes to the next supplier in the
 * component's preference order that has not been tried for this order (the rejecting supplier and
 * `triedSupplierIds` are skipped); lines are regrouped per new supplier. A line with no supplier
 * left is escalated.
 */
export function resourcePurchaseOrder(rejected: PurchaseOrder, triedSupplierIds: readonly string[], catalog: Catalog, now: string, ids: IdGenerator): ResourcingPlan {
  const tried = new Set([...triedSupplierIds, rejected.supplierId]);
  const needs: Need[] = [];
  const escalations: Array<{ componentId: string; quantity: number; unit: string; reason: string }> = [];
  for (const line of rejected.lines) {
    const component = componentOf(catalog, line.componentId);
    const offer = component.sources.find((source) => !tried.has(source.supplierId));
    if (offer) needs.push({ component, offer, quantity: line.quantity });
    else {
      escalations.push({
        componentId: line.componentId,
        quantity: line.quantity,
        unit: line.unit,
        reason: `all ${component.sources.length} supplier(s) of ${component.name} tried: ${component.sources.map((source) => source.supplierId).join(', ')}`,
      });
    }
  }
  return { purchaseOrders: groupIntoPurchaseOrders(needs, rejected.orderId, now, ids, rejected.sourcingAttempt + 1), escalations };
}

/** Total value of a purchase order in cents. */
export function purchaseOrderTotalCents(po: Pick<PurchaseOrder, 'lines'>): number {
  return po.lines.reduce((total, line) => total + Math.round(line.quantity * line.unitCostCents), 0);
}

/** Every purchase-order status and where it may go. */
export const PURCHASE_ORDER_TRANSITIONS: Readonly<Record<PurchaseOrderStatus, readonly PurchaseOrderStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['acknowledged', 'rejected', 'timed_out', 'cancelled'],
  acknowledged: ['shipped', 'delivered', 'cancelled', 'timed_out'],
  shipped: ['delivered'],
  delivered: [],
  rejected: [],
  cancelled: [],
  timed_out: [],
};

/** A purchase order cannot move from its status to the requested one. */
export class IllegalPurchaseOrderTransitionError extends Error {
  readonly poId: string;
  readonly from: PurchaseOrderStatus;
  readonly to: PurchaseOrderStatus;

  constructor(poId: string, from: PurchaseOrderStatus, to: PurchaseOrderStatus) {
    super(`Purchase order ${poId} cannot go from '${from}' to '${to}'`);
    this.name = 'IllegalPurchaseOrderTransitionError';
    this.poId = poId;
    this.from = from;
    this.to = to;
  }
}

/** POs that are still open (may still deliver): what a cancellation must cancel. */
export function isOpenPurchaseOrder(po: Pick<PurchaseOrder, 'status'>): boolean {
  return PURCHASE_ORDER_TRANSITIONS[po.status].includes('cancelled');
}

/**
 * Moves a purchase order to a new status (version unchanged; the repository bumps it).
 *
 * @throws {IllegalPurchaseOrderTransitionError} when the table does not allow it.
 */
export function transitionPurchaseOrder(
  po: PurchaseOrder,
  to: PurchaseOrderStatus,
  now: string,
  patch: Partial<Pick<PurchaseOrder, 'confirmedDeliveryDate' | 'trackingNumber' | 'rejectionReason' | 'lines'>> = {},
): PurchaseOrder {
  if (!PURCHASE_ORDER_TRANSITIONS[po.status].includes(to)) throw new IllegalPurchaseOrderTransitionError(po.poId, po.status, to);
  return { ...po, ...patch, status: to, updatedAt: now };
}
