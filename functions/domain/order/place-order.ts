/**
 * Order placement: a validated request becomes an order in status `received`, with its
 * requirements, promise date and quote, and an OrderPlaced event.
 */
import { localDate } from '../calendar/business-calendar';
import type { Catalog, WorkCenterLoad } from '../catalog/catalog.types';
import type { StockLevel } from '../catalog/stock.types';
import type { IdGenerator } from '../common/ids';
import { DomainValidationError } from '../common/problem';
import { createEvent, type OrderPlacedV1 } from '../events/order-events';
import { planOrder } from './order-planning';
import type { Actor, Order, OrderLine, OrderRequest } from './order.types';
import { validateOrderRequest } from './order-validation';

/** The new order (version 1, as first stored) and its OrderPlaced event. */
export interface PlaceOrderResult {
  readonly order: Order;
  readonly events: readonly [OrderPlacedV1];
}

/**
 * Places an order: validates the request against the catalog (requested date not before today),
 * assigns line ids `L1, L2...`, explodes the BOM, computes the promise date and the quote.
 *
 * @param now ISO instant of placement; `ids.newId('order')` gives the order id.
 * @param actor who placed it; the customer by default.
 * @throws {DomainValidationError} with every problem when the request is invalid.
 */
export function placeOrder(
  request: OrderRequest,
  catalog: Catalog,
  stock: readonly StockLevel[],
  load: WorkCenterLoad,
  now: string,
  ids: IdGenerator,
  actor?: Actor,
): PlaceOrderResult {
  const validated = validateOrderRequest(request, catalog, { today: localDate(catalog.calendar, now) });
  if (!validated.ok) throw new DomainValidationError(validated.problems);
  const valid = validated.value;
  const lines: OrderLine[] = valid.lines.map((line, index) => ({ lineId: `L${index + 1}`, productId: line.productId, configuration: line.configuration, quantity: line.quantity }));
  const plan = planOrder(lines, catalog, stock, load, now);
  const order: Order = {
    orderId: ids.newId('order'),
    customer: valid.customer,
    lines,
    requestedDeliveryDate: valid.requestedDeliveryDate,
    priority: valid.priority,
    ...(valid.notes === undefined ? {} : { notes: valid.notes }),
    status: 'received',
    version: 1,
    createdAt: now,
    updatedAt: now,
    requirements: plan.requirements,
    promise: plan.promise,
    quote: plan.quote,
    designRevision: 1,
    reworkCount: 0,
    scrapCount: 0,
    catalogVersion: catalog.catalogVersion,
  };
  const placedBy: Actor = actor ?? { kind: 'customer', id: valid.customer.customerId, displayName: valid.customer.name };
  const event = createEvent('OrderPlaced', { orderId: order.orderId, occurredAt: now, actor: placedBy, status: 'received' }, {
    customerId: valid.customer.customerId,
    customerName: valid.customer.name,
    lines,
    requestedDeliveryDate: valid.requestedDeliveryDate,
    priority: valid.priority,
    requirements: plan.requirements,
    promise: plan.promise,
    quote: plan.quote,
    catalogVersion: catalog.catalogVersion,
  });
  return { order, events: [event] };
}
