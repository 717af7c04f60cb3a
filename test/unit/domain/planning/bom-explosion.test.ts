import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../../functions/domain/catalog/seed';
import type { Catalog, Product } from '../../../../functions/domain/catalog/catalog.types';
import { validateConfiguration } from '../../../../functions/domain/order/order-validation';
import type { Configuration } from '../../../../functions/domain/order/order.types';
import {
  aggregateRequirements,
  BomExplosionError,
  explodeLine,
  explodeOrder,
  explodeUnit,
  UnknownProductError,
} from '../../../../functions/domain/planning/bom-explosion';
import { operationsFor } from '../../../../functions/domain/planning/routing';
import { aShaftLine, aShelfLine, aTableLine } from '../../../support/builders/order-request.builder';

const table = seedCatalog.products.find((product) => product.productId === 'dining-table') as Product;

/** Arbitrary valid configurations of a seed product (invalid combinations filtered out). */
function validConfiguration(product: Product): fc.Arbitrary<Configuration> {
  const entries = product.options.map((option) => {
    if (option.kind === 'enum') return fc.constantFrom(...option.choices.map((choice) => choice.value));
    if (option.kind === 'boolean') return fc.boolean();
    const step = option.step ?? 1;
    return fc.integer({ min: 0, max: Math.floor((option.max - option.min) / step) }).map((k) => option.min + k * step);
  });
  return fc
    .tuple(...entries)
    .map((values) => Object.fromEntries(product.options.map((option, index) => [option.optionId, values[index] as string | number | boolean])))
    .filter((configuration) => validateConfiguration(product, configuration, seedCatalog).problems.length === 0);
}

const anyProductConfiguration = fc.constantFrom(...seedCatalog.products).chain((product) => validConfiguration(product).map((configuration) => ({ product, configuration })));

describe('BOM explosion', () => {
  describe('explodeUnit', () => {
    it('computes the oak table BOM from its dimensions (area with scrap, legs, fasteners, oil)', () => {
      // Prepare
      const { configuration } = aTableLine();

      // Act
      const requirements = explodeUnit(table, configuration, seedCatalog);

      // Assess: top 2.0 x 0.95 m = 1.9 m2 + 12 % = 2.128; apron 2 x (2.0 + 0.95 - 0.4) m + 10 % = 5.61;
      // fasteners ceil(5900 / 300) = 20; oil 4 coats-faces x 1.9 x 0.1 + 10 % = 0.836 l.
      expect(requirements).toEqual([
        { componentId: 'apron-rail', quantity: 5.61, unit: 'm' },
        { componentId: 'finish-oil', quantity: 0.836, unit: 'l' },
        { componentId: 'leg-blank-80', quantity: 4, unit: 'pcs' },
        { componentId: 'oak-panel-40', quantity: 2.128, unit: 'm2' },
        { componentId: 'top-fastener', quantity: 20, unit: 'pcs' },
      ]);
    });

    it('adds rules for the same component together (extension leaves use more panel)', () => {
      // Act
      const plain = explodeUnit(table, aTableLine().configuration, seedCatalog);
      const extended = explodeUnit(table, aTableLine({ extension_leaves: 2 }).configuration, seedCatalog);

      // Assess: two 500 mm leaves of 950 mm = 0.95 m2 + 12 %
      const panel = (requirements: typeof plain) => requirements.find((requirement) => requirement.componentId === 'oak-panel-40')?.quantity;
      expect(panel(extended)).toBeCloseTo((panel(plain) ?? 0) + 1.064, 6);
      expect(extended.find((requirement) => requirement.componentId === 'extension-slide')?.quantity).toBe(1);
    });

    it('rounds discrete components up per unit', () => {
      // Prepare: a fastener rule giving 2.1 pieces per unit
      const product: Product = { ...table, bom: [{ ruleId: 'r', componentId: 'top-fastener', quantity: 2.1 }] };

      // Act
      const requirements = explodeLine(product, aTableLine().configuration, 3, seedCatalog);

      // Assess
      expect(requirements).toEqual([{ componentId: 'top-fastener', quantity: 9, unit: 'pcs' }]);
    });

    it('refuses a negative quantity and an unknown component with BomExplosionError', () => {
      // Prepare
      const negative: Product = { ...table, bom: [{ ruleId: 'neg', componentId: 'top-fastener', quantity: '1000 - length_mm' }] };
      const unknown: Product = { ...table, bom: [{ ruleId: 'unk', componentId: 'unobtainium', quantity: 1 }] };

      // Assess
      expect(() => explodeUnit(negative, aTableLine().configuration, seedCatalog)).toThrow(BomExplosionError);
      expect(() => explodeUnit(unknown, aTableLine().configuration, seedCatalog)).toThrow("unknown component 'unobtainium'");
    });
  });

  describe('explodeOrder', () => {
    it('aggregates the same component over lines', () => {
      // Act
      const one = explodeOrder([aTableLine({}, 1)], seedCatalog);
      const two = explodeOrder([aTableLine({}, 1), aTableLine({ legs: 'trestle' }, 1)], seedCatalog);

      // Assess
      expect(two.find((requirement) => requirement.componentId === 'oak-panel-40')?.quantity).toBeCloseTo(2 * (one.find((requirement) => requirement.componentId === 'oak-panel-40')?.quantity ?? 0), 6);
      expect(two.filter((requirement) => requirement.componentId === 'oak-panel-40')).toHaveLength(1);
    });

    it('names an unknown product with UnknownProductError', () => {
      // Assess
      expect(() => explodeOrder([{ productId: 'garden-bench', configuration: {}, quantity: 1 }], seedCatalog)).toThrow(UnknownProductError);
    });

    it('covers machine parts: bar mass from diameter and length', () => {
      // Act
      const requirements = explodeOrder([aShaftLine({ diameter_mm: 37, length_mm: 490 }, 1)], seedCatalog);

      // Assess: pi/4 x 40^2 x 500 mm3 x 7.85e-6 kg/mm3 = 4.932 kg
      expect(requirements.find((requirement) => requirement.componentId === 'bar-c45')?.quantity).toBeCloseTo(4.932, 2);
    });
  });

  describe('properties', () => {
    it('quantities scale linearly with the line quantity', () => {
      fc.assert(
        fc.property(anyProductConfiguration, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), ({ product, configuration }, quantity, factor) => {
          // Act
          const base = explodeLine(product, configuration, quantity, seedCatalog);
          const scaled = explodeLine(product, configuration, quantity * factor, seedCatalog);

          // Assess
          expect(scaled.map((requirement) => requirement.componentId)).toEqual(base.map((requirement) => requirement.componentId));
          scaled.forEach((requirement, index) => expect(requirement.quantity).toBeCloseTo((base[index]?.quantity ?? 0) * factor, 6));
        }),
        { numRuns: 150 },
      );
    });

    it('never yields negative or zero quantities, and discrete components are whole', () => {
      const discrete = new Set(seedCatalog.components.filter((component) => component.discrete).map((component) => component.componentId));
      fc.assert(
        fc.property(fc.array(anyProductConfiguration.chain((line) => fc.integer({ min: 1, max: 30 }).map((quantity) => ({ ...line, quantity }))), { minLength: 1, maxLength: 4 }), (lines) => {
          // Act
          const requirements = explodeOrder(lines.map((line) => ({ productId: line.product.productId, configuration: line.configuration, quantity: line.quantity })), seedCatalog);

          // Assess
          for (const requirement of requirements) {
            expect(requirement.quantity).toBeGreaterThan(0);
            if (discrete.has(requirement.componentId)) expect(Number.isInteger(requirement.quantity)).toBe(true);
          }
        }),
        { numRuns: 100 },
      );
    });

    it('order explosion equals the sum of its lines (aggregation loses nothing)', () => {
      fc.assert(
        fc.property(fc.array(anyProductConfiguration, { minLength: 1, maxLength: 5 }), (lines) => {
          // Prepare
          const planned = lines.map((line) => ({ productId: line.product.productId, configuration: line.configuration, quantity: 2 }));

          // Act
          const order = explodeOrder(planned, seedCatalog);
          const perLine = lines.flatMap((line) => explodeLine(line.product, line.configuration, 2, seedCatalog));

          // Assess
          for (const requirement of order) {
            const sum = perLine.filter((entry) => entry.componentId === requirement.componentId).reduce((total, entry) => total + entry.quantity, 0);
            expect(requirement.quantity).toBeCloseTo(sum, 6);
          }
          expect(aggregateRequirements(perLine)).toEqual(order);
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe('routing', () => {
  it('computes setup + run x quantity, skipping operations whose condition does not match', () => {
    // Act
    const straight = operationsFor(table, aTableLine().configuration, 2);
    const trestle = operationsFor(table, aTableLine({ legs: 'trestle' }).configuration, 2);

    // Assess: finish = 0.25 + (1 + 1.9 x 1.2) x 2 = 6.81 h
    expect(straight.map((operation) => operation.operationId)).toEqual(['cut-top', 'machine-legs', 'finish', 'assemble']);
    expect(trestle.map((operation) => operation.operationId)).toEqual(['cut-top', 'finish', 'assemble']);
    expect(straight.find((operation) => operation.operationId === 'finish')?.hours).toBe(6.81);
  });

  it('uses the shelving routing for shelving units', () => {
    // Act
    const shelf = seedCatalog.products.find((product) => product.productId === 'shelving-unit') as Product;
    const operations = operationsFor(shelf, aShelfLine().configuration, 1);

    // Assess
    expect(operations.every((operation) => seedCatalog.workCenters.some((workCenter) => workCenter.workCenterId === operation.workCenterId))).toBe(true);
    expect(operations).toHaveLength(3);
  });

  it('refuses a negative run time', () => {
    // Prepare
    const catalog: Catalog = seedCatalog;
    const broken: Product = { ...table, routing: [{ operationId: 'x', name: 'x', workCenterId: 'wc-cnc', setupHours: 0, runHoursPerUnit: '-1' }] };

    // Assess
    expect(() => operationsFor(broken, aTableLine().configuration, 1)).toThrow(BomExplosionError);
    expect(catalog.products).toHaveLength(4);
  });
});
