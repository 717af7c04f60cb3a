/**
 * The procurement child machine: reserve what is in stock, group the shortfall into purchase orders
 * per supplier, and run every PO in a Map: send it and wait (task token) for the supplier's
 * acknowledgement with a confirmed date, then for delivery. A rejection or a silent supplier re-sources
 * the PO to the component's alternate supplier; when none is left a buyer takes it over. Materials are
 * ready only when every PO is delivered.
 *
 * Input: `{ orderId, round }` (round counts procurement runs of the order: 1, then 2 after a scrap).
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PurchaseOrderUnfulfilledError } from '../functions/use-cases/lifecycle-errors';
import type { StepFunctionSet } from './step-names';
import { lambdaStep, standardMachine, type MachineOptions } from './workflow-kit';

export interface ProcurementWorkflowProps {
  readonly steps: StepFunctionSet;
  readonly machine: MachineOptions;
  /** How long a buyer has to fill a PO no supplier could (default 5 days). */
  readonly buyerTimeout?: Duration;
  /** At most this many POs are in flight at once (default 10). */
  readonly maxConcurrentPurchaseOrders?: number;
}

export class ProcurementWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  public constructor(scope: Construct, id: string, props: ProcurementWorkflowProps) {
    super(scope, id);
    const { steps } = props;

    // ---- one purchase order (the Map's item processor) ----
    const poFailed = new sfn.Fail(this, 'PurchaseOrderFailed', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' });
    const catchPo = (state: sfn.TaskStateBase): void => {
      state.addCatch(poFailed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    };
    const po = { 'orderId.$': '$.orderId', 'poId.$': '$.po.poId' };

    const send = lambdaStep(this, 'SendPurchaseOrder', steps['send-purchase-order'], {
      payload: { ...po, taskToken: sfn.JsonPath.taskToken },
      result: { path: '$.ack' },
      waitForCallback: { timeout: sfn.Timeout.at('$.po.ackTimeoutSeconds') },
      comment: 'Sends the PO to its supplier and waits for acknowledgement (confirmed date) or rejection.',
    });
    const recordAck = lambdaStep(this, 'RecordPoAcknowledgement', steps['record-po-acknowledgement'], {
      payload: { ...po, 'ack.$': '$.ack' },
      result: { path: '$.delivery', fields: ['deliveryTimeoutSeconds'] },
      comment: 'Records the confirmed date, checks the order is still on time, and sets the delivery deadline.',
    });
    const awaitDelivery = lambdaStep(this, 'AwaitPoDelivery', steps['await-po-delivery'], {
      payload: { ...po, taskToken: sfn.JsonPath.taskToken },
      result: { path: '$.received' },
      waitForCallback: { timeout: sfn.Timeout.at('$.delivery.deliveryTimeoutSeconds') },
      comment: 'Waits for the supplier to report the delivery (with lot numbers).',
    });
    const recordDelivery = lambdaStep(this, 'RecordPoDelivery', steps['record-po-delivery'], {
      payload: { ...po, 'delivery.$': '$.received' },
      comment: 'Books the delivered goods into stock, reserved for the order, with their lot numbers.',
    });
    const resource = lambdaStep(this, 'ResourcePurchaseOrder', steps['resource-purchase-order'], {
      payload: { ...po, 'ack.$': '$.ack' },
      result: { path: '$.resourced', fields: ['outcome', 'po'] },
      comment: 'Closes the rejected or silent PO and opens one with the next alternate supplier, if any.',
    });
    const escalate = lambdaStep(this, 'EscalateToBuyer', steps['escalate-to-buyer'], {
      payload: { ...po, taskToken: sfn.JsonPath.taskToken },
      result: { path: '$.received' },
      waitForCallback: { timeout: sfn.Timeout.duration(props.buyerTimeout ?? Duration.days(5)) },
      comment: 'No supplier left: a buyer sources the goods by hand and reports the delivery.',
    });
    const useAlternate = new sfn.Pass(this, 'UseAlternateSupplier', {
      parameters: { 'orderId.$': '$.orderId', 'po.$': '$.resourced.po' },
    });
    const unfulfilled = new sfn.Fail(this, 'PurchaseOrderUnfulfilled', {
      error: new PurchaseOrderUnfulfilledError('-', '-').name,
      cause: 'No supplier and no buyer could fill the purchase order in time.',
    });
    const delivered = new sfn.Succeed(this, 'PurchaseOrderDelivered');

    // Timeouts re-source; anything else fails the PO (and so the Map and the procurement).
    send.addCatch(resource, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.ack' });
    awaitDelivery.addCatch(resource, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.ack' });
    escalate.addCatch(unfulfilled, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.failure' });
    for (const state of [send, recordAck, awaitDelivery, recordDelivery, resource, escalate]) catchPo(state);

    send.next(
      new sfn.Choice(this, 'PurchaseOrderAcknowledged?')
        .when(sfn.Condition.stringEquals('$.ack.outcome', 'acknowledged'), recordAck.next(awaitDelivery).next(recordDelivery).next(delivered))
        .otherwise(resource),
    );
    resource.next(
      new sfn.Choice(this, 'AlternateSupplierFound?')
        .when(sfn.Condition.stringEquals('$.resourced.outcome', 'resourced'), useAlternate.next(send))
        .otherwise(escalate),
    );
    escalate.next(recordDelivery);

    // ---- the order's procurement ----
    const failed = new sfn.Fail(this, 'ProcurementFailed', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' });
    const reserve = lambdaStep(this, 'ReserveStock', steps['reserve-stock'], {
      payload: { 'orderId.$': '$.orderId', 'round.$': '$.round' },
      result: { path: '$.plan', fields: ['purchaseOrders'] },
      comment: 'Reserves available stock and plans purchase orders for the shortfall, one per supplier.',
    });
    const map = new sfn.Map(this, 'PurchaseOrders', {
      itemsPath: '$.plan.purchaseOrders',
      itemSelector: { 'orderId.$': '$.orderId', 'po.$': '$$.Map.Item.Value' },
      maxConcurrency: props.maxConcurrentPurchaseOrders ?? 10,
      resultPath: sfn.JsonPath.DISCARD,
    });
    map.itemProcessor(send);
    const ready = lambdaStep(this, 'ConfirmMaterialsReady', steps['confirm-materials-ready'], {
      payload: { 'orderId.$': '$.orderId' },
      result: { path: '$.materials', fields: ['ready'] },
      comment: 'Every PO is delivered: the materials for the order are ready.',
    });
    for (const state of [reserve, ready]) state.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    map.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

    this.stateMachine = standardMachine(this, 'StateMachine', reserve.next(map).next(ready), props.machine, 'Procurement: reserve stock, purchase orders per supplier, re-source or escalate.');
  }
}
