// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { createGetOrderTimelineHandler } from '../../../../functions/http/orders/get-order-timeline.handler';
import { createGetOrderHandler } from '../../../../functions/http/orders/get-order.handler';
import { createListOrdersHandler } from '../../../../functions/http/orders/list-orders.handler';
import { seedOrderRequests } from '../../../../functions/domain/catalog/seed';
import { apiEvent, givenOrder, invoke, jsonOf, memoryDoors, problemOf } from '../support/http-test-kit';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

interface Page {
  items: { orderId: string; status: string }[];
  nextCursor?: string;
}

async function threeOrders() {
  const doors = memoryDoors();
  await givenOrder(doors, { orderId: 'ord-a' });
  doors.clock.advanceSeconds(60);
  await givenOrder(doors, { orderId: 'ord-b', status: 'building' });
  doors.clock.advanceSeconds(60);
  await givenOrder(doors, { orderId: 'ord-c', request: seedOrderRequests.officeShelving });
  return doors;
}

describe('order queries', () => {
  describe('GET /orders/{orderId}', () => {
    it('answers the order with its links', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenOrder(doors);

      // Act
      const result = await invoke(createGetOrderHandler(doors.deps), apiEvent({ pathParameters: { orderId: 'ord-0001' } }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(jsonOf(result)).toMatchObject({ orderId: 'ord-0001', status: 'received', links: { timeline: '/orders/ord-0001/timeline' } });
      expect(result.body).not.toContain('executionArn');
    });

    it('answers 404 problem+json for an unknown order', async () => {
      // Prepare
      const doors = memoryDoors();

      // Act
      const result = await invoke(createGetOrderHandler(doors.deps), apiEvent({ pathParameters: { orderId: 'ord-nope' } }));

      // Assess
      expect(result.statusCode).toBe(404);
      expect(problemOf(result)).toMatchObject({ type: 'urn:mto-flow:problem:not-found', status: 404, resource: 'order' });
    });

    it('answers 404 for an id no order can have', async () => {
      // Prepare
      const doors = memoryDoors();

      // Act
      const result = await invoke(createGetOrderHandler(doors.deps), apiEvent({ pathParameters: { orderId: '..%2F..%2Fetc' } }));

      // Assess
      expect(result.statusCode).toBe(404);
    });
  });

  describe('GET /orders', () => {
    it('lists one status, newest first', async () => {
      // Prepare
      const doors = await threeOrders();

      // Act
      const result = await invoke(createListOrdersHandler(doors.deps), apiEvent({ query: { status: 'received' } }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(jsonOf<Page>(result).items.map((order) => order.orderId)).toEqual(['ord-c', 'ord-a']);
    });

    it("lists one customer's orders, filtered by status too", async () => {
      // Prepare
      const doors = await threeOrders();

      // Act
      const result = await invoke(createListOrdersHandler(doors.deps), apiEvent({ query: { customer: 'cus-anna-berg', status: 'building' } }));

      // Assess
      expect(jsonOf<Page>(result).items.map((order) => order.orderId)).toEqual(['ord-b']);
    });

    it('pages with limit and cursor', async () => {
      // Prepare
      const doors = await threeOrders();
      const handler = createListOrdersHandler(doors.deps);
      const first = jsonOf<Page>(await invoke(handler, apiEvent({ query: { customer: 'cus-anna-berg', limit: '1' } })));

      // Act
      const second = jsonOf<Page>(await invoke(handler, apiEvent({ query: { customer: 'cus-anna-berg', limit: '1', cursor: first.nextCursor ?? '' } })));

      // Assess
      expect(first.items.map((order) => order.orderId)).toEqual(['ord-b']);
      expect(second.items.map((order) => order.orderId)).toEqual(['ord-a']);
      expect(second.nextCursor).toBeUndefined();
    });

    it.each([
      [{ status: 'received', limit: '0' }, 'query.limit', 'range'],
      [{ status: 'received', limit: 'ten' }, 'query.limit', 'type'],
      [{ status: 'lost' }, 'query.status', 'enum'],
      [{}, 'query.status', 'required-one-of'],
      [{ status: 'received', colour: 'red' }, 'query.colour', 'unknown-field'],
      [{ customer: 'bad\u0000id' }, 'query.customer', 'format'],
    ])('refuses the query %j (422 naming %s, rule %s)', async (query, path, rule) => {
      // Prepare
      const doors = memoryDoors();

      // Act
      const result = await invoke(createListOrdersHandler(doors.deps), apiEvent({ query: query }));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, rule })]));
    });

    it('refuses a cursor it did not hand out (422 naming query.cursor)', async () => {
      // Prepare
      const doors = await threeOrders();

      // Act
      const result = await invoke(createListOrdersHandler(doors.deps), apiEvent({ query: { status: 'received', cursor: 'not-a-cursor' } }));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(problemOf(result).errors?.[0]).toMatchObject({ path: 'query.cursor', rule: 'cursor' });
    });
  });

  describe('GET /orders/{orderId}/timeline', () => {
    it('lists every event with who, what, when and why', async () => {
      // Prepare
      const doors = memoryDoors();
      await givenOrder(doors);
      await doors.adapters.orders.appendTimeline('ord-0001', [
        { orderId: 'ord-0001', at: '2026-03-02T11:00:00.000Z', entryId: '2026-03-02T11:00:00.000Z#0000', type: 'DesignRejected', actor: { kind: 'approver', id: 'eng@acme.example' }, summary: 'Design revision 1 rejected', reason: 'Legs too thin' },
      ]);

      // Act
      const result = await invoke(createGetOrderTimelineHandler(doors.deps), apiEvent({ pathParameters: { orderId: 'ord-0001' } }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(jsonOf<{ items: unknown[] }>(result).items).toEqual([
        expect.objectContaining({ at: '2026-03-02T11:00:00.000Z', type: 'DesignRejected', actor: { kind: 'approver', id: 'eng@acme.example' }, reason: 'Legs too thin' }),
      ]);
    });

    it('answers 404 for an unknown order', async () => {
      // Prepare
      const doors = memoryDoors();

      // Act
      const result = await invoke(createGetOrderTimelineHandler(doors.deps), apiEvent({ pathParameters: { orderId: 'ord-nope' } }));

      // Assess
      expect(result.statusCode).toBe(404);
      expect(problemOf(result).type).toBe('urn:mto-flow:problem:not-found');
    });
  });
});
