/**
 * The doors' composition root, one per route: each handler hands in builders for exactly the ports
 * it uses (`composeDoorDependencies({ orders: orderRepository, workflow: workflowGateway })`), taken
 * from the adapter modules grouped by AWS client (door-adapters.<client>.ts). A route therefore
 * bundles and loads only the SDK clients it really calls: GET /orders/{id} carries DynamoDB alone,
 * not SFN, EventBridge, SES and Secrets Manager as a shared all-adapters root would.
 *
 * Every environment variable those ports need is read and checked right here, at module scope: a
 * missing or malformed one fails the cold start with a DoorConfigError naming the variable, instead
 * of a 500 on the first request. The adapters themselves are built on first use and reused by warm
 * invocations. Endpoints are never configured here: the AWS SDK reads `AWS_ENDPOINT_URL_<SERVICE>`
 * itself, which is how the local runtime points the same code at DynamoDB Local and the local engine.
 */
import type { ApprovalRepository } from '../../ports/approval-repository';
import type { CallbackRepository } from '../../ports/callback-repository';
import type { CatalogRepository } from '../../ports/catalog-repository';
import type { EventPublisher } from '../../ports/event-publisher';
import type { ApprovalChat, EmailSender, SupplierGateway } from '../../ports/notifier';
import type { IdempotencyStore } from '../../ports/idempotency-store';
import type { OrderRepository } from '../../ports/order-repository';
import type { PurchaseOrderRepository } from '../../ports/purchase-order-repository';
import type { StockRepository } from '../../ports/stock-repository';
import type { WebhookDedupStore } from '../../ports/webhook-dedup-store';
import type { WorkflowGateway } from '../../ports/workflow-gateway';
import type { DoorSecrets } from '../../shared/security/door-secrets';
import { executionArnOf } from '../../adapters/workflow/execution-arn';
import { createDoorConfig, type DoorConfig } from './door-config';

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
  /** Execution name -> the ARN that execution of the order state machine gets (known before it starts). */
  readonly executionArns: () => (executionName: string) => string;
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

/** Builds the adapter of one port from the configuration (called once per container, on first use). */
export type DoorAdapterBuilder<Port extends DoorPort> = (config: DoorConfig) => ReturnType<DoorDependencies[Port]>;

/** The builders a route hands in: one per port it uses. */
export type DoorAdapterBuilders<Port extends DoorPort> = { readonly [P in Port]: DoorAdapterBuilder<P> };

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
  executionArns: [(config) => config.orderStateMachineArn()],
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

/** `build`, called at most once; later calls return the first result. */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/** The API's public URL (the signed approval link's base): a plain setting, no client. */
export const publicBaseUrl: DoorAdapterBuilder<'publicBaseUrl'> = (config) => config.publicBaseUrl();

/** Execution ARNs of the order state machine, derived from its ARN: no client. */
export const executionArns: DoorAdapterBuilder<'executionArns'> = (config) => {
  const stateMachineArn = config.orderStateMachineArn();
  return (executionName) => executionArnOf(stateMachineArn, executionName);
};

/** Slack user id -> approver email: a plain setting, no client. */
export const slackUserEmails: DoorAdapterBuilder<'slackUserEmails'> = (config) => config.slackUserEmails();

/**
 * The adapters of the ports `builders` names (and the clock), their settings checked at once.
 * @throws DoorConfigError naming the variable when a setting those ports need is missing or malformed
 */
export function composeDoorDependencies<const Port extends DoorPort>(builders: DoorAdapterBuilders<Port>, config: DoorConfig = createDoorConfig()): Pick<DoorDependencies, Port | 'now'> {
  const ports = Object.keys(builders) as Port[];
  assertDoorConfiguration(ports, config);
  const getters: Partial<Record<Port, () => unknown>> = {};
  for (const port of ports) {
    const build: (config: DoorConfig) => unknown = builders[port];
    getters[port] = once(() => build(config));
  }
  return { now: (): Date => new Date(), ...getters } as Pick<DoorDependencies, Port | 'now'>;
}
