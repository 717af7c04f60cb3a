/**
 * The secrets mto-flow reads at run time, in Secrets Manager under the names the handlers derive
 * from SECRETS_PREFIX (functions/shared/security/secret-names.ts, functions/shared/config.ts).
 * Generated values are placeholders where a third party issues the real one (Slack): the operator
 * pastes the real value after the first deploy (docs/deploy.md).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { secretNames } from '../../functions/shared/security/secret-names';
import { slackBotTokenSecretName } from '../../functions/shared/config';

export interface SecretsProps {
  readonly prefix: string;
  /** Supplier ids that get a webhook secret (Standard Webhooks `whsec_` value). */
  readonly supplierIds: readonly string[];
  readonly retainData: boolean;
}

export class Secrets extends Construct {
  public readonly linkSigningKey: secretsmanager.Secret;
  public readonly slackSigningSecret: secretsmanager.Secret;
  public readonly slackBotToken: secretsmanager.Secret;
  public readonly supplierWebhookSecrets: readonly secretsmanager.Secret[];

  public constructor(scope: Construct, id: string, props: SecretsProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.linkSigningKey = new secretsmanager.Secret(this, 'ApprovalLinkSigningKey', {
      secretName: secretNames.approvalLinkSigningKey(props.prefix),
      description: 'HMAC key that signs approval links in emails.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    this.slackSigningSecret = new secretsmanager.Secret(this, 'SlackSigningSecret', {
      secretName: secretNames.slackSigningSecret(props.prefix),
      description: "Slack app's signing secret (paste it from the Slack app settings after deploying).",
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
      removalPolicy,
    });
    this.slackBotToken = new secretsmanager.Secret(this, 'SlackBotToken', {
      secretName: slackBotTokenSecretName(props.prefix),
      description: "Slack bot token (xoxb-...) approval messages are posted with (paste it after deploying).",
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
      removalPolicy,
    });
    this.supplierWebhookSecrets = props.supplierIds.map(
      (supplierId) =>
        new secretsmanager.Secret(this, `SupplierWebhookSecret-${supplierId}`, {
          secretName: secretNames.supplierWebhookSecrets(props.prefix, supplierId),
          description: `Standard Webhooks secret supplier ${supplierId} signs its webhooks with.`,
          generateSecretString: { passwordLength: 48, excludePunctuation: true },
          removalPolicy,
        }),
    );
  }
}
