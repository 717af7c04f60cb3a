import { describe, expect, it } from 'vitest';
import { seedCatalog, seedOrderRequests, seedStock } from '../../../../functions/domain/catalog/seed';
import { DomainValidationError } from '../../../../functions/domain/common/problem';
import { placeOrder } from '../../../../functions/domain/order/place-order';
import { aMondayMorning, sequentialIds } from '../../../support/builders/order.builder';
import { aShaftLine, aTableLine, anOrderRequest } from '../../../support/builders/order-request.builder';

describe('placeOrder', () => {
  describe('a valid request', () => {
    it('becomes a received order, version 1, with line ids, requirements, promise and quote', () => {
      // Prepare
      const request = anOrderRequest({ lines: [aTableLine(), aShaftLine({}, 4)], notes: 'call before delivery' });

      // Act
      const { order } = placeOrder(request, seedCatalog, seedStock, {}, aMondayMorning, sequentialIds());

      // Assess
      expect(order).toMatchObject({
        orderId: 'order-1',
        status: 'received',
        version: 1,
        createdAt: aMondayMorning,
        updatedAt: aMondayMorning,
        designRevision: 1,
        reworkCount: 0,
        catalogVersion: seedCatalog.catalogVersion,
        notes: 'call before delivery',
      });
      expect(order.lines.map((line) => line.lineId)).toEqual(['L1', 'L2']);
      expect(order.requirements.map((requirement) => requirement.componentId)).toContain('bar-c45');
      expect(order.promise.criticalPath.length).toBeGreaterThan(0);
      expect(order.quote.priceCents).toBeGreaterThan(order.quote.estimatedCost.totalCents);
    });

    it('applies option defaults to the stored configuration', () => {
      // Prepare
      const request = anOrderRequest({ lines: [{ productId: 'drive-shaft', configuration: { material: 'c45', diameter_mm: 20, length_mm: 200 }, quantity: 1 }] });

      // Act
      const { order } = placeOrder(request, seedCatalog, seedStock, {}, aMondayMorning, sequentialIds());

      // Assess
      expect(order.lines[0]?.configuration).toMatchObject({ keyway: false, thread: 'none' });
    });

    it('emits OrderPlaced by the customer with what was promised and quoted', () => {
      // Act
      const { order, events } = placeOrder(seedOrderRequests.machineParts, seedCatalog, seedStock, { 'wc-cnc': 30 }, aMondayMorning, sequentialIds());

      // Assess
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'OrderPlaced',
        detailType: 'Order.Placed',
        orderId: order.orderId,
        actor: { kind: 'customer', id: 'cus-kraft-maschinenbau' },
        status: 'received',
        detail: { priority: 'rush', promise: order.promise, quote: order.quote, catalogVersion: '2026.1' },
      });
    });
  });

  describe('an invalid request', () => {
    it('is refused with DomainValidationError listing every problem', () => {
      // Act
      let error: unknown;
      try {
        placeOrder(seedOrderRequests.invalidWalnutLacquer, seedCatalog, seedStock, {}, aMondayMorning, sequentialIds());
      } catch (caught) {
        error = caught;
      }

      // Assess
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).problems).toHaveLength(4);
    });

    it('refuses a requested date before today', () => {
      // Assess
      expect(() => placeOrder(anOrderRequest({ requestedDeliveryDate: '2026-03-01' }), seedCatalog, seedStock, {}, aMondayMorning, sequentialIds())).toThrow('past-date');
    });
  });
});
