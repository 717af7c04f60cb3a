/**
 * The lifecycle steps' use cases against the in-memory twins: every status change is the domain's
 * transition with its timeline entries in one write, every published event is in the one
 * vocabulary, and a retried step run (same `at`) writes nothing twice and re-publishes the same ids.
 */
import { describe, expect, it, vi } from 'vitest';
import { InMemoryApprovalRepository } from '../../../functions/adapters/memory/approval-repository.memory';
import { InMemoryCallbackRepository } from '../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryIdempotencyStore } from '../../../functions/adapters/memory/idempotency-store.memory';
import { InMemoryOrderRepository } from '../../../functions/adapters/memory/order-repository.memory';
import { InMemoryOrderChildrenReader } from '../../../functions/adapters/memory/order-children.memory';
import { InMemoryPurchaseOrderRepository } from '../../../functions/adapters/memory/purchase-order-repository.memory';
import { InMemoryStockRepository } from '../../../functions/adapters/memory/stock-repository.memory';
import { seedCatalog, seedStock } from '../../../functions/domain/catalog/seed';
import type { Catalog } from '../../../functions/domain/catalog/catalog.types';
import { actualCost } from '../../../functions/domain/costing/costing';
import { EVENT_DETAIL_TYPES } from '../../../functions/domain/events/order-events';
import type { Order } from '../../../functions/domain/order/order.types';
import type { OutgoingEvent } from '../../../functions/ports/event-publisher';
import type { TimelineEntry } from '../../../functions/domain/order/order.types';
import type { PurchaseOrderMessage } from '../../../functions/ports/notifier';
import {
  createApplyDesignDecision,
  createApplyInspectionResult,
  createApplyReviewDecision,
  createCompleteOrder,
  createOpenDesignRevision,
  createRecordProduction,
  createReviewOrder,
  productionOrderIdOf,
  type ApprovalResult,
} from '../../../functions/use-cases/lifecycle-steps';
import { createAssessOrderRisk, createCompensateOrder, createFailOrder } from '../../../functions/use-cases/order-health-steps';
import { createRecordPoDelivery } from '../../../functions/use-cases/procurement-steps';
import { createAwaitInspection, createAwaitProduction, createAwaitShipment } from '../../../functions/use-cases/shop-floor-steps';
import { aPassingInspection, anInspectionWith } from '../../support/builders/inspection.builder';
import { aMondayMorning, anOrder, aPlacedOrder } from '../../support/builders/order.builder';
import { anOrderRequest, aShaftLine } from '../../support/builders/order-request.builder';

/** A step run's instant: `minutes` after a Monday morning. */
const at = (minutes: number): string => new Date(Date.parse(aMondayMorning) + minutes * 60_000).toISOString();

async function harness(order: Order, catalog: Catalog = seedCatalog, entries: readonly TimelineEntry[] = []) {
  const orders = new InMemoryOrderRepository();
  await orders.create(order, entries);
  const published: OutgoingEvent[] = [];
  const sent: PurchaseOrderMessage[] = [];
  const stock = new InMemoryStockRepository();
  for (const level of seedStock) await stock.put(level);
  const purchaseOrders = new InMemoryPurchaseOrderRepository();
  const approvals = new InMemoryApprovalRepository();
  const deps = {
    orders,
    events: { publish: (events: readonly OutgoingEvent[]) => Promise.resolve(void published.push(...events)) },
    clock: () => aMondayMorning,
    catalog: () => Promise.resolve(catalog),
    stock,
    purchaseOrders,
    approvals,
    orderChildren: new InMemoryOrderChildrenReader(approvals, purchaseOrders),
    callbacks: new InMemoryCallbackRepository(),
    idempotency: new InMemoryIdempotencyStore(),
    suppliers: { send: (message: PurchaseOrderMessage) => Promise.resolve(void sent.push(message)) },
    shopFloorHeartbeatMinutes: 240,
  };
  const stored = async (): Promise<Order> => {
    const current = await orders.get(order.orderId);
    if (current === undefined) throw new Error('order vanished');
    return current;
  };
  const timeline = async () => (await orders.listTimeline(order.orderId, { limit: 100 })).items;
  return { deps, orderId: order.orderId, published, sent, stored, timeline };
}

const approved = (approvalId = 'apr-1'): ApprovalResult => ({ approvalId, outcome: 'approved', decidedBy: 'eng@workshop.example', decidedAt: aMondayMorning, comment: null });
const rejected = (comment: string, approvalId = 'apr-1'): ApprovalResult => ({ approvalId, outcome: 'rejected', decidedBy: 'eng@workshop.example', decidedAt: aMondayMorning, comment });

describe('lifecycle steps (use cases)', () => {
  describe('review-order', () => {
    it('starts the review and approves a clear order through the domain (on to design approval for a table)', async () => {
      // Prepare
      const { deps, orderId, published, stored, timeline } = await harness(anOrder());

      // Act
      const outcome = await createReviewOrder(deps)({ orderId, at: at(1) });

      // Assess
      expect(outcome).toEqual({ outcome: 'cleared', reasons: [], next: 'design-approval' });
      expect((await stored()).status).toBe('awaiting_design_approval');
      expect((await timeline()).map((entry) => entry.type)).toEqual(['OrderReviewStarted', 'OrderApproved']);
      expect(published.map((event) => event.detailType)).toEqual(['Order.ReviewStarted', 'Order.Approved']);
      expect(published[1]?.detail).toMatchObject({ orderId, status: 'awaiting_design_approval', automatic: true, nextStatus: 'awaiting_design_approval' });
    });

    it('goes straight on to procurement for products without a design package', async () => {
      // Prepare
      const { deps, orderId, stored } = await harness(anOrder({}, anOrderRequest({ lines: [aShaftLine()] })));

      // Act
      const outcome = await createReviewOrder(deps)({ orderId, at: at(1) });

      // Assess
      expect(outcome.next).toBe('procurement');
      expect((await stored()).status).toBe('procuring');
    });

    it('leaves the order in review for a person when a rule fails, naming every reason', async () => {
      // Prepare
      const order = anOrder();
      const { deps, orderId, published, stored } = await harness({ ...order, requestedDeliveryDate: '2026-03-05' });

      // Act
      const outcome = await createReviewOrder(deps)({ orderId, at: at(1) });

      // Assess
      expect(outcome.outcome).toBe('needs-approval');
      expect(outcome.next).toBe('review');
      expect(outcome.reasons.join(' ')).toContain('after the requested 2026-03-05');
      expect((await stored()).status).toBe('in_review');
      expect(published.map((event) => event.detailType)).toEqual(['Order.ReviewStarted']);
    });

    it('on a retry of the same run writes no second timeline entry and re-publishes the same event ids', async () => {
      // Prepare
      const { deps, orderId, published, timeline } = await harness(anOrder());
      const review = createReviewOrder(deps);
      await review({ orderId, at: at(1) });
      const firstIds = published.map((event) => event.detail.eventId);

      // Act
      const again = await review({ orderId, at: at(1) });

      // Assess
      expect(again.next).toBe('design-approval');
      expect(await timeline()).toHaveLength(2);
      expect(published.slice(2).map((event) => event.detail.eventId)).toEqual(firstIds);
    });

    it('first publishes the OrderPlaced the door stored (flat detail, its timeline entry id), then its own events', async () => {
      // Prepare
      const { order, entries } = aPlacedOrder();
      const { deps, orderId, published } = await harness(order, seedCatalog, entries);

      // Act
      await createReviewOrder(deps)({ orderId, at: at(1) });

      // Assess
      expect(published.map((event) => event.detailType)).toEqual(['Order.Placed', 'Order.ReviewStarted', 'Order.Approved']);
      expect(published[0]?.detail).toMatchObject({ eventId: `${orderId}/${entries[0]?.entryId}`, type: 'OrderPlaced', orderId, status: 'received', customerId: order.customer.customerId, quote: order.quote });
      expect(published[0]?.detail).not.toHaveProperty('detail');
      expect(published[0]?.time).toBe(order.createdAt);
    });

    it('publishes OrderPlaced again (same id) when its write failed after the publish, and not once the review landed', async () => {
      // Prepare
      const { order, entries } = aPlacedOrder();
      const { deps, orderId, published } = await harness(order, seedCatalog, entries);
      const review = createReviewOrder(deps);
      vi.spyOn(deps.orders, 'saveTransition').mockRejectedValueOnce(new Error('DynamoDB unavailable'));
      await expect(review({ orderId, at: at(1) })).rejects.toThrow('DynamoDB unavailable');

      // Act
      await review({ orderId, at: at(1) });
      await review({ orderId, at: at(1) });

      // Assess
      const placed = published.filter((event) => event.detailType === 'Order.Placed').map((event) => event.detail.eventId);
      expect(placed).toEqual([`${orderId}/${entries[0]?.entryId}`, `${orderId}/${entries[0]?.entryId}`]);
    });

    it('reviews an order sent back by a specification change without a second "review started"', async () => {
      // Prepare
      const { deps, orderId, published } = await harness(anOrder({ status: 'in_review', designRevision: 2 }));

      // Act
      await createReviewOrder(deps)({ orderId, at: at(1) });

      // Assess
      expect(published.map((event) => event.detailType)).toEqual(['Order.Approved']);
    });
  });

  describe('apply-review-decision', () => {
    it("applies a person's approval and rejection with the approver as actor and the comment as reason", async () => {
      // Prepare
      const approvedCase = await harness(anOrder({ status: 'in_review' }));
      const rejectedCase = await harness(anOrder({ status: 'in_review' }));

      // Act
      const onApproval = await createApplyReviewDecision(approvedCase.deps)({ orderId: approvedCase.orderId, at: at(5), decision: approved() });
      const onRejection = await createApplyReviewDecision(rejectedCase.deps)({ orderId: rejectedCase.orderId, at: at(5), decision: rejected('too cheap') });

      // Assess
      expect(onApproval).toEqual({ next: 'design-approval' });
      expect(onRejection).toEqual({ next: 'rejected' });
      expect((await rejectedCase.stored()).status).toBe('rejected');
      expect((await rejectedCase.timeline())[0]).toMatchObject({ type: 'OrderRejected', actor: { kind: 'approver', id: 'eng@workshop.example' }, reason: 'too cheap' });
    });

    it('names an expired approval with ApprovalExpiredError and changes nothing', async () => {
      // Prepare
      const { deps, orderId, stored } = await harness(anOrder({ status: 'in_review' }));

      // Act
      const attempt = createApplyReviewDecision(deps)({ orderId, at: at(5), decision: { ...approved(), outcome: 'expired', decidedBy: null } });

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'ApprovalExpiredError' });
      expect((await stored()).status).toBe('in_review');
    });
  });

  describe('the design loop', () => {
    it('rejects, opens the next revision with the comments, then approves into procurement', async () => {
      // Prepare
      const { deps, orderId, stored, timeline } = await harness(anOrder({ status: 'awaiting_design_approval' }));
      const open = createOpenDesignRevision(deps);
      const decide = createApplyDesignDecision(deps);

      // Act
      const first = await open({ orderId, at: at(1), previous: { next: 'first', comment: null } });
      const afterRejection = await decide({ orderId, at: at(2), designRevision: first.designRevision, decision: rejected('legs too thin') });
      const second = await open({ orderId, at: at(3), previous: afterRejection });
      const afterApproval = await decide({ orderId, at: at(4), designRevision: second.designRevision, decision: approved('apr-2') });

      // Assess
      expect([first.designRevision, second.designRevision]).toEqual([1, 2]);
      expect(afterRejection).toEqual({ next: 'revise', comment: 'legs too thin' });
      expect(afterApproval.next).toBe('approved');
      expect((await stored()).status).toBe('procuring');
      expect((await timeline()).map((entry) => entry.type)).toEqual(['DesignRejected', 'DesignRevised', 'DesignApproved']);
      expect((await timeline())[1]).toMatchObject({ reason: 'legs too thin' });
    });

    it('rejects the order once no revision is left (the bound is the domain policy)', async () => {
      // Prepare
      const bounded = { ...seedCatalog, policy: { ...seedCatalog.policy, maxDesignRevisions: 1 } };
      const { deps, orderId, stored, published } = await harness(anOrder({ status: 'awaiting_design_approval', designRevision: 2 }), bounded);

      // Act
      const outcome = await createApplyDesignDecision(deps)({ orderId, at: at(1), designRevision: 2, decision: rejected('still wrong') });

      // Assess
      expect(outcome.next).toBe('rejected');
      expect((await stored()).status).toBe('rejected');
      expect(published.map((event) => event.detailType)).toEqual(['Order.DesignRejected', 'Order.Rejected']);
    });

    it('ignores a decision on a revision other than the one under approval', async () => {
      // Prepare
      const { deps, orderId, published } = await harness(anOrder({ status: 'awaiting_design_approval', designRevision: 3 }));

      // Act
      const attempt = createApplyDesignDecision(deps)({ orderId, at: at(1), designRevision: 2, decision: approved() });

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'IllegalTransitionError' });
      expect(published).toEqual([]);
    });
  });

  describe('build and QC', () => {
    it('releases production (procuring -> building), records the actuals with lots, and sends the order to QC', async () => {
      // Prepare
      const { deps, orderId, stored, published } = await harness(anOrder({ status: 'procuring' }));

      // Act
      const wait = await createAwaitProduction(deps)({ orderId, at: at(1), round: 'release', taskToken: 'token-build' });
      await createRecordProduction(deps)({
        orderId,
        at: at(2),
        report: { labourHours: 10, consumedMaterials: [{ componentId: 'oak-panel-40', quantity: 2.1, lotNumbers: ['LOT-7'] }], reportedBy: 'ana' },
      });

      // Assess
      const order = await stored();
      expect(wait.productionOrderId).toBe(`${orderId}-build-1`);
      expect(await deps.callbacks.findOpenBySubject(orderId, 'production')).toMatchObject({ callbackId: wait.callbackId, subjectId: wait.productionOrderId });
      expect(order.status).toBe('in_qc');
      expect(order.productionReports).toEqual([
        expect.objectContaining({ productionOrderId: `${orderId}-build-1`, round: 'build', reportedBy: 'ana', materials: [{ componentId: 'oak-panel-40', quantity: 2.1, lotNumbers: ['LOT-7'] }] }),
      ]);
      expect(order.productionReports?.[0]?.labour.reduce((sum, entry) => sum + entry.hours, 0)).toBeCloseTo(10, 5);
      expect(published.map((event) => event.detailType)).toEqual(['Order.BuildStarted', 'Production.Released', 'Order.BuildCompleted']);
      expect(published[2]?.detail).toMatchObject({ labourHours: 10, consumedMaterials: [{ componentId: 'oak-panel-40', lotNumbers: ['LOT-7'] }] });
    });

    it('after a silent shop floor opens the wait again with an alert and no status change', async () => {
      // Prepare
      const { deps, orderId, stored, published } = await harness(anOrder({ status: 'building' }));

      // Act
      await createAwaitProduction(deps)({ orderId, at: at(300), round: 'silent', taskToken: 'token-2' });

      // Assess
      expect((await stored()).status).toBe('building');
      expect(published.map((event) => event.detailType)).toEqual(['Production.ShopFloorSilent']);
      expect(published[0]?.detail).toMatchObject({ silentForMinutes: 240 });
    });

    it('checks the raw results against the checklist: a failure goes to rework, then a pass issues the certificate', async () => {
      // Prepare
      const order = anOrder({ status: 'in_qc' });
      const { deps, orderId, stored, published } = await harness(order);
      const apply = createApplyInspectionResult(deps);
      const failing = anInspectionWith(order, { length: 2050 });

      // Act
      const first = await apply({ orderId, at: at(1), round: 1, result: { passed: false, inspector: 'qc@workshop.example', lines: failing.lines } });
      await createAwaitProduction(deps)({ orderId, at: at(2), round: 'rework', taskToken: 'token-rework' });
      await createRecordProduction(deps)({ orderId, at: at(3), report: { labourHours: 2 } });
      const second = await apply({ orderId, at: at(4), round: 1, result: { passed: true, lines: aPassingInspection(order).lines } });

      // Assess
      expect(first).toEqual({ next: 'rework', procurementRound: 1 });
      expect(second).toEqual({ next: 'passed', procurementRound: 1 });
      expect(await stored()).toMatchObject({ status: 'shipping', reworkCount: 1, certificateId: `CoC-${orderId}-build-1-rework-1` });
      expect(published.map((event) => event.detailType)).toEqual(['Order.InspectionFailed', 'Production.Released', 'Order.ReworkCompleted', 'Order.InspectionPassed']);
    });

    it('fails the order when no rework or scrap is left, then names it for the failure handler', async () => {
      // Prepare
      const { deps, orderId, stored } = await harness(anOrder({ status: 'in_qc', reworkCount: 2, scrapCount: 1 }));

      // Act
      const attempt = createApplyInspectionResult(deps)({ orderId, at: at(1), round: 2, result: { passed: false, failedChecks: ['L1/length: 2050 mm outside 1998..2002 mm'] } });

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'QualityLimitReachedError' });
      expect((await stored())).toMatchObject({ status: 'failed', failure: { step: 'QualityControl' } });
      expect(await createFailOrder(deps)({ orderId, at: at(2), step: 'ApplyInspectionResult', error: 'QualityLimitReachedError', cause: 'x' })).toEqual({ failed: true });
    });
  });

  describe('shipping and delivery', () => {
    it('records the booked shipment, then delivers with the final cost from the actuals at the prices paid', async () => {
      // Prepare
      const base = anOrder({ status: 'shipping' });
      const order: Order = {
        ...base,
        productionReports: [
          { productionOrderId: `${base.orderId}-build-1`, round: 'build', completedAt: aMondayMorning, labour: [{ workCenterId: 'wc-cnc', hours: 30 }], materials: [{ componentId: 'oak-panel-40', quantity: 3, lotNumbers: [] }] },
        ],
      };
      const { deps, orderId, stored, published } = await harness(order);
      await deps.purchaseOrders.create({
        poId: 'po-1', orderId, supplierId: 'sup-alpine-hardwoods', lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }],
        status: 'delivered', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1,
      });

      // Act
      await createAwaitShipment(deps)({ orderId, at: at(1), round: 'delivery', shipment: { trackingNumber: 'TRK-1', carrier: 'DHL' }, taskToken: 'token-ship' });
      const done = await createCompleteOrder(deps)({ orderId, at: at(2), delivery: { receivedBy: 'customer' } });

      // Assess
      const expected = actualCost({ materials: [{ componentId: 'oak-panel-40', quantity: 3, unitCostCents: 20_000 }], labour: [{ workCenterId: 'wc-cnc', hours: 30 }] }, order.quote.priceCents, seedCatalog);
      const delivered = await stored();
      expect(delivered.status).toBe('delivered');
      expect(delivered.shipment).toMatchObject({ carrier: 'DHL', trackingNumber: 'TRK-1' });
      expect(delivered.actualCost).toEqual(expected);
      expect(done).toEqual({ delivered: true, actualCostCents: expected.cost.totalCents, marginFraction: expected.marginFraction });
      expect(expected.cost.totalCents).not.toBe(order.quote.estimatedCost.totalCents);
      expect(published.map((event) => event.detailType)).toEqual(['Order.ShipmentBooked', 'Order.Delivered']);
    });

    it('refuses the delivery round without a tracking number, naming the field', async () => {
      // Prepare
      const { deps, orderId } = await harness(anOrder({ status: 'shipping' }));

      // Act
      const attempt = createAwaitShipment(deps)({ orderId, at: at(1), round: 'delivery', shipment: { trackingNumber: null }, taskToken: 't' });

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'InvalidStepInputError', field: 'shipment.trackingNumber' });
    });
  });

  describe('stock bookings (all in one write; one by one when a retry finds some done)', () => {
    it("consumes the order's reservations when the build is recorded; a retry after a partial consumption consumes the rest, each once", async () => {
      // Prepare: the first attempt consumed one reservation, then died
      const { deps, orderId } = await harness(anOrder({ status: 'building' }));
      const [oak, steel] = seedStock.filter((level) => level.onHand - level.reserved >= 2);
      if (oak === undefined || steel === undefined) throw new Error('seed stock has two components in stock');
      const reserved = await deps.stock.reserveAll([
        { orderId, componentId: oak.componentId, quantity: 1, reservedAt: aMondayMorning },
        { orderId, componentId: steel.componentId, quantity: 2, reservedAt: aMondayMorning },
      ]);
      await deps.stock.consume(orderId, oak.componentId, 1);
      const oneByOne = vi.spyOn(deps.stock, 'consume');

      // Act
      await createRecordProduction(deps)({ orderId, at: at(2), report: { labourHours: 1 } });

      // Assess
      expect(reserved).toBe('done');
      expect(oneByOne).not.toHaveBeenCalled();
      expect(await deps.stock.listReservations(orderId)).toEqual([]);
      expect(await deps.stock.get(oak.componentId)).toMatchObject({ onHand: oak.onHand - 1, reserved: oak.reserved });
      expect(await deps.stock.get(steel.componentId)).toMatchObject({ onHand: steel.onHand - 2, reserved: steel.reserved });
    });

    it('consumes one by one when a reservation went after it was listed (a duplicate run of the step), each exactly once', async () => {
      // Prepare: a duplicate run consumes the first reservation between this run's list and its write
      const { deps, orderId } = await harness(anOrder({ status: 'building' }));
      const [oak, steel] = seedStock.filter((level) => level.onHand - level.reserved >= 2);
      if (oak === undefined || steel === undefined) throw new Error('seed stock has two components in stock');
      await deps.stock.reserve({ orderId, componentId: oak.componentId, quantity: 1, reservedAt: aMondayMorning });
      await deps.stock.reserve({ orderId, componentId: steel.componentId, quantity: 2, reservedAt: aMondayMorning });
      const list = deps.stock.listReservations.bind(deps.stock);
      vi.spyOn(deps.stock, 'listReservations').mockImplementation(async (id) => {
        const listed = await list(id);
        await deps.stock.consume(orderId, oak.componentId, 1);
        return listed;
      });
      const allAtOnce = vi.spyOn(deps.stock, 'consumeAll');

      // Act
      await createRecordProduction(deps)({ orderId, at: at(2), report: { labourHours: 1 } });

      // Assess
      expect(await allAtOnce.mock.results[0]?.value).toBe('refused');
      expect(await list(orderId)).toEqual([]);
      expect(await deps.stock.get(oak.componentId)).toMatchObject({ onHand: oak.onHand - 1, reserved: oak.reserved });
      expect(await deps.stock.get(steel.componentId)).toMatchObject({ onHand: steel.onHand - 2, reserved: steel.reserved });
    });

    it("books a PO's delivery into stock once per line, in one write; a retry books nothing again", async () => {
      // Prepare
      const { deps, orderId } = await harness(anOrder({ status: 'procuring' }));
      const [oak, steel] = seedStock;
      if (oak === undefined || steel === undefined) throw new Error('seed stock has two components');
      const supplierId = seedCatalog.suppliers[0]?.supplierId ?? 'sup';
      await deps.purchaseOrders.create({
        poId: 'po-1', orderId, supplierId, status: 'acknowledged', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1,
        lines: [{ componentId: oak.componentId, quantity: 3, unit: oak.unit, unitCostCents: 100 }, { componentId: steel.componentId, quantity: 4, unit: steel.unit, unitCostCents: 100 }],
      });
      const record = createRecordPoDelivery({ ...deps, calendar: seedCatalog.calendar, supplierAckWorkingHours: 16 });
      const oneByOne = vi.spyOn(deps.stock, 'receive');

      // Act
      await record({ orderId, at: at(1), poId: 'po-1', delivery: {} });
      await record({ orderId, at: at(1), poId: 'po-1', delivery: {} });

      // Assess
      expect(await deps.stock.get(oak.componentId)).toMatchObject({ onHand: oak.onHand + 3 });
      expect(await deps.stock.get(steel.componentId)).toMatchObject({ onHand: steel.onHand + 4 });
      expect(oneByOne).toHaveBeenCalledTimes(2);
      expect(await oneByOne.mock.results[0]?.value).toBe('already-received');
    });
  });

  describe('order at risk', () => {
    it('publishes OrderAtRisk naming the late supplier before the promise date is missed, once per slip', async () => {
      // Prepare
      const order = anOrder({ status: 'procuring' });
      const { deps, orderId, stored, published, timeline } = await harness(order);
      await deps.purchaseOrders.create({
        poId: 'po-late', orderId, supplierId: 'sup-alpine-hardwoods', lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }],
        status: 'acknowledged', confirmedDeliveryDate: '2026-06-01', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1,
      });
      const assess = createAssessOrderRisk(deps);

      // Act
      const first = await assess({ orderId, at: at(60), stage: 'purchasing' });
      await assess({ orderId, at: at(120), stage: 'purchasing' });

      // Assess
      expect(first.atRisk).toBe(true);
      expect(first.expectedFinish > order.promise.date).toBe(true);
      expect(first.cause).toContain('po-late');
      expect(published.map((event) => event.detailType)).toEqual(['Order.AtRisk']);
      expect(published[0]?.detail).toMatchObject({ promiseDate: order.promise.date, expectedFinish: first.expectedFinish, stage: 'purchasing' });
      expect((await timeline()).map((entry) => entry.type)).toEqual(['OrderAtRisk']);
      expect((await stored()).schedule).toMatchObject({ atRisk: true, waitingOnSuppliersHours: 2 });
    });

    it('stays quiet for an order on plan, recording the check and the waiting time', async () => {
      // Prepare
      const { deps, orderId, stored, published } = await harness(anOrder({ status: 'awaiting_design_approval' }));

      // Act
      const assessment = await createAssessOrderRisk(deps)({ orderId, at: at(5), stage: 'review' });

      // Assess
      expect(assessment.atRisk).toBe(false);
      expect(published).toEqual([]);
      expect((await stored()).schedule).toMatchObject({ stage: 'review', atRisk: false, waitingOnPeopleHours: 0 });
    });
  });

  describe('compensation', () => {
    it('cancels open POs with their suppliers (email and PurchaseOrder.Cancelled with the lines) and releases reservations', async () => {
      // Prepare
      const { deps, orderId, sent, published } = await harness(anOrder({ status: 'failed' }));
      await deps.stock.reserve({ orderId, componentId: 'oak-panel-40', quantity: 1, reservedAt: aMondayMorning });
      await deps.purchaseOrders.create({
        poId: 'po-open', orderId, supplierId: 'sup-alpine-hardwoods', lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }],
        status: 'sent', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1,
      });
      const compensate = createCompensateOrder(deps);

      // Act
      const result = await compensate({ orderId, at: at(1), reason: 'failed' });
      const retry = await compensate({ orderId, at: at(1), reason: 'failed' });

      // Assess
      expect(result).toEqual({ released: 1, cancelled: 1 });
      expect(retry.cancelled).toBe(1);
      expect(sent.map((message) => message.type)).toEqual(['purchase-order.cancelled']);
      expect((await deps.purchaseOrders.get('po-open'))?.status).toBe('cancelled');
      expect(published.slice(0, 3).map((event) => event.detailType)).toEqual(['Stock.Released', 'PurchaseOrder.Cancelled', 'Order.Compensated']);
      expect(published[1]?.detail).toMatchObject({ poId: 'po-open', supplierId: 'sup-alpine-hardwoods', orderId, lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }] });
      expect(published.slice(3).map((event) => event.detail.eventId)).toEqual(published.slice(0, 3).map((event) => event.detail.eventId));
    });

    it.each([
      { moved: 'acknowledged by its supplier', from: 'sent', to: 'acknowledged' },
      { moved: 'sent to its supplier', from: 'draft', to: 'sent' },
    ] as const)('cancels a PO $moved while the compensation runs, telling the supplier once', async ({ from, to }) => {
      // Prepare: the PO moves on between the compensation's read and its write
      const { deps, orderId, sent, published } = await harness(anOrder({ status: 'failed' }));
      const created = await deps.purchaseOrders.create({
        poId: 'po-moving', orderId, supplierId: 'sup-alpine-hardwoods', lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }],
        status: from, createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1,
      });
      const update = deps.purchaseOrders.update.bind(deps.purchaseOrders);
      let movedOnce = false;
      vi.spyOn(deps.purchaseOrders, 'update').mockImplementation(async (po, expectedVersion) => {
        if (!movedOnce) {
          movedOnce = true;
          await update({ ...created.purchaseOrder, status: to, updatedAt: at(1) }, created.purchaseOrder.version);
        }
        return update(po, expectedVersion);
      });

      // Act
      const result = await createCompensateOrder(deps)({ orderId, at: at(2), reason: 'failed' });

      // Assess
      expect(result.cancelled).toBe(1);
      expect(await deps.purchaseOrders.get('po-moving')).toMatchObject({ status: 'cancelled', version: 3 });
      expect(sent.map((message) => message.type)).toEqual(['purchase-order.cancelled']);
      expect(published.filter((event) => event.detailType === 'PurchaseOrder.Cancelled').map((event) => event.detail.poId)).toEqual(['po-moving']);
    });

    it('reports a PO whose cancelling write was sent twice (its first answer lost) as cancelled by this run', async () => {
      // Prepare: the write lands, its answer is lost, and the repeated write finds the version moved on
      const { deps, orderId, sent, published } = await harness(anOrder({ status: 'failed' }));
      await deps.purchaseOrders.create({
        poId: 'po-lost-answer', orderId, supplierId: 'sup-alpine-hardwoods', lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }],
        status: 'sent', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1,
      });
      const update = deps.purchaseOrders.update.bind(deps.purchaseOrders);
      vi.spyOn(deps.purchaseOrders, 'update').mockImplementationOnce(async (po, expectedVersion) => {
        await update(po, expectedVersion);
        return update(po, expectedVersion);
      });

      // Act
      const result = await createCompensateOrder(deps)({ orderId, at: at(2), reason: 'failed' });

      // Assess
      expect(result.cancelled).toBe(1);
      expect(sent).toHaveLength(1);
      expect(published.filter((event) => event.detailType === 'PurchaseOrder.Cancelled').map((event) => event.detail.poId)).toEqual(['po-lost-answer']);
      expect(published.find((event) => event.detailType === 'Order.Compensated')?.detail).toMatchObject({ cancelledPurchaseOrders: ['po-lost-answer'] });
    });

    it('leaves a PO delivered while the compensation runs as it is', async () => {
      // Prepare
      const { deps, orderId, sent, published } = await harness(anOrder({ status: 'failed' }));
      const created = await deps.purchaseOrders.create({
        poId: 'po-arriving', orderId, supplierId: 'sup-alpine-hardwoods', lines: [{ componentId: 'oak-panel-40', quantity: 3, unit: 'm2', unitCostCents: 20_000 }],
        status: 'acknowledged', createdAt: aMondayMorning, updatedAt: aMondayMorning, sourcingAttempt: 0, version: 1,
      });
      const update = deps.purchaseOrders.update.bind(deps.purchaseOrders);
      let movedOnce = false;
      vi.spyOn(deps.purchaseOrders, 'update').mockImplementation(async (po, expectedVersion) => {
        if (!movedOnce) {
          movedOnce = true;
          await update({ ...created.purchaseOrder, status: 'delivered', updatedAt: at(1) }, created.purchaseOrder.version);
        }
        return update(po, expectedVersion);
      });

      // Act
      const result = await createCompensateOrder(deps)({ orderId, at: at(2), reason: 'failed' });

      // Assess
      expect(result.cancelled).toBe(0);
      expect((await deps.purchaseOrders.get('po-arriving'))?.status).toBe('delivered');
      // Told before the write found it delivered: the message id is the PO's, so a supplier drops a repeat.
      expect(sent.map((message) => message.poId)).toEqual(['po-arriving']);
      expect(published.map((event) => event.detailType)).toEqual(['Order.Compensated']);
    });
  });

  describe('the one vocabulary', () => {
    it('publishes only detail-types of the domain module, from mto.orders, each detail with its eventId, type and version', async () => {
      // Prepare
      const order = anOrder({ status: 'in_qc' });
      const { deps, orderId, published } = await harness(order);

      // Act
      await createAwaitInspection(deps)({ orderId, at: at(1), taskToken: 'token-qc' });
      await createApplyInspectionResult(deps)({ orderId, at: at(2), round: 1, result: { passed: true, lines: aPassingInspection(order).lines } });
      await createAwaitShipment(deps)({ orderId, at: at(3), round: 'booking', shipment: { trackingNumber: null }, taskToken: 'token-book' });

      // Assess
      const known = new Set<string>(Object.values(EVENT_DETAIL_TYPES));
      expect(published.map((event) => event.detailType)).toEqual(['Inspection.Requested', 'Order.InspectionPassed', 'Shipment.Requested']);
      for (const event of published) {
        expect(known.has(event.detailType)).toBe(true);
        expect(event.source).toBe('mto.orders');
        expect(event.detail).toMatchObject({ eventId: expect.stringMatching(new RegExp(`^${orderId}/`)) as unknown, version: 1, orderId });
      }
      expect(productionOrderIdOf(order)).toBe(`${orderId}-build-1`);
    });
  });
});
