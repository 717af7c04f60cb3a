/** The compensation both cancellation and specification change run, from the handlers' dependencies. */
import { createOrderCompensation } from '../../use-cases/order-compensation';
import type { DoorDependencies } from '../shared/door-dependencies';

export type CompensationWiringDeps = Pick<DoorDependencies, 'workflow' | 'approvals' | 'purchaseOrders' | 'stock' | 'suppliers' | 'now'>;

export function compensationFrom(deps: CompensationWiringDeps) {
  return createOrderCompensation({
    workflow: deps.workflow(),
    approvals: deps.approvals(),
    purchaseOrders: deps.purchaseOrders(),
    stock: deps.stock(),
    suppliers: deps.suppliers(),
    now: deps.now,
  });
}
