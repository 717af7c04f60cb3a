/**
 * Use cases of the procurement machine: reserve stock and plan POs per supplier, send each PO and
 * wait, record acknowledgement and delivery, re-source to an alternate supplier, escalate to a buyer.
 */
import { addWorkingHours } from '../domain/calendar/business-calendar';
import type { BusinessCalendar } from '../domain/calendar/business-calendar.types';
import type { Catalog, Component } from '../domain/catalog/catalog.types';
import type { PurchaseOrder, PurchaseOrderLine } from '../domain/procurement/purchase-order.types';
import { InsufficientStockError, PurchaseOrderNotFoundError, ReservationAlreadyExistsError } from '../ports/data-errors';
import type { EmailSender, SupplierGateway } from '../ports/notifier';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import type { StockRepository } from '../ports/stock-repository';
import { openWait, type WaitDeps } from './callback-waits';
import { InvalidStepInputError } from './lifecycle-errors';
import { changeStage, orderEvent, requireOrder, type StageDeps } from './step-support';

export interface ProcurementDeps extends StageDeps {
  readonly purchaseOrders: PurchaseOrderRepository;
  readonly stock: StockRepository;
  readonly catalog: () => Promise<Catalog>;
  readonly calendar: BusinessCalendar;
  /** Working hours a supplier has to acknowledge. */
  readonly supplierAckWorkingHours: number;
}

/** One PO as the Map iterates it. */
export interface PlannedPurchaseOrder {
  readonly poId: string;
  readonly supplierId: string;
  readonly ackTimeoutSeconds: number;
}

const secondsUntil = (from: string, to: string): number => Math.max(60, Math.ceil((Date.parse(to) - Date.parse(from)) / 1000));

function componentOf(catalog: Catalog, componentId: string): Component {
  const component = catalog.components.find((candidate) => candidate.componentId === componentId);
  if (component === undefined) throw new InvalidStepInputError(`component ${componentId}`, 'is not in the catalog');
  return component;
}

function ackTimeout(deps: ProcurementDeps, now: string): number {
  return secondsUntil(now, addWorkingHours(deps.calendar, now, deps.supplierAckWorkingHours));
}

/** Reserves what stock allows and plans one PO per preferred supplier for the shortfall. */
export function createReserveStock(deps: ProcurementDeps) {
  return async ({ orderId, round }: { orderId: string; round: number }): Promise<{ purchaseOrders: PlannedPurchaseOrder[] }> => {
    const order = await requireOrder(deps.orders, orderId);
    const catalog = await deps.catalog();
    const now = deps.clock();
    const levels = await deps.stock.getMany(order.requirements.map((requirement) => requirement.componentId));
    const shortfalls = new Map<string, PurchaseOrderLine[]>();
    for (const requirement of order.requirements) {
      const level = levels.find((candidate) => candidate.componentId === requirement.componentId);
      const available = level === undefined ? 0 : Math.max(0, level.onHand - level.reserved);
      const reserve = round === 1 ? Math.min(available, requirement.quantity) : 0;
      let reserved = 0;
      if (reserve > 0) {
        try {
          await deps.stock.reserve({ orderId, componentId: requirement.componentId, quantity: reserve, reservedAt: now });
          reserved = reserve;
        } catch (error) {
          if (error instanceof ReservationAlreadyExistsError) reserved = error.existingQuantity;
          else if (!(error instanceof InsufficientStockError)) throw error;
        }
      }
      const missing = requirement.quantity - reserved;
      if (missing <= 0) continue;
      const component = componentOf(catalog, requirement.componentId);
      const source = component.sources[0];
      if (source === undefined) throw new InvalidStepInputError(`component ${component.componentId}`, 'has no supplier');
      const lines = shortfalls.get(source.supplierId) ?? [];
      lines.push({ componentId: component.componentId, quantity: Math.max(missing, source.minimumOrderQuantity ?? 0), unit: component.unit, unitCostCents: source.unitCostCents });
      shortfalls.set(source.supplierId, lines);
    }
    const purchaseOrders: PlannedPurchaseOrder[] = [];
    for (const [supplierId, lines] of shortfalls) {
      const poId = `${orderId}-r${round}-${supplierId}-a0`;
      await deps.purchaseOrders.create({ poId, orderId, supplierId, lines, status: 'draft', createdAt: now, updatedAt: now, sourcingAttempt: 0, version: 1 });
      purchaseOrders.push({ poId, supplierId, ackTimeoutSeconds: ackTimeout(deps, now) });
    }
    if (order.status !== 'procuring') {
      await changeStage(deps, orderId, {
        to: 'procuring',
        type: 'ProcurementStarted',
        occurrence: String(round),
        summary: purchaseOrders.length === 0 ? 'Every component reserved from stock' : `Stock reserved; ${purchaseOrders.length} purchase order(s) to ${[...shortfalls.keys()].join(', ')}`,
        data: { purchaseOrders: purchaseOrders.map((po) => po.poId) },
      });
    }
    return { purchaseOrders };
  };
}

async function requirePo(repository: PurchaseOrderRepository, poId: string): Promise<PurchaseOrder> {
  const po = await repository.get(poId);
  if (po === undefined) throw new PurchaseOrderNotFoundError(poId);
  return po;
}

export interface PurchaseOrderWaitDeps extends ProcurementDeps, WaitDeps {
  readonly suppliers: SupplierGateway;
}

/** Sends the PO (with the callback id the supplier quotes back) and waits for acknowledgement. */
export function createSendPurchaseOrder(deps: PurchaseOrderWaitDeps) {
  return async ({ orderId, poId, taskToken }: { orderId: string; poId: string; taskToken: string }): Promise<{ callbackId: string }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const now = deps.clock();
    const respondBy = addWorkingHours(deps.calendar, now, deps.supplierAckWorkingHours);
    const callbackId = await openWait(deps, {
      purpose: 'purchase-order',
      orderId,
      subjectId: poId,
      taskToken,
      ttlSeconds: secondsUntil(now, respondBy),
      notify: async (id) => {
        await deps.suppliers.send({ type: 'purchase-order.created', poId, orderId, supplierId: po.supplierId, callbackId: id, lines: po.lines, respondBy });
        if (po.status === 'draft') await deps.purchaseOrders.update({ ...po, status: 'sent', updatedAt: now }, po.version);
        const order = await requireOrder(deps.orders, orderId);
        await deps.events.publish([orderEvent(order, 'PurchaseOrderSent', poId, now, { poId, supplierId: po.supplierId, respondBy })]);
      },
    });
    return { callbackId };
  };
}

export interface Acknowledgement {
  readonly outcome: 'acknowledged' | 'rejected';
  readonly confirmedDeliveryDate?: string;
  readonly reason?: string;
}

/** Days of grace after the confirmed date before a silent delivery counts as missed. */
const DELIVERY_GRACE_WORKING_HOURS = 24;

export function createRecordPoAcknowledgement(deps: ProcurementDeps) {
  return async ({ orderId, poId, ack }: { orderId: string; poId: string; ack: Acknowledgement }): Promise<{ deliveryTimeoutSeconds: number }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const now = deps.clock();
    const confirmed = ack.confirmedDeliveryDate;
    if (confirmed === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(confirmed)) throw new InvalidStepInputError('ack.confirmedDeliveryDate', 'must be a YYYY-MM-DD date');
    if (po.status !== 'acknowledged') await deps.purchaseOrders.update({ ...po, status: 'acknowledged', confirmedDeliveryDate: confirmed, updatedAt: now }, po.version);
    const order = await requireOrder(deps.orders, orderId);
    await deps.orders.appendTimeline(orderId, [
      { orderId, at: now, entryId: `${now}#PurchaseOrderAcknowledged#${poId}`, type: 'PurchaseOrderAcknowledged', actor: { kind: 'supplier', id: po.supplierId }, summary: `${po.supplierId} confirmed PO ${poId} for ${confirmed}`, data: { poId, confirmedDeliveryDate: confirmed } },
    ]);
    await deps.events.publish([orderEvent(order, 'PurchaseOrderAcknowledged', poId, now, { poId, supplierId: po.supplierId, confirmedDeliveryDate: confirmed })]);
    const deadline = addWorkingHours(deps.calendar, `${confirmed}T00:00:00.000Z`, DELIVERY_GRACE_WORKING_HOURS);
    return { deliveryTimeoutSeconds: secondsUntil(now, deadline) };
  };
}

/** Waits for the delivery; the supplier gets the new reference to report it with. */
export function createAwaitPoDelivery(deps: PurchaseOrderWaitDeps) {
  return async ({ orderId, poId, taskToken }: { orderId: string; poId: string; taskToken: string }): Promise<{ callbackId: string }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const callbackId = await openWait(deps, {
      purpose: 'purchase-order',
      orderId,
      subjectId: poId,
      taskToken,
      ttlSeconds: 90 * 24 * 3600,
      notify: (id) => deps.suppliers.send({ type: 'purchase-order.created', poId, orderId, supplierId: po.supplierId, callbackId: id, lines: po.lines, reason: 'Acknowledged: report shipment and delivery with this reference.' }),
    });
    return { callbackId };
  };
}

export interface Delivery {
  readonly lotNumbers?: Readonly<Record<string, readonly string[]>>;
  readonly deliveredAt?: string;
}

export function createRecordPoDelivery(deps: ProcurementDeps) {
  return async ({ orderId, poId, delivery }: { orderId: string; poId: string; delivery: Delivery }): Promise<{ delivered: true }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const now = deps.clock();
    const lines = po.lines.map((line) => ({ ...line, lotNumbers: delivery.lotNumbers?.[line.componentId] ?? line.lotNumbers ?? [] }));
    // Receipts are idempotent per receipt id: a retry books nothing twice.
    for (const line of lines) await deps.stock.receive(line.componentId, line.quantity, `${poId}#${line.componentId}`);
    if (po.status !== 'delivered') await deps.purchaseOrders.update({ ...po, lines, status: 'delivered', updatedAt: now }, po.version);
    const order = await requireOrder(deps.orders, orderId);
    await deps.events.publish([orderEvent(order, 'PurchaseOrderDelivered', poId, now, { poId, supplierId: po.supplierId, lots: lines.map((line) => ({ componentId: line.componentId, lotNumbers: line.lotNumbers })) })]);
    return { delivered: true };
  };
}

/** Closes the rejected or silent PO and opens one with the next alternate supplier of its components. */
export function createResourcePurchaseOrder(deps: ProcurementDeps) {
  return async ({ orderId, poId, ack }: { orderId: string; poId: string; ack: unknown }): Promise<{ outcome: 'resourced' | 'exhausted'; po: PlannedPurchaseOrder | null }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const catalog = await deps.catalog();
    const now = deps.clock();
    const timedOut = typeof ack === 'object' && ack !== null && 'Error' in ack;
    const reason = timedOut ? 'no answer in time' : ((ack as Acknowledgement | null)?.reason ?? 'rejected by the supplier');
    if (po.status !== 'rejected' && po.status !== 'timed_out') {
      await deps.purchaseOrders.update({ ...po, status: timedOut ? 'timed_out' : 'rejected', rejectionReason: reason, updatedAt: now }, po.version);
    }
    // The next supplier after this one, for every line; one alternate must serve all lines.
    const alternates = po.lines.map((line) => {
      const sources = componentOf(catalog, line.componentId).sources;
      const index = sources.findIndex((source) => source.supplierId === po.supplierId);
      return sources[index + 1];
    });
    const alternate = alternates[0];
    const order = await requireOrder(deps.orders, orderId);
    if (alternate === undefined || alternates.some((candidate) => candidate?.supplierId !== alternate.supplierId)) {
      await deps.events.publish([orderEvent(order, 'PurchaseOrderSourcingExhausted', poId, now, { poId, supplierId: po.supplierId, reason })]);
      return { outcome: 'exhausted', po: null };
    }
    const attempt = po.sourcingAttempt + 1;
    const newPoId = `${po.poId.replace(/-a\d+$/, '')}-a${attempt}`;
    await deps.purchaseOrders.create({
      poId: newPoId,
      orderId,
      supplierId: alternate.supplierId,
      lines: po.lines.map((line) => ({ ...line, unitCostCents: alternate.unitCostCents })),
      status: 'draft',
      createdAt: now,
      updatedAt: now,
      sourcingAttempt: attempt,
      version: 1,
    });
    await deps.events.publish([orderEvent(order, 'PurchaseOrderResourced', newPoId, now, { poId: newPoId, previousPoId: poId, supplierId: alternate.supplierId, reason })]);
    return { outcome: 'resourced', po: { poId: newPoId, supplierId: alternate.supplierId, ackTimeoutSeconds: ackTimeout(deps, now) } };
  };
}

/** No supplier left: a buyer takes the PO over (email with the reference) and reports the delivery. */
export function createEscalateToBuyer(deps: PurchaseOrderWaitDeps & { readonly email: EmailSender; readonly buyers: readonly string[] }) {
  return async ({ orderId, poId, taskToken }: { orderId: string; poId: string; taskToken: string }): Promise<{ callbackId: string }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const callbackId = await openWait(deps, {
      purpose: 'purchase-order',
      orderId,
      subjectId: poId,
      taskToken,
      ttlSeconds: 10 * 24 * 3600,
      notify: async (id) => {
        const lines = po.lines.map((line) => `${line.quantity} ${line.unit} ${line.componentId}`).join(', ');
        await deps.email.send({
          to: deps.buyers,
          subject: `Buyer needed: purchase order ${poId} for order ${orderId}`,
          text: `No supplier could fill ${poId} (${lines}). Source it and report the delivery with reference ${id}.`,
          html: `<p>No supplier could fill <strong>${poId}</strong> (${lines}).</p><p>Source it and report the delivery with reference <code>${id}</code>.</p>`,
          tags: { orderId, poId },
        });
        const order = await requireOrder(deps.orders, orderId);
        await deps.events.publish([orderEvent(order, 'PurchaseOrderEscalated', poId, deps.clock(), { poId, buyers: deps.buyers })]);
      },
    });
    return { callbackId };
  };
}

export function createConfirmMaterialsReady(deps: StageDeps) {
  return async ({ orderId }: { orderId: string }): Promise<{ ready: true }> => {
    const order = await requireOrder(deps.orders, orderId);
    await deps.events.publish([orderEvent(order, 'MaterialsReady', String(order.version), deps.clock())]);
    return { ready: true };
  };
}
