import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, localDate } from '../../../../functions/domain/calendar/business-calendar';
import type { Catalog } from '../../../../functions/domain/catalog/catalog.types';
import { seedCatalog, seedStock } from '../../../../functions/domain/catalog/seed';
import type { StockLevel } from '../../../../functions/domain/catalog/stock.types';
import { checkAvailability } from '../../../../functions/domain/planning/availability';
import { computePromiseDate } from '../../../../functions/domain/planning/promise-date';
import { aShaftLine, aShelfLine, aTableLine } from '../../../support/builders/order-request.builder';

// Monday 2 March 2026, 09:00 local (UTC+1); the seed works 07:00-15:00 Mon-Fri.
const monday9 = '2026-03-02T08:00:00Z';

function withLeadTime(catalog: Catalog, componentId: string, leadTimeDays: number): Catalog {
  return {
    ...catalog,
    components: catalog.components.map((component) =>
      component.componentId !== componentId
        ? component
        : { ...component, sources: component.sources.map((source, index) => (index === 0 ? { ...source, leadTimeDays } : source)) },
    ),
  };
}

describe('availability', () => {
  it('splits requirements into stock and shortfall, counting reservations', () => {
    // Prepare
    const stock: StockLevel[] = [{ componentId: 'oak-panel-40', onHand: 5, reserved: 4, unit: 'm2', version: 3 }];

    // Act
    const [oak, legs] = checkAvailability(
      [
        { componentId: 'oak-panel-40', quantity: 2.5, unit: 'm2' },
        { componentId: 'leg-blank-80', quantity: 4, unit: 'pcs' },
      ],
      stock,
    );

    // Assess
    expect(oak).toMatchObject({ available: 1, fromStock: 1, shortfall: 1.5 });
    expect(legs).toMatchObject({ available: 0, fromStock: 0, shortfall: 4 });
  });
});

describe('computePromiseDate', () => {
  describe('explanations', () => {
    it('from stock: approval, stock, the routing, shipping', () => {
      // Act
      const promise = computePromiseDate({ lines: [aTableLine()], stock: seedStock, load: {}, now: monday9 }, seedCatalog);

      // Assess
      expect(promise.criticalPath.map((step) => step.kind)).toEqual(['approval', 'stock', 'operation', 'operation', 'operation', 'operation', 'shipping']);
      expect(promise.materialsReadyAt).toBe('2026-03-04T08:00:00.000Z'); // Wednesday 09:00 local after 16 working hours
      expect(promise.date).toBe(addWorkingDays(seedCatalog.calendar, localDate(seedCatalog.calendar, promise.productionEndAt ?? ''), 3));
    });

    it('waits for the slowest purchase, named with quantity, supplier and lead time', () => {
      // Prepare: walnut 2.128 m2 needed, 1.5 m2 in stock
      const line = aTableLine({ wood: 'walnut' });

      // Act
      const promise = computePromiseDate({ lines: [line], stock: seedStock, load: {}, now: monday9 }, seedCatalog);

      // Assess: approved Wed 4 March; +12 days = Mon 16 March; ~6 h of work; +3 working days = Thu 19 March
      expect(promise.criticalPath[1]).toEqual({
        kind: 'procurement',
        description: 'waiting for 0.628 m2 of walnut panel 40 mm from Alpine Hardwoods GmbH, lead time 12 days',
        days: 12,
      });
      expect(promise.materialsReadyAt).toBe('2026-03-16T06:00:00.000Z');
      expect(promise.date).toBe('2026-03-19');
    });

    it('explains a work-center backlog as a queue', () => {
      // Act
      const promise = computePromiseDate({ lines: [aTableLine()], stock: seedStock, load: { 'wc-finishing': 40 }, now: monday9 }, seedCatalog);

      // Assess: 40 h at 8 h/day = 5 working days of queue before finishing can start
      expect(promise.criticalPath[0]).toEqual({ kind: 'queue', description: 'queue at Finishing and surface: 40 h of work already planned', days: 5 });
      expect(promise.criticalPath.map((step) => step.kind)).toEqual(['queue', 'operation', 'operation', 'shipping']);
    });

    it('follows contention between lines through the other line', () => {
      // Act
      const promise = computePromiseDate({ lines: [aTableLine({}, 3), aTableLine({}, 3)], stock: seedStock, load: {}, now: monday9 }, seedCatalog);

      // Assess: line 2 finishing waits for line 1 finishing (0.25 + 3 x (1 + 1.9 x 1.2) = 10.09 h)
      const descriptions = promise.criticalPath.map((step) => step.description).join('\n');
      expect(descriptions).toContain('Sand and finish at Finishing and surface: 10.09 h for line 1');
      expect(descriptions).toContain('for line 2');
    });

    it('applies the minimum lead time when everything else is faster', () => {
      // Prepare: a tiny machine-part order, nothing to approve or ship
      const fast: Catalog = { ...seedCatalog, policy: { ...seedCatalog.policy, approvalAllowanceDays: 0, shippingDays: 0, minimumLeadDays: 10 } };

      // Act
      const promise = computePromiseDate({ lines: [aShaftLine({}, 1)], stock: seedStock, load: {}, now: monday9 }, fast);

      // Assess
      expect(promise.date).toBe('2026-03-16');
      expect(promise.criticalPath.at(-1)).toEqual({ kind: 'minimum', description: 'minimum lead time of 10 working days', days: 10 });
    });
  });

  describe('properties', () => {
    const lines = fc.array(
      fc.oneof(
        fc.integer({ min: 1, max: 6 }).map((quantity) => aTableLine({ wood: 'walnut', legs: 'trestle' }, quantity)),
        fc.integer({ min: 1, max: 6 }).map((quantity) => aTableLine({}, quantity)),
        fc.integer({ min: 1, max: 10 }).map((quantity) => aShelfLine({ material: 'oak-veneer' }, quantity)),
        fc.integer({ min: 1, max: 100 }).map((quantity) => aShaftLine({ material: 'stainless-304' }, quantity)),
      ),
      { minLength: 1, maxLength: 3 },
    );
    const now = fc.integer({ min: Date.UTC(2026, 0, 5), max: Date.UTC(2027, 10, 1) }).map((ms) => new Date(ms).toISOString());
    const load = fc.record({ 'wc-cnc': fc.nat(80), 'wc-finishing': fc.nat(80), 'wc-assembly': fc.nat(80) });

    it('is never before today + the minimum lead time, and always a working day', () => {
      fc.assert(
        fc.property(lines, now, load, (orderLines, instant, backlog) => {
          // Act
          const promise = computePromiseDate({ lines: orderLines, stock: seedStock, load: backlog, now: instant }, seedCatalog);

          // Assess
          const today = localDate(seedCatalog.calendar, instant);
          expect(promise.date >= addWorkingDays(seedCatalog.calendar, today, seedCatalog.policy.minimumLeadDays)).toBe(true);
          expect(isWorkingDay(seedCatalog.calendar, promise.date)).toBe(true);
          expect(promise.criticalPath.length).toBeGreaterThan(0);
        }),
        { numRuns: 60 },
      );
    });

    it('is monotone in supplier lead time', () => {
      fc.assert(
        fc.property(lines, now, fc.nat(30), fc.nat(30), (orderLines, instant, a, b) => {
          // Prepare
          const [shorter, longer] = a <= b ? [a, b] : [b, a];
          const input = { lines: orderLines, stock: seedStock, load: {}, now: instant };

          // Act
          const early = computePromiseDate(input, withLeadTime(withLeadTime(seedCatalog, 'walnut-panel-40', shorter), 'bar-stainless-304', shorter));
          const late = computePromiseDate(input, withLeadTime(withLeadTime(seedCatalog, 'walnut-panel-40', longer), 'bar-stainless-304', longer));

          // Assess
          expect(late.date >= early.date).toBe(true);
        }),
        { numRuns: 60 },
      );
    });

    it('is monotone in work-center load and in stock (less stock, never earlier)', () => {
      fc.assert(
        fc.property(lines, now, load, fc.nat(40), (orderLines, instant, backlog, extra) => {
          // Prepare
          const emptyStock = seedStock.map((level) => ({ ...level, onHand: 0 }));

          // Act
          const base = computePromiseDate({ lines: orderLines, stock: seedStock, load: backlog, now: instant }, seedCatalog);
          const busier = computePromiseDate({ lines: orderLines, stock: seedStock, load: { ...backlog, 'wc-cnc': backlog['wc-cnc'] + extra }, now: instant }, seedCatalog);
          const starved = computePromiseDate({ lines: orderLines, stock: emptyStock, load: backlog, now: instant }, seedCatalog);

          // Assess
          expect(busier.date >= base.date).toBe(true);
          expect(starved.date >= base.date).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  });
});
