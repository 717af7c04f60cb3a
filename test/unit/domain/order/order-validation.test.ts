import { describe, expect, it } from 'vitest';
import { seedCatalog, seedOrderRequests } from '../../../../functions/domain/catalog/seed';
import type { Catalog } from '../../../../functions/domain/catalog/catalog.types';
import { validateOrderRequest } from '../../../../functions/domain/order/order-validation';
import { aShaftLine, aShelfLine, aTableLine, anOrderRequest } from '../../../support/builders/order-request.builder';

function problemsOf(result: ReturnType<typeof validateOrderRequest>): Array<{ path: string; rule: string }> {
  return result.ok ? [] : result.problems.map(({ path, rule }) => ({ path, rule }));
}

describe('validateOrderRequest', () => {
  describe('valid requests', () => {
    it('accepts every valid seed example', () => {
      // Prepare
      const { invalidWalnutLacquer: _invalid, ...valid } = seedOrderRequests;

      // Act / Assess
      for (const request of Object.values(valid)) expect(problemsOf(validateOrderRequest(request, seedCatalog))).toEqual([]);
    });

    it('fills in option defaults', () => {
      // Prepare
      const request = anOrderRequest({ lines: [{ productId: 'drive-shaft', configuration: { material: 'c45', diameter_mm: 20, length_mm: 200 }, quantity: 5 }] });

      // Act
      const result = validateOrderRequest(request, seedCatalog);

      // Assess
      expect(result.ok && result.value.lines[0]?.configuration).toEqual({
        material: 'c45',
        diameter_mm: 20,
        length_mm: 200,
        keyway: false,
        thread: 'none',
        heat_treatment: false,
        surface: 'none',
      });
    });

    it('accepts decimal steps without float noise (0.1 steps)', () => {
      // Prepare
      const catalog: Catalog = {
        ...seedCatalog,
        products: seedCatalog.products.map((product) =>
          product.productId !== 'drive-shaft'
            ? product
            : { ...product, options: product.options.map((option) => (option.optionId === 'diameter_mm' ? { ...option, step: 0.1 } : option)) },
        ),
      };

      // Act
      const result = validateOrderRequest(anOrderRequest({ lines: [aShaftLine({ diameter_mm: 30.3 })] }), catalog);

      // Assess
      expect(problemsOf(result)).toEqual([]);
    });
  });

  describe('option rules', () => {
    it.each([
      ['range', { length_mm: 3100 }, 'lines[0].configuration.length_mm'],
      ['step', { length_mm: 2005 }, 'lines[0].configuration.length_mm'],
      ['enum', { wood: 'teak' }, 'lines[0].configuration.wood'],
      ['type', { width_mm: '950' }, 'lines[0].configuration.width_mm'],
      ['integer', { extension_leaves: 1.5 }, 'lines[0].configuration.extension_leaves'],
      ['unknown-option', { colour: 'red' }, 'lines[0].configuration.colour'],
    ])('reports rule %s at the option path', (rule, configuration, path) => {
      // Prepare
      const request = anOrderRequest({ lines: [aTableLine(configuration)] });

      // Act
      const result = validateOrderRequest(request, seedCatalog);

      // Assess
      expect(problemsOf(result)).toContainEqual({ path, rule });
    });

    it('reports a missing required option without a default', () => {
      // Prepare
      const request = anOrderRequest({ lines: [{ productId: 'dining-table', configuration: { length_mm: 2000, width_mm: 900 }, quantity: 1 }] });

      // Act
      const result = validateOrderRequest(request, seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([{ path: 'lines[0].configuration.wood', rule: 'required' }]);
    });
  });

  describe('combination rules', () => {
    it('refuses a forbidden combination (trestle on a short table)', () => {
      // Prepare
      const request = anOrderRequest({ lines: [aTableLine({ legs: 'trestle', length_mm: 1500 })] });

      // Act
      const result = validateOrderRequest(request, seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([{ path: 'lines[0].configuration', rule: 'forbidden-combination' }]);
      expect(result.ok ? '' : result.problems[0]?.message).toContain('trestle-min-length');
    });

    it('refuses a combination that breaks a requires rule, at the option to change', () => {
      // Prepare
      const request = anOrderRequest({ lines: [aTableLine({ wood: 'walnut', finish: 'lacquer' })] });

      // Act
      const result = validateOrderRequest(request, seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([{ path: 'lines[0].configuration.finish', rule: 'required-combination' }]);
    });

    it('does not report a constraint whose option is itself invalid (one wrong value, one problem)', () => {
      // Prepare
      const request = anOrderRequest({ lines: [aTableLine({ legs: 'trestle', length_mm: 1000 })] });

      // Act
      const result = validateOrderRequest(request, seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([{ path: 'lines[0].configuration.length_mm', rule: 'range' }]);
    });

    it('reports a BOM that cannot be computed (formula dividing by an option that may be zero)', () => {
      // Prepare
      const catalog: Catalog = {
        ...seedCatalog,
        products: seedCatalog.products.map((product) =>
          product.productId !== 'dining-table' ? product : { ...product, bom: [...product.bom, { ruleId: 'broken', componentId: 'top-fastener', quantity: '8 / extension_leaves' }] },
        ),
      };

      // Act
      const result = validateOrderRequest(anOrderRequest(), catalog);

      // Assess
      expect(problemsOf(result)).toEqual([{ path: 'lines[0].configuration', rule: 'bom' }]);
    });
  });

  describe('lines, dates and quantities', () => {
    it('reports an unknown product and keeps checking the other lines', () => {
      // Prepare
      const request = anOrderRequest({ lines: [aShelfLine({ width_mm: 1300 }), { productId: 'garden-bench', configuration: {}, quantity: 1 }] });

      // Act
      const result = validateOrderRequest(request, seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([
        { path: 'lines[0].configuration.width_mm', rule: 'range' },
        { path: 'lines[1].productId', rule: 'unknown-product' },
      ]);
    });

    it.each([
      [0, 'quantity'],
      [2.5, 'quantity'],
      [21, 'max-quantity'],
    ])('refuses quantity %s with rule %s', (quantity, rule) => {
      // Act
      const result = validateOrderRequest(anOrderRequest({ lines: [aTableLine({}, quantity)] }), seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([{ path: 'lines[0].quantity', rule }]);
    });

    it('refuses an order without lines, an impossible date, and a past date when today is known', () => {
      // Act
      const empty = validateOrderRequest(anOrderRequest({ lines: [], requestedDeliveryDate: '2027-02-29' }), seedCatalog);
      const past = validateOrderRequest(anOrderRequest({ requestedDeliveryDate: '2026-01-10' }), seedCatalog, { today: '2026-03-01' });

      // Assess
      expect(problemsOf(empty)).toEqual([
        { path: 'requestedDeliveryDate', rule: 'date' },
        { path: 'lines', rule: 'required' },
      ]);
      expect(problemsOf(past)).toEqual([{ path: 'requestedDeliveryDate', rule: 'past-date' }]);
    });

    it('names malformed input instead of crashing when shape validation was skipped', () => {
      // Prepare
      const malformed = { customer: null, lines: [null, { productId: 'dining-table', configuration: 'oak', quantity: '1' }], requestedDeliveryDate: 20270101, priority: 'normal' };

      // Act
      const result = validateOrderRequest(malformed as unknown as Parameters<typeof validateOrderRequest>[0], seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([
        { path: 'customer.customerId', rule: 'required' },
        { path: 'requestedDeliveryDate', rule: 'date' },
        { path: 'lines[0]', rule: 'type' },
        { path: 'lines[1].quantity', rule: 'quantity' },
        { path: 'lines[1].configuration', rule: 'type' },
      ]);
    });

    it('returns every problem of the deliberately invalid seed request at once', () => {
      // Act
      const result = validateOrderRequest(seedOrderRequests.invalidWalnutLacquer, seedCatalog);

      // Assess
      expect(problemsOf(result)).toEqual([
        { path: 'lines[0].configuration.width_mm', rule: 'range' },
        { path: 'lines[0].configuration.finish', rule: 'required-combination' },
        { path: 'lines[0].configuration', rule: 'forbidden-combination' },
        { path: 'lines[1].productId', rule: 'unknown-product' },
      ]);
    });
  });
});
