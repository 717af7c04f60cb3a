import { describe, expect, it, vi } from 'vitest';
import { InMemoryPurchaseOrderRepository } from '../../../functions/adapters/memory/purchase-order-repository.memory';
import { createReserveStock, purchaseOrderId } from '../../../functions/use-cases/procurement-steps';
import { aMondayMorning } from '../../support/builders/order.builder';
import { aProcurementScene } from '../../support/builders/procurement.builder';

describe('reserve-stock (use case)', () => {
  it('names the POs of a later design revision apart, so procurement after a specification change buys again', async () => {
    // Prepare: the first revision's PO was cancelled by a specification change; the order is at revision 2
    const { deps, order, orders, poId, purchaseOrders } = await aProcurementScene({ componentId: 'oak-panel-40' });
    const firstRevisionPo = await purchaseOrders.get(poId);
    await purchaseOrders.update({ ...firstRevisionPo!, status: 'cancelled' }, firstRevisionPo!.version);
    const stored = await orders.get(order.orderId);
    await orders.update({ ...stored!, designRevision: 2 }, stored!.version);

    // Act
    const { purchaseOrders: planned } = await createReserveStock(deps)({ orderId: order.orderId, at: aMondayMorning, round: 1 });

    // Assess
    expect(planned.length).toBeGreaterThan(0);
    for (const po of planned) {
      expect(po.poId).toBe(purchaseOrderId({ orderId: order.orderId, designRevision: 2 }, 1, po.supplierId));
      expect(await purchaseOrders.get(po.poId)).toMatchObject({ status: 'draft', version: 1 });
    }
    expect((await purchaseOrders.get(poId))?.status).toBe('cancelled');
  });

  it('keeps the short ids of the first revision', () => {
    expect(purchaseOrderId({ orderId: 'ord-7f3a', designRevision: 1 }, 1, 'sup-alpine-hardwoods')).toBe('ord-7f3a-r1-sup-alpine-hardwoods-a0');
    expect(purchaseOrderId({ orderId: 'ord-7f3a', designRevision: 3 }, 2, 'sup-alpine-hardwoods')).toBe('ord-7f3a-d3-r2-sup-alpine-hardwoods-a0');
  });
});

describe('reserve-stock: reservations', () => {
  /** A scene whose stock covers the order's first requirement exactly (and the second too, if asked) and none of the others; no PO yet. */
  async function sceneCoveringTheFirstRequirement(options: { readonly andTheSecond?: boolean } = {}) {
    const procurement = await aProcurementScene({ componentId: 'unused-component' });
    const purchaseOrders = new InMemoryPurchaseOrderRepository();
    const scene = { ...procurement, purchaseOrders, deps: { ...procurement.deps, purchaseOrders } };
    const [first, ...others] = scene.order.requirements;
    if (first === undefined || others.length === 0) throw new Error('the scene needs an order of several components');
    await scene.stock.put({ componentId: first.componentId, onHand: first.quantity, reserved: 0, unit: 'pcs', version: 1 });
    for (const [index, other] of others.entries()) {
      await scene.stock.put({ componentId: other.componentId, onHand: index === 0 && options.andTheSecond === true ? other.quantity : 0, reserved: 0, unit: 'pcs', version: 1 });
    }
    return { ...scene, first, others };
  }

  const lineComponents = async (scene: Awaited<ReturnType<typeof sceneCoveringTheFirstRequirement>>, planned: readonly { poId: string }[]) =>
    (await Promise.all(planned.map(async ({ poId }) => (await scene.purchaseOrders.get(poId))?.lines.map((line) => line.componentId) ?? []))).flat().sort();

  it('reserves what stock covers in one write and buys the rest', async () => {
    // Prepare
    const scene = await sceneCoveringTheFirstRequirement();
    const oneByOne = vi.spyOn(scene.stock, 'reserve');

    // Act
    const { purchaseOrders: planned } = await createReserveStock(scene.deps)({ orderId: scene.order.orderId, at: aMondayMorning, round: 1 });

    // Assess
    expect(oneByOne).not.toHaveBeenCalled();
    expect(await scene.stock.listReservations(scene.order.orderId)).toEqual([{ orderId: scene.order.orderId, componentId: scene.first.componentId, quantity: scene.first.quantity, reservedAt: aMondayMorning }]);
    expect(await lineComponents(scene, planned)).toEqual(scene.others.map((other) => other.componentId).sort());
  });

  it('reserves one by one what is left when another order took stock since it was read, and buys the shortfall', async () => {
    // Prepare: another order reserves the first component's stock between the read and the write
    const scene = await sceneCoveringTheFirstRequirement({ andTheSecond: true });
    const second = scene.others[0]!;
    const read = scene.stock.getMany.bind(scene.stock);
    vi.spyOn(scene.stock, 'getMany').mockImplementation(async (componentIds) => {
      const levels = await read(componentIds);
      await scene.stock.reserve({ orderId: 'ord-other', componentId: scene.first.componentId, quantity: scene.first.quantity, reservedAt: aMondayMorning });
      return levels;
    });

    // Act
    const { purchaseOrders: planned } = await createReserveStock(scene.deps)({ orderId: scene.order.orderId, at: aMondayMorning, round: 1 });

    // Assess
    expect(await scene.stock.listReservations(scene.order.orderId)).toEqual([{ orderId: scene.order.orderId, componentId: second.componentId, quantity: second.quantity, reservedAt: aMondayMorning }]);
    expect(await lineComponents(scene, planned)).toEqual(scene.order.requirements.map((requirement) => requirement.componentId).filter((componentId) => componentId !== second.componentId).sort());
  });

  it('run again after its first attempt reserved and died before planning POs, buys nothing it holds', async () => {
    // Prepare: the stock covering the first requirement is held by this order already
    const scene = await sceneCoveringTheFirstRequirement();
    await scene.stock.reserve({ orderId: scene.order.orderId, componentId: scene.first.componentId, quantity: scene.first.quantity, reservedAt: aMondayMorning });

    // Act
    const retry = await createReserveStock(scene.deps)({ orderId: scene.order.orderId, at: aMondayMorning, round: 1 });

    // Assess
    expect(await lineComponents(scene, retry.purchaseOrders)).toEqual(scene.others.map((other) => other.componentId).sort());
    expect(await scene.stock.get(scene.first.componentId)).toMatchObject({ onHand: scene.first.quantity, reserved: scene.first.quantity });
    expect(scene.published.map((event) => event.detailType)).toEqual(['Stock.Reserved']);
    expect(scene.published[0]?.detail).toMatchObject({ reservations: [{ componentId: scene.first.componentId, quantity: scene.first.quantity }] });
  });

  it('run again (a retry of the step), finds its reservations and buys nothing it holds', async () => {
    // Prepare
    const scene = await sceneCoveringTheFirstRequirement();
    const step = { orderId: scene.order.orderId, at: aMondayMorning, round: 1 };
    const first = await createReserveStock(scene.deps)(step);

    // Act
    const retry = await createReserveStock(scene.deps)(step);

    // Assess
    expect(retry).toEqual(first);
    expect(await lineComponents(scene, retry.purchaseOrders)).toEqual(scene.others.map((other) => other.componentId).sort());
    expect((await scene.stock.get(scene.first.componentId))?.reserved).toBe(scene.first.quantity);
  });
});
