/**
 * Alarms (failed and timed-out executions, Lambda throttles, undeliverable events, API 5xx) sent to
 * the alert topic, and one dashboard for the whole order flow.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  readonly stage: string;
  readonly stateMachines: Readonly<Record<string, sfn.StateMachine>>;
  readonly functions: readonly lambda.IFunction[];
  readonly deadLetterQueues: readonly sqs.IQueue[];
  readonly restApi: apigateway.RestApi;
  readonly alertTopic: sns.ITopic;
  readonly failedExecutionsThreshold: number;
}

/** CloudWatch alarms on metric math take at most 10 metrics. */
const METRICS_PER_ALARM = 10;

export class Observability extends Construct {
  public readonly alarms: cloudwatch.Alarm[] = [];

  public constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.alertTopic);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string): void => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `mto-flow-${props.stage}` });
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      const period = Duration.minutes(5);
      alarm(`${name}ExecutionsFailed`, machine.metricFailed({ period, statistic: 'Sum' }), Math.max(1, props.failedExecutionsThreshold), `${name}: executions failed (an order failed or a child machine failed).`);
      alarm(`${name}ExecutionsTimedOut`, machine.metricTimedOut({ period, statistic: 'Sum' }), 1, `${name}: executions timed out.`);
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${name} executions`,
          left: [machine.metricStarted(), machine.metricSucceeded(), machine.metricFailed(), machine.metricTimedOut()],
          width: 12,
        }),
      );
    }
    for (let start = 0; start < props.functions.length; start += METRICS_PER_ALARM) {
      const group = props.functions.slice(start, start + METRICS_PER_ALARM);
      const usingMetrics = Object.fromEntries(group.map((fn, index) => [`t${index}`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' })]));
      const groupNumber = start / METRICS_PER_ALARM + 1;
      alarm(
        `LambdaThrottles${groupNumber}`,
        new cloudwatch.MathExpression({ expression: Object.keys(usingMetrics).join('+'), usingMetrics, label: `throttles (group ${groupNumber})`, period: Duration.minutes(5) }),
        1,
        `Lambda throttles in function group ${groupNumber}: workflow steps are being retried.`,
      );
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `Lambda errors and throttles (group ${groupNumber})`,
          left: group.map((fn) => fn.metricErrors()),
          right: group.map((fn) => fn.metricThrottles()),
          width: 12,
        }),
      );
    }
    props.deadLetterQueues.forEach((queue, index) => {
      alarm(`DeadLetterQueueDepth${index + 1}`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), 1, 'Events could not be delivered to their target.');
      dashboard.addWidgets(new cloudwatch.SingleValueWidget({ title: 'Undeliverable events', metrics: [queue.metricApproximateNumberOfMessagesVisible()], width: 6 }));
    });
    alarm('Api5xx', props.restApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), 5, 'The API answers with 5xx.');
    dashboard.addWidgets(new cloudwatch.GraphWidget({ title: 'API', left: [props.restApi.metricCount(), props.restApi.metricClientError(), props.restApi.metricServerError()], width: 12 }));
  }
}
