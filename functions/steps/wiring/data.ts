/**
 * Adapters for the step handlers, built once per container on first use. Split by what they pull
 * in, so each handler's bundle carries only the clients it uses. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables and `SLACK_API_URL`: locally they point at DynamoDB Local,
 * the local engine and the outboxes; on AWS they are unset. Configuration, not code paths.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbApprovalRepository } from '../../adapters/dynamodb/approval-repository.dynamodb';
import { DynamoDbCallbackRepository } from '../../adapters/dynamodb/callback-repository.dynamodb';
import { DynamoDbCatalogRepository } from '../../adapters/dynamodb/catalog-repository.dynamodb';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoDbIdempotencyStore } from '../../adapters/dynamodb/idempotency-store.dynamodb';
import { DynamoDbOrderChildrenReader } from '../../adapters/dynamodb/order-children.dynamodb';
import { DynamoDbOrderRepository } from '../../adapters/dynamodb/order-repository.dynamodb';
import { DynamoDbPurchaseOrderRepository } from '../../adapters/dynamodb/purchase-order-repository.dynamodb';
import { DynamoDbStockRepository } from '../../adapters/dynamodb/stock-repository.dynamodb';
import type { Catalog } from '../../domain/catalog/catalog.types';
import { createConfig } from '../../shared/config';
import { withDeploymentThresholds } from '../../use-cases/deployment-policy';
import { InvalidStepInputError } from '../../use-cases/lifecycle-errors';

export const config = createConfig();

// `/* @__PURE__ */`: building an adapter has no effect until it is asked for, so esbuild drops the
// adapters a handler does not use from its bundle.

/** Builds the value on first call, then returns the same one. */
export const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};

const documentClient = /* @__PURE__ */ once(() => createDocumentClient(new DynamoDBClient({})));
const table = (): { client: ReturnType<typeof documentClient>; tableName: string } => ({ client: documentClient(), tableName: config.tableName() });

export const orders = /* @__PURE__ */ once(() => new DynamoDbOrderRepository(table()));
export const approvals = /* @__PURE__ */ once(() => new DynamoDbApprovalRepository(table()));
export const callbacks = /* @__PURE__ */ once(() => new DynamoDbCallbackRepository(table()));
export const purchaseOrders = /* @__PURE__ */ once(() => new DynamoDbPurchaseOrderRepository(table()));
export const orderChildren = /* @__PURE__ */ once(() => new DynamoDbOrderChildrenReader(table()));
export const stock = /* @__PURE__ */ once(() => new DynamoDbStockRepository(table()));
export const idempotency = /* @__PURE__ */ once(() => new DynamoDbIdempotencyStore(table()));
const catalogs = /* @__PURE__ */ once(() => new DynamoDbCatalogRepository(table()));

const CATALOG_TTL_MS = 5 * 60_000;
let cachedCatalog: { catalog: Catalog; at: number } | undefined;
/**
 * The catalog, cached per container for five minutes, with the deployment's review and QC
 * thresholds (settings `thresholds.*`) in place of the catalog's own policy values.
 */
export async function catalog(): Promise<Catalog> {
  if (cachedCatalog !== undefined && Date.now() - cachedCatalog.at < CATALOG_TTL_MS) return cachedCatalog.catalog;
  const loaded = await catalogs().loadCatalog();
  if (loaded === undefined) throw new InvalidStepInputError('catalog', 'has not been stored yet (seed it first)');
  const withThresholds = withDeploymentThresholds(loaded, config.thresholds());
  cachedCatalog = { catalog: withThresholds, at: Date.now() };
  return withThresholds;
}

export const clock = (): string => new Date().toISOString();
