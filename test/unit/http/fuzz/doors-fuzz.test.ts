// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import fc from 'fast-check';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { seedOrderRequests } from '../../../../functions/domain/catalog/seed';
import { createPlaceOrderHandler } from '../../../../functions/http/orders/place-order.handler';
import { createReportShipmentEventHandler } from '../../../../functions/http/shipping/report-shipment-event.handler';
import { createRecordInspectionResultHandler } from '../../../../functions/http/shop-floor/record-inspection-result.handler';
import { createReceiveSupplierEventHandler } from '../../../../functions/http/suppliers/receive-supplier-event.handler';
import { signWebhook } from '../../../../functions/shared/security/supplier-webhook-signature';
import { apiEvent, givenOrder, givenSeedCatalog, givenSentPurchaseOrder, givenWait, invoke, jsonPost, memoryDoors, SUPPLIER_SECRET, TestClock } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const RUNS = 1500;
/** Thousands of requests take seconds, more on a busy machine running the whole suite. */
const FUZZ_TIMEOUT_MS = 60_000;

/** Never our fault for their input: a 2xx, or a 4xx problem+json that says what is wrong. */
function expectClientOutcome(result: APIGatewayProxyResult): void {
  expect(result.statusCode).toBeLessThan(500);
  if (result.statusCode >= 400) {
    expect(result.headers?.['Content-Type']).toBe('application/problem+json');
    const problem = JSON.parse(result.body) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: result.statusCode, type: expect.stringMatching(/^urn:mto-flow:problem:/) as unknown });
    expect(typeof problem.title).toBe('string');
    expect(typeof problem.detail).toBe('string');
  }
}

/** A value shaped like an order but with any field replaced by anything. */
const mutatedOrder = fc
  .record({
    customer: fc.oneof(
      fc.constant(seedOrderRequests.oakDiningTable.customer),
      fc.record({ customerId: fc.string(), name: fc.string(), email: fc.oneof(fc.emailAddress(), fc.string()) }, { requiredKeys: [] }),
      fc.anything(),
    ),
    lines: fc.oneof(
      fc.constant(seedOrderRequests.oakDiningTable.lines),
      fc.array(
        fc.record(
          {
            productId: fc.oneof(fc.constantFrom('dining-table', 'shelving-unit', 'drive-shaft', 'mounting-bracket'), fc.string()),
            configuration: fc.dictionary(fc.oneof(fc.constantFrom('wood', 'length_mm', 'width_mm', 'finish', 'legs', 'extension_leaves', 'material'), fc.string()), fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.anything())),
            quantity: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.double(), fc.anything()),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      fc.anything(),
    ),
    requestedDeliveryDate: fc.oneof(fc.constant('2027-12-15'), fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)), fc.string()),
    priority: fc.oneof(fc.constantFrom('low', 'normal', 'high', 'rush'), fc.string()),
    notes: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
  }, { requiredKeys: [] })
  .chain((order) => fc.oneof(fc.constant(order), fc.record({ extra: fc.anything() }).map((extra) => ({ ...order, ...extra }))));

describe('fuzzing the doors', () => {
  describe('POST /orders', () => {
    it('never answers 5xx nor throws, whatever the body', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenSeedCatalog(doors);
      const handler = createPlaceOrderHandler(doors.deps);
      const bodies = fc.oneof(
        { weight: 3, arbitrary: mutatedOrder.map((value) => JSON.stringify(value) ?? 'null') },
        { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
      );

      const statuses = new Map<number, number>();

      // Act + Assess
      await fc.assert(
        fc.asyncProperty(bodies, fc.option(fc.string({ maxLength: 300 }), { nil: undefined }), async (body, idempotencyKey) => {
          const result = await invoke(handler, jsonPost('/orders', body, idempotencyKey === undefined ? {} : { headers: { 'Idempotency-Key': idempotencyKey } }));
          statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);
          expectClientOutcome(result);
        }),
        { numRuns: RUNS },
      );
      // The generator reaches every outcome: placed orders, malformed bodies, invalid fields.
      expect([...statuses.keys()]).toEqual(expect.arrayContaining([201, 400, 422]));
    }, FUZZ_TIMEOUT_MS);
  });

  describe('POST /suppliers/{supplierId}/events', () => {
    it('never answers 5xx nor throws for correctly signed bodies of any shape', async () => {
      // Prepare
      const doors = memoryDoors({ clock: new TestClock(new Date()) });
      const { callbackId } = await givenSentPurchaseOrder(doors);
      await givenOrder(doors);
      const handler = createReceiveSupplierEventHandler(doors.deps);
      const events = fc.record(
        {
          type: fc.oneof(fc.constantFrom('purchase_order.acknowledged', 'purchase_order.rejected', 'purchase_order.shipped', 'purchase_order.delivered'), fc.string()),
          timestamp: fc.oneof(fc.constant('2026-03-02T09:15:00Z'), fc.string()),
          data: fc.oneof(
            fc.record(
              {
                poId: fc.oneof(fc.constantFrom('po-0042', 'po-9999'), fc.string()),
                callbackId: fc.oneof(fc.constant(callbackId), fc.string()),
                confirmedDeliveryDate: fc.oneof(fc.constant('2026-03-16'), fc.string()),
                reason: fc.string(),
                trackingNumber: fc.string(),
                lines: fc.anything(),
              },
              { requiredKeys: [] },
            ),
            fc.anything(),
          ),
        },
        { requiredKeys: [] },
      );
      const bodies = fc.oneof({ weight: 4, arbitrary: events.map((value) => JSON.stringify(value)) }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) });
      const now = Math.floor(Date.now() / 1000);

      // Act + Assess
      await fc.assert(
        fc.asyncProperty(bodies, fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: -600, max: 600 }), async (body, webhookId, skew) => {
          const timestamp = now + skew;
          const headers: Record<string, string> = { 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(SUPPLIER_SECRET, webhookId, timestamp, body) };
          const result = await invoke(handler, apiEvent({ method: 'POST', pathParameters: { supplierId: 'sup-a' }, headers, body }));
          expectClientOutcome(result);
        }),
        { numRuns: RUNS },
      );
    }, FUZZ_TIMEOUT_MS);

    it('never answers 5xx nor throws for any headers and supplier ids', async () => {
      // Prepare
      const doors = memoryDoors({ clock: new TestClock(new Date()) });
      const handler = createReceiveSupplierEventHandler(doors.deps);

      // Act + Assess
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature', 'Webhook-Signature', 'x'), fc.string()), fc.string(), fc.string(), async (headers, supplierId, body) => {
          const result = await invoke(handler, apiEvent({ method: 'POST', pathParameters: { supplierId }, headers, body }));
          expectClientOutcome(result);
        }),
        { numRuns: RUNS },
      );
    }, FUZZ_TIMEOUT_MS);
  });

  describe('POST /shop-floor/orders/{orderId}/inspections', () => {
    it('never answers 5xx nor throws, whatever the measurements', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenSeedCatalog(doors);
      await givenOrder(doors, { status: 'in_qc' });
      const handler = createRecordInspectionResultHandler(doors.deps);
      const reports = fc.record(
        {
          reportId: fc.oneof(fc.uuid(), fc.string()),
          inspector: fc.string(),
          lines: fc.array(fc.record({ lineId: fc.oneof(fc.constant('L1'), fc.string()), results: fc.dictionary(fc.string(), fc.oneof(fc.double(), fc.boolean(), fc.string())) }, { requiredKeys: [] }), { maxLength: 3 }),
        },
        { requiredKeys: [] },
      );

      // Act + Assess
      await fc.assert(
        fc.asyncProperty(reports, async (report) => {
          const result = await invoke(handler, jsonPost('/shop-floor/orders/ord-0001/inspections', report, { pathParameters: { orderId: 'ord-0001' } }));
          expectClientOutcome(result);
        }),
        { numRuns: RUNS },
      );
    }, FUZZ_TIMEOUT_MS);
  });

  describe('POST /shipping/orders/{orderId}/events', () => {
    it('never answers 5xx nor throws, whatever the report', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenOrder(doors, { status: 'shipping' });
      await givenWait(doors, 'shipment', { subjectId: 'ord-0001-shipment-booking' });
      const handler = createReportShipmentEventHandler(doors.deps);
      const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: fc.anything() });
      const instant = fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()), fc.string());
      const booked = fc.record(
        { event: fc.constant('shipment-booked'), reportId: field(fc.uuid()), carrier: field(fc.string()), trackingNumber: field(fc.stringMatching(/^[A-Z0-9]{1,30}$/)), at: instant },
        { requiredKeys: ['event'] },
      );
      const delivered = fc.record({ event: fc.constant('delivery-confirmed'), reportId: field(fc.uuid()), deliveredAt: instant, receivedBy: field(fc.string()) }, { requiredKeys: ['event'] });
      const reports = fc.oneof(booked, delivered, fc.dictionary(fc.constantFrom('event', 'reportId', 'carrier', 'trackingNumber', 'at', 'deliveredAt', 'receivedBy', 'x'), fc.anything()));
      const bodies = fc.oneof({ weight: 4, arbitrary: reports.map((value) => JSON.stringify(value)) }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) });
      const statuses = new Map<number, number>();

      // Act + Assess
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const result = await invoke(handler, jsonPost('/shipping/orders/ord-0001/events', body, { pathParameters: { orderId: 'ord-0001' } }));
          statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);
          expectClientOutcome(result);
        }),
        { numRuns: RUNS },
      );
      expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 409, 422]));
    }, FUZZ_TIMEOUT_MS);
  });
});
