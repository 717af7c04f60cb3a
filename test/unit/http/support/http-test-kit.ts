/**
 * Test kit for the doors: API Gateway REST (v1) proxy events as API Gateway builds them, a Lambda
 * context, in-memory dependencies in the shape the handlers take, and builders for approvals,
 * orders and callbacks.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { StaticSecretStore } from '../../../../functions/adapters/secrets/secret-store.static';
import { InMemoryApprovalRepository } from '../../../../functions/adapters/memory/approval-repository.memory';
import { InMemoryCallbackRepository } from '../../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryCatalogRepository } from '../../../../functions/adapters/memory/catalog-repository.memory';
import { InMemoryIdempotencyStore } from '../../../../functions/adapters/memory/idempotency-store.memory';
import { InMemoryOrderRepository } from '../../../../functions/adapters/memory/order-repository.memory';
import { InMemoryPurchaseOrderRepository } from '../../../../functions/adapters/memory/purchase-order-repository.memory';
import { InMemoryStockRepository } from '../../../../functions/adapters/memory/stock-repository.memory';
import { InMemoryWebhookDedupStore } from '../../../../functions/adapters/memory/webhook-dedup-store.memory';
import { InMemoryWorkflowGateway } from '../../../../functions/adapters/workflow/workflow-gateway.memory';
import type { Approval } from '../../../../functions/domain/approval/approval.types';
import { seedCatalog, seedOrderRequests, seedStock } from '../../../../functions/domain/catalog/seed';
import { placeOrder } from '../../../../functions/domain/order/place-order';
import type { Order, OrderRequest } from '../../../../functions/domain/order/order.types';
import type { PurchaseOrder } from '../../../../functions/domain/procurement/purchase-order.types';
import type { ApprovalRepository } from '../../../../functions/ports/approval-repository';
import type { CallbackRepository } from '../../../../functions/ports/callback-repository';
import type { CatalogRepository } from '../../../../functions/ports/catalog-repository';
import type { OrderRepository } from '../../../../functions/ports/order-repository';
import type { PurchaseOrderRepository } from '../../../../functions/ports/purchase-order-repository';
import type { StockRepository } from '../../../../functions/ports/stock-repository';
import type { EventPublisher, OutgoingEvent } from '../../../../functions/ports/event-publisher';
import type { ApprovalChat, ApprovalChatOutcome, ChatMessageRef, EmailMessage, EmailSender, PurchaseOrderMessage, SupplierGateway } from '../../../../functions/ports/notifier';
import { DoorSecrets } from '../../../../functions/shared/security/door-secrets';
import { secretNames } from '../../../../functions/shared/security/secret-names';

export const LINK_SIGNING_KEY = 'test-link-signing-key-0123456789abcdef0123456789abcdef';
export const SLACK_SIGNING_SECRET = 'test-slack-signing-secret-8f742231b10e';
/** Standard Webhooks secrets are base64 with a `whsec_` prefix. */
export const SUPPLIER_SECRET = `whsec_${Buffer.from('supplier-a-secret-0123456789abcdef').toString('base64')}`;
export const SUPPLIER_NEXT_SECRET = `whsec_${Buffer.from('supplier-a-rotated-secret-fedcba9876').toString('base64')}`;
export const OTHER_SUPPLIER_SECRET = `whsec_${Buffer.from('supplier-b-secret-abcdef0123456789').toString('base64')}`;
export const SECRETS_PREFIX = 'mto-flow-test';

export interface EventOptions {
  readonly method?: string;
  readonly path?: string;
  readonly resource?: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly apiKeyId?: string;
}

/** A proxy event shaped like the one API Gateway REST sends (fields our handlers may read are set). */
export function apiEvent(options: EventOptions = {}): APIGatewayProxyEvent {
  const headers = options.headers ?? {};
  return {
    resource: options.resource ?? options.path ?? '/',
    path: options.path ?? '/',
    httpMethod: options.method ?? 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: options.query ? Object.fromEntries(Object.entries(options.query).map(([key, value]) => [key, [value]])) : null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    body: options.body ?? null,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1234567',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: options.method ?? 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: options.apiKeyId ?? null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '127.0.0.1',
        user: null,
        userAgent: 'vitest',
        userArn: null,
      },
      path: `/test${options.path ?? '/'}`,
      stage: 'test',
      requestId: 'req-0001',
      requestTimeEpoch: 1_767_225_600_000,
      resourceId: 'res123',
      resourcePath: options.resource ?? options.path ?? '/',
    },
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'mto-flow-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:mto-flow-test',
    memoryLimitInMB: '256',
    awsRequestId: 'aws-req-0001',
    logGroupName: '/aws/lambda/mto-flow-test',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export async function invoke(handler: Handler, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return handler(event, lambdaContext());
}

/** The parsed body of a problem+json response (asserting the content type on the way). */
export function problemOf(result: APIGatewayProxyResult): Record<string, unknown> & { type: string; title: string; status: number; detail: string; errors?: { path: string; rule: string; message: string }[] } {
  const contentType = result.headers?.['Content-Type'];
  if (contentType !== 'application/problem+json') {
    throw new Error(`Expected application/problem+json, got ${String(contentType)} with body ${result.body.slice(0, 300)}`);
  }
  return JSON.parse(result.body) as ReturnType<typeof problemOf>;
}

export function jsonOf<T = Record<string, unknown>>(result: APIGatewayProxyResult): T {
  return JSON.parse(result.body) as T;
}

/** A fixed, settable clock. */
export class TestClock {
  constructor(private current: Date = new Date('2026-03-02T10:00:00.000Z')) {}

  readonly now = (): Date => new Date(this.current.getTime());

  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }

  set(date: Date): void {
    this.current = date;
  }
}

/** Records what would have gone out: events, emails, chat messages, supplier messages. */
export class Outbox implements EventPublisher, EmailSender, ApprovalChat {
  readonly events: OutgoingEvent[] = [];
  readonly emails: EmailMessage[] = [];
  readonly chatOutcomes: { ref: ChatMessageRef; outcome: ApprovalChatOutcome }[] = [];
  readonly supplierMessages: PurchaseOrderMessage[] = [];

  publish(events: readonly OutgoingEvent[]): Promise<void> {
    this.events.push(...events);
    return Promise.resolve();
  }

  send(message: EmailMessage): Promise<{ messageId: string }> {
    this.emails.push(message);
    return Promise.resolve({ messageId: `msg-${this.emails.length}` });
  }

  /** The supplier channel of the outbox. */
  readonly suppliers: SupplierGateway = {
    send: (message: PurchaseOrderMessage) => {
      this.supplierMessages.push(message);
      return Promise.resolve();
    },
  };

  postApproval(): Promise<ChatMessageRef> {
    return Promise.resolve({ channel: 'C0TEST', ts: '1700000000.000100' });
  }

  showOutcome(ref: ChatMessageRef, outcome: ApprovalChatOutcome): Promise<void> {
    this.chatOutcomes.push({ ref, outcome });
    return Promise.resolve();
  }
}

/** Every in-memory adapter, plus getters in the shape `createDoorDependencies()` returns. */
export function memoryDoors(options: { clock?: TestClock; secrets?: Record<string, string>; slackUserEmails?: Record<string, string> } = {}) {
  const clock = options.clock ?? new TestClock();
  // One table on DynamoDB: completing a callback (or keeping an early answer on a PO) can write the webhook receipt the dedup store reads.
  const webhookDedup = new InMemoryWebhookDedupStore();
  // Likewise, a keyed POST /orders writes its idempotency record in the order's transaction.
  const idempotency = new InMemoryIdempotencyStore();
  const adapters = {
    orders: new InMemoryOrderRepository({ idempotency }),
    approvals: new InMemoryApprovalRepository(),
    callbacks: new InMemoryCallbackRepository({ receipts: webhookDedup }),
    purchaseOrders: new InMemoryPurchaseOrderRepository({ receipts: webhookDedup }),
    stock: new InMemoryStockRepository(),
    catalog: new InMemoryCatalogRepository(),
    idempotency,
    webhookDedup,
    workflow: new InMemoryWorkflowGateway(),
    outbox: new Outbox(),
    secretStore: new StaticSecretStore(
      options.secrets ?? {
        [secretNames.approvalLinkSigningKey(SECRETS_PREFIX)]: LINK_SIGNING_KEY,
        [secretNames.slackSigningSecret(SECRETS_PREFIX)]: SLACK_SIGNING_SECRET,
        [secretNames.supplierWebhookSecrets(SECRETS_PREFIX, 'sup-a')]: JSON.stringify([SUPPLIER_SECRET, SUPPLIER_NEXT_SECRET]),
        [secretNames.supplierWebhookSecrets(SECRETS_PREFIX, 'sup-b')]: OTHER_SUPPLIER_SECRET,
      },
    ),
  };
  const secrets = new DoorSecrets(adapters.secretStore, SECRETS_PREFIX);
  const deps = {
    now: clock.now,
    orders: () => adapters.orders,
    approvals: () => adapters.approvals,
    callbacks: () => adapters.callbacks,
    purchaseOrders: () => adapters.purchaseOrders,
    stock: () => adapters.stock,
    catalog: () => adapters.catalog,
    idempotency: () => adapters.idempotency,
    webhookDedup: () => adapters.webhookDedup,
    workflow: () => adapters.workflow,
    executionArns: () => (executionName: string) => adapters.workflow.executionArnFor(executionName),
    events: () => adapters.outbox,
    email: () => adapters.outbox,
    approvalChat: () => adapters.outbox,
    suppliers: () => adapters.outbox.suppliers,
    publicBaseUrl: () => 'https://api.mto.example/prod',
    secrets: () => secrets,
    slackUserEmails: () => new Map(Object.entries(options.slackUserEmails ?? {})),
  };
  return { clock, adapters, deps };
}

/** What the `given...` builders need: a clock and the adapters, in memory or on DynamoDB. */
export interface DoorsLike {
  readonly clock: TestClock;
  readonly adapters: {
    readonly orders: OrderRepository;
    readonly approvals: ApprovalRepository;
    readonly callbacks: CallbackRepository;
    readonly purchaseOrders: PurchaseOrderRepository;
    readonly stock: StockRepository;
    readonly catalog: CatalogRepository;
    readonly workflow: InMemoryWorkflowGateway;
  };
}

/** A pending approval waiting on a stored callback (its task token registered with the gateway). */
export async function givenPendingApproval(
  doors: DoorsLike,
  overrides: Partial<Approval> = {},
): Promise<{ approval: Approval; taskToken: string }> {
  const now = doors.clock.now();
  const taskToken = `token-${Math.random().toString(36).slice(2)}-${'x'.repeat(40)}`;
  const callback = await doors.adapters.callbacks.create({
    purpose: 'approval',
    orderId: overrides.orderId ?? 'ord-0001',
    subjectId: overrides.approvalId ?? 'apr-0001',
    taskToken,
    createdAt: now.toISOString(),
    expiresAtEpochSeconds: Math.floor(now.getTime() / 1000) + 3 * 24 * 3600,
  });
  doors.adapters.workflow.registerWaitingToken(taskToken);
  const approval: Approval = {
    approvalId: 'apr-0001',
    orderId: 'ord-0001',
    kind: 'design-approval',
    designRevision: 1,
    approvers: ['eng@acme.example', 'cto@acme.example'],
    status: 'pending',
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 2 * 24 * 3600 * 1000).toISOString(),
    callbackId: callback.callbackId,
    linkGeneration: 1,
    subject: 'Design revision 1 of order ord-0001 (oak dining table)',
    details: { drawing: 'DT-2000-OAK rev 1', legs: 'straight' },
    version: 1,
    ...overrides,
  };
  await doors.adapters.approvals.create(approval);
  return { approval, taskToken };
}

/** A real order (placed by the domain from a seed request), stored, in the given status. */
export async function givenOrder(
  doors: DoorsLike,
  options: { orderId?: string; status?: Order['status']; request?: OrderRequest } = {},
): Promise<Order> {
  const orderId = options.orderId ?? 'ord-0001';
  const { order } = placeOrder(options.request ?? seedOrderRequests.oakDiningTable, seedCatalog, seedStock, {}, doors.clock.now().toISOString(), { newId: () => orderId });
  const stored: Order = { ...order, status: options.status ?? order.status };
  await doors.adapters.orders.create(stored);
  return stored;
}

/** A purchase order of `ord-0001` sent to supplier `sup-a`, with the callback its step waits on. */
export async function givenSentPurchaseOrder(
  doors: DoorsLike,
  overrides: Partial<PurchaseOrder> = {},
): Promise<{ po: PurchaseOrder; callbackId: string; taskToken: string }> {
  const now = doors.clock.now().toISOString();
  const po: PurchaseOrder = {
    poId: 'po-0042',
    orderId: 'ord-0001',
    supplierId: 'sup-a',
    lines: [{ componentId: 'walnut-board', quantity: 12, unit: 'pcs', unitCostCents: 4_500 }],
    status: 'sent',
    createdAt: now,
    updatedAt: now,
    sourcingAttempt: 0,
    version: 1,
    ...overrides,
  };
  await doors.adapters.purchaseOrders.create(po);
  const taskToken = `po-token-${Math.random().toString(36).slice(2)}-${'y'.repeat(40)}`;
  const callback = await doors.adapters.callbacks.create({
    purpose: 'purchase-order',
    orderId: po.orderId,
    subjectId: po.poId,
    taskToken,
    createdAt: now,
    expiresAtEpochSeconds: Math.floor(doors.clock.now().getTime() / 1000) + 7 * 24 * 3600,
  });
  doors.adapters.workflow.registerWaitingToken(taskToken);
  return { po, callbackId: callback.callbackId, taskToken };
}

/** Stores the seed catalog and stock, as the local runtime's seeding does. */
export async function givenSeedCatalog(doors: DoorsLike): Promise<void> {
  await doors.adapters.catalog.saveCatalog(seedCatalog);
  for (const level of seedStock) await doors.adapters.stock.put(level);
}

export function jsonPost(path: string, body: unknown, options: Omit<EventOptions, 'body' | 'path' | 'method'> = {}) {
  return apiEvent({
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json', ...(options.headers ?? {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.apiKeyId ? { apiKeyId: options.apiKeyId } : {}),
    ...(options.query ? { query: options.query } : {}),
  });
}

/** A callback a lifecycle step opened for an order (production, inspection, shipment), registered as waiting. */
export async function givenWait(
  doors: DoorsLike,
  purpose: 'production' | 'inspection' | 'shipment',
  options: { orderId?: string; ttlSeconds?: number; subjectId?: string } = {},
): Promise<{ callbackId: string; taskToken: string }> {
  const orderId = options.orderId ?? 'ord-0001';
  const now = doors.clock.now();
  const taskToken = `${purpose}-token-${Math.random().toString(36).slice(2)}-${'z'.repeat(40)}`;
  const callback = await doors.adapters.callbacks.create({
    purpose,
    orderId,
    subjectId: options.subjectId ?? `${orderId}-${purpose}-0`,
    taskToken,
    createdAt: now.toISOString(),
    expiresAtEpochSeconds: Math.floor(now.getTime() / 1000) + (options.ttlSeconds ?? 24 * 3600),
  });
  doors.adapters.workflow.registerWaitingToken(taskToken);
  return { callbackId: callback.callbackId, taskToken };
}
