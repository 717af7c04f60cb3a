/**
 * commitOrderChange, the one way a step records a change of an order: a first run writes with no
 * look-up before (its write's conditional timeline entries recognise a retry), a retry re-publishes
 * what its first attempt wrote, and a concurrent change of the order (e.g. the other PO of the same
 * order in the procurement Map) makes it decide again on the fresh order instead of failing the step.
 */
import { describe, expect, it, vi } from 'vitest';
import { InMemoryOrderRepository } from '../../../functions/adapters/memory/order-repository.memory';
import { createEvent } from '../../../functions/domain/events/order-events';
import type { Order } from '../../../functions/domain/order/order.types';
import { ConcurrentModificationError } from '../../../functions/ports/data-errors';
import type { OutgoingEvent } from '../../../functions/ports/event-publisher';
import { commitOrderChange, COMMIT_CONFLICT_ATTEMPTS, eventContextOf } from '../../../functions/use-cases/step-support';
import { aMondayMorning, anOrder } from '../../support/builders/order.builder';

async function prepare() {
  const orders = new InMemoryOrderRepository();
  const order = anOrder({ status: 'procuring' });
  await orders.create(order);
  const published: OutgoingEvent[] = [];
  const deps = { orders, events: { publish: (events: readonly OutgoingEvent[]) => Promise.resolve(void published.push(...events)) } };
  const materialsReady = (current: Order) => ({ events: [createEvent('MaterialsReady', eventContextOf(current, aMondayMorning), { purchaseOrdersDelivered: 2 })] });
  return { orders, order, published, deps, materialsReady };
}

describe('commitOrderChange (step support)', () => {
  describe('a first run', () => {
    it('writes the entries and publishes them without looking for an earlier attempt first', async () => {
      // Prepare
      const { orders, order, published, deps, materialsReady } = await prepare();
      const lookups = vi.spyOn(orders, 'findTimelineEntries');

      // Act
      const result = await commitOrderChange(deps, order.orderId, { at: aMondayMorning, tag: 'materials-ready' }, materialsReady);

      // Assess
      expect(result.replayed).toBe(false);
      expect(lookups).not.toHaveBeenCalled();
      expect(published.map((event) => event.detail.eventId)).toEqual([`${order.orderId}/${aMondayMorning}#materials-ready#0000`]);
    });
  });

  describe('a retry of the run', () => {
    it('writes nothing again and re-publishes the same event ids, also when the transition no longer applies', async () => {
      // Prepare
      const { orders, order, published, deps, materialsReady } = await prepare();
      await commitOrderChange(deps, order.orderId, { at: aMondayMorning, tag: 'materials-ready' }, materialsReady);
      const refusing = (): never => {
        throw new Error('the order moved on');
      };

      // Act
      const again = await commitOrderChange(deps, order.orderId, { at: aMondayMorning, tag: 'materials-ready' }, materialsReady);
      const afterMove = await commitOrderChange(deps, order.orderId, { at: aMondayMorning, tag: 'materials-ready' }, refusing);

      // Assess
      expect(again.replayed).toBe(true);
      expect(afterMove.replayed).toBe(true);
      expect((await orders.listTimeline(order.orderId)).items).toHaveLength(1);
      expect(new Set(published.map((event) => event.detail.eventId)).size).toBe(1);
      expect(published).toHaveLength(3);
    });
  });

  describe('a concurrent change of the order', () => {
    it('decides again on the fresh order and writes once', async () => {
      // Prepare
      const { orders, order, deps } = await prepare();
      const update = orders.update.bind(orders);
      let raced = false;
      vi.spyOn(orders, 'update').mockImplementation(async (changed: Order, expectedVersion: number) => {
        if (!raced) {
          raced = true;
          // Another step changed the order between this step's read and its write.
          const current = await orders.get(order.orderId);
          if (current !== undefined) await update({ ...current, executionArn: 'arn:raced' }, current.version);
        }
        return update(changed, expectedVersion);
      });
      const decisions: number[] = [];

      // Act
      const result = await commitOrderChange(deps, order.orderId, { at: aMondayMorning, tag: 'note' }, (current) => {
        decisions.push(current.version);
        return { order: { ...current, notes: 'checked' }, events: [] };
      });

      // Assess
      expect(decisions).toEqual([order.version, order.version + 1]);
      expect(result.order).toMatchObject({ executionArn: 'arn:raced', notes: 'checked', version: order.version + 2 });
    });

    it(`gives up after ${COMMIT_CONFLICT_ATTEMPTS} lost races with ConcurrentModificationError (the workflow's Retry takes over)`, async () => {
      // Prepare
      const { orders, order, deps } = await prepare();
      vi.spyOn(orders, 'update').mockRejectedValue(new ConcurrentModificationError({ entity: 'order', entityId: order.orderId }));
      let decisions = 0;

      // Act
      const attempt = commitOrderChange(deps, order.orderId, { at: aMondayMorning, tag: 'note' }, (current) => {
        decisions += 1;
        return { order: { ...current, notes: 'checked' }, events: [] };
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(ConcurrentModificationError);
      expect(decisions).toBe(COMMIT_CONFLICT_ATTEMPTS);
    });
  });
});
