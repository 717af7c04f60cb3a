import { describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../../functions/domain/catalog/seed';
import { DomainValidationError } from '../../../../functions/domain/common/problem';
import type { Order, ProductionReport } from '../../../../functions/domain/order/order.types';
import { planOperations } from '../../../../functions/domain/planning/routing';
import type { PurchaseOrder } from '../../../../functions/domain/procurement/purchase-order.types';
import { actualConsumption, allocateLabour, labourHoursOf, productionReport } from '../../../../functions/domain/production/production-actuals';
import { aMondayMorning, anOrder } from '../../../support/builders/order.builder';

const report = (overrides: Partial<ProductionReport> = {}): ProductionReport => ({
  productionOrderId: 'p-1',
  round: 'build',
  completedAt: aMondayMorning,
  labour: [{ workCenterId: 'wc-cnc', hours: 4 }],
  materials: [],
  ...overrides,
});

const deliveredPo = (lines: PurchaseOrder['lines'], overrides: Partial<PurchaseOrder> = {}): PurchaseOrder => ({
  poId: 'po-1', orderId: 'o-1', supplierId: 'sup-nordic-timber', lines, status: 'delivered', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1, ...overrides,
});

describe('production actuals', () => {
  describe('allocateLabour', () => {
    it("splits the reported hours over the routing's work centers in proportion to the planned hours, adding up exactly", () => {
      // Prepare
      const order = anOrder();
      const planned = planOperations(order.lines, seedCatalog);
      const centers = new Set(planned.map((operation) => operation.workCenterId));

      // Act
      const shares = allocateLabour(order, 9.99, seedCatalog);

      // Assess
      expect(new Set(shares.map((share) => share.workCenterId))).toEqual(centers);
      expect(Math.round(shares.reduce((sum, share) => sum + share.hours, 0) * 100) / 100).toBe(9.99);
      expect(shares.every((share) => share.hours >= 0)).toBe(true);
    });

    it('books nothing for zero hours', () => {
      expect(allocateLabour(anOrder(), 0, seedCatalog)).toEqual([]);
    });
  });

  describe('productionReport', () => {
    it('keeps the lots of every consumed material and the labour per work center as reported', () => {
      // Act
      const record = productionReport(anOrder(), { productionOrderId: 'p-1', round: 'build', completedAt: aMondayMorning, labour: [{ workCenterId: 'wc-assembly', hours: 3 }], consumedMaterials: [{ componentId: 'oak-panel-40', quantity: 2, lotNumbers: ['L-1', 'L-2'] }] }, seedCatalog);

      // Assess
      expect(record.labour).toEqual([{ workCenterId: 'wc-assembly', hours: 3 }]);
      expect(record.materials).toEqual([{ componentId: 'oak-panel-40', quantity: 2, lotNumbers: ['L-1', 'L-2'] }]);
      expect(labourHoursOf(record)).toBe(3);
    });

    it('names every bad entry at once', () => {
      // Act
      let error: unknown;
      try {
        productionReport(anOrder(), { productionOrderId: 'p-1', round: 'build', completedAt: aMondayMorning, labourHours: -1, labour: [{ workCenterId: 'wc-nowhere', hours: 1 }], consumedMaterials: [{ componentId: 'unobtainium', quantity: -2 }] }, seedCatalog);
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).problems.map((problem) => problem.path)).toEqual(['labourHours', 'labour[0].workCenterId', 'consumedMaterials[0].quantity', 'consumedMaterials[0].componentId']);
    });
  });

  describe('actualConsumption', () => {
    it('prices consumed materials at what the delivered POs paid (quantity-weighted) and adds up labour over rounds', () => {
      // Prepare
      const order: Pick<Order, 'requirements' | 'productionReports'> = {
        requirements: [],
        productionReports: [
          report({ materials: [{ componentId: 'oak-panel-40', quantity: 3, lotNumbers: [] }] }),
          report({ round: 'rework', labour: [{ workCenterId: 'wc-cnc', hours: 1.5 }, { workCenterId: 'wc-finishing', hours: 1 }] }),
        ],
      };
      const pos = [
        deliveredPo([{ componentId: 'oak-panel-40', quantity: 1, unit: 'm2', unitCostCents: 10_000 }]),
        deliveredPo([{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }], { poId: 'po-2' }),
        deliveredPo([{ componentId: 'oak-panel-40', quantity: 9, unit: 'm2', unitCostCents: 1 }], { poId: 'po-3', status: 'cancelled' }),
      ];

      // Act
      const consumption = actualConsumption(order, pos);

      // Assess
      expect(consumption.materials).toEqual([{ componentId: 'oak-panel-40', quantity: 3, unitCostCents: 17_500 }]);
      expect(consumption.labour).toEqual([{ workCenterId: 'wc-cnc', hours: 5.5 }, { workCenterId: 'wc-finishing', hours: 1 }]);
    });

    it('takes the bill of materials as consumed for a build reported without materials, and nothing for such a rework; stock at standard cost', () => {
      // Prepare
      const order: Pick<Order, 'requirements' | 'productionReports'> = {
        requirements: [{ componentId: 'leg-blank-80', quantity: 4, unit: 'pcs' }],
        productionReports: [report(), report({ round: 'rework' })],
      };

      // Act
      const consumption = actualConsumption(order, []);

      // Assess
      expect(consumption.materials).toEqual([{ componentId: 'leg-blank-80', quantity: 4 }]);
    });
  });
});
