/**
 * The waits on the shop floor, QC and the carrier: each opens a callback (the door finds it from the
 * order) and announces the work on the event bus, where the shop-floor system, the QC station and
 * the carrier integration subscribe with rules. Releasing the first production order starts the
 * build (procuring -> building, the domain's `startBuild`).
 */
import type { Catalog } from '../domain/catalog/catalog.types';
import { createEvent } from '../domain/events/order-events';
import { recordShipment, startBuild } from '../domain/order/order-transitions';
import type { Order } from '../domain/order/order.types';
import { productOf } from '../domain/planning/bom-explosion';
import { planOperations } from '../domain/planning/routing';
import { openWait, type WaitDeps } from './callback-waits';
import { InvalidStepInputError } from './lifecycle-errors';
import { productionOrderIdOf } from './lifecycle-steps';
import { commitOrderChange, eventContextOf, requireOrder, stepContext, type StageDeps } from './step-support';

export type ProductionRound = 'release' | 'rework' | 'silent';

export interface ProductionWaitDeps extends StageDeps, WaitDeps {
  readonly catalog: () => Promise<Catalog>;
  /** The build wait's HeartbeatSeconds, in minutes (for the silence alert). */
  readonly shopFloorHeartbeatMinutes: number;
}

function operationsOf(order: Order, catalog: Catalog) {
  return planOperations(order.lines, catalog).map((operation) => ({
    lineId: order.lines[operation.lineIndex]?.lineId ?? `L${operation.lineIndex + 1}`,
    operationId: operation.operationId,
    name: operation.name,
    workCenterId: operation.workCenterId,
    hours: operation.hours,
  }));
}

/**
 * Releases the production order (first build: procuring -> building; rework: the order is in rework
 * already) and waits for the shop floor, whose progress reports are heartbeats. After a silence the
 * wait opens again with an alert and no status change.
 */
export function createAwaitProduction(deps: ProductionWaitDeps) {
  return async ({ orderId, at, round, taskToken, attempt }: { orderId: string; at: string; round: ProductionRound; taskToken: string; attempt?: number | undefined }): Promise<{ callbackId: string; productionOrderId: string }> => {
    const catalog = await deps.catalog();
    const order = await requireOrder(deps.orders, orderId);
    const productionOrderId = productionOrderIdOf(order);
    const callbackId = await openWait(deps, {
      purpose: 'production',
      orderId,
      subjectId: productionOrderId,
      taskToken,
      at,
      attempt,
      ttlSeconds: 60 * 24 * 3600,
      record: async () => {
        await commitOrderChange(deps, orderId, { at, tag: `production-${round}` }, (current) => {
          if (round === 'silent') {
            return { events: [createEvent('ShopFloorSilent', eventContextOf(current, at), { productionOrderId, silentForMinutes: deps.shopFloorHeartbeatMinutes })] };
          }
          const released = (order: Order) =>
            createEvent('ProductionReleased', eventContextOf(order, at), { productionOrderId, round: round === 'release' ? 'build' : 'rework', operations: operationsOf(order, catalog) });
          if (round === 'rework' || current.status === 'building') return { events: [released(current)] };
          const started = startBuild(current, stepContext(at), productionOrderId);
          return { order: started.order, events: [...started.events, released(started.order)] };
        }, order);
      },
    });
    return { callbackId, productionOrderId };
  };
}

/** Asks QC to inspect against each line's checklist and waits for the result. */
export function createAwaitInspection(deps: StageDeps & WaitDeps & { readonly catalog: () => Promise<Catalog> }) {
  return async ({ orderId, at, taskToken, attempt }: { orderId: string; at: string; taskToken: string; attempt?: number | undefined }): Promise<{ callbackId: string; inspectionId: string }> => {
    const catalog = await deps.catalog();
    const order = await requireOrder(deps.orders, orderId);
    const inspectionId = `${productionOrderIdOf(order)}-inspection`;
    const checklist = order.lines.flatMap((line) =>
      productOf(catalog, line.productId).qcChecklist.map((check) => ({ lineId: line.lineId, productId: line.productId, checkId: check.checkId, description: check.description })),
    );
    const callbackId = await openWait(deps, {
      purpose: 'inspection',
      orderId,
      subjectId: inspectionId,
      taskToken,
      at,
      attempt,
      ttlSeconds: 10 * 24 * 3600,
      record: async () => {
        await commitOrderChange(deps, orderId, { at, tag: 'inspection' }, (current) => ({ events: [createEvent('InspectionRequested', eventContextOf(current, at), { inspectionId, checklist })] }), order);
      },
    });
    return { callbackId, inspectionId };
  };
}

export interface ShipmentState {
  readonly trackingNumber?: string | null | undefined;
  readonly carrier?: string | undefined;
}

/**
 * Booking: asks the carrier integration for a shipment and waits for its tracking number.
 * Delivery: records the booked shipment (carrier, tracking number) and waits for the delivery.
 */
export function createAwaitShipment(deps: StageDeps & WaitDeps) {
  return async ({ orderId, at, round, shipment, taskToken, attempt }: { orderId: string; at: string; round: 'booking' | 'delivery'; shipment: ShipmentState; taskToken: string; attempt?: number | undefined }): Promise<{ callbackId: string }> => {
    const shipmentId = `${orderId}-shipment`;
    if (round === 'delivery' && (shipment.trackingNumber === null || shipment.trackingNumber === undefined || shipment.trackingNumber.trim() === '')) {
      throw new InvalidStepInputError('shipment.trackingNumber', 'is required once the carrier booked the shipment');
    }
    const callbackId = await openWait(deps, {
      purpose: 'shipment',
      orderId,
      subjectId: `${shipmentId}-${round}`,
      taskToken,
      at,
      attempt,
      ttlSeconds: 30 * 24 * 3600,
      record: async () => {
        await commitOrderChange(deps, orderId, { at, tag: `shipment-${round}` }, (current) => {
          if (round === 'booking') {
            return {
              events: [
                createEvent('ShipmentRequested', eventContextOf(current, at), {
                  shipmentId,
                  customerName: current.customer.name,
                  lines: current.lines.map((line) => ({ lineId: line.lineId, productId: line.productId, quantity: line.quantity })),
                }),
              ],
            };
          }
          const carrier = shipment.carrier ?? 'carrier';
          if (current.shipment?.trackingNumber === shipment.trackingNumber) return undefined;
          return recordShipment(current, stepContext(at, { kind: 'carrier', id: carrier }), { carrier, trackingNumber: shipment.trackingNumber ?? '' });
        });
      },
    });
    return { callbackId };
  };
}
