/**
 * The waits on the shop floor, QC and the carrier: each opens a callback and announces the work on
 * the event bus (the shop-floor system, QC station and carrier integration subscribe with rules).
 */
import type { Catalog } from '../domain/catalog/catalog.types';
import { planOperations } from '../domain/planning/routing';
import { openWait, type WaitDeps } from './callback-waits';
import { changeStage, orderEvent, requireOrder, type StageDeps } from './step-support';

export type ProductionRound = 'release' | 'rework' | 'silent';

export function createAwaitProduction(deps: StageDeps & WaitDeps & { readonly catalog: () => Promise<Catalog> }) {
  return async ({ orderId, round, taskToken }: { orderId: string; round: ProductionRound; taskToken: string }): Promise<{ callbackId: string }> => {
    const order = await requireOrder(deps.orders, orderId);
    const subjectId = `${orderId}-production-${order.reworkCount}`;
    const callbackId = await openWait(deps, {
      purpose: 'production',
      orderId,
      subjectId,
      taskToken,
      ttlSeconds: 60 * 24 * 3600,
      notify: async () => {
        if (round === 'silent') {
          // No status change: the order is still building; a person should look at the shop floor.
          await deps.events.publish([orderEvent(order, 'ShopFloorSilent', `${subjectId}-${deps.clock()}`, deps.clock(), { productionOrderId: subjectId })]);
          return;
        }
        const catalog = await deps.catalog();
        const operations = planOperations(order.lines.map((line) => ({ productId: line.productId, configuration: line.configuration, quantity: line.quantity })), catalog);
        await changeStage(deps, orderId, {
          to: 'building',
          type: round === 'release' ? 'ProductionReleased' : 'ReworkStarted',
          occurrence: subjectId,
          summary: `${round === 'release' ? 'Production order' : 'Rework order'} ${subjectId} released with ${operations.length} operation(s)`,
          data: { productionOrderId: subjectId, operations: operations.map((operation) => ({ operationId: operation.operationId, workCenterId: operation.workCenterId, hours: operation.hours })) },
        });
      },
    });
    return { callbackId };
  };
}

export function createAwaitInspection(deps: StageDeps & WaitDeps & { readonly catalog: () => Promise<Catalog> }) {
  return async ({ orderId, taskToken }: { orderId: string; taskToken: string }): Promise<{ callbackId: string }> => {
    const order = await requireOrder(deps.orders, orderId);
    const catalog = await deps.catalog();
    const checklist = order.lines.flatMap((line) => catalog.products.find((product) => product.productId === line.productId)?.qcChecklist.map((check) => check.checkId) ?? []);
    const subjectId = `${orderId}-inspection-${order.reworkCount}`;
    const callbackId = await openWait(deps, {
      purpose: 'inspection',
      orderId,
      subjectId,
      taskToken,
      ttlSeconds: 10 * 24 * 3600,
      notify: async () => {
        const now = deps.clock();
        await deps.events.publish([orderEvent(order, 'InspectionRequested', subjectId, now, { inspectionId: subjectId, checklist })]);
      },
    });
    return { callbackId };
  };
}

export interface ShipmentState {
  /** Absent until the shipment is booked (the synthesized definition carries no nulls). */
  readonly trackingNumber?: string | null;
  readonly carrier?: string;
}

export function createAwaitShipment(deps: StageDeps & WaitDeps) {
  return async ({ orderId, round, shipment, taskToken }: { orderId: string; round: 'booking' | 'delivery'; shipment: ShipmentState; taskToken: string }): Promise<{ callbackId: string }> => {
    const subjectId = `${orderId}-shipment`;
    const callbackId = await openWait(deps, {
      purpose: 'shipment',
      orderId,
      subjectId: `${subjectId}-${round}`,
      taskToken,
      ttlSeconds: 30 * 24 * 3600,
      notify: async () => {
        if (round === 'booking') {
          const order = await requireOrder(deps.orders, orderId);
          await deps.events.publish([orderEvent(order, 'ShipmentRequested', subjectId, deps.clock(), { shipmentId: subjectId, address: order.customer.name })]);
          return;
        }
        await changeStage(deps, orderId, {
          type: 'ShipmentBooked',
          occurrence: subjectId,
          actor: { kind: 'carrier', id: shipment.carrier ?? 'carrier' },
          summary: `Shipment booked, tracking number ${shipment.trackingNumber ?? 'unknown'}`,
          data: { shipmentId: subjectId, trackingNumber: shipment.trackingNumber, carrier: shipment.carrier ?? null },
        });
      },
    });
    return { callbackId };
  };
}
