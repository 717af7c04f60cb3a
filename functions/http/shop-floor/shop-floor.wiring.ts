/** The shop-floor and QC use cases, from the handlers' dependencies. */
import { loadCatalog } from '../../use-cases/place-order';
import { createShopFloorReports } from '../../use-cases/shop-floor-reports';
import type { DoorDependencies } from '../shared/door-composition';

export type ShopFloorDeps = Pick<DoorDependencies, 'orders' | 'callbacks' | 'workflow' | 'webhookDedup' | 'catalog' | 'now'>;

export function shopFloorReportsFrom(deps: ShopFloorDeps) {
  return createShopFloorReports({
    orders: deps.orders(),
    callbacks: deps.callbacks(),
    workflow: deps.workflow(),
    webhookDedup: deps.webhookDedup(),
    catalog: () => loadCatalog(deps.catalog()),
    now: deps.now,
  });
}

