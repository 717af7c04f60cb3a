// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { createPlaceOrderHandler } from '../../../../functions/http/orders/place-order.handler';
import { seedOrderRequests } from '../../../../functions/domain/catalog/seed';
import { requestHashOf } from '../../../../functions/http/shared/idempotency';
import { givenSeedCatalog, invoke, jsonOf, jsonPost, memoryDoors, problemOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

async function setUp() {
  const doors = memoryDoors();
  await givenSeedCatalog(doors);
  return { doors, handler: createPlaceOrderHandler(doors.deps) };
}

interface OrderBody {
  orderId: string;
  status: string;
  promise: { date: string };
  quote: { priceCents: number; currency: string };
  links: { self: string };
}

describe('POST /orders', () => {
  describe('placing an order', () => {
    it('answers 201 with the order id, status, promise date, quote and links, and starts the lifecycle once', async () => {
      // Prepare
      const { doors, handler } = await setUp();

      // Act
      const result = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));

      // Assess
      expect(result.statusCode).toBe(201);
      const body = jsonOf<OrderBody>(result);
      expect(body.status).toBe('received');
      expect(body.promise.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(body.quote.priceCents).toBeGreaterThan(0);
      expect(body.links.self).toBe(`/orders/${body.orderId}`);
      expect(result.headers?.Location).toBe(`/orders/${body.orderId}`);
      const stored = await doors.adapters.orders.get(body.orderId);
      expect(stored?.executionArn).toBe(`arn:aws:states:us-east-1:123456789012:execution:order-lifecycle:${body.orderId}`);
      expect([...doors.adapters.workflow.executions.keys()]).toEqual([body.orderId]);
      expect(doors.adapters.workflow.executions.get(body.orderId)?.input).toEqual({ orderId: body.orderId });
      const timeline = await doors.adapters.orders.listTimeline(body.orderId);
      expect(timeline.items.map((entry) => entry.type)).toEqual(['OrderPlaced']);
      // The lifecycle's first step publishes the stored OrderPlaced: the door makes no call to the bus.
      expect(doors.adapters.outbox.events).toEqual([]);
    });
  });

  describe('one write per order', () => {
    it('creates the order with its execution ARN before starting the execution, and never updates it', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const update = vi.spyOn(doors.adapters.orders, 'update');
      const storedWhenStarted: (string | undefined)[] = [];
      const start = doors.adapters.workflow.startOrderExecution.bind(doors.adapters.workflow);
      vi.spyOn(doors.adapters.workflow, 'startOrderExecution').mockImplementation(async (orderId, input, options) => {
        storedWhenStarted.push((await doors.adapters.orders.get(orderId))?.executionArn);
        return start(orderId, input, options);
      });

      // Act
      const result = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));

      // Assess
      const orderId = jsonOf<OrderBody>(result).orderId;
      expect(result.statusCode).toBe(201);
      expect(storedWhenStarted).toEqual([doors.adapters.workflow.executions.get(orderId)?.executionArn]);
      expect(update).not.toHaveBeenCalled();
    });

    it('still records the started ARN with a second write when the ARN cannot be known in advance', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenSeedCatalog(doors);
      const { executionArns: _unknown, ...deps } = doors.deps;
      const handler = createPlaceOrderHandler(deps);

      // Act
      const result = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));

      // Assess
      const orderId = jsonOf<OrderBody>(result).orderId;
      expect((await doors.adapters.orders.get(orderId))?.executionArn).toBe(doors.adapters.workflow.executions.get(orderId)?.executionArn);
    });
  });

  describe('reading the catalog, the work-center load and the stock per container', () => {
    it('reads them once for the requests in the first half of cacheMs, and again after cacheMs', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenSeedCatalog(doors);
      const handler = createPlaceOrderHandler(doors.deps, { cacheMs: 5_000 });
      const catalogReads = vi.spyOn(doors.adapters.catalog, 'loadCatalog');
      const openOrderQueries = vi.spyOn(doors.adapters.orders, 'listByStatus');
      const stockReads = vi.spyOn(doors.adapters.stock, 'getMany');

      // Act
      await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));
      doors.clock.advanceSeconds(2);
      await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));
      const readsWithin = { catalog: catalogReads.mock.calls.length, load: openOrderQueries.mock.calls.length, stock: stockReads.mock.calls.length };
      doors.clock.advanceSeconds(4);
      await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));

      // Assess
      expect(readsWithin).toEqual({ catalog: 1, load: 3, stock: 1 });
      expect({ catalog: catalogReads.mock.calls.length, load: openOrderQueries.mock.calls.length, stock: stockReads.mock.calls.length }).toEqual({ catalog: 2, load: 6, stock: 2 });
    });

    it('reads them on every request by default', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const catalogReads = vi.spyOn(doors.adapters.catalog, 'loadCatalog');
      const stockReads = vi.spyOn(doors.adapters.stock, 'getMany');

      // Act
      await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));
      await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));

      // Assess
      expect(catalogReads).toHaveBeenCalledTimes(2);
      expect(stockReads).toHaveBeenCalledTimes(2);
    });
  });

  describe('bad input', () => {
    it('refuses malformed JSON with 400', async () => {
      // Prepare
      const { handler } = await setUp();

      // Act
      const result = await invoke(handler, jsonPost('/orders', '{"customer": {'));

      // Assess
      expect(result.statusCode).toBe(400);
      expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:malformed-request', title: 'Malformed request', status: 400 });
    });

    it('refuses an empty body with 400', async () => {
      // Prepare
      const { handler } = await setUp();

      // Act
      const result = await invoke(handler, jsonPost('/orders', ''));

      // Assess
      expect(result.statusCode).toBe(400);
      expect(problemOf(result).detail).toContain('no body');
    });

    it('names every missing field with the rule "required" (422)', async () => {
      // Prepare
      const { handler } = await setUp();

      // Act
      const result = await invoke(handler, jsonPost('/orders', { customer: { customerId: 'c-1' } }));

      // Assess
      expect(result.statusCode).toBe(422);
      const problem = problemOf(result);
      expect(problem.type).toBe('urn:mto-flow:problem:validation-failed');
      expect(problem.errors?.map((error) => `${error.path}:${error.rule}`)).toEqual(
        expect.arrayContaining(['customer.name:required', 'customer.email:required', 'lines:required', 'requestedDeliveryDate:required']),
      );
    });

    it('names mistyped, out-of-range and unknown fields (422)', async () => {
      // Prepare
      const { handler } = await setUp();
      const body = {
        ...seedOrderRequests.oakDiningTable,
        priority: 'yesterday',
        requestedDeliveryDate: '15/12/2027',
        lines: [{ productId: 'dining-table', configuration: {}, quantity: 'two' }],
        discount: 10,
      };

      // Act
      const result = await invoke(handler, jsonPost('/orders', body));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.map((error) => `${error.path}:${error.rule}`)).toEqual(
        expect.arrayContaining(['priority:enum', 'requestedDeliveryDate:format', 'lines[0].quantity:type', 'discount:unknown-field']),
      );
    });

    it("names every catalog problem the domain finds, with its path and rule (422)", async () => {
      // Prepare
      const { doors, handler } = await setUp();

      // Act
      const result = await invoke(handler, jsonPost('/orders', seedOrderRequests.invalidWalnutLacquer));

      // Assess
      expect(result.statusCode).toBe(422);
      const errors = problemOf(result).errors ?? [];
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((error) => error.path.startsWith('lines[') || error.path === 'requestedDeliveryDate')).toBe(true);
      expect(doors.adapters.workflow.executions.size).toBe(0);
    });

    it('refuses an unknown product (422 naming the line)', async () => {
      // Prepare
      const { handler } = await setUp();
      const body = { ...seedOrderRequests.oakDiningTable, lines: [{ productId: 'flying-carpet', configuration: {}, quantity: 1 }] };

      // Act
      const result = await invoke(handler, jsonPost('/orders', body));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.[0]?.path).toMatch(/^lines\[0\]/);
    });

    it('refuses an oversize body with 413', async () => {
      // Prepare
      const { handler } = await setUp();
      const body = { ...seedOrderRequests.oakDiningTable, notes: 'x'.repeat(70 * 1024) };

      // Act
      const result = await invoke(handler, jsonPost('/orders', body));

      // Assess
      expect(result.statusCode).toBe(413);
      expect(problemOf(result)).toMatchObject({ status: 413, type: 'urn:mto-flow:problem:payload-too-large' });
    });
  });

  describe('Idempotency-Key', () => {
    const keyed = (key: string, body: unknown = seedOrderRequests.oakDiningTable) => jsonPost('/orders', body, { headers: { 'Idempotency-Key': key }, apiKeyId: 'shop-1' });

    it('replays the original response for the same key and body, placing one order', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const first = await invoke(handler, keyed('key-001'));

      // Act
      const second = await invoke(handler, keyed('key-001'));

      // Assess
      expect(first.statusCode).toBe(201);
      expect(first.headers?.['Idempotent-Replayed']).toBeUndefined();
      expect(second.statusCode).toBe(201);
      expect(second.body).toBe(first.body);
      expect(second.headers?.Location).toBe(first.headers?.Location);
      expect(second.headers?.['Idempotent-Replayed']).toBe('true');
      expect(doors.adapters.workflow.executions.size).toBe(1);
    });

    it('writes the key\'s record with the order in one create (no claim, no completion)', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const create = vi.spyOn(doors.adapters.orders, 'create');
      const claim = vi.spyOn(doors.adapters.idempotency, 'claim');
      const complete = vi.spyOn(doors.adapters.idempotency, 'complete');

      // Act
      const result = await invoke(handler, keyed('key-one-write'));

      // Assess
      expect(create).toHaveBeenCalledTimes(1);
      expect(create.mock.calls[0]?.[2]?.idempotency).toMatchObject({ scope: 'placeOrder:shop-1', key: 'key-one-write', response: { statusCode: 201, body: result.body } });
      expect(claim).not.toHaveBeenCalled();
      expect(complete).not.toHaveBeenCalled();
      expect(await doors.adapters.idempotency.get('placeOrder:shop-1', 'key-one-write')).toMatchObject({ status: 'completed', response: { statusCode: 201, body: result.body } });
    });

    it('replays the first response, not the order as it is now', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const first = await invoke(handler, keyed('key-moved-on'));
      const orderId = jsonOf<OrderBody>(first).orderId;
      const order = await doors.adapters.orders.get(orderId);
      await doors.adapters.orders.update({ ...order!, status: 'in_review' }, order!.version);

      // Act
      const replayed = await invoke(handler, keyed('key-moved-on'));

      // Assess
      expect(jsonOf<OrderBody>(replayed).status).toBe('received');
      expect(replayed.body).toBe(first.body);
    });

    it('treats the same JSON with other whitespace and key order as the same body', async () => {
      // Prepare
      const { handler } = await setUp();
      const { customer, ...rest } = seedOrderRequests.oakDiningTable;
      const first = await invoke(handler, jsonPost('/orders', JSON.stringify({ customer, ...rest }), { headers: { 'Idempotency-Key': 'key-ws' } }));

      // Act
      const second = await invoke(handler, jsonPost('/orders', JSON.stringify({ ...rest, customer }, null, 2), { headers: { 'Idempotency-Key': 'key-ws' } }));

      // Assess
      expect(second.statusCode).toBe(201);
      expect(second.headers?.['Idempotent-Replayed']).toBe('true');
      expect(jsonOf<OrderBody>(second).orderId).toBe(jsonOf<OrderBody>(first).orderId);
    });

    it('refuses the same key with a different body (422 naming the header) and writes nothing', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      await invoke(handler, keyed('key-002'));
      const eventsBefore = doors.adapters.outbox.events.length;

      // Act
      const result = await invoke(handler, keyed('key-002', seedOrderRequests.officeShelving));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result)).toMatchObject({
        type: 'urn:mto-flow:problem:idempotency-key-reuse',
        errors: [{ path: 'header.Idempotency-Key', rule: 'idempotency-key-reuse' }],
      });
      expect((await doors.adapters.orders.listByCustomer(seedOrderRequests.officeShelving.customer.customerId)).items).toEqual([]);
      expect(doors.adapters.workflow.executions.size).toBe(1);
      expect(doors.adapters.outbox.events.length).toBe(eventsBefore);
    });

    it('answers a duplicate racing the first request with the first response, after making sure of the start', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const original = doors.adapters.workflow.startOrderExecution.bind(doors.adapters.workflow);
      const start = vi.spyOn(doors.adapters.workflow, 'startOrderExecution').mockImplementationOnce(async (...args) => {
        await gate;
        return original(...args);
      });
      const first = invoke(handler, keyed('key-003'));

      // Act
      const second = await invoke(handler, keyed('key-003'));
      const startedBeforeTheFirstGoesOn = doors.adapters.workflow.executions.size;
      release();
      const firstResult = await first;

      // Assess
      expect(firstResult.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.headers?.['Idempotent-Replayed']).toBe('true');
      expect(second.body).toBe(firstResult.body);
      expect(startedBeforeTheFirstGoesOn).toBe(1);
      expect(start).toHaveBeenCalledTimes(2);
      expect(doors.adapters.workflow.executions.size).toBe(1);
      expect((await doors.adapters.orders.listTimeline(jsonOf<OrderBody>(second).orderId)).items.map((entry) => entry.type)).toEqual(['OrderPlaced']);
    });

    it('answers 409 while an in-progress claim of the same request holds the key, and takes the key over once its lock expired', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const body = seedOrderRequests.oakDiningTable;
      await doors.adapters.idempotency.claim({
        scope: 'placeOrder:shop-1',
        key: 'key-claimed',
        requestHash: requestHashOf(JSON.parse(JSON.stringify(body))),
        now: doors.clock.now().toISOString(),
        lockSeconds: 60,
        ttlSeconds: 24 * 3600,
      });

      // Act
      const held = await invoke(handler, keyed('key-claimed', body));
      doors.clock.advanceSeconds(61);
      const takenOver = await invoke(handler, keyed('key-claimed', body));

      // Assess
      expect(held.statusCode).toBe(409);
      expect(problemOf(held)).toMatchObject({ type: 'urn:mto-flow:problem:idempotency-key-in-progress', retryAfterSeconds: 2 });
      expect(takenOver.statusCode).toBe(201);
      expect(takenOver.headers?.['Idempotent-Replayed']).toBeUndefined();
      expect(doors.adapters.workflow.executions.size).toBe(1);
    });

    it('after a write whose start failed: answers the error, and the retry starts the execution, keeping the first attempt\'s OrderPlaced, then replays', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      vi.spyOn(doors.adapters.workflow, 'startOrderExecution').mockRejectedValueOnce(new Error('throttled'));
      const failed = await invoke(handler, keyed('key-004'));
      const firstAttemptAt = doors.clock.now().toISOString();
      const record = await doors.adapters.idempotency.get('placeOrder:shop-1', 'key-004');
      doors.clock.advanceSeconds(30);

      // Act
      const retried = await invoke(handler, keyed('key-004'));

      // Assess
      expect(failed.statusCode).toBe(500);
      expect(retried.statusCode).toBe(201);
      expect(retried.headers?.['Idempotent-Replayed']).toBe('true');
      expect(retried.body).toBe(record?.response?.body);
      const orderId = jsonOf<OrderBody>(retried).orderId;
      expect((await doors.adapters.orders.listByCustomer('cus-anna-berg')).items.map((order) => order.orderId)).toEqual([orderId]);
      expect([...doors.adapters.workflow.executions.keys()]).toEqual([orderId]);
      expect((await doors.adapters.orders.listTimeline(orderId)).items.map((entry) => [entry.type, entry.at])).toEqual([['OrderPlaced', firstAttemptAt]]);
    });

    it('leaves nothing behind when it fails before the write: the retry runs afresh', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      vi.spyOn(doors.adapters.catalog, 'loadCatalog').mockRejectedValueOnce(new Error('catalog unreachable'));
      const failed = await invoke(handler, keyed('key-006'));
      const recordAfterFailure = await doors.adapters.idempotency.get('placeOrder:shop-1', 'key-006');

      // Act
      const retried = await invoke(handler, keyed('key-006'));

      // Assess
      expect(failed.statusCode).toBe(500);
      expect(recordAfterFailure).toBeUndefined();
      expect(retried.statusCode).toBe(201);
      expect(retried.headers?.['Idempotent-Replayed']).toBeUndefined();
    });

    it('finishes the same order when the key\'s record expired but its order exists (no second order)', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const first = await invoke(handler, keyed('key-007'));
      doors.clock.advanceSeconds(24 * 3600 + 1);

      // Act
      const later = await invoke(handler, keyed('key-007'));

      // Assess
      expect(later.statusCode).toBe(201);
      expect(later.headers?.['Idempotent-Replayed']).toBeUndefined();
      expect(jsonOf<OrderBody>(later).orderId).toBe(jsonOf<OrderBody>(first).orderId);
      expect(doors.adapters.workflow.executions.size).toBe(1);
      expect((await doors.adapters.orders.listByCustomer('cus-anna-berg')).items).toHaveLength(1);
    });

    it('without a key: a new order each time, and no record', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      const create = vi.spyOn(doors.adapters.orders, 'create');

      // Act
      const first = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));
      const second = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));

      // Assess
      expect(jsonOf<OrderBody>(first).orderId).not.toBe(jsonOf<OrderBody>(second).orderId);
      expect(create.mock.calls.map((call) => call[2])).toEqual([undefined, undefined]);
      expect(second.headers?.['Idempotent-Replayed']).toBeUndefined();
    });

    it('refuses a malformed key (422 naming the header)', async () => {
      // Prepare
      const { handler } = await setUp();

      // Act
      const result = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable, { headers: { 'Idempotency-Key': 'has spaces in it' } }));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.[0]).toMatchObject({ path: 'header.Idempotency-Key', rule: 'format' });
    });
  });

  describe('our failures', () => {
    it('answers 500 without internals when something of ours breaks', async () => {
      // Prepare
      const { doors, handler } = await setUp();
      vi.spyOn(doors.adapters.catalog, 'loadCatalog').mockRejectedValueOnce(new Error('table mto-prod-secret-internal unreachable at 10.0.3.7'));

      // Act
      const result = await invoke(handler, jsonPost('/orders', seedOrderRequests.oakDiningTable));

      // Assess
      expect(result.statusCode).toBe(500);
      const problem = problemOf(result);
      expect(problem).toMatchObject({ type: 'urn:mto-flow:problem:internal-error', status: 500, instance: 'urn:mto-flow:request:req-0001' });
      expect(result.body).not.toContain('10.0.3.7');
      expect(result.body).not.toContain('mto-prod');
    });
  });
});
