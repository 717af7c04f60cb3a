/**
 * The doors' adapters, built from configuration once per container and only when a handler asks
 * for them (a handler that never touches Step Functions never reads its ARN). Clients are created
 * at module scope by the handlers that call these getters, so warm invocations reuse them.
 *
 * Endpoints are never configured here: the AWS SDK reads `AWS_ENDPOINT_URL_<SERVICE>` itself, which
 * is how the local runtime points the same code at DynamoDB Local and the local engine.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
import { SecretsManagerSecretStore } from '../../adapters/secrets/secret-store.secrets-manager';
import { staticSecretStoreFromJson } from '../../adapters/secrets/secret-store.static';
import { SfnWorkflowGateway } from '../../adapters/workflow/workflow-gateway.sfn';
import type { SecretStore } from '../../ports/secret-store';
import { DoorSecrets } from '../../shared/security/door-secrets';
import { createDoorConfig, DOOR_ENV, type DoorConfig } from './door-config';

function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/** The getters a handler picks from; each builds its adapter on first use. */
export function createDoorDependencies(config: DoorConfig = createDoorConfig()) {
  const documentClient = once(() => createDocumentClient(new DynamoDBClient({})));
  const table = once(() => ({ client: documentClient(), tableName: config.tableName() }));
  const secretStore = once((): SecretStore =>
    config.secretsSource() === 'env'
      ? staticSecretStoreFromJson(config.secretsJson(), DOOR_ENV.secretsJson)
      : new SecretsManagerSecretStore({ client: new SecretsManagerClient({}) }),
  );
  return {
    config,
    now: (): Date => new Date(),
    orders: once(() => new DynamoDbOrderRepository(table())),
    approvals: once(() => new DynamoDbApprovalRepository(table())),
    callbacks: once(() => new DynamoDbCallbackRepository(table())),
    purchaseOrders: once(() => new DynamoDbPurchaseOrderRepository(table())),
    stock: once(() => new DynamoDbStockRepository(table())),
    catalog: once(() => new DynamoDbCatalogRepository(table())),
    idempotency: once(() => new DynamoDbIdempotencyStore(table())),
    webhookDedup: once(() => new DynamoDbWebhookDedupStore(table())),
    workflow: once(() => new SfnWorkflowGateway({ client: new SFNClient({}), orderStateMachineArn: config.orderStateMachineArn() })),
    secrets: once(() => new DoorSecrets(secretStore(), config.secretsPrefix())),
  };
}

export type DoorDependencies = ReturnType<typeof createDoorDependencies>;
