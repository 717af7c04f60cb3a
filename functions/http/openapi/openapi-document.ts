/**
 * The OpenAPI 3.1 document of the API, generated from the route table (functions/http/routes.ts)
 * and the zod schemas the handlers validate requests with, so the document cannot describe a
 * request the API would refuse, or miss a route the API serves.
 */
import * as z from 'zod';
import { ROUTES, type OperationId, type RouteDefinition } from '../routes';
import { IdSchema, ProblemSchema } from '../shared/common.schema';
import { ApiDecisionRequestSchema, ApprovalLinkQuerySchema, DecisionResultSchema, LinkDecisionFormSchema, ResendApprovalRequestSchema, ResendResultSchema } from '../approvals/approval-decision.schema';
import { CancelOrderRequestSchema, ChangeRequestSchema } from '../orders/change-order.schema';
import { ListOrdersQuerySchema, TimelineQuerySchema } from '../orders/order-queries.schema';
import { OrderPageSchema, OrderViewSchema, TimelinePageSchema } from '../orders/order-view';
import { PlaceOrderRequestSchema } from '../orders/place-order.schema';
import { ShipmentEventSchema } from '../shipping/shipment-event.schema';
import { InspectionResultSchema, OperationProgressReportSchema } from '../shop-floor/shop-floor-report.schema';
import { SlackInteractionFormSchema } from '../slack/slack-interaction.schema';
import { SupplierEventSchema } from '../suppliers/supplier-event.schema';

type JsonSchema = Record<string, unknown>;

interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.core.$ZodType;
  readonly contentType?: 'application/json' | 'text/html';
}

interface HeaderDoc {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** How one operation is described, beyond what the route table says. */
export interface OperationDoc {
  readonly description?: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly query?: z.core.$ZodObject;
  readonly headers?: readonly HeaderDoc[];
  readonly requestBody?: { readonly contentType: 'application/json' | 'application/x-www-form-urlencoded'; readonly schema: z.core.$ZodType; readonly required?: boolean };
  /** Success responses by status code; error responses are added from `problems`. */
  readonly responses: Readonly<Record<string, ResponseDoc>>;
  /** The problem statuses this operation can answer with. */
  readonly problems: readonly number[];
}

const ORDER_ID = { orderId: 'The order id returned by POST /orders.' };
const APPROVAL_ID = { approvalId: 'The approval id (from the link or Slack button).' };
const HTML_PAGE: ResponseDoc = { description: 'An HTML page for a person.', contentType: 'text/html' };

const WEBHOOK_HEADERS: readonly HeaderDoc[] = [
  { name: 'webhook-id', description: 'Unique id of the delivery; a repeat with the same id changes nothing.', required: true, schema: { type: 'string' } },
  { name: 'webhook-timestamp', description: 'Epoch seconds when signed; at most 5 minutes off.', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } },
  { name: 'webhook-signature', description: '`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, space-separated if several. See docs/webhooks.md.', required: true, schema: { type: 'string' } },
];

export const OPERATION_DOCS: Readonly<Record<OperationId, OperationDoc>> = {
  placeOrder: {
    description:
      'Validates the order against the catalog (422 names every invalid field and rule), computes the promise date and quote, stores the order and starts its lifecycle. Send an `Idempotency-Key` to retry safely: the same key and body replay the first response (after making sure the lifecycle started), the same key with another body is a 422, and of two requests with one key sent at once, one places the order and the other replays its response.',
    headers: [{ name: 'Idempotency-Key', description: 'Makes retries safe (24 h). Printable ASCII, at most 255 characters; a UUID is a good choice.', required: false, schema: { type: 'string', maxLength: 255 } }],
    requestBody: { contentType: 'application/json', schema: PlaceOrderRequestSchema },
    responses: { '201': { description: 'The order was placed. `Location` names it.', schema: OrderViewSchema } },
    problems: [400, 409, 413, 422],
  },
  listOrders: {
    query: ListOrdersQuerySchema,
    responses: { '200': { description: 'A page of orders.', schema: OrderPageSchema } },
    problems: [422],
  },
  getOrder: {
    pathParameters: ORDER_ID,
    responses: { '200': { description: 'The order.', schema: OrderViewSchema } },
    problems: [404],
  },
  getOrderTimeline: {
    pathParameters: ORDER_ID,
    query: TimelineQuerySchema,
    responses: { '200': { description: "A page of the order's timeline.", schema: TimelinePageSchema } },
    problems: [404, 422],
  },
  requestOrderChange: {
    pathParameters: ORDER_ID,
    description: 'Allowed until the build starts; after that a 409 names the stage the order is in.',
    requestBody: { contentType: 'application/json', schema: ChangeRequestSchema },
    responses: { '202': { description: 'Accepted: the order goes back through review and design approval.', schema: OrderViewSchema } },
    problems: [400, 404, 409, 413, 422],
  },
  cancelOrder: {
    pathParameters: ORDER_ID,
    description: 'Idempotent: cancelling a cancelled order answers 200 with the order. Open purchase orders are cancelled with their suppliers, reservations released and the workflow stopped.',
    requestBody: { contentType: 'application/json', schema: CancelOrderRequestSchema },
    responses: { '200': { description: 'The order is cancelled.', schema: OrderViewSchema } },
    problems: [400, 404, 409, 413, 422],
  },
  showApprovalPage: {
    pathParameters: APPROVAL_ID,
    query: ApprovalLinkQuerySchema,
    description: 'Renders what is being approved, with approve/reject buttons that POST to the same URL. Never decides anything (mail scanners prefetch links).',
    responses: { '200': HTML_PAGE },
    problems: [403, 404, 409, 410],
  },
  decideApprovalFromLink: {
    pathParameters: APPROVAL_ID,
    query: ApprovalLinkQuerySchema,
    description: 'The first valid decision wins; a later one gets a page (409) saying who decided what and when. Tampered links are 403, expired or revoked ones 410.',
    requestBody: { contentType: 'application/x-www-form-urlencoded', schema: LinkDecisionFormSchema },
    responses: { '200': HTML_PAGE },
    problems: [400, 403, 404, 409, 410, 413, 422],
  },
  decideApproval: {
    pathParameters: APPROVAL_ID,
    requestBody: { contentType: 'application/json', schema: ApiDecisionRequestSchema },
    responses: { '200': { description: 'The decision was recorded and the workflow resumed.', schema: DecisionResultSchema } },
    problems: [400, 403, 404, 409, 410, 413, 422],
  },
  resendApprovalLink: {
    pathParameters: APPROVAL_ID,
    requestBody: { contentType: 'application/json', schema: ResendApprovalRequestSchema, required: false },
    responses: { '200': { description: 'New links were sent; every earlier link is revoked.', schema: ResendResultSchema } },
    problems: [400, 404, 409, 413, 422],
  },
  handleSlackInteraction: {
    description:
      "Slack's interactivity request URL. Verified with the app's signing secret (`X-Slack-Signature`, `X-Slack-Request-Timestamp`, 5 minutes either way). Approve/reject buttons carry the approval id; the Slack user must map to one of the approvers.",
    headers: [
      { name: 'X-Slack-Signature', description: '`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`.', required: true, schema: { type: 'string' } },
      { name: 'X-Slack-Request-Timestamp', description: 'Epoch seconds.', required: true, schema: { type: 'string' } },
    ],
    requestBody: { contentType: 'application/x-www-form-urlencoded', schema: SlackInteractionFormSchema },
    responses: { '200': { description: 'Acknowledged (Slack shows nothing; the message is updated to show the outcome).' } },
    problems: [400, 403, 413],
  },
  receiveSupplierEvent: {
    pathParameters: { supplierId: 'Your supplier id, as agreed with us.' },
    description: 'Signed per Standard Webhooks with your secret (see docs/webhooks.md). A repeated `webhook-id` answers 200 and changes nothing.',
    headers: WEBHOOK_HEADERS,
    requestBody: { contentType: 'application/json', schema: SupplierEventSchema },
    responses: { '200': { description: 'Processed (or already processed).' } },
    problems: [400, 403, 404, 409, 410, 413, 422],
  },
  reportOperationProgress: {
    pathParameters: ORDER_ID,
    requestBody: { contentType: 'application/json', schema: OperationProgressReportSchema },
    responses: { '200': { description: 'Recorded (or already recorded: same reportId).' } },
    problems: [400, 404, 409, 410, 413, 422],
  },
  recordInspectionResult: {
    pathParameters: ORDER_ID,
    requestBody: { contentType: 'application/json', schema: InspectionResultSchema },
    responses: { '200': { description: 'Recorded, and the quality-control step resumed (or already recorded: same reportId).' } },
    problems: [400, 404, 409, 410, 413, 422],
  },
  reportShipmentEvent: {
    pathParameters: ORDER_ID,
    description:
      "`shipment-booked` first (carrier, tracking number), then `delivery-confirmed`; each answers the shipping stage's current wait. A report for the other round, or for an order not in `shipping`, is a 409 naming the stage (`state`); between the two rounds (the booking just recorded) a 409 `not-waiting` means retry shortly. A repeated `reportId` answers 200 `duplicate` and changes nothing.",
    requestBody: { contentType: 'application/json', schema: ShipmentEventSchema },
    responses: { '200': { description: 'Recorded and the shipping stage resumed (or already recorded: same reportId).' } },
    problems: [400, 404, 409, 410, 413, 422],
  },
  getOpenApiDocument: {
    responses: { '200': { description: 'This document.' } },
    problems: [],
  },
};

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Malformed request: the body is not JSON (or not the expected form).',
  403: 'Forbidden: a signature, link or credential that does not check out, or a caller not allowed to act.',
  404: 'Not found: nothing has the id in the path.',
  409: 'Conflict with the current state (illegal transition, already decided, still in progress); the problem names it.',
  410: 'Gone: the link expired or was revoked, or the workflow step is no longer waiting.',
  413: 'The body is larger than this route accepts.',
  422: 'Validation failed: `errors` names every offending field and the rule it broke.',
};

/** Converts zod schemas, collecting named schemas into `components.schemas`. */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.core.$ZodType): JsonSchema {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _ignored, $defs, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [name, definition] of Object.entries($defs ?? {})) {
      this.components[name] = rewriteRefs(definition) as JsonSchema;
    }
    return rewriteRefs(rest) as JsonSchema;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(rewriteRefs);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string' ? [key, inner.replace('#/$defs/', '#/components/schemas/')] : [key, rewriteRefs(inner)],
      ),
    );
  }
  return value;
}

function examplesOf(schema: z.core.$ZodType): readonly unknown[] {
  const meta = z.globalRegistry.get(schema) as { examples?: unknown[] } | undefined;
  return meta?.examples ?? [];
}

function securityOf(route: RouteDefinition): Record<string, unknown>[] {
  switch (route.authorization) {
    case 'api-key':
      return [{ apiKey: [] }];
    case 'iam':
      return [{ sigv4: [] }];
    case 'none':
      return [];
  }
}

function operationObject(route: RouteDefinition, doc: OperationDoc, schemas: SchemaCollector): Record<string, unknown> {
  const parameters: Record<string, unknown>[] = [];
  for (const [name, description] of Object.entries(doc.pathParameters ?? {})) {
    parameters.push({ name, in: 'path', required: true, description, schema: schemas.convert(IdSchema) });
  }
  if (doc.query) {
    const shape: Readonly<Record<string, z.core.$ZodType>> = doc.query._zod.def.shape;
    for (const [name, field] of Object.entries(shape)) {
      const fieldSchema = schemas.convert(field);
      parameters.push({
        name,
        in: 'query',
        required: !z.safeParse(field, undefined).success,
        ...(typeof fieldSchema.description === 'string' ? { description: fieldSchema.description } : {}),
        schema: fieldSchema,
      });
    }
  }
  for (const headerDoc of doc.headers ?? []) {
    parameters.push({ name: headerDoc.name, in: 'header', required: headerDoc.required, description: headerDoc.description, schema: headerDoc.schema });
  }

  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema
        ? { content: { [response.contentType ?? 'application/json']: { schema: schemas.convert(response.schema) } } }
        : response.contentType
          ? { content: { [response.contentType]: { schema: { type: 'string' } } } }
          : {}),
    };
  }
  for (const status of [...doc.problems, 500]) {
    responses[String(status)] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'Internal error: nothing about it is the caller\'s fault; the body carries a reference.',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }

  const requestBody = doc.requestBody
    ? {
        required: doc.requestBody.required ?? true,
        content: {
          [doc.requestBody.contentType]: {
            schema: schemas.convert(doc.requestBody.schema),
            examples: Object.fromEntries(examplesOf(doc.requestBody.schema).map((example, index) => [`example${index + 1}`, { value: example }])),
          },
        },
      }
    : undefined;

  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [route.tag],
    security: securityOf(route),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    'x-mto-authorization': route.authorization,
  };
}

/** The whole document; `serverUrl` is the API's public base URL when known. */
export function buildOpenApiDocument(options: { readonly serverUrl?: string; readonly version?: string } = {}): Record<string, unknown> {
  const schemas = new SchemaCollector();
  schemas.convert(ProblemSchema);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES as readonly RouteDefinition[]) {
    const doc = OPERATION_DOCS[route.operationId as OperationId];
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operationObject(route, doc, schemas) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'mto-flow API',
      version: options.version ?? '1.0.0',
      description:
        'Order intake and tracking for customers\' systems (API key), approval links and Slack actions for people, signed webhooks for suppliers, and shop-floor, QC and shipping reports (IAM). Every error is RFC 9457 problem+json. See docs/api.md.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: 'orders', description: 'Placing, reading, changing and cancelling orders.' },
      { name: 'approvals', description: 'Approval decisions from email links and the manufacturer\'s systems.' },
      { name: 'slack', description: 'Slack interactivity.' },
      { name: 'suppliers', description: 'Supplier webhooks (Standard Webhooks).' },
      { name: 'shop-floor', description: 'Shop-floor progress and QC inspection results.' },
      { name: 'shipping', description: "Shipment booking and delivery from the manufacturer's shipping system." },
      { name: 'meta', description: 'This document.' },
    ],
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key of a usage plan (one per customer system).' },
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'AWS Signature Version 4 (IAM), service `execute-api`.',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
    },
  };
}
