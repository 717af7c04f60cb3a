/**
 * The doors' adapters, built from configuration once per container. Each handler names the ports it
 * uses (`createDoorDependencies(['orders', 'workflow'])`) at module scope, and every environment
 * variable those ports need is read and checked right there: a missing or malformed one fails the
 * cold start with a DoorConfigError naming the variable, instead of a 500 on the first request. A
 * handler never reads a variable of a port it does not use (the OpenAPI route reads none). The
 * adapters themselves are built on first use and reused by warm invocations.
 *
 * Endpoints are never configured here: the AWS SDK reads `AWS_ENDPOINT_URL_<SERVICE>` itself, which
 * is how the local runtime points the same code at DynamoDB Local and the local engine.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDbApprovalRepository } from '../../adapters/dynamodb/approval-repository.dynamodb';
import { DynamoDbCallbackRepository } from '../../adapters/dynamodb/callback-repository.dynamodb';
import { DynamoDbCatalogRepository } from '../../adapters/dynamodb/catalog-repository.dynamodb';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbIdempotencyStore } from '../../adapters/dynamodb/idempotency-store.dynamodb';
import { DynamoDbOrderRepository } from '../../adapters/dynamodb/order-repository.dynamodb';
import { DynamoDbPurchaseOrderRepository } from '../../adapters/dynamodb/purchase-order-repository.dynamodb';
import { DynamoDbStockRepository } from '../../adapters/dynamodb/stock-repository.dynamodb';
import { DynamoDbWebhookDedupStore } from '../../adapters/dynamodb/webhook-dedup-store.dynamodb';
import { SesEmailSender } from '../../adapters/email/email-sender.ses';
import { EventBridgeEventPublisher } from '../../adapters/events/event-publisher.eventbridge';
import { EmailSupplierGateway } from '../../adapters/notifications/supplier-gateway.email';
import { SlackApprovalChat } from '../../adapters/slack/approval-chat.slack';
import { SecretsManagerSecretStore } from '../../adapters/secrets/secret-store.secrets-manager';
import { StaticSecretStore } from '../../adapters/secrets/secret-store.static';
import { SfnWorkflowGateway } from '../../adapters/workflow/workflow-gateway.sfn';
import type { ApprovalRepository } from '../../ports/approval-repository';
import type { CallbackRepository } from '../../ports/callback-repository';
import type { CatalogRepository } from '../../ports/catalog-repository';
import type { EventPublisher } from '../../ports/event-publisher';
import type { ApprovalChat, EmailSender, SupplierGateway } from '../../ports/notifier';
import type { IdempotencyStore } from '../../ports/idempotency-store';
import type { OrderRepository } from '../../ports/order-repository';
import type { PurchaseOrderRepository } from '../../ports/purchase-order-repository';
import type { SecretStore } from '../../ports/secret-store';
import type { StockRepository } from '../../ports/stock-repository';
import type { WebhookDedupStore } from '../../ports/webhook-dedup-store';
import type { WorkflowGateway } from '../../ports/workflow-gateway';
import { slackBotTokenSecretName } from '../../shared/config';
import { DoorSecrets } from '../../shared/security/door-secrets';
import { createDoorConfig, type DoorConfig } from './door-config';

function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/**
 * What handlers are built from: getters typed by port, so tests hand in in-memory twins. Each
 * getter builds its adapter on first use and returns the same one afterwards.
 */
export interface DoorDependencies {
  readonly now: () => Date;
  readonly orders: () => OrderRepository;
  readonly approvals: () => ApprovalRepository;
  readonly callbacks: () => CallbackRepository;
  readonly purchaseOrders: () => PurchaseOrderRepository;
  readonly stock: () => StockRepository;
  readonly catalog: () => CatalogRepository;
  readonly idempotency: () => IdempotencyStore;
  readonly webhookDedup: () => WebhookDedupStore;
  readonly workflow: () => WorkflowGateway;
  readonly events: () => EventPublisher;
  readonly email: () => EmailSender;
  readonly approvalChat: () => ApprovalChat;
  readonly suppliers: () => SupplierGateway;
  /** The signed approval link's base: the API's public URL. */
  readonly publicBaseUrl: () => string;
  readonly secrets: () => DoorSecrets;
  /** Slack user id -> approver email. */
  readonly slackUserEmails: () => ReadonlyMap<string, string>;
}

/** A port a handler can ask for (everything but the clock, which needs no configuration). */
export type DoorPort = Exclude<keyof DoorDependencies, 'now'>;

/** The settings each port reads; reading one throws DoorConfigError naming its variable. */
const SETTINGS_OF_PORT: Readonly<Record<DoorPort, readonly ((config: DoorConfig) => unknown)[]>> = {
  orders: [(config) => config.tableName()],
  approvals: [(config) => config.tableName()],
  callbacks: [(config) => config.tableName()],
  purchaseOrders: [(config) => config.tableName()],
  stock: [(config) => config.tableName()],
  catalog: [(config) => config.tableName()],
  idempotency: [(config) => config.tableName()],
  webhookDedup: [(config) => config.tableName()],
  workflow: [(config) => config.orderStateMachineArn()],
  events: [(config) => config.eventBusName()],
  email: [(config) => config.senderEmail()],
  approvalChat: [(config) => config.slackChannel(), (config) => config.secretStoreSettings()],
  suppliers: [(config) => config.senderEmail(), (config) => config.tableName()],
  publicBaseUrl: [(config) => config.publicBaseUrl()],
  secrets: [(config) => config.secretStoreSettings()],
  slackUserEmails: [(config) => config.slackUserEmails()],
};

/**
 * Checks, now, every setting the `ports` need.
 * @throws DoorConfigError naming the first variable that is missing or malformed
 */
export function assertDoorConfiguration(ports: readonly DoorPort[], config: DoorConfig): void {
  for (const port of ports) {
    for (const read of SETTINGS_OF_PORT[port]) read(config);
  }
}

/**
 * The AWS adapters of `ports` (and the clock), from the environment, checked at once.
 * @throws DoorConfigError naming the variable when a setting those ports need is missing or malformed
 */
export function createDoorDependencies<const Port extends DoorPort>(ports: readonly Port[], config: DoorConfig = createDoorConfig()): Pick<DoorDependencies, Port | 'now'> {
  assertDoorConfiguration(ports, config);
  return allDoorAdapters(config);
}

function allDoorAdapters(config: DoorConfig): DoorDependencies {
  const documentClient = once(() => createDocumentClient(new DynamoDBClient({})));
  const table = once(() => ({ client: documentClient(), tableName: config.tableName() }));
  const secretStore = once((): SecretStore => {
    const settings = config.secretStoreSettings();
    return settings.source === 'env' ? new StaticSecretStore(settings.secrets) : new SecretsManagerSecretStore({ client: new SecretsManagerClient({}) });
  });
  const catalog = once(() => new DynamoDbCatalogRepository(table()));
  const email = once(() => {
    const configurationSetName = config.sesConfigurationSet();
    return new SesEmailSender({ client: new SESv2Client({}), from: config.senderEmail(), ...(configurationSetName ? { configurationSetName } : {}) });
  });
  return {
    now: (): Date => new Date(),
    orders: once(() => new DynamoDbOrderRepository(table())),
    approvals: once(() => new DynamoDbApprovalRepository(table())),
    callbacks: once(() => new DynamoDbCallbackRepository(table())),
    purchaseOrders: once(() => new DynamoDbPurchaseOrderRepository(table())),
    stock: once(() => new DynamoDbStockRepository(table())),
    catalog,
    idempotency: once(() => new DynamoDbIdempotencyStore(table())),
    webhookDedup: once(() => new DynamoDbWebhookDedupStore(table())),
    workflow: once(() => new SfnWorkflowGateway({ client: new SFNClient({}), orderStateMachineArn: config.orderStateMachineArn() })),
    events: once(() => new EventBridgeEventPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName() })),
    email,
    approvalChat: once(() => {
      const slackApiUrl = config.slackApiUrl();
      return new SlackApprovalChat({
        token: () => secretStore().getSecret(slackBotTokenSecretName(config.secretsPrefix())),
        channel: config.slackChannel(),
        ...(slackApiUrl ? { slackApiUrl } : {}),
      });
    }),
    suppliers: once(() => new EmailSupplierGateway({ email: email(), supplier: (supplierId) => catalog().get('supplier', supplierId) })),
    publicBaseUrl: once(() => config.publicBaseUrl()),
    secrets: once(() => new DoorSecrets(secretStore(), config.secretsPrefix())),
    slackUserEmails: once(() => config.slackUserEmails()),
  };
}
