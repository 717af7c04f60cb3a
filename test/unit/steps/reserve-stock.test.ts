import { describe, expect, it } from 'vitest';
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
