/**
 * The custom event bus every order event goes to, an archive for replay, and the rules mto-flow
 * itself needs: alerts (order failed, order at risk, silent shop floor, PO escalated) to the alert
 * topic, with a dead-letter queue for deliveries that fail.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALERT_DETAIL_TYPES, EVENT_SOURCE } from '../../functions/adapters/events/event-catalog';

export interface EventsProps {
  readonly stage: string;
  readonly retainData: boolean;
  readonly alarmEmail?: string;
}

export class Events extends Construct {
  public readonly bus: events.EventBus;
  public readonly alertTopic: sns.Topic;
  public readonly deadLetterQueue: sqs.Queue;

  public constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `mto-flow-${props.stage}` });
    this.bus.archive('Archive', {
      description: 'Every mto-flow order event, for replay.',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });
    const key = new kms.Key(this, 'AlertKey', {
      description: 'Encrypts mto-flow alert messages and undeliverable events.',
      enableKeyRotation: true,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.alertTopic = new sns.Topic(this, 'AlertTopic', { displayName: `mto-flow ${props.stage} alerts`, masterKey: key, enforceSSL: true });
    if (props.alarmEmail !== undefined) this.alertTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    // EventBridge must be able to use the key to publish to the encrypted topic and queue.
    key.grantEncryptDecrypt(new iam.ServicePrincipal('events.amazonaws.com'));

    new events.Rule(this, 'AlertRule', {
      eventBus: this.bus,
      description: 'Order failed, order at risk, silent shop floor, PO escalated to a buyer: tell a person.',
      eventPattern: { source: [EVENT_SOURCE], detailType: [...ALERT_DETAIL_TYPES] },
      targets: [new targets.SnsTopic(this.alertTopic, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }
}

