import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../functions/domain/catalog/catalog.types';
import { seedCatalog, seedStock } from '../../../../functions/domain/catalog/seed';
import { DomainValidationError } from '../../../../functions/domain/common/problem';
import { IllegalTransitionError, ORDER_TRANSITIONS } from '../../../../functions/domain/order/order-lifecycle';
import { TERMINAL_STATUSES } from '../../../../functions/domain/order/order-status';
import {
  approveDesign,
  approveOrder,
  cancelOrder,
  changeSpecification,
  completeBuild,
  completeRework,
  confirmDelivery,
  failOrder,
  recordInspection,
  recordShipment,
  rejectDesign,
  rejectOrder,
  startBuild,
  startReview,
  submitDesignRevision,
  type TransitionResult,
} from '../../../../functions/domain/order/order-transitions';
import type { Order } from '../../../../functions/domain/order/order.types';
import { aPassingInspection, anInspectionWith } from '../../../support/builders/inspection.builder';
import { aContext, anApprover, anOrder, theSystem } from '../../../support/builders/order.builder';
import { aShelfLine, aTableLine, anOrderRequest } from '../../../support/builders/order-request.builder';

const later = '2026-03-03T10:00:00.000Z';
const auto = { automatic: true, reasons: [] };
const failure = { step: 'ReserveStock', error: 'StockConflictError', cause: 'stock changed' };

describe('order transitions', () => {
  describe('common behaviour', () => {
    it('returns a new order with the new status, the same version, updatedAt = now, and leaves the input untouched', () => {
      // Prepare
      const order = anOrder({ version: 4 });

      // Act
      const { order: next, events } = startReview(order, aContext({ now: later }));

      // Assess
      expect(next).toMatchObject({ status: 'in_review', version: 4, updatedAt: later });
      expect(order.status).toBe('received');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'OrderReviewStarted',
        version: 1,
        source: 'mto.orders',
        detailType: 'Order.ReviewStarted',
        orderId: order.orderId,
        occurredAt: later,
        actor: theSystem,
        status: 'in_review',
      });
    });

    it('refuses a transition the table does not allow with IllegalTransitionError', () => {
      // Prepare
      const order = anOrder({ status: 'received' });

      // Act / Assess
      expect(() => startBuild(order, aContext())).toThrow(IllegalTransitionError);
      expect(() => startBuild(order, aContext())).toThrow("cannot go from 'received' to 'building'");
    });
  });

  describe('review', () => {
    it('approval leads to design approval for products that need it, straight to procurement otherwise', () => {
      // Prepare
      const table = anOrder({ status: 'in_review' });
      const shelves = anOrder({ status: 'in_review' }, anOrderRequest({ lines: [aShelfLine()] }));

      // Act
      const tableResult = approveOrder(table, seedCatalog, aContext(), auto);
      const shelfResult = approveOrder(shelves, seedCatalog, aContext({ actor: anApprover }), { automatic: false, reasons: ['margin ok'] });

      // Assess
      expect(tableResult.order.status).toBe('awaiting_design_approval');
      expect(tableResult.order.review).toMatchObject({ outcome: 'approved', automatic: true });
      expect(shelfResult.order.status).toBe('procuring');
      expect(shelfResult.events[0]).toMatchObject({ type: 'OrderApproved', detail: { automatic: false, nextStatus: 'procuring' }, actor: anApprover });
    });

    it('rejection ends the order, keeping the reason', () => {
      // Act
      const { order, events } = rejectOrder(anOrder({ status: 'in_review' }), aContext({ actor: anApprover, reason: 'cannot source walnut' }));

      // Assess
      expect(order).toMatchObject({ status: 'rejected', closedReason: 'cannot source walnut' });
      expect(events[0]).toMatchObject({ type: 'OrderRejected', reason: 'cannot source walnut', detail: { automatic: false, stage: 'in_review' } });
    });
  });

  describe('design approval loop', () => {
    it('approves into procurement with the approved revision on the event', () => {
      // Act
      const { order, events } = approveDesign(anOrder({ status: 'awaiting_design_approval', designRevision: 2 }), aContext({ actor: anApprover }));

      // Assess
      expect(order.status).toBe('procuring');
      expect(events[0]).toMatchObject({ type: 'DesignApproved', detail: { designRevision: 2 } });
    });

    it('rejects into a revision, and a revision comes back with the next number', () => {
      // Act
      const rejected = rejectDesign(anOrder({ status: 'awaiting_design_approval' }), seedCatalog, aContext({ actor: anApprover, reason: 'legs too thin' }));
      const revised = submitDesignRevision(rejected.order, aContext());

      // Assess
      expect(rejected.order.status).toBe('design_revision');
      expect(rejected.events[0]).toMatchObject({ type: 'DesignRejected', detail: { designRevision: 1, revisionsLeft: 2 } });
      expect(revised.order).toMatchObject({ status: 'awaiting_design_approval', designRevision: 2 });
    });

    it('rejects the order when the revision bound is reached', () => {
      // Prepare: revision 1 + maxDesignRevisions (3) = revision 4 is the last
      const order = anOrder({ status: 'awaiting_design_approval', designRevision: 4 });

      // Act
      const { order: next, events } = rejectDesign(order, seedCatalog, aContext({ actor: anApprover }));

      // Assess
      expect(next.status).toBe('rejected');
      expect(events.map((event) => event.type)).toEqual(['DesignRejected', 'OrderRejected']);
    });
  });

  describe('build, inspection and rework', () => {
    it('moves procuring -> building -> in_qc', () => {
      // Act
      const building = startBuild(anOrder({ status: 'procuring' }), aContext(), 'production-order-1');
      const inQc = completeBuild(building.order, aContext());

      // Assess
      expect(building.events[0]).toMatchObject({ type: 'BuildStarted', detail: { productionOrderId: 'production-order-1' } });
      expect(inQc.order.status).toBe('in_qc');
    });

    it('a passing inspection ships and issues a certificate of conformance', () => {
      // Prepare
      const order = anOrder({ status: 'in_qc' });

      // Act
      const result = recordInspection(order, aPassingInspection(order), seedCatalog, aContext(), 'certificate-1');

      // Assess
      expect(result.disposition).toBe('ship');
      expect(result.order).toMatchObject({ status: 'shipping', certificateId: 'certificate-1' });
      expect(result.events[0]).toMatchObject({ type: 'InspectionPassed', detail: { certificateId: 'certificate-1', checksPassed: 5 } });
    });

    it('a failing inspection goes to rework while reworks are left, then scrap, then fail', () => {
      // Prepare
      const order = anOrder({ status: 'in_qc' });
      const bad = anInspectionWith(order, { length: 2010 });

      // Act
      const first = recordInspection(order, bad, seedCatalog, aContext(), 'c');
      const afterRework = completeRework(first.order, aContext());
      const second = recordInspection(afterRework.order, bad, seedCatalog, aContext(), 'c');
      const third = recordInspection(completeRework(second.order, aContext()).order, bad, seedCatalog, aContext(), 'c');
      const rebuilt = completeBuild(startBuild(third.order, aContext()).order, aContext());
      const fourth = recordInspection(rebuilt.order, bad, seedCatalog, aContext(), 'c');
      const fifth = recordInspection(completeRework(fourth.order, aContext()).order, bad, seedCatalog, aContext(), 'c');
      const last = recordInspection(completeRework(fifth.order, aContext()).order, bad, seedCatalog, aContext(), 'c');

      // Assess
      expect([first, second, third, fourth, fifth, last].map((result) => result.disposition)).toEqual(['rework', 'rework', 'scrap', 'rework', 'rework', 'fail']);
      expect(third.order).toMatchObject({ status: 'procuring', reworkCount: 0, scrapCount: 1 });
      expect(last.order.status).toBe('failed');
      expect(last.order.failure?.error).toBe('InspectionFailedError');
      expect(first.events[0]).toMatchObject({ type: 'InspectionFailed', detail: { disposition: 'rework', reworkCount: 1, failedChecks: [{ lineId: 'L1', checkId: 'length' }] } });
    });
  });

  describe('shipping and delivery', () => {
    it('records the shipment without a status change, then delivery with actual cost and margin', () => {
      // Prepare
      const order = anOrder({ status: 'shipping' });

      // Act
      const shipped = recordShipment(order, aContext({ actor: { kind: 'carrier', id: 'dhl' } }), { carrier: 'DHL Freight', trackingNumber: 'JD0001' });
      const delivered = confirmDelivery(shipped.order, seedCatalog, aContext({ now: later }), {
        materials: [{ componentId: 'oak-panel-40', quantity: 2.2 }],
        labour: [{ workCenterId: 'wc-finishing', hours: 4 }],
      });

      // Assess
      expect(shipped.order).toMatchObject({ status: 'shipping', shipment: { carrier: 'DHL Freight', trackingNumber: 'JD0001' } });
      expect(delivered.order.status).toBe('delivered');
      expect(delivered.order.shipment?.deliveredAt).toBe(later);
      expect(delivered.order.actualCost?.cost.materialsCents).toBe(31_900);
      expect(delivered.events[0]).toMatchObject({ type: 'OrderDelivered', detail: { priceCents: order.quote.priceCents } });
    });

    it('refuses to book a shipment outside shipping', () => {
      // Assess
      expect(() => recordShipment(anOrder({ status: 'building' }), aContext(), { carrier: 'x', trackingNumber: 'y' })).toThrow(IllegalTransitionError);
    });
  });

  describe('cancellation and failure', () => {
    it('cancels with the compensation of the stage on the result and the event', () => {
      // Act
      const { order, events, compensation } = cancelOrder(anOrder({ status: 'procuring' }), aContext({ actor: { kind: 'customer', id: 'cus-test' }, reason: 'changed my mind' }));

      // Assess
      expect(order).toMatchObject({ status: 'cancelled', closedReason: 'changed my mind' });
      expect(compensation).toEqual(['cancel-open-purchase-orders', 'release-reservations', 'stop-workflow']);
      expect(events[0]).toMatchObject({ type: 'OrderCancelled', detail: { previousStatus: 'procuring', compensation } });
    });

    it('refuses to cancel a shipped order, saying why', () => {
      // Assess
      expect(() => cancelOrder(anOrder({ status: 'shipping' }), aContext())).toThrow("cannot go from 'shipping' to 'cancelled': the order has shipped");
    });

    it('fails from any live status, recording step and cause', () => {
      // Act
      const { order, events } = failOrder(anOrder({ status: 'building' }), aContext(), failure);

      // Assess
      expect(order).toMatchObject({ status: 'failed', failure });
      expect(events[0]).toMatchObject({ type: 'OrderFailed', detail: { previousStatus: 'building', failure } });
    });
  });

  describe('specification change', () => {
    it('re-plans the new lines, bumps the design revision and returns to review', () => {
      // Prepare
      const order = anOrder({ status: 'awaiting_design_approval' });
      const inputs = { catalog: seedCatalog, stock: seedStock, load: {} };

      // Act
      const { order: next, events, compensation } = changeSpecification(order, [aTableLine({ wood: 'walnut', finish: 'hardwax' })], inputs, aContext({ now: later }));

      // Assess
      expect(next).toMatchObject({ status: 'in_review', designRevision: 2 });
      expect(next.lines[0]).toMatchObject({ lineId: 'L1', configuration: { wood: 'walnut' } });
      expect(next.requirements.some((requirement) => requirement.componentId === 'walnut-panel-40')).toBe(true);
      expect(next.quote.priceCents).toBeGreaterThan(order.quote.priceCents);
      expect(compensation).toEqual(['withdraw-pending-approvals', 'restart-from-review']);
      expect(events[0]).toMatchObject({ type: 'SpecificationChanged', detail: { previousStatus: 'awaiting_design_approval', designRevision: 2 } });
    });

    it('restarts a review in progress without a status change', () => {
      // Act
      const { order, compensation } = changeSpecification(anOrder({ status: 'in_review' }), [aTableLine({ length_mm: 2200 })], { catalog: seedCatalog, stock: seedStock, load: {} }, aContext());

      // Assess
      expect(order).toMatchObject({ status: 'in_review', designRevision: 2 });
      expect(compensation).toEqual(['withdraw-pending-approvals', 'restart-from-review']);
    });

    it('refuses once the build has started, and refuses invalid lines with every problem', () => {
      // Prepare
      const inputs = { catalog: seedCatalog, stock: seedStock, load: {} };

      // Act / Assess
      expect(() => changeSpecification(anOrder({ status: 'building' }), [aTableLine()], inputs, aContext())).toThrow('the build has started');
      expect(() => changeSpecification(anOrder({ status: 'procuring' }), [aTableLine({ wood: 'teak', length_mm: 1 })], inputs, aContext())).toThrow(DomainValidationError);
    });
  });

  describe('properties', () => {
    const catalog: Catalog = seedCatalog;
    const inputs = { catalog, stock: seedStock, load: {} };
    type Operation = { readonly name: string; readonly apply: (order: Order) => TransitionResult };
    const operations: readonly Operation[] = [
      { name: 'startReview', apply: (order) => startReview(order, aContext()) },
      { name: 'approveOrder', apply: (order) => approveOrder(order, catalog, aContext(), auto) },
      { name: 'rejectOrder', apply: (order) => rejectOrder(order, aContext()) },
      { name: 'approveDesign', apply: (order) => approveDesign(order, aContext()) },
      { name: 'rejectDesign', apply: (order) => rejectDesign(order, catalog, aContext()) },
      { name: 'submitDesignRevision', apply: (order) => submitDesignRevision(order, aContext()) },
      { name: 'startBuild', apply: (order) => startBuild(order, aContext()) },
      { name: 'completeBuild', apply: (order) => completeBuild(order, aContext()) },
      { name: 'passInspection', apply: (order) => recordInspection(order, aPassingInspection(order), catalog, aContext(), 'cert') },
      { name: 'failInspection', apply: (order) => recordInspection(order, anInspectionWith(order, { length: 1 }), catalog, aContext(), 'cert') },
      { name: 'completeRework', apply: (order) => completeRework(order, aContext()) },
      { name: 'recordShipment', apply: (order) => recordShipment(order, aContext(), { carrier: 'c', trackingNumber: 't' }) },
      { name: 'confirmDelivery', apply: (order) => confirmDelivery(order, catalog, aContext()) },
      { name: 'cancelOrder', apply: (order) => cancelOrder(order, aContext()) },
      { name: 'failOrder', apply: (order) => failOrder(order, aContext(), failure) },
      { name: 'changeSpecification', apply: (order) => changeSpecification(order, [aTableLine({ length_mm: 1900 })], inputs, aContext()) },
    ];
    const start = anOrder();

    it('no sequence of operations reaches an illegal state: each step is a table transition or a named refusal', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...operations), { maxLength: 40 }), (sequence) => {
          let order = start;
          let specChanges = 0;
          for (const operation of sequence) {
            // Act
            let result: TransitionResult | undefined;
            try {
              result = operation.apply(order);
            } catch (error) {
              // Assess: refusals are named and leave the order as it was
              expect(error).toBeInstanceOf(IllegalTransitionError);
              continue;
            }
            // Assess
            const next = result.order;
            expect(next.status === order.status || ORDER_TRANSITIONS[order.status].includes(next.status)).toBe(true);
            if (next.status === order.status) expect(['recordShipment', 'changeSpecification']).toContain(operation.name);
            expect(next.version).toBe(start.version);
            expect(result.events.length).toBeGreaterThan(0);
            for (const event of result.events) expect(event).toMatchObject({ orderId: start.orderId, status: next.status });
            if (operation.name === 'changeSpecification') specChanges += 1;
            order = next;
            expect(order.reworkCount).toBeLessThanOrEqual(catalog.policy.maxReworks);
            expect(order.scrapCount ?? 0).toBeLessThanOrEqual(catalog.policy.maxScraps);
            expect(order.designRevision).toBeLessThanOrEqual(1 + catalog.policy.maxDesignRevisions + specChanges);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('terminal statuses have no exits: every operation is refused', () => {
      for (const status of TERMINAL_STATUSES) {
        for (const operation of operations) {
          // Act / Assess
          expect(() => operation.apply(anOrder({ status })), `${operation.name} from ${status}`).toThrow(IllegalTransitionError);
        }
      }
    });

    it('the happy path runs from received to delivered', () => {
      // Prepare
      const path = ['startReview', 'approveOrder', 'approveDesign', 'startBuild', 'completeBuild', 'passInspection', 'recordShipment', 'confirmDelivery'];

      // Act
      const final = path.reduce((order, name) => (operations.find((operation) => operation.name === name) as Operation).apply(order).order, start);

      // Assess
      expect(final.status).toBe('delivered');
    });
  });
});
