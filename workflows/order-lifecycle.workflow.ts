/**
 * The order lifecycle (Standard): review -> design approval -> procurement -> build -> QC ->
 * shipping -> delivered. Each stage's step updates the order in DynamoDB (status, timeline) and
 * publishes its EventBridge event; between stages the order-at-risk check compares the expected finish
 * with the promise date. Any failure is caught: the catcher notes the failing state in the variable
 * `failedStep`, the order becomes `failed` with step and cause, compensation releases reservations and
 * cancels open POs, and an alert event is published.
 *
 * Input: `{ orderId }` (the execution is named after the order; see the workflow gateway).
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { StepFunctionSet } from './step-names';
import { addStandardRetry, lambdaStep, standardMachine, STEP_FUNCTIONS_TRANSIENT_ERRORS, type MachineOptions } from './workflow-kit';

export interface OrderLifecycleWorkflowProps {
  readonly steps: StepFunctionSet;
  readonly approval: sfn.IStateMachine;
  readonly procurement: sfn.IStateMachine;
  readonly machine: MachineOptions;
  /** Longest shop-floor silence before an alert (HeartbeatSeconds of the build wait). */
  readonly shopFloorHeartbeat: Duration;
  /** Longest a build may take in total (default 60 days). */
  readonly buildTimeout?: Duration;
  /** Longest an inspection may take (default 10 days). */
  readonly inspectionTimeout?: Duration;
  /** Longest from booking request to carrier pickup, and from pickup to delivery (default 30 days each). */
  readonly shipmentTimeout?: Duration;
}

/** The stages the walker test and docs check for: each is a state in the lifecycle. */
export const LIFECYCLE_STAGE_STATES = {
  review: 'ReviewOrder',
  designApproval: 'RequestDesignApproval',
  procurement: 'ProcureMaterials',
  build: 'AwaitProduction',
  qualityControl: 'AwaitInspection',
  shipping: 'BookShipment',
  delivered: 'OrderDelivered',
  failed: 'FailOrder',
} as const;

export class OrderLifecycleWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  public constructor(scope: Construct, id: string, props: OrderLifecycleWorkflowProps) {
    super(scope, id);
    const { steps } = props;
    const orderId = { 'orderId.$': '$.orderId' };

    // ---- failure handling: one handler, every task catches into it ----
    const compensationFailed = new sfn.Fail(this, 'CompensationFailed', { errorPath: '$.compensationFailure.Error', causePath: '$.compensationFailure.Cause' });
    const failOrder = lambdaStep(this, 'FailOrder', steps['fail-order'], {
      payload: { ...orderId, 'step.$': '$failedStep', 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' },
      comment: 'The order becomes failed with the step and cause; an alert event is published.',
    });
    const compensate = lambdaStep(this, 'CompensateOrder', steps['compensate-order'], {
      payload: { ...orderId, reason: 'failed' },
      comment: 'Releases stock reservations and cancels open purchase orders.',
    });
    for (const state of [failOrder, compensate]) {
      state.addCatch(compensationFailed, { errors: [sfn.Errors.ALL], resultPath: '$.compensationFailure' });
    }
    failOrder.next(compensate).next(new sfn.Fail(this, 'OrderFailed', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' }));

    /** Every task: the standard catch into the failure handler, remembering which state failed. */
    const guarded = <T extends sfn.TaskStateBase>(state: T, extraCatches: (state: T) => void = () => undefined): T => {
      extraCatches(state);
      state.addCatch(failOrder, { errors: [sfn.Errors.ALL], resultPath: '$.failure', assign: { failedStep: state.stateId } });
      return state;
    };
    const assessRisk = (id: string, stage: string): tasks.LambdaInvoke =>
      guarded(
        lambdaStep(this, id, steps['assess-order-risk'], {
          payload: { ...orderId, stage },
          comment: 'Publishes OrderAtRisk (and records the slip) if the expected finish moved past the promise date.',
        }),
      );
    const childMachine = (id: string, machine: sfn.IStateMachine, input: Record<string, unknown>, name: string, resultPath: string, comment: string): tasks.StepFunctionsStartExecution => {
      const state = new tasks.StepFunctionsStartExecution(this, id, {
        stateMachine: machine,
        integrationPattern: sfn.IntegrationPattern.RUN_JOB,
        input: sfn.TaskInput.fromObject(input),
        // Deterministic names: a retried start finds the running child instead of starting a second one.
        name,
        associateWithParent: true,
        resultSelector: { 'output.$': '$.Output' },
        resultPath,
        comment,
      });
      addStandardRetry(state, STEP_FUNCTIONS_TRANSIENT_ERRORS);
      return guarded(state);
    };

    // ---- review ----
    const review = guarded(
      lambdaStep(this, 'ReviewOrder', steps['review-order'], {
        payload: orderId,
        result: { path: '$.review', fields: ['outcome', 'reasons', 'next'] },
        comment: 'Starts the review; automatic rules (configuration, margin, promise vs requested date, approval limit) approve clear cases.',
      }),
    );
    const requestReview = childMachine(
      'RequestReviewApproval',
      props.approval,
      { ...orderId, kind: 'order-review', 'reasons.$': '$.review.reasons' },
      sfn.JsonPath.format('{}-review', sfn.JsonPath.executionName),
      '$.reviewApproval',
      'A person reviews what the rules did not clear.',
    );
    const applyReview = guarded(
      lambdaStep(this, 'ApplyReviewDecision', steps['apply-review-decision'], {
        payload: { ...orderId, 'decision.$': '$.reviewApproval.output' },
        result: { path: '$.review', fields: ['next'] },
        comment: 'Approved: on to design approval (or procurement). Rejected: the order is rejected. Expired: a named error.',
      }),
    );
    const rejected = new sfn.Succeed(this, 'OrderRejected');

    // ---- design approval (bounded revision loop) ----
    const openRevision = guarded(
      lambdaStep(this, 'OpenDesignRevision', steps['open-design-revision'], {
        payload: { ...orderId, 'previous.$': '$.designDecision' },
        result: { path: '$.design', fields: ['designRevision'] },
        comment: 'Opens the next design revision for approval; past the bound a person takes over.',
      }),
    );
    const requestDesign = childMachine(
      'RequestDesignApproval',
      props.approval,
      { ...orderId, kind: 'design-approval', 'designRevision.$': '$.design.designRevision' },
      sfn.JsonPath.format('{}-design-{}', sfn.JsonPath.executionName, sfn.JsonPath.stringAt('$.design.designRevision')),
      '$.designApproval',
      'Approvers see the exact design revision; the decision is tied to it.',
    );
    const applyDesign = guarded(
      lambdaStep(this, 'ApplyDesignDecision', steps['apply-design-decision'], {
        payload: { ...orderId, 'designRevision.$': '$.design.designRevision', 'decision.$': '$.designApproval.output' },
        result: { path: '$.designDecision', fields: ['next', 'comment'] },
        comment: 'Approved: on to procurement. Rejected: back through a revision with the comments, or rejected past the bound.',
      }),
    );

    // ---- procurement, build, QC, shipping ----
    const procure = childMachine(
      'ProcureMaterials',
      props.procurement,
      { ...orderId, 'round.$': '$.rounds.procurement' },
      sfn.JsonPath.format('{}-procure-{}', sfn.JsonPath.executionName, sfn.JsonPath.stringAt('$.rounds.procurement')),
      sfn.JsonPath.DISCARD,
      'Stock reserved, purchase orders placed and delivered.',
    );
    const silentAlert = (state: tasks.LambdaInvoke): void => {
      state.addCatch(awaitAfterSilence, { errors: [sfn.Errors.HEARTBEAT_TIMEOUT], resultPath: '$.silence' });
    };
    const productionWait = (id: string, round: string, comment: string): tasks.LambdaInvoke =>
      lambdaStep(this, id, steps['await-production'], {
        payload: { ...orderId, round, taskToken: sfn.JsonPath.taskToken },
        result: { path: '$.production' },
        waitForCallback: { timeout: sfn.Timeout.duration(props.buildTimeout ?? Duration.days(60)), heartbeat: sfn.Timeout.duration(props.shopFloorHeartbeat) },
        comment,
      });
    const awaitAfterSilence = productionWait('AwaitProductionAfterSilence', 'silent', 'The shop floor went silent: alert, then keep waiting for progress.');
    const awaitProduction = productionWait('AwaitProduction', 'release', 'Releases the production order with its routing and waits for the shop floor.');
    const awaitRework = productionWait('AwaitRework', 'rework', 'Sends the unit back to the shop floor for rework and waits.');
    for (const state of [awaitAfterSilence, awaitProduction, awaitRework]) guarded(state, silentAlert);

    const recordProduction = guarded(
      lambdaStep(this, 'RecordProduction', steps['record-production'], {
        payload: { ...orderId, 'report.$': '$.production' },
        comment: 'Records consumed materials (with supplier lots) and labour; the order goes to QC.',
      }),
    );
    const awaitInspection = guarded(
      lambdaStep(this, 'AwaitInspection', steps['await-inspection'], {
        payload: { ...orderId, taskToken: sfn.JsonPath.taskToken },
        result: { path: '$.inspection' },
        waitForCallback: { timeout: sfn.Timeout.duration(props.inspectionTimeout ?? Duration.days(10)) },
        comment: "Asks QC to inspect against the product's checklist and waits for the result.",
      }),
    );
    const applyInspection = guarded(
      lambdaStep(this, 'ApplyInspectionResult', steps['apply-inspection-result'], {
        payload: { ...orderId, 'result.$': '$.inspection', 'round.$': '$.rounds.procurement' },
        result: { path: '$.qc', fields: ['next', 'procurementRound'] },
        comment: 'Pass: certificate of conformance. Fail: rework (bounded), then scrap and re-procure, then fail.',
      }),
    );
    const nextProcurementRound = new sfn.Pass(this, 'StartNextProcurementRound', {
      parameters: { 'procurement.$': '$.qc.procurementRound' },
      resultPath: '$.rounds',
    });
    const shipmentWait = (id: string, round: string, resultPath: string, comment: string): tasks.LambdaInvoke =>
      guarded(
        lambdaStep(this, id, steps['await-shipment'], {
          payload: { ...orderId, round, 'shipment.$': '$.shipment', taskToken: sfn.JsonPath.taskToken },
          result: { path: resultPath },
          waitForCallback: { timeout: sfn.Timeout.duration(props.shipmentTimeout ?? Duration.days(30)) },
          comment,
        }),
      );
    const bookShipment = shipmentWait('BookShipment', 'booking', '$.shipment', 'Books the shipment and waits for the carrier to confirm it with a tracking number.');
    const awaitDelivery = shipmentWait('AwaitDelivery', 'delivery', '$.delivery', "Records the tracking number and waits for the carrier's delivery confirmation.");
    const complete = guarded(
      lambdaStep(this, 'CompleteOrder', steps['complete-order'], {
        payload: { ...orderId, 'delivery.$': '$.delivery' },
        comment: 'Final cost and margin; the order is delivered.',
      }),
    );

    // ---- wiring ----
    const start = new sfn.Pass(this, 'StartLifecycle', {
      comment: 'Counters for loops whose child executions need distinct names.',
      // No nulls here: CDK drops null values when it renders a Pass state's parameters, so steps read
      // `designDecision.comment` and `shipment.trackingNumber` as optional.
      parameters: { 'orderId.$': '$.orderId', rounds: { procurement: 1 }, designDecision: { next: 'first' }, shipment: {} },
    });
    start.next(review);
    const afterReview = assessRisk('AssessRiskAfterReview', 'review').next(
      new sfn.Choice(this, 'DesignApprovalNeeded?').when(sfn.Condition.stringEquals('$.review.next', 'design-approval'), openRevision).otherwise(procure),
    );
    review.next(new sfn.Choice(this, 'ReviewCleared?').when(sfn.Condition.stringEquals('$.review.outcome', 'cleared'), afterReview).otherwise(requestReview));
    requestReview.next(applyReview);
    applyReview.next(new sfn.Choice(this, 'OrderAccepted?').when(sfn.Condition.stringEquals('$.review.next', 'rejected'), rejected).otherwise(afterReview));
    openRevision.next(requestDesign).next(applyDesign);
    applyDesign.next(
      new sfn.Choice(this, 'DesignApproved?')
        .when(sfn.Condition.stringEquals('$.designDecision.next', 'revise'), openRevision)
        .when(sfn.Condition.stringEquals('$.designDecision.next', 'rejected'), rejected)
        .otherwise(assessRisk('AssessRiskAfterDesign', 'design-approval').next(procure)),
    );
    procure.next(assessRisk('AssessRiskAfterProcurement', 'procurement')).next(awaitProduction);
    awaitProduction.next(recordProduction);
    awaitRework.next(recordProduction);
    awaitAfterSilence.next(recordProduction);
    recordProduction.next(assessRisk('AssessRiskAfterBuild', 'build')).next(awaitInspection).next(applyInspection);
    applyInspection.next(
      new sfn.Choice(this, 'InspectionPassed?')
        .when(sfn.Condition.stringEquals('$.qc.next', 'rework'), awaitRework)
        .when(sfn.Condition.stringEquals('$.qc.next', 'scrap'), nextProcurementRound.next(procure))
        .otherwise(assessRisk('AssessRiskAfterQc', 'quality-control').next(bookShipment)),
    );
    bookShipment.next(awaitDelivery).next(complete).next(new sfn.Succeed(this, 'OrderDelivered'));

    this.stateMachine = standardMachine(this, 'StateMachine', start, props.machine, 'Order lifecycle: review, design approval, procurement, build, QC, shipping.');
  }
}
