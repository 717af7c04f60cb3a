/**
 * Use cases of the procurement machine: reserve stock and plan POs per supplier, send each PO and
 * wait, record acknowledgement and delivery, re-source to an alternate supplier, escalate to a buyer.
 *
 * A PO reaches its supplier twice over: by email (SupplierGateway) and as `PurchaseOrderPlaced` on
 * the event bus, whose detail carries everything a supplier's system needs (lines, prices, the
 * reply deadline); a rule per supplier (API destination) delivers it there (docs/events.md).
 * PO status changes follow the domain's PO table (`transitionPurchaseOrder`).
 */
import { addWorkingHours } from '../domain/calendar/business-calendar';
import type { BusinessCalendar } from '../domain/calendar/business-calendar.types';
import type { Catalog, Component } from '../domain/catalog/catalog.types';
import type { Order } from '../domain/order/order.types';
import { createEvent, type OrderEvent } from '../domain/events/order-events';
import { IllegalPurchaseOrderTransitionError, purchaseOrderTotalCents, transitionPurchaseOrder } from '../domain/procurement/procurement-planning';
import type { PurchaseOrder, PurchaseOrderLine } from '../domain/procurement/purchase-order.types';
import { InsufficientStockError, ReservationAlreadyExistsError } from '../ports/data-errors';
import type { EmailSender, SupplierGateway } from '../ports/notifier';
import type { PurchaseOrderRepository } from '../ports/purchase-order-repository';
import type { StockRepository } from '../ports/stock-repository';
import { openWait, type WaitDeps } from './callback-waits';
import { InvalidStepInputError } from './lifecycle-errors';
import { allPages } from '../ports/pagination';
import { commitOrderChange, eventContextOf, requireOrder, requirePo, updatePurchaseOrder, type StageDeps } from './step-support';

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

const lineDetails = (lines: readonly PurchaseOrderLine[]) => lines.map((line) => ({ componentId: line.componentId, quantity: line.quantity, unit: line.unit, unitCostCents: line.unitCostCents }));
const supplierActor = (catalog: Catalog, supplierId: string) => {
  const name = catalog.suppliers.find((supplier) => supplier.supplierId === supplierId)?.name;
  return { kind: 'supplier' as const, id: supplierId, ...(name === undefined ? {} : { displayName: name }) };
};

/**
 * The id of the first PO to one supplier in a procurement round: `<orderId>-r<round>-<supplierId>-a0`,
 * with `-d<revision>` after the order id from the second design revision on. A specification change
 * cancels the POs and runs procurement again; without the revision its new POs would get the
 * cancelled ones' ids, and creating them (idempotent, for a retried step) would find those instead.
 * The first revision keeps the short form: the ids POs had before the revision was added.
 */
export function purchaseOrderId(order: Pick<Order, 'orderId' | 'designRevision'>, round: number, supplierId: string): string {
  const revision = order.designRevision > 1 ? `-d${order.designRevision}` : '';
  return `${order.orderId}${revision}-r${round}-${supplierId}-a0`;
}

/** Reserves what stock allows (first round) and plans one PO per preferred supplier for the shortfall. */
export function createReserveStock(deps: ProcurementDeps) {
  return async ({ orderId, at, round }: { orderId: string; at: string; round: number }): Promise<{ purchaseOrders: PlannedPurchaseOrder[] }> => {
    const catalog = await deps.catalog();
    const order = await requireOrder(deps.orders, orderId);
    // Stock first, then what this order holds already: a retry of the step counts its first attempt's
    // reservations as available to it (or it would buy what it holds). In this order, a duplicate run
    // reserving meanwhile makes this one count too much, which reserving finds out, never too little.
    const levels = await deps.stock.getMany(order.requirements.map((requirement) => requirement.componentId));
    const held = round === 1 ? await deps.stock.listReservations(orderId) : [];
    const shortfalls = new Map<string, PurchaseOrderLine[]>();
    const reservations: Array<{ componentId: string; quantity: number }> = [];
    // What to reserve of each requirement (requirements are per component, aggregated by intake).
    // After a scrap the first round's reservations were consumed: everything is bought again.
    const plan = order.requirements.map((requirement) => {
      if (round !== 1) return { requirement, reserve: 0 };
      const level = levels.find((candidate) => candidate.componentId === requirement.componentId);
      const own = held.find((reservation) => reservation.componentId === requirement.componentId)?.quantity ?? 0;
      const available = level === undefined ? 0 : Math.max(0, level.onHand - level.reserved + own);
      return { requirement, reserve: Math.min(available, requirement.quantity) };
    });
    // Usually all of them in one write; one by one when that is refused (another order took some
    // stock since it was read, or a retry finds its first attempt's reservations), to learn each.
    const planned = plan.filter(({ reserve }) => reserve > 0).map(({ requirement, reserve }) => ({ orderId, componentId: requirement.componentId, quantity: reserve, reservedAt: at }));
    const reservedAtOnce = (await deps.stock.reserveAll(planned)) === 'done';
    for (const { requirement, reserve } of plan) {
      let reserved = reservedAtOnce ? reserve : 0;
      if (reserve > 0 && !reservedAtOnce) {
        try {
          await deps.stock.reserve({ orderId, componentId: requirement.componentId, quantity: reserve, reservedAt: at });
          reserved = reserve;
        } catch (error) {
          if (error instanceof ReservationAlreadyExistsError) reserved = error.existingQuantity;
          else if (!(error instanceof InsufficientStockError)) throw error;
        }
      }
      if (reserved > 0) reservations.push({ componentId: requirement.componentId, quantity: reserved });
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
      const poId = purchaseOrderId(order, round, supplierId);
      await deps.purchaseOrders.create({ poId, orderId, supplierId, lines, status: 'draft', createdAt: at, updatedAt: at, sourcingAttempt: 0, version: 1 });
      purchaseOrders.push({ poId, supplierId, ackTimeoutSeconds: ackTimeout(deps, at) });
    }
    if (reservations.length > 0) {
      await commitOrderChange(deps, orderId, { at, tag: `reserve-${round}` }, (current) => ({ events: [createEvent('StockReserved', eventContextOf(current, at), { reservations })] }), order);
    }
    return { purchaseOrders };
  };
}

export interface PurchaseOrderWaitDeps extends ProcurementDeps, WaitDeps {
  readonly suppliers: SupplierGateway;
}

/**
 * Sends the PO and waits for the acknowledgement: the callback first (so an instant answer finds
 * it), then the email (once) and `PurchaseOrderPlaced` on the bus for the supplier's system.
 */
export function createSendPurchaseOrder(deps: PurchaseOrderWaitDeps) {
  return async ({ orderId, at, poId, taskToken, attempt }: { orderId: string; at: string; poId: string; taskToken: string; attempt?: number | undefined }): Promise<{ callbackId: string }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    // Cancelled by the order's compensation (a cancellation or a specification change) while this
    // step's invocation was under way: the supplier must not get it. Checked again just before the
    // email; a compensation in the few milliseconds after that check is not excluded.
    if (po.status === 'cancelled') throw new IllegalPurchaseOrderTransitionError(poId, po.status, 'sent');
    const catalog = await deps.catalog();
    const now = deps.clock();
    const respondBy = addWorkingHours(deps.calendar, now, deps.supplierAckWorkingHours);
    const callbackId = await openWait(deps, {
      purpose: 'purchase-order',
      orderId,
      subjectId: poId,
      taskToken,
      at,
      attempt,
      ttlSeconds: secondsUntil(now, respondBy),
      notify: async (id) => {
        const current = await requirePo(deps.purchaseOrders, poId);
        if (current.status === 'cancelled') throw new IllegalPurchaseOrderTransitionError(poId, current.status, 'sent');
        await deps.suppliers.send({ type: 'purchase-order.created', poId, orderId, supplierId: po.supplierId, callbackId: id, lines: po.lines, respondBy });
      },
      record: async () => {
        if (po.status === 'draft') await deps.purchaseOrders.update(transitionPurchaseOrder(po, 'sent', at), po.version);
        const supplier = supplierActor(catalog, po.supplierId);
        await commitOrderChange(deps, orderId, { at, tag: `po-${poId}-placed` }, (order) => ({
          events: [
            createEvent('PurchaseOrderPlaced', eventContextOf(order, at), {
              poId,
              supplierId: po.supplierId,
              supplierName: supplier.displayName ?? po.supplierId,
              lineCount: po.lines.length,
              totalCents: purchaseOrderTotalCents(po),
              currency: catalog.currency,
              sourcingAttempt: po.sourcingAttempt,
              lines: lineDetails(po.lines),
              respondBy,
            }),
          ],
        }));
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

/** Working hours of grace after the confirmed date before a silent delivery counts as missed. */
const DELIVERY_GRACE_WORKING_HOURS = 24;

/**
 * Records the supplier's confirmed date (sent -> acknowledged) and checks the schedule against it
 * at once: a late confirmation puts the order at risk now, not when the date is missed.
 */
export function createRecordPoAcknowledgement(deps: ProcurementDeps & { readonly checkSchedule: (orderId: string, at: string, tag: string, known?: Order) => Promise<unknown> }) {
  return async ({ orderId, at, poId, ack }: { orderId: string; at: string; poId: string; ack: Acknowledgement }): Promise<{ deliveryTimeoutSeconds: number }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const catalog = await deps.catalog();
    const confirmed = ack.confirmedDeliveryDate;
    if (confirmed === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(confirmed)) throw new InvalidStepInputError('ack.confirmedDeliveryDate', 'must be a YYYY-MM-DD date');
    await updatePurchaseOrder(deps.purchaseOrders, po, (current) => {
      if (current.status !== 'sent') return undefined;
      const acknowledged = transitionPurchaseOrder(current, 'acknowledged', at, { confirmedDeliveryDate: confirmed });
      // Shipped before this ran (its timeline entry was written when it came): shipped now.
      const { earlyShipment, ...rest } = acknowledged;
      return earlyShipment === undefined ? acknowledged : transitionPurchaseOrder(rest, 'shipped', at, { trackingNumber: earlyShipment.trackingNumber });
    });
    const { order } = await commitOrderChange(deps, orderId, { at, tag: `po-${poId}-ack` }, (current) => ({
      events: [createEvent('PurchaseOrderAcknowledged', eventContextOf(current, at, supplierActor(catalog, po.supplierId)), { poId, supplierId: po.supplierId, confirmedDeliveryDate: confirmed })],
    }));
    // The order as just read (an events-only write leaves it as it was).
    await deps.checkSchedule(orderId, at, `po-${poId}-schedule`, order);
    const deadline = addWorkingHours(deps.calendar, `${confirmed}T00:00:00.000Z`, DELIVERY_GRACE_WORKING_HOURS);
    return { deliveryTimeoutSeconds: secondsUntil(deps.clock(), deadline) };
  };
}

/** Waits for the delivery; an email gives the supplier the reference to report it with. */
export function createAwaitPoDelivery(deps: PurchaseOrderWaitDeps) {
  return async ({ orderId, at, poId, taskToken, attempt }: { orderId: string; at: string; poId: string; taskToken: string; attempt?: number | undefined }): Promise<{ callbackId: string }> => {
    // Read after the wait is open: a delivery reported before it opened is kept on the PO.
    let po: PurchaseOrder | undefined;
    const callbackId = await openWait(deps, {
      purpose: 'purchase-order',
      orderId,
      subjectId: poId,
      taskToken,
      at,
      attempt,
      ttlSeconds: 90 * 24 * 3600,
      earlyAnswer: async () => {
        po = await requirePo(deps.purchaseOrders, poId);
        const early = po.earlyDelivery;
        return early === undefined ? undefined : { outcome: 'delivered', lotNumbers: early.lotNumbers, deliveredAt: early.deliveredAt };
      },
      notify: async (id) => {
        po ??= await requirePo(deps.purchaseOrders, poId);
        await deps.suppliers.send({ type: 'purchase-order.created', poId, orderId, supplierId: po.supplierId, callbackId: id, lines: po.lines, reason: 'Acknowledged: report shipment and delivery with this reference.' });
      },
    });
    return { callbackId };
  };
}

export interface Delivery {
  readonly lotNumbers?: Readonly<Record<string, readonly string[]>>;
  readonly deliveredAt?: string;
}

/** Books the goods into stock (once per PO line) with their lot numbers; the PO is delivered. */
export function createRecordPoDelivery(deps: ProcurementDeps) {
  return async ({ orderId, at, poId, delivery }: { orderId: string; at: string; poId: string; delivery: Delivery }): Promise<{ delivered: true }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const catalog = await deps.catalog();
    const lines = po.lines.map((line) => ({ ...line, lotNumbers: [...(delivery.lotNumbers?.[line.componentId] ?? line.lotNumbers ?? [])] }));
    // Receipts are idempotent per receipt id: a retry books nothing twice (one by one, as the
    // all-at-once write refuses a retry whose first attempt booked some).
    const receipts = lines.map((line) => ({ componentId: line.componentId, quantity: line.quantity, receiptId: `${poId}#${line.componentId}` }));
    if ((await deps.stock.receiveAll(receipts)) === 'refused') {
      for (const receipt of receipts) await deps.stock.receive(receipt.componentId, receipt.quantity, receipt.receiptId);
    }
    // A buyer filled a PO its suppliers rejected: the PO keeps its status, the goods are in.
    // The kept early answers are spent: a delivered PO looks the same whatever order its answers came in.
    await updatePurchaseOrder(deps.purchaseOrders, po, (current) => {
      if (current.status !== 'acknowledged' && current.status !== 'shipped') return undefined;
      const { earlyDelivery: _delivery, earlyShipment, ...rest } = current;
      const trackingNumber = rest.trackingNumber ?? earlyShipment?.trackingNumber;
      return transitionPurchaseOrder(rest, 'delivered', at, { lines, ...(trackingNumber === undefined ? {} : { trackingNumber }) });
    });
    await commitOrderChange(deps, orderId, { at, tag: `po-${poId}-delivered` }, (order) => ({
      events: [
        createEvent('PurchaseOrderDelivered', eventContextOf(order, at, supplierActor(catalog, po.supplierId)), {
          poId,
          supplierId: po.supplierId,
          lots: lines.map((line) => ({ componentId: line.componentId, lotNumbers: line.lotNumbers })),
        }),
      ],
    }));
    return { delivered: true };
  };
}

/** Closes the rejected or silent PO and opens one with the next alternate supplier of its components. */
export function createResourcePurchaseOrder(deps: ProcurementDeps) {
  return async ({ orderId, at, poId, ack }: { orderId: string; at: string; poId: string; ack: unknown }): Promise<{ outcome: 'resourced' | 'exhausted'; po: PlannedPurchaseOrder | null }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const catalog = await deps.catalog();
    const timedOut = typeof ack === 'object' && ack !== null && 'Error' in ack;
    const reason = timedOut ? 'no answer in time' : ((ack as Acknowledgement | null)?.reason ?? 'rejected by the supplier');
    if (po.status === 'sent' || (po.status === 'acknowledged' && timedOut)) {
      await deps.purchaseOrders.update(transitionPurchaseOrder(po, timedOut ? 'timed_out' : 'rejected', at, { rejectionReason: reason }), po.version);
    }
    // The next supplier after this one, for every line; one alternate must serve all lines.
    const alternates = po.lines.map((line) => {
      const sources = componentOf(catalog, line.componentId).sources;
      const index = sources.findIndex((source) => source.supplierId === po.supplierId);
      return sources[index + 1];
    });
    const alternate = alternates[0];
    const resourced = alternate !== undefined && alternates.every((candidate) => candidate?.supplierId === alternate.supplierId);
    const attempt = po.sourcingAttempt + 1;
    const newPoId = `${po.poId.replace(/-a\d+$/, '')}-a${attempt}`;
    if (resourced) {
      await deps.purchaseOrders.create({
        poId: newPoId,
        orderId,
        supplierId: alternate.supplierId,
        lines: po.lines.map((line) => ({ ...line, unitCostCents: alternate.unitCostCents })),
        status: 'draft',
        createdAt: at,
        updatedAt: at,
        sourcingAttempt: attempt,
        version: 1,
      });
    }
    await commitOrderChange(deps, orderId, { at, tag: `po-${poId}-resource` }, (order) => {
      const events: OrderEvent[] = [
        createEvent('PurchaseOrderRejected', eventContextOf(order, at, supplierActor(catalog, po.supplierId), reason), { poId, supplierId: po.supplierId, rejectionReason: reason, ...(timedOut ? { timedOut } : {}) }),
      ];
      if (resourced) {
        events.push(createEvent('PurchaseOrderResourced', eventContextOf(order, at), { fromPoId: poId, fromSupplierId: po.supplierId, toPoIds: [newPoId], toSupplierIds: [alternate.supplierId] }));
      }
      return { events };
    });
    return resourced ? { outcome: 'resourced', po: { poId: newPoId, supplierId: alternate.supplierId, ackTimeoutSeconds: ackTimeout(deps, deps.clock()) } } : { outcome: 'exhausted', po: null };
  };
}

/** No supplier left: a buyer takes the PO over (email with the reference) and reports the delivery. */
export function createEscalateToBuyer(deps: PurchaseOrderWaitDeps & { readonly email: EmailSender; readonly buyers: readonly string[] }) {
  return async ({ orderId, at, poId, taskToken, attempt }: { orderId: string; at: string; poId: string; taskToken: string; attempt?: number | undefined }): Promise<{ callbackId: string }> => {
    const po = await requirePo(deps.purchaseOrders, poId);
    const callbackId = await openWait(deps, {
      purpose: 'purchase-order',
      orderId,
      subjectId: poId,
      taskToken,
      at,
      attempt,
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
      },
      record: async () => {
        await commitOrderChange(deps, orderId, { at, tag: `po-${poId}-escalated` }, (order) => ({
          events: [createEvent('ProcurementEscalated', eventContextOf(order, at), { poId, components: po.lines.map((line) => ({ componentId: line.componentId, quantity: line.quantity, unit: line.unit })) })],
        }));
      },
    });
    return { callbackId };
  };
}

/** Every PO of the round is delivered: the materials are in. */
export function createConfirmMaterialsReady(deps: StageDeps & { readonly purchaseOrders: PurchaseOrderRepository }) {
  return async ({ orderId, at }: { orderId: string; at: string }): Promise<{ ready: true }> => {
    const delivered = (await allPages((page) => deps.purchaseOrders.listByOrder(orderId, page))).filter((po) => po.status === 'delivered').length;
    await commitOrderChange(deps, orderId, { at, tag: 'materials-ready' }, (order) => ({ events: [createEvent('MaterialsReady', eventContextOf(order, at), { purchaseOrdersDelivered: delivered })] }));
    return { ready: true };
  };
}
