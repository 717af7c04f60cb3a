import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../functions/domain/catalog/catalog.types';
import { seedCatalog, seedOrderRequests, seedStock } from '../../../../functions/domain/catalog/seed';
import { reviewOrder } from '../../../../functions/domain/order/order-review';
import { placeOrder } from '../../../../functions/domain/order/place-order';
import { aMondayMorning, anOrder, sequentialIds } from '../../../support/builders/order.builder';

describe('reviewOrder', () => {
  it('auto-approves a valid, profitable, on-time order within the limit', () => {
    // Act
    const verdict = reviewOrder(anOrder(), seedCatalog);

    // Assess
    expect(verdict).toEqual({ outcome: 'auto-approve', findings: [] });
  });

  it('sends a low margin to a person', () => {
    // Prepare
    const order = anOrder();
    const lowMargin = { ...order, quote: { ...order.quote, marginFraction: 0.12 } };

    // Act
    const verdict = reviewOrder(lowMargin, seedCatalog);

    // Assess
    expect(verdict).toEqual({ outcome: 'needs-human', findings: [{ rule: 'margin', message: 'quoted margin 12.0 % is below the minimum of 20.0 %' }] });
  });

  it('sends a promise later than the requested date to a person', () => {
    // Prepare
    const order = anOrder({ requestedDeliveryDate: '2026-03-05' });

    // Act
    const verdict = reviewOrder(order, seedCatalog);

    // Assess
    expect(verdict.outcome).toBe('needs-human');
    expect(verdict.findings.map((finding) => finding.rule)).toEqual(['promise-date']);
    expect(verdict.findings[0]?.message).toContain(`earliest delivery ${order.promise.date} is after the requested 2026-03-05`);
  });

  it('sends an order above the approval limit to a person (the hotel fit-out)', () => {
    // Prepare
    const { order } = placeOrder(seedOrderRequests.hotelFitOut, seedCatalog, seedStock, {}, aMondayMorning, sequentialIds());

    // Act
    const verdict = reviewOrder(order, seedCatalog);

    // Assess
    expect(order.quote.priceCents).toBeGreaterThan(seedCatalog.policy.autoApprovalLimitCents);
    expect(verdict.findings.map((finding) => finding.rule)).toContain('approval-limit');
  });

  it('re-checks the configuration against the current catalog and reports every reason at once', () => {
    // Prepare: the catalog no longer offers 2000 mm tables, and margins are stricter
    const catalog: Catalog = {
      ...seedCatalog,
      policy: { ...seedCatalog.policy, minimumMarginFraction: 0.9 },
      products: seedCatalog.products.map((product) =>
        product.productId !== 'dining-table' ? product : { ...product, options: product.options.map((option) => (option.optionId === 'length_mm' && option.kind === 'number' ? { ...option, max: 1800 } : option)) },
      ),
    };

    // Act
    const verdict = reviewOrder(anOrder(), catalog);

    // Assess
    expect(verdict.findings.map((finding) => finding.rule)).toEqual(['configuration', 'margin']);
    expect(verdict.findings[0]?.message).toContain('lines[0].configuration.length_mm');
  });
});
