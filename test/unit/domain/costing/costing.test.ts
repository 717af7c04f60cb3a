import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../functions/domain/catalog/catalog.types';
import { seedCatalog } from '../../../../functions/domain/catalog/seed';
import { DomainValidationError } from '../../../../functions/domain/common/problem';
import { actualCost, estimateCost, marginFraction, priceFor, quoteOrder } from '../../../../functions/domain/costing/costing';
import type { PlannedOperation } from '../../../../functions/domain/planning/routing';

const operation = (workCenterId: string, hours: number): PlannedOperation => ({ lineIndex: 0, productId: 'p', operationId: 'o', name: 'o', workCenterId, hours });

describe('costing', () => {
  describe('estimateCost', () => {
    it('adds materials at standard cost, labour and burden per work center, and material handling', () => {
      // Prepare: 2 m2 oak at 145.00, 3 h CNC (58.00 + 42.00 burden), 1 h finishing (46.00 + 19.00)
      const requirements = [{ componentId: 'oak-panel-40', quantity: 2, unit: 'm2' }];

      // Act
      const cost = estimateCost(requirements, [operation('wc-cnc', 3), operation('wc-finishing', 1)], seedCatalog);

      // Assess: materials 29 000; labour 17 400 + 4 600; overhead 12 600 + 1 900 + 8 % of 29 000 = 2 320
      expect(cost).toEqual({ materialsCents: 29_000, labourCents: 22_000, overheadCents: 16_820, totalCents: 67_820 });
    });

    it('refuses an unknown component or work center', () => {
      // Assess
      expect(() => estimateCost([{ componentId: 'nope', quantity: 1, unit: 'pcs' }], [], seedCatalog)).toThrow(DomainValidationError);
      expect(() => estimateCost([], [operation('wc-nope', 1)], seedCatalog)).toThrow("no work center 'wc-nope'");
    });
  });

  describe('priceFor and quoteOrder', () => {
    it('prices for the target margin, rounded up to whole currency units', () => {
      // Assess: 65 000 / 0.65 = 100 000 exactly; 65 001 / 0.65 = 100 001.5 -> 100 100
      expect(priceFor(65_000, seedCatalog)).toBe(100_000);
      expect(priceFor(65_001, seedCatalog)).toBe(100_100);
    });

    it('never falls below the target margin because of rounding', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100_000_000 }), (costCents) => {
          // Act
          const price = priceFor(costCents, seedCatalog);

          // Assess
          expect(Number.isInteger(price)).toBe(true);
          expect(price % seedCatalog.policy.priceRoundingCents).toBe(0);
          expect((price - costCents) / price).toBeGreaterThanOrEqual(seedCatalog.policy.targetMarginFraction - 1e-12);
        }),
      );
    });

    it('quotes in the catalog currency with cost, price and margin consistent', () => {
      // Act
      const quote = quoteOrder([{ componentId: 'leg-blank-80', quantity: 4, unit: 'pcs' }], [operation('wc-assembly', 2)], seedCatalog);

      // Assess
      expect(quote.currency).toBe('EUR');
      expect(quote.estimatedCost.totalCents).toBe(quote.estimatedCost.materialsCents + quote.estimatedCost.labourCents + quote.estimatedCost.overheadCents);
      expect(quote.marginFraction).toBe(marginFraction(quote.priceCents, quote.estimatedCost.totalCents));
    });
  });

  describe('actualCost', () => {
    it('uses actual unit costs when given, standard cost otherwise, and computes margin against the quoted price', () => {
      // Prepare
      const consumption = {
        materials: [
          { componentId: 'oak-panel-40', quantity: 2, unitCostCents: 15_900 },
          { componentId: 'leg-blank-80', quantity: 4 },
        ],
        labour: [{ workCenterId: 'wc-assembly', hours: 1.5 }],
      };

      // Act
      const actual = actualCost(consumption, 100_000, seedCatalog);

      // Assess: materials 31 800 + 9 600 = 41 400; labour 6 300; overhead 1 350 + 3 312 = 4 662; total 52 362
      expect(actual.cost).toEqual({ materialsCents: 41_400, labourCents: 6_300, overheadCents: 4_662, totalCents: 52_362 });
      expect(actual.marginFraction).toBe(0.4764);
    });

    it('reports every bad entry at once with its path', () => {
      // Act
      let error: unknown;
      try {
        actualCost({ materials: [{ componentId: 'x', quantity: -1 }], labour: [{ workCenterId: 'wc-cnc', hours: -2 }] }, 1000, seedCatalog);
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).problems.map((problem) => `${problem.path}:${problem.rule}`)).toEqual([
        'materials[0].quantity:range',
        'labour[0].hours:range',
        'materials[0].componentId:unknown-component',
      ]);
    });

    it('margin is negative when actual cost exceeds the price, and 0 for a zero price', () => {
      // Prepare
      const catalog: Catalog = seedCatalog;

      // Assess
      expect(actualCost({ materials: [], labour: [{ workCenterId: 'wc-cnc', hours: 10 }] }, 50_000, catalog).marginFraction).toBe(-1);
      expect(marginFraction(0, 100)).toBe(0);
    });
  });
});
