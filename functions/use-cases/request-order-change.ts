/**
 * A change of specification (new lines) before the build starts: the domain re-validates and
 * re-plans it (promise date, quote, next design revision) and the order returns to review; what
 * its stage had started is compensated (approvals withdrawn, POs cancelled, reservations released),
 * the running lifecycle is stopped and a new run starts from review. After the build has started,
 * the change is refused naming the stage.
 */
import type { CompensationAction } from '../domain/events/order-events';
import { doorWriteTag, toTimelineEntries } from '../domain/events/timeline';
import { specificationChangeRule } from '../domain/order/order-lifecycle';
import { changeSpecification } from '../domain/order/order-transitions';
import type { Actor, Order, OrderRequestLine } from '../domain/order/order.types';
import type { CatalogRepository } from '../ports/catalog-repository';
import { ConcurrentModificationError, OrderNotFoundError } from '../ports/data-errors';
import type { EventPublisher } from '../ports/event-publisher';
import type { OrderRepository } from '../ports/order-repository';
import type { StockRepository } from '../ports/stock-repository';
import type { WorkflowGateway } from '../ports/workflow-gateway';
import { toOutgoingEvents } from './door-events';
import { OrderChangeNotAllowedError } from './door-errors';
import type { CompensationReport } from './order-compensation';
import { loadCatalog } from './place-order';
import { recordExecutionArn } from './step-support';

export interface RequestOrderChangeDeps {
  readonly orders: OrderRepository;
  readonly catalog: CatalogRepository;
  readonly stock: StockRepository;
  readonly events: EventPublisher;
  readonly workflow: WorkflowGateway;
  readonly compensate: (order: Order, actions: readonly CompensationAction[], reason: string) => Promise<CompensationReport>;
  readonly now: () => Date;
}

export interface OrderChangeRequest {
  readonly orderId: string;
  readonly lines: readonly OrderRequestLine[];
  readonly reason: string;
  readonly actor: Actor;
}

const MAX_ATTEMPTS = 3;

export function createRequestOrderChange(deps: RequestOrderChangeDeps) {
  /**
   * @throws OrderNotFoundError, OrderChangeNotAllowedError (409 naming the stage),
   *   DomainValidationError (422, every problem of the new lines)
   */
  return async function requestOrderChange(request: OrderChangeRequest): Promise<Order> {
    const catalog = await loadCatalog(deps.catalog);
    const stock = await deps.stock.getMany(catalog.components.map((component) => component.componentId));
    for (let attempt = 1; ; attempt += 1) {
      const order = await deps.orders.get(request.orderId);
      if (!order) {
        throw new OrderNotFoundError(request.orderId);
      }
      if (!specificationChangeRule(order.status).allowed) {
        throw new OrderChangeNotAllowedError(order.orderId, order.status);
      }
      const result = changeSpecification(order, request.lines, { catalog, stock, load: {} }, { now: deps.now().toISOString(), actor: request.actor, reason: request.reason });
      const entries = toTimelineEntries(result.events, doorWriteTag('order-change', order.version));
      let stored: Order;
      try {
        stored = await deps.orders.saveTransition(result.order, order.version, entries);
      } catch (error) {
        if (error instanceof ConcurrentModificationError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await deps.compensate(order, result.compensation, `Specification changed: ${request.reason}`);
      // Each change opens the next design revision, so its number names the new run uniquely.
      const started = await deps.workflow.startOrderExecution(stored.orderId, { orderId: stored.orderId }, { run: stored.designRevision });
      stored = await recordExecutionArn(deps.orders, stored, started.executionArn, stored.designRevision);
      // A later change or a cancellation took the order over while this run started: it must not run on.
      if (stored.executionArn !== started.executionArn) await deps.workflow.stopExecution(started.executionArn, 'The order changed again or was cancelled while this run started.');
      await deps.events.publish(toOutgoingEvents(result.events, entries));
      return stored;
    }
  };
}
