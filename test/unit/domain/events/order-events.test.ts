import { describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../../functions/domain/catalog/seed';
import {
  createEvent,
  EVENT_DETAIL_TYPES,
  EVENT_SOURCE,
  fromBusDetail,
  isOrderEvent,
  toBusEvent,
  ORDER_EVENT_TYPES,
  toEventBridgeEntry,
  type OrderEvent,
} from '../../../../functions/domain/events/order-events';
import { fromTimelineEntry, summarizeEvent, timelineEntryPrefix, toTimelineEntries, toTimelineEntry } from '../../../../functions/domain/events/timeline';
import {
  approveDesign,
  approveOrder,
  cancelOrder,
  completeBuild,
  confirmDelivery,
  recordInspection,
  recordShipment,
  startBuild,
  startReview,
} from '../../../../functions/domain/order/order-transitions';
import { placeOrder } from '../../../../functions/domain/order/place-order';
import { seedStock } from '../../../../functions/domain/catalog/seed';
import { aPassingInspection } from '../../../support/builders/inspection.builder';
import { aContext, aMondayMorning, anApprover, anOrder, sequentialIds } from '../../../support/builders/order.builder';
import { anOrderRequest } from '../../../support/builders/order-request.builder';

describe('order events', () => {
  describe('names', () => {
    it('has one unique detail-type per event type, all "Noun.Verb", all from mto.orders', () => {
      // Act
      const detailTypes = Object.values(EVENT_DETAIL_TYPES);

      // Assess
      expect(new Set(detailTypes).size).toBe(detailTypes.length);
      for (const detailType of detailTypes) expect(detailType).toMatch(/^[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+$/);
      expect(EVENT_SOURCE).toBe('mto.orders');
      expect(ORDER_EVENT_TYPES).toHaveLength(detailTypes.length);
    });
  });

  describe('createEvent', () => {
    it('fills version, source and detail-type, and carries orderId, occurredAt, actor, status, reason and detail', () => {
      // Act
      const event = createEvent('OrderCancelled', { orderId: 'o-1', occurredAt: aMondayMorning, actor: anApprover, status: 'cancelled', reason: 'duplicate' }, { previousStatus: 'in_review', compensation: ['stop-workflow'] });

      // Assess
      expect(event).toEqual({
        type: 'OrderCancelled',
        version: 1,
        source: 'mto.orders',
        detailType: 'Order.Cancelled',
        orderId: 'o-1',
        occurredAt: aMondayMorning,
        actor: anApprover,
        status: 'cancelled',
        reason: 'duplicate',
        detail: { previousStatus: 'in_review', compensation: ['stop-workflow'] },
      });
    });

    it('maps to an EventBridge entry whose Detail is flat (envelope beside the detail fields), and parses back', () => {
      // Prepare
      const event = createEvent('DesignApproved', { orderId: 'o-1', occurredAt: aMondayMorning, actor: anApprover, status: 'procuring' }, { designRevision: 2 });

      // Act
      const entry = toEventBridgeEntry(event, 'o-1/evt-1');
      const parsed = JSON.parse(entry.Detail) as Record<string, unknown>;

      // Assess
      expect(entry).toMatchObject({ Source: 'mto.orders', DetailType: 'Order.DesignApproved', Time: aMondayMorning });
      expect(parsed).toEqual({ eventId: 'o-1/evt-1', type: 'DesignApproved', version: 1, orderId: 'o-1', occurredAt: aMondayMorning, actor: anApprover, status: 'procuring', designRevision: 2 });
      expect(fromBusDetail(entry.DetailType, parsed)).toEqual(event);
      expect(isOrderEvent(fromBusDetail(entry.DetailType, parsed))).toBe(true);
    });

    it('never lets a detail field overwrite an envelope field on the bus', () => {
      // Prepare
      const event = createEvent('PurchaseOrderPlaced', { orderId: 'o-1', occurredAt: aMondayMorning, actor: anApprover, status: 'procuring' }, { poId: 'po-1', supplierId: 's', supplierName: 'S', lineCount: 0, totalCents: 0, sourcingAttempt: 0 });
      const sneaky = { ...event, detail: { ...event.detail, status: 'delivered', eventId: 'forged' } } as unknown as OrderEvent;

      // Act
      const bus = toBusEvent(sneaky, 'o-1/real');

      // Assess
      expect(bus.detail).toMatchObject({ status: 'procuring', eventId: 'o-1/real' });
    });

    it('reads back only details of known event types', () => {
      // Assess
      expect(fromBusDetail('Order.Nope', { type: 'Nope', version: 1, orderId: 'o', occurredAt: aMondayMorning, actor: anApprover, status: 'received' })).toBeUndefined();
    });

    it('recognises only well-formed envelopes', () => {
      // Assess
      expect(isOrderEvent(null)).toBe(false);
      expect(isOrderEvent({ type: 'OrderPlaced', detailType: 'Order.Cancelled', source: 'mto.orders', version: 1, orderId: 'o', occurredAt: 't', detail: {} })).toBe(false);
      expect(isOrderEvent({ type: 'toString', detailType: 'x', source: 'mto.orders', version: 1, orderId: 'o', occurredAt: 't', detail: {} })).toBe(false);
    });
  });

  describe('timeline', () => {
    function lifeOfAnOrder(): OrderEvent[] {
      const placed = placeOrder(anOrderRequest(), seedCatalog, seedStock, {}, aMondayMorning, sequentialIds());
      const events: OrderEvent[] = [...placed.events];
      let order = placed.order;
      for (const step of [
        (current: typeof order) => startReview(current, aContext()),
        (current: typeof order) => approveOrder(current, seedCatalog, aContext(), { automatic: true, reasons: [] }),
        (current: typeof order) => approveDesign(current, aContext({ actor: anApprover })),
        (current: typeof order) => startBuild(current, aContext()),
        (current: typeof order) => completeBuild(current, aContext()),
        (current: typeof order) => recordInspection(current, aPassingInspection(current), seedCatalog, aContext({ actor: { kind: 'inspector', id: 'qc@workshop.example' } }), 'coc-1'),
        (current: typeof order) => recordShipment(current, aContext({ actor: { kind: 'carrier', id: 'dhl' } }), { carrier: 'DHL', trackingNumber: 'T-1' }),
        (current: typeof order) => confirmDelivery(current, seedCatalog, aContext(), { materials: [], labour: [{ workCenterId: 'wc-assembly', hours: 2 }] }),
      ]) {
        const result = step(order);
        events.push(...result.events);
        order = result.order;
      }
      return events;
    }

    it('turns each event into who / what / when / why', () => {
      // Prepare
      const event = cancelOrder(anOrder({ status: 'in_review' }), aContext({ actor: { kind: 'customer', id: 'cus-test', displayName: 'Anna Berg' }, reason: 'found a cheaper one' })).events[0] as OrderEvent;

      // Act
      const entry = toTimelineEntry(event, 3);

      // Assess
      expect(entry).toMatchObject({
        orderId: event.orderId,
        at: aMondayMorning,
        entryId: `${aMondayMorning}#0003`,
        type: 'OrderCancelled',
        actor: { displayName: 'Anna Berg' },
        summary: 'Order cancelled by Anna Berg while in review',
        reason: 'found a cheaper one',
      });
    });

    it('tells the story of an order from placement to delivery, one readable sentence each', () => {
      // Act
      const entries = toTimelineEntries(lifeOfAnOrder());

      // Assess
      expect(entries.map((entry) => entry.type)).toEqual([
        'OrderPlaced',
        'OrderReviewStarted',
        'OrderApproved',
        'DesignApproved',
        'BuildStarted',
        'BuildCompleted',
        'InspectionPassed',
        'ShipmentBooked',
        'OrderDelivered',
      ]);
      expect(entries[0]?.summary).toMatch(/^Order placed by Test Customer: 1 line, EUR \d+\.00, promised for 2026-03-\d\d$/);
      expect(entries[3]?.summary).toBe('Design revision 1 approved by eng@workshop.example');
      expect(entries[6]?.summary).toBe('Inspection passed (5 checks); certificate of conformance coc-1 issued');
      expect(entries[7]?.summary).toBe('Shipped with DHL, tracking number T-1');
      expect(entries[8]?.summary).toMatch(/^Delivered; actual cost EUR \d+\.\d\d, margin [\d.]+ %$/);
      expect(new Set(entries.map((entry) => entry.entryId)).size).toBe(entries.length);
    });

    it("tags a write's entries <at>#<tag>#<n>, and reads each entry back as the event it was written for", () => {
      // Prepare
      const events = lifeOfAnOrder().slice(1, 3);
      const at = events[0]?.occurredAt ?? '';

      // Act
      const entries = toTimelineEntries(events, 'review-order');

      // Assess
      expect(entries.map((entry) => entry.entryId)).toEqual([`${timelineEntryPrefix(at, 'review-order')}0000`, `${timelineEntryPrefix(at, 'review-order')}0001`]);
      expect(entries.map((entry) => fromTimelineEntry(entry))).toEqual(events);
    });

    it('reads no event back from an entry that was not written for one', () => {
      // Prepare
      const note = { orderId: 'o-1', at: aMondayMorning, entryId: `${aMondayMorning}#op`, type: 'OperationStarted', actor: anApprover, summary: 'Operation cut-top started', data: { operationId: 'cut-top' } };

      // Assess
      expect(fromTimelineEntry(note)).toBeUndefined();
    });

    it('has a summary for procurement and approval events too', () => {
      // Prepare
      const context = { orderId: 'o-1', occurredAt: aMondayMorning, actor: { kind: 'supplier', id: 'sup-fastfix', displayName: 'FastFix Hardware BV' }, status: 'procuring' } as const;

      // Act / Assess
      expect(summarizeEvent(createEvent('PurchaseOrderRejected', context, { poId: 'po-1', supplierId: 'sup-fastfix' }))).toBe('Purchase order po-1 rejected by FastFix Hardware BV');
      expect(summarizeEvent(createEvent('ProcurementEscalated', context, { poId: 'po-1', components: [{ componentId: 'extension-slide', quantity: 2, unit: 'pcs' }] }))).toBe(
        'No supplier left for 1 component of purchase order po-1; escalated to purchasing',
      );
      expect(summarizeEvent(createEvent('ApprovalReminderSent', { ...context, actor: { kind: 'system', id: 'workflow' } }, { approvalId: 'a-1', approvers: ['eng@x'], reminder: 2 }))).toBe('Reminder 2 sent to eng@x');
    });
  });
});
