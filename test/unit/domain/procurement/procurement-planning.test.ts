import { describe, expect, it } from 'vitest';
import { seedCatalog, seedStock } from '../../../../functions/domain/catalog/seed';
import type { StockLevel } from '../../../../functions/domain/catalog/stock.types';
import {
  IllegalPurchaseOrderTransitionError,
  isOpenPurchaseOrder,
  planProcurement,
  purchaseOrderTotalCents,
  purchaseQuantity,
  resourcePurchaseOrder,
  transitionPurchaseOrder,
  UnknownComponentError,
} from '../../../../functions/domain/procurement/procurement-planning';
import type { PurchaseOrder } from '../../../../functions/domain/procurement/purchase-order.types';
import { aMondayMorning, sequentialIds } from '../../../support/builders/order.builder';

const component = (componentId: string) => seedCatalog.components.find((candidate) => candidate.componentId === componentId) as (typeof seedCatalog.components)[number];

describe('procurement planning', () => {
  describe('planProcurement', () => {
    it('reserves free stock and buys shortfalls from each preferred supplier, one PO per supplier', () => {
      // Prepare: walnut 1.5 in stock; slides none; fasteners plenty; stainless none
      const requirements = [
        { componentId: 'walnut-panel-40', quantity: 4.256, unit: 'm2' },
        { componentId: 'extension-slide', quantity: 2, unit: 'pcs' },
        { componentId: 'top-fastener', quantity: 40, unit: 'pcs' },
        { componentId: 'bar-stainless-304', quantity: 12.5, unit: 'kg' },
      ];

      // Act
      const plan = planProcurement('order-1', requirements, seedStock, seedCatalog, aMondayMorning, sequentialIds());

      // Assess
      expect(plan.reservations).toEqual([
        { orderId: 'order-1', componentId: 'walnut-panel-40', quantity: 1.5, reservedAt: aMondayMorning },
        { orderId: 'order-1', componentId: 'top-fastener', quantity: 40, reservedAt: aMondayMorning },
      ]);
      expect(plan.purchaseOrders.map((po) => [po.supplierId, po.lines.map((line) => `${line.componentId}:${line.quantity}`)])).toEqual([
        ['sup-alpine-hardwoods', ['walnut-panel-40:2.756']],
        ['sup-fastfix', ['extension-slide:2']],
        ['sup-metallwerk', ['bar-stainless-304:12.5']],
      ]);
      expect(plan.purchaseOrders.map((po) => po.poId)).toEqual(['purchase-order-1', 'purchase-order-2', 'purchase-order-3']);
      expect(plan.purchaseOrders.every((po) => po.status === 'draft' && po.sourcingAttempt === 0 && po.version === 1 && po.orderId === 'order-1')).toBe(true);
      expect(plan.unsourced).toEqual([]);
    });

    it('counts existing reservations of other orders and buys nothing when stock covers all', () => {
      // Prepare
      const stock: StockLevel[] = [{ componentId: 'leg-blank-80', onHand: 10, reserved: 8, unit: 'pcs', version: 2 }];

      // Act
      const short = planProcurement('order-1', [{ componentId: 'leg-blank-80', quantity: 4, unit: 'pcs' }], stock, seedCatalog, aMondayMorning, sequentialIds());
      const covered = planProcurement('order-1', [{ componentId: 'leg-blank-80', quantity: 2, unit: 'pcs' }], stock, seedCatalog, aMondayMorning, sequentialIds());

      // Assess: 2 free, 2 short -> ordered as the supplier minimum of 8
      expect(short.reservations[0]?.quantity).toBe(2);
      expect(short.purchaseOrders[0]?.lines[0]?.quantity).toBe(8);
      expect(covered.purchaseOrders).toEqual([]);
    });

    it('refuses an unknown component by name', () => {
      // Assess
      expect(() => planProcurement('o', [{ componentId: 'unobtainium', quantity: 1, unit: 'pcs' }], [], seedCatalog, aMondayMorning, sequentialIds())).toThrow(UnknownComponentError);
    });
  });

  describe('purchaseQuantity', () => {
    it.each([
      ['leg-blank-80', 0, 3, 8], // minimum 8
      ['leg-blank-80', 0, 9, 12], // multiple of 4
      ['top-fastener', 0, 20, 100], // minimum 100
      ['top-fastener', 1, 20, 20], // alternate has no minimum
      ['oak-panel-40', 0, 0.628, 0.628], // measured: as needed
    ])('%s from source %i for a shortfall of %d orders %d', (componentId, sourceIndex, shortfall, expected) => {
      // Prepare
      const target = component(componentId);

      // Act
      const quantity = purchaseQuantity(target, target.sources[sourceIndex] as (typeof target.sources)[number], shortfall);

      // Assess
      expect(quantity).toBe(expected);
    });
  });

  describe('resourcePurchaseOrder', () => {
    const rejected: PurchaseOrder = {
      poId: 'purchase-order-1',
      orderId: 'order-1',
      supplierId: 'sup-fastfix',
      lines: [
        { componentId: 'top-fastener', quantity: 100, unit: 'pcs', unitCostCents: 35 },
        { componentId: 'extension-slide', quantity: 2, unit: 'pcs', unitCostCents: 7_800 },
      ],
      status: 'rejected',
      createdAt: aMondayMorning,
      updatedAt: aMondayMorning,
      sourcingAttempt: 0,
      version: 3,
    };

    it('moves each line to the next untried supplier at its price, and escalates single-sourced lines', () => {
      // Act
      const plan = resourcePurchaseOrder(rejected, [], seedCatalog, aMondayMorning, sequentialIds());

      // Assess
      expect(plan.purchaseOrders).toHaveLength(1);
      expect(plan.purchaseOrders[0]).toMatchObject({ supplierId: 'sup-metallwerk', sourcingAttempt: 1, status: 'draft', lines: [{ componentId: 'top-fastener', quantity: 100, unitCostCents: 42 }] });
      expect(plan.escalations).toEqual([{ componentId: 'extension-slide', quantity: 2, unit: 'pcs', reason: 'all 1 supplier(s) of table extension slide (pair) tried: sup-fastfix' }]);
    });

    it('skips suppliers already tried for this order', () => {
      // Act
      const plan = resourcePurchaseOrder({ ...rejected, lines: [rejected.lines[0] as PurchaseOrder['lines'][number]] }, ['sup-metallwerk'], seedCatalog, aMondayMorning, sequentialIds());

      // Assess
      expect(plan.purchaseOrders).toEqual([]);
      expect(plan.escalations.map((escalation) => escalation.componentId)).toEqual(['top-fastener']);
    });
  });

  describe('purchase-order lifecycle', () => {
    const draft: PurchaseOrder = {
      poId: 'po-1',
      orderId: 'order-1',
      supplierId: 'sup-fastfix',
      lines: [{ componentId: 'shelf-pin', quantity: 200, unit: 'pcs', unitCostCents: 12 }],
      status: 'draft',
      createdAt: aMondayMorning,
      updatedAt: aMondayMorning,
      sourcingAttempt: 0,
      version: 1,
    };

    it('moves along the table and keeps the version', () => {
      // Act
      const sent = transitionPurchaseOrder(draft, 'sent', '2026-03-02T09:00:00.000Z');
      const acknowledged = transitionPurchaseOrder(sent, 'acknowledged', '2026-03-02T10:00:00.000Z', { confirmedDeliveryDate: '2026-03-06' });

      // Assess
      expect(acknowledged).toMatchObject({ status: 'acknowledged', confirmedDeliveryDate: '2026-03-06', version: 1, updatedAt: '2026-03-02T10:00:00.000Z' });
      expect(isOpenPurchaseOrder(acknowledged)).toBe(true);
      expect(isOpenPurchaseOrder({ status: 'delivered' })).toBe(false);
      expect(purchaseOrderTotalCents(draft)).toBe(2_400);
    });

    it('refuses an illegal move with a named error', () => {
      // Assess
      expect(() => transitionPurchaseOrder(draft, 'delivered', aMondayMorning)).toThrow(IllegalPurchaseOrderTransitionError);
    });
  });
});
