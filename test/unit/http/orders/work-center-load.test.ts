// Before the handler modules: they check their environment when they load.
import '../support/door-environment';
import { describe, expect, it, vi } from 'vitest';
import { seedCatalog, seedOrderRequests } from '../../../../functions/domain/catalog/seed';
import type { OrderStatus } from '../../../../functions/domain/order/order-status';
import { hoursByWorkCenter, planOperations } from '../../../../functions/domain/planning/routing';
import { createPlaceOrderHandler } from '../../../../functions/http/orders/place-order.handler';
import { currentWorkCenterLoad } from '../../../../functions/use-cases/work-center-load';
import { givenOrder, givenSeedCatalog, invoke, jsonOf, jsonPost, memoryDoors } from '../support/http-test-kit';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

type Doors = ReturnType<typeof memoryDoors>;

async function givenOrders(doors: Doors, status: OrderStatus, count: number, request = seedOrderRequests.oakDiningTable) {
  const orders = [];
  for (let index = 0; index < count; index += 1) {
    doors.clock.advanceSeconds(1);
    orders.push(await givenOrder(doors, { orderId: `ord-${status}-${index}`, status, request }));
  }
  return orders;
}

/** The load the orders add, from the same routing planning the build releases. */
function plannedHours(orders: readonly { lines: Parameters<typeof planOperations>[0] }[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const order of orders) {
    for (const [workCenterId, hours] of Object.entries(hoursByWorkCenter(planOperations(order.lines, seedCatalog)))) {
      total[workCenterId] = Math.round(((total[workCenterId] ?? 0) + hours) * 100) / 100;
    }
  }
  return total;
}

describe('currentWorkCenterLoad', () => {
  describe('which orders hold capacity', () => {
    it('is empty for an idle shop', async () => {
      // Prepare
      const doors = memoryDoors();

      // Act
      const current = await currentWorkCenterLoad(doors.adapters.orders, seedCatalog);

      // Assess
      expect(current).toEqual({ load: {}, orders: 0, truncated: false, unplannable: [] });
    });

    it('sums the planned routing hours of orders procuring, building and in rework, and nothing else', async () => {
      // Prepare
      const doors = memoryDoors();
      const counted = [
        ...(await givenOrders(doors, 'procuring', 2)),
        ...(await givenOrders(doors, 'building', 1, seedOrderRequests.machineParts)),
        ...(await givenOrders(doors, 'rework', 1)),
      ];
      for (const status of ['received', 'in_review', 'awaiting_design_approval', 'in_qc', 'shipping', 'delivered', 'cancelled'] as const) await givenOrders(doors, status, 1);

      // Act
      const current = await currentWorkCenterLoad(doors.adapters.orders, seedCatalog);

      // Assess
      expect(current.orders).toBe(4);
      expect(current.load).toEqual(plannedHours(counted));
      expect(Object.values(current.load).every((hours) => hours > 0)).toBe(true);
    });
  });

  describe('staying cheap', () => {
    it('reads at most the bound per status, newest first, and says the load is truncated', async () => {
      // Prepare
      const doors = memoryDoors();
      const building = await givenOrders(doors, 'building', 5);

      // Act
      const current = await currentWorkCenterLoad(doors.adapters.orders, seedCatalog, { maxOrdersPerStatus: 3 });

      // Assess
      expect(current.orders).toBe(3);
      expect(current.truncated).toBe(true);
      expect(current.load).toEqual(plannedHours(building.slice(-3)));
    });

    it('pages through a status up to the bound', async () => {
      // Prepare
      const doors = memoryDoors();
      const listByStatus = vi.spyOn(doors.adapters.orders, 'listByStatus');
      await givenOrders(doors, 'procuring', 3);

      // Act
      const current = await currentWorkCenterLoad(doors.adapters.orders, seedCatalog, { maxOrdersPerStatus: 3 });

      // Assess
      expect(current).toMatchObject({ orders: 3, truncated: false });
      expect(listByStatus.mock.calls.filter(([status]) => status === 'procuring').map(([, page]) => page?.limit)).toEqual([3]);
    });

    it('skips orders the catalog can no longer plan, and names them', async () => {
      // Prepare
      const doors = memoryDoors();
      const tables = [...(await givenOrders(doors, 'building', 1)), ...(await givenOrders(doors, 'procuring', 1))];
      const parts = await givenOrders(doors, 'rework', 1, seedOrderRequests.machineParts);
      const withoutTables = { ...seedCatalog, products: seedCatalog.products.filter((product) => product.productId !== tables[0]?.lines[0]?.productId) };

      // Act
      const current = await currentWorkCenterLoad(doors.adapters.orders, withoutTables);

      // Assess
      expect([...current.unplannable].sort()).toEqual(tables.map((order) => order.orderId).sort());
      expect(current.orders).toBe(1);
      expect(current.load).toEqual(plannedHours(parts));
    });
  });
});

describe('POST /orders plans the promise behind the open orders', () => {
  it('promises a later date when the work centers are loaded, naming the queue on the critical path', async () => {
    // Prepare
    const idle = memoryDoors();
    await givenSeedCatalog(idle);
    const busy = memoryDoors();
    await givenSeedCatalog(busy);
    await givenOrders(busy, 'building', 30);

    // Act
    const idleOrder = jsonOf<{ promise: { date: string; criticalPath: { kind: string }[] } }>(await invoke(createPlaceOrderHandler(idle.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable)));
    const busyOrder = jsonOf<{ promise: { date: string; criticalPath: { kind: string }[] } }>(await invoke(createPlaceOrderHandler(busy.deps), jsonPost('/orders', seedOrderRequests.oakDiningTable)));

    // Assess
    expect(busyOrder.promise.date > idleOrder.promise.date).toBe(true);
    expect(busyOrder.promise.criticalPath.map((step) => step.kind)).toContain('queue');
    expect(idleOrder.promise.criticalPath.map((step) => step.kind)).not.toContain('queue');
  });
});
