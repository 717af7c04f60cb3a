/**
 * Every door adapter, by port name: `createDoorDependencies(['orders', 'workflow'])`. For tests and
 * benchmarks that want the real AWS adapters of some ports without naming their builders. Handlers
 * do not use it: it imports every AWS client, so a route built from it would bundle and load all
 * five; they call composeDoorDependencies with only their own builders (door-composition.ts).
 */
import { approvalRepository, callbackRepository, catalogRepository, idempotencyStore, orderRepository, purchaseOrderRepository, stockRepository, webhookDedupStore } from './door-adapters.dynamodb';
import { eventPublisher } from './door-adapters.eventbridge';
import { doorSecrets } from './door-adapters.secrets';
import { emailSender, supplierGateway } from './door-adapters.ses';
import { workflowGateway } from './door-adapters.sfn';
import { approvalChat } from './door-adapters.slack';
import { createDoorConfig, type DoorConfig } from './door-config';
import { composeDoorDependencies, executionArns, publicBaseUrl, slackUserEmails, type DoorAdapterBuilders, type DoorDependencies, type DoorPort } from './door-composition';

export { assertDoorConfiguration, type DoorDependencies, type DoorPort } from './door-composition';

const ALL_BUILDERS: DoorAdapterBuilders<DoorPort> = {
  orders: orderRepository,
  approvals: approvalRepository,
  callbacks: callbackRepository,
  purchaseOrders: purchaseOrderRepository,
  stock: stockRepository,
  catalog: catalogRepository,
  idempotency: idempotencyStore,
  webhookDedup: webhookDedupStore,
  workflow: workflowGateway,
  executionArns,
  events: eventPublisher,
  email: emailSender,
  approvalChat,
  suppliers: supplierGateway,
  publicBaseUrl,
  secrets: doorSecrets,
  slackUserEmails,
};

/**
 * The AWS adapters of `ports` (and the clock), from the environment, checked at once.
 * @throws DoorConfigError naming the variable when a setting those ports need is missing or malformed
 */
export function createDoorDependencies<const Port extends DoorPort>(ports: readonly Port[], config: DoorConfig = createDoorConfig()): Pick<DoorDependencies, Port | 'now'> {
  const builders: Partial<Record<DoorPort, unknown>> = {};
  for (const port of ports) builders[port] = ALL_BUILDERS[port];
  return composeDoorDependencies(builders as DoorAdapterBuilders<Port>, config);
}
