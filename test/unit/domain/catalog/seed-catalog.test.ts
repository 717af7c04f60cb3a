import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../../../../functions/domain/catalog/catalog-validation';
import { seedCatalog, seedOrderRequests, seedStock } from '../../../../functions/domain/catalog/seed';

describe('seedCatalog', () => {
  describe('size', () => {
    it('has at least 3 products, 15 components, 4 suppliers and 3 work centers', () => {
      // Assess
      expect(seedCatalog.products.length).toBeGreaterThanOrEqual(3);
      expect(seedCatalog.components.length).toBeGreaterThanOrEqual(15);
      expect(seedCatalog.suppliers.length).toBeGreaterThanOrEqual(4);
      expect(seedCatalog.workCenters.length).toBe(3);
    });

    it('covers both furniture and machine parts', () => {
      // Act
      const families = new Set(seedCatalog.products.map((product) => product.family));

      // Assess
      expect(families).toEqual(new Set(['furniture', 'machine-part']));
    });

    it('has alternate suppliers for most components and a single-sourced one for escalation demos', () => {
      // Act
      const withAlternates = seedCatalog.components.filter((component) => component.sources.length > 1);
      const singleSourced = seedCatalog.components.filter((component) => component.sources.length === 1);

      // Assess
      expect(withAlternates.length).toBeGreaterThanOrEqual(15);
      expect(singleSourced.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('consistency', () => {
    it('passes validateCatalog with no problems', () => {
      // Act
      const result = validateCatalog(seedCatalog);

      // Assess
      expect(result.ok ? [] : result.problems).toEqual([]);
    });

    it('is plain JSON (survives a JSON round trip unchanged)', () => {
      // Act
      const roundTripped: unknown = JSON.parse(JSON.stringify(seedCatalog));

      // Assess
      expect(roundTripped).toStrictEqual(seedCatalog);
    });
  });
});

describe('seedStock', () => {
  it('has exactly one level per catalog component, in the component unit, nothing reserved', () => {
    // Prepare
    const units = new Map(seedCatalog.components.map((component) => [component.componentId, component.unit]));

    // Assess
    expect(seedStock.map((level) => level.componentId).sort()).toEqual([...units.keys()].sort());
    for (const level of seedStock) {
      expect(level.unit).toBe(units.get(level.componentId));
      expect(level.reserved).toBe(0);
      expect(level.onHand).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('seedOrderRequests', () => {
  it('reference catalog products except in the deliberately invalid example', () => {
    // Prepare
    const productIds = new Set(seedCatalog.products.map((product) => product.productId));
    const { invalidWalnutLacquer, ...valid } = seedOrderRequests;

    // Assess
    for (const request of Object.values(valid)) {
      for (const line of request.lines) expect(productIds.has(line.productId)).toBe(true);
    }
    expect(invalidWalnutLacquer.lines.some((line) => !productIds.has(line.productId))).toBe(true);
  });
});
