/** Email sending: the SES identity approval and purchase-order emails come from, and a configuration set. */
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface NotificationsProps {
  readonly senderEmail: string;
  readonly stage: string;
}

export class Notifications extends Construct {
  public readonly identity: ses.EmailIdentity;
  public readonly configurationSet: ses.ConfigurationSet;

  public constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `mto-flow-${props.stage}`,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Deploying sends SES's verification email to the sender address (docs/deploy.md).
    this.identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.email(props.senderEmail),
      configurationSet: this.configurationSet,
    });
  }
}
