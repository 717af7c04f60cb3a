// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { createReportShipmentEventHandler } from '../../../../functions/http/shipping/report-shipment-event.handler';
import type { OrderStatus } from '../../../../functions/domain/order/order-status';
import { createAwaitShipment } from '../../../../functions/use-cases/shop-floor-steps';
import { apiEvent, givenOrder, givenWait, invoke, jsonOf, jsonPost, memoryDoors, problemOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

type Doors = ReturnType<typeof memoryDoors>;

async function orderIn(status: OrderStatus): Promise<Doors> {
  const doors = memoryDoors();
  await givenOrder(doors, { status });
  return doors;
}

/**
 * The wait the lifecycle's await-shipment step opens for `round` (subject `<orderId>-shipment-<round>`,
 * see functions/use-cases/shop-floor-steps.ts), its task token registered as waiting.
 */
async function givenShipmentWait(doors: Doors, round: 'booking' | 'delivery', options: { ttlSeconds?: number } = {}): Promise<{ taskToken: string; callbackId: string }> {
  return givenWait(doors, 'shipment', { subjectId: `ord-0001-shipment-${round}`, ttlSeconds: options.ttlSeconds ?? 30 * 24 * 3600 });
}

const shippingEvent = (body: unknown, orderId = 'ord-0001') => jsonPost(`/shipping/orders/${orderId}/events`, body, { pathParameters: { orderId } });

const BOOKED = { event: 'shipment-booked', reportId: 'ship-1', carrier: 'DHL Freight', trackingNumber: 'JD014600006281230704', at: '2026-03-02T09:30:00Z' };
const DELIVERED = { event: 'delivery-confirmed', reportId: 'ship-2', deliveredAt: '2026-03-05T14:05:00Z', receivedBy: 'J. Schmidt' };

describe('POST /shipping/orders/{orderId}/events', () => {
  describe('shipment-booked', () => {
    it('resumes the booking wait with the carrier and tracking number (the lifecycle\'s $.shipment)', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      const { taskToken } = await givenShipmentWait(doors, 'booking');

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent(BOOKED));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(jsonOf(result)).toEqual({ orderId: 'ord-0001', reportId: 'ship-1', event: 'shipment-booked', outcome: 'recorded' });
      expect(doors.adapters.workflow.taskResults).toEqual([
        { taskToken, kind: 'success', output: { carrier: 'DHL Freight', trackingNumber: 'JD014600006281230704', bookedAt: '2026-03-02T09:30:00Z' } },
      ]);
    });

    it('takes the time of receipt as the booking time when the report has none', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      await givenShipmentWait(doors, 'booking');
      const { at: _at, ...withoutTime } = BOOKED;

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent(withoutTime));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(doors.adapters.workflow.taskResults[0]?.output).toMatchObject({ bookedAt: doors.clock.now().toISOString() });
    });
  });

  describe("the lifecycle's own waits", () => {
    it('answers the waits the await-shipment step opens, round by round', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      const awaitShipment = createAwaitShipment({
        orders: doors.adapters.orders,
        events: doors.adapters.outbox,
        clock: () => doors.clock.now().toISOString(),
        callbacks: doors.adapters.callbacks,
        idempotency: doors.adapters.idempotency,
      });
      const handler = createReportShipmentEventHandler(doors.deps);
      const tokens = { booking: `booking-token-${'b'.repeat(40)}`, delivery: `delivery-token-${'d'.repeat(40)}` };
      doors.adapters.workflow.registerWaitingToken(tokens.booking);
      doors.adapters.workflow.registerWaitingToken(tokens.delivery);

      // Act
      await awaitShipment({ orderId: 'ord-0001', at: doors.clock.now().toISOString(), round: 'booking', shipment: { trackingNumber: null }, taskToken: tokens.booking });
      const booked = await invoke(handler, shippingEvent(BOOKED));
      doors.clock.advanceSeconds(5);
      const shipment = doors.adapters.workflow.taskResults[0]?.output as { carrier: string; trackingNumber: string };
      await awaitShipment({ orderId: 'ord-0001', at: doors.clock.now().toISOString(), round: 'delivery', shipment, taskToken: tokens.delivery });
      const delivered = await invoke(handler, shippingEvent(DELIVERED));

      // Assess
      expect([booked.statusCode, delivered.statusCode]).toEqual([200, 200]);
      expect(doors.adapters.workflow.taskResults.map((task) => task.taskToken)).toEqual([tokens.booking, tokens.delivery]);
      expect((await doors.adapters.orders.get('ord-0001'))?.shipment).toMatchObject({ carrier: 'DHL Freight', trackingNumber: 'JD014600006281230704' });
    });
  });

  describe('delivery-confirmed', () => {
    it("ends the delivery wait with the delivery time and recipient (the lifecycle's $.delivery)", async () => {
      // Prepare
      const doors = await orderIn('shipping');
      const { taskToken } = await givenShipmentWait(doors, 'delivery');

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent(DELIVERED));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(jsonOf(result)).toMatchObject({ event: 'delivery-confirmed', outcome: 'recorded' });
      expect(doors.adapters.workflow.taskResults).toEqual([{ taskToken, kind: 'success', output: { deliveredAt: '2026-03-05T14:05:00Z', receivedBy: 'J. Schmidt' } }]);
    });

    it('leaves receivedBy out when the carrier did not report it, and dates the delivery on receipt', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      await givenShipmentWait(doors, 'delivery');

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent({ event: 'delivery-confirmed', reportId: 'ship-3' }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(doors.adapters.workflow.taskResults[0]?.output).toEqual({ deliveredAt: doors.clock.now().toISOString() });
    });
  });

  describe('replays', () => {
    it('answers a repeated report (same reportId) with 200 duplicate and resumes nothing again', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      await givenShipmentWait(doors, 'booking');
      const handler = createReportShipmentEventHandler(doors.deps);
      await invoke(handler, shippingEvent(BOOKED));

      // Act
      const again = await invoke(handler, shippingEvent(BOOKED));

      // Assess
      expect(again.statusCode).toBe(200);
      expect(jsonOf(again)).toMatchObject({ outcome: 'duplicate' });
      expect(doors.adapters.workflow.taskResults).toHaveLength(1);
    });

    it('acts on a retried report whose first attempt was refused (the claim is given back)', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      const handler = createReportShipmentEventHandler(doors.deps);
      const tooEarly = await invoke(handler, shippingEvent(BOOKED));
      const { taskToken } = await givenShipmentWait(doors, 'booking');

      // Act
      const retried = await invoke(handler, shippingEvent(BOOKED));

      // Assess
      expect(tooEarly.statusCode).toBe(409);
      expect(retried.statusCode).toBe(200);
      expect(jsonOf(retried)).toMatchObject({ outcome: 'recorded' });
      expect(doors.adapters.workflow.taskResults.map((task) => task.taskToken)).toEqual([taskToken]);
    });
  });

  describe('reports that do not fit the order', () => {
    it.each<[OrderStatus]>([['building'], ['in_qc'], ['delivered']])('refuses a report on an order in stage %s (409 naming the stage)', async (status) => {
      // Prepare
      const doors = await orderIn(status);

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent(BOOKED));

      // Assess
      expect(result.statusCode).toBe(409);
      const problem = problemOf(result);
      expect(problem).toMatchObject({ type: 'urn:mto-flow:problem:not-waiting', state: status });
      expect(problem.detail).toContain(`"${status}"`);
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('refuses a delivery before the booking, and a second booking after it (409 naming what is expected)', async () => {
      // Prepare
      const booking = await orderIn('shipping');
      await givenShipmentWait(booking, 'booking');
      const delivery = await orderIn('shipping');
      await givenShipmentWait(delivery, 'delivery');

      // Act
      const deliveredTooEarly = await invoke(createReportShipmentEventHandler(booking.deps), shippingEvent(DELIVERED));
      const bookedTwice = await invoke(createReportShipmentEventHandler(delivery.deps), shippingEvent({ ...BOOKED, reportId: 'ship-9' }));

      // Assess
      expect(deliveredTooEarly.statusCode).toBe(409);
      expect(problemOf(deliveredTooEarly)).toMatchObject({ type: 'urn:mto-flow:problem:not-waiting', state: 'shipping' });
      expect(problemOf(deliveredTooEarly).detail).toContain('waiting for shipment-booked');
      expect(bookedTwice.statusCode).toBe(409);
      expect(problemOf(bookedTwice).detail).toContain('waiting for delivery-confirmed');
      expect(booking.adapters.workflow.taskResults).toHaveLength(0);
      expect(delivery.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('answers 409 not-waiting between the rounds (booking recorded, delivery wait not yet open)', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      await givenShipmentWait(doors, 'booking');
      const handler = createReportShipmentEventHandler(doors.deps);
      await invoke(handler, shippingEvent(BOOKED));

      // Act
      const result = await invoke(handler, shippingEvent(DELIVERED));

      // Assess
      expect(result.statusCode).toBe(409);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-waiting');
      expect(problemOf(result).detail).toContain('retry shortly');
    });

    it('answers 410 when the shipping wait timed out', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      await givenShipmentWait(doors, 'booking');
      doors.clock.advanceSeconds(31 * 24 * 3600);

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent(BOOKED));

      // Assess
      expect(result.statusCode).toBe(410);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:wait-over');
    });

    it('answers 404 for an unknown order', async () => {
      // Prepare
      const doors = await orderIn('shipping');

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent(BOOKED, 'ord-nope'));

      // Assess
      expect(result.statusCode).toBe(404);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-found');
    });
  });

  describe('bad input', () => {
    it('refuses malformed JSON (400) and an oversize body (413)', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      await givenShipmentWait(doors, 'booking');
      const handler = createReportShipmentEventHandler(doors.deps);

      // Act
      const malformed = await invoke(handler, shippingEvent('{"event":'));
      const oversize = await invoke(handler, shippingEvent({ ...BOOKED, carrier: 'x'.repeat(9 * 1024) }));

      // Assess
      expect(malformed.statusCode).toBe(400);
      expect(problemOf(malformed).type).toBe('urn:mto-flow:problem:malformed-request');
      expect(oversize.statusCode).toBe(413);
      expect(problemOf(oversize).type).toBe('urn:mto-flow:problem:payload-too-large');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown event', { event: 'lost-in-transit', reportId: 'r1' }, 'event'],
      ['a missing tracking number', { event: 'shipment-booked', reportId: 'r1', carrier: 'UPS' }, 'trackingNumber'],
      ['a mistyped carrier', { ...BOOKED, carrier: 42 }, 'carrier'],
      ['a tracking number with markup', { ...BOOKED, trackingNumber: '<script>' }, 'trackingNumber'],
      ['a missing reportId', { event: 'delivery-confirmed' }, 'reportId'],
      ['a delivery time that is not ISO-8601', { ...DELIVERED, deliveredAt: 'yesterday' }, 'deliveredAt'],
      ['an unknown field', { ...DELIVERED, signature: 'png' }, 'signature'],
    ])('refuses %s (422 naming the field)', async (_case, body, path) => {
      // Prepare
      const doors = await orderIn('shipping');
      await givenShipmentWait(doors, 'booking');

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), shippingEvent(body));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.map((error) => error.path)).toContain(path);
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('refuses a path order id that cannot exist (404) without reading the body', async () => {
      // Prepare
      const doors = await orderIn('shipping');
      const event = apiEvent({ method: 'POST', path: '/shipping/orders/a%20b/events', pathParameters: { orderId: 'a b' }, headers: { 'Content-Type': 'application/json' }, body: '{' });

      // Act
      const result = await invoke(createReportShipmentEventHandler(doors.deps), event);

      // Assess
      expect(result.statusCode).toBe(404);
    });
  });
});
