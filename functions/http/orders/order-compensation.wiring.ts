/** The compensation both cancellation and specification change run, from the handlers' dependencies. */
import { createCompensateOrder } from '../../use-cases/order-health-steps';
import { createOrderCompensation } from '../../use-cases/order-compensation';
import type { DoorDependencies } from '../shared/door-composition';

export type CompensationWiringDeps = Pick<DoorDependencies, 'workflow' | 'approvals' | 'purchaseOrders' | 'stock' | 'suppliers' | 'orders' | 'events' | 'now'>;

export function compensationFrom(deps: CompensationWiringDeps) {
  return createOrderCompensation({
    workflow: deps.workflow(),
    approvals: deps.approvals(),
    purchaseOrders: deps.purchaseOrders(),
    stock: deps.stock(),
    releaseAndCancel: createCompensateOrder({
      orders: deps.orders(),
      events: deps.events(),
      clock: () => deps.now().toISOString(),
      stock: deps.stock(),
      purchaseOrders: deps.purchaseOrders(),
      suppliers: deps.suppliers(),
    }),
    now: deps.now,
  });
}
