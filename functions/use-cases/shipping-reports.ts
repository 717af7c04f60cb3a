/**
 * Reports from the manufacturer's shipping system (its carrier integration), resuming the lifecycle's
 * shipping stage. That stage waits twice on the order (callback purpose `shipment`, see the
 * `await-shipment` step in shop-floor-steps.ts): first for the booking (round `booking`, subject
 * `<orderId>-shipment-booking`), whose output becomes `$.shipment` with the carrier and tracking
 * number; then for the delivery confirmation (round `delivery`, subject
 * `<orderId>-shipment-delivery`), whose output becomes `$.delivery` for the closing `complete-order`
 * step. The shipping system keys its reports by order (it hears `ShipmentRequested` on the bus, with
 * no callback id), so the order's newest open shipment wait is the one answered, and a report that
 * does not fit the round it is in is refused naming what is expected.
 * Every report is acted on once (by its reportId).
 */
import type { Order } from '../domain/order/order.types';
import type { CallbackRecord } from '../domain/procurement/callback.types';
import type { CallbackRepository } from '../ports/callback-repository';
import { CallbackExpiredError, OrderNotFoundError } from '../ports/data-errors';
import type { OrderRepository } from '../ports/order-repository';
import type { WebhookDedupStore } from '../ports/webhook-dedup-store';
import type { WorkflowGateway } from '../ports/workflow-gateway';
import { EventNotApplicableError, NoWaitingStepError } from './door-errors';
import type { DeliveryConfirmation } from './lifecycle-steps';
import { actOnce, type ReportOutcome } from './report-once';
import { completeWait } from './resume-waiting-step';
import type { ShipmentState } from './shop-floor-steps';

export interface ShippingReportDeps {
  readonly orders: OrderRepository;
  readonly callbacks: CallbackRepository;
  readonly workflow: WorkflowGateway;
  readonly webhookDedup: WebhookDedupStore;
  readonly now: () => Date;
}

export type ShipmentEvent =
  | { readonly event: 'shipment-booked'; readonly reportId: string; readonly carrier: string; readonly trackingNumber: string; readonly at?: string | undefined }
  | { readonly event: 'delivery-confirmed'; readonly reportId: string; readonly deliveredAt?: string | undefined; readonly receivedBy?: string | undefined };

/**
 * What the booking wait resumes with: the lifecycle's `$.shipment`, read by the delivery round as
 * its `ShipmentState` (checked below at compile time).
 */
export interface ShipmentBookedOutput {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly bookedAt: string;
}

/** What the delivery wait resumes with: the lifecycle's `$.delivery`, read by `complete-order` as its `DeliveryConfirmation`. */
export interface DeliveryConfirmedOutput {
  readonly deliveredAt: string;
  readonly receivedBy?: string;
}

// The steps' input types are the contract: these fail to compile when the lifecycle reads another shape.
type Assignable<Output extends Input, Input> = [Output, Input];
export type ShipmentOutputContracts = [Assignable<ShipmentBookedOutput, ShipmentState>, Assignable<DeliveryConfirmedOutput, DeliveryConfirmation>];

/** The round of the shipping stage each event answers, by the subject its wait was opened for. */
const ROUND_OF_EVENT = { 'shipment-booked': 'booking', 'delivery-confirmed': 'delivery' } as const;
const EVENT_OF_ROUND = { booking: 'shipment-booked', delivery: 'delivery-confirmed' } as const;

/** The round a shipment wait belongs to (`<orderId>-shipment-<round>`); undefined for any other subject. */
export function shipmentRoundOf(record: Pick<CallbackRecord, 'orderId' | 'subjectId'>): 'booking' | 'delivery' | undefined {
  if (record.subjectId === `${record.orderId}-shipment-booking`) return 'booking';
  if (record.subjectId === `${record.orderId}-shipment-delivery`) return 'delivery';
  return undefined;
}

async function requireShippingOrder(orders: OrderRepository, orderId: string, event: ShipmentEvent['event']): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order) {
    throw new OrderNotFoundError(orderId);
  }
  if (order.status !== 'shipping') {
    throw new EventNotApplicableError(`Order ${orderId} is in stage "${order.status}"; ${event} is reported while it is "shipping".`, order.status);
  }
  return order;
}

export function createShippingReports(deps: ShippingReportDeps) {
  /**
   * The wait `event` answers.
   * @throws NoWaitingStepError (409) when the stage waits for nothing right now (between the rounds,
   *   or the stage closed); EventNotApplicableError (409) when it waits for the other event;
   *   CallbackExpiredError (410) when the wait timed out
   */
  async function openWaitFor(orderId: string, event: ShipmentEvent['event'], now: Date): Promise<CallbackRecord> {
    const record = await deps.callbacks.findOpenBySubject(orderId, 'shipment');
    if (!record) {
      throw new NoWaitingStepError(`a ${event} report on order ${orderId} (retry shortly if the shipment was just booked)`);
    }
    const round = shipmentRoundOf(record);
    if (round !== ROUND_OF_EVENT[event]) {
      const expected = round === undefined ? 'no shipping report' : EVENT_OF_ROUND[round];
      throw new EventNotApplicableError(`Order ${orderId} is in stage "shipping", waiting for ${expected}, not ${event}.`, 'shipping');
    }
    if (record.expiresAtEpochSeconds <= Math.floor(now.getTime() / 1000)) {
      throw new CallbackExpiredError(record.expiresAtEpochSeconds);
    }
    return record;
  }

  return {
    /**
     * Books the shipment (tracking number and carrier onto the order's lifecycle), or confirms its
     * delivery (the order is then completed by the workflow).
     * @throws OrderNotFoundError (404), EventNotApplicableError (409: not shipping, or the other
     *   round), NoWaitingStepError (409), CallbackAlreadyCompletedError (409), CallbackExpiredError /
     *   TaskTokenInvalidError (410)
     */
    async report(orderId: string, report: ShipmentEvent): Promise<ReportOutcome> {
      return actOnce(deps, `shipping:${orderId}`, report.reportId, async () => {
        await requireShippingOrder(deps.orders, orderId, report.event);
        const now = deps.now();
        const wait = await openWaitFor(orderId, report.event, now);
        const output: ShipmentBookedOutput | DeliveryConfirmedOutput =
          report.event === 'shipment-booked'
            ? { carrier: report.carrier, trackingNumber: report.trackingNumber, bookedAt: report.at ?? now.toISOString() }
            : { deliveredAt: report.deliveredAt ?? now.toISOString(), ...(report.receivedBy === undefined ? {} : { receivedBy: report.receivedBy }) };
        await completeWait(deps, wait, output, now);
      });
    },
  };
}
