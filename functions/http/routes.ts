/**
 * The one route table of the mto-flow HTTP API.
 *
 * Everything that exposes or describes the API reads this list, so they cannot drift:
 * - the CDK API construct (infra/) creates one API Gateway REST (v1) method + Lambda per route,
 *   bundling `entry` and applying `authorization`;
 * - the OpenAPI 3.1 generator (functions/http/openapi/) documents every route by `operationId`;
 * - the local runtime routes HTTP requests to the same handler files.
 *
 * Plain data only (no CDK, no zod): infra imports it without pulling in handler code.
 *
 * Authorization kinds (docs/api.md explains the choice):
 * - `api-key`: customers' systems (shop, CRM, ERP). API Gateway requires an `x-api-key` header that
 *   belongs to a usage plan (throttling and quota per customer system).
 * - `iam`: the manufacturer's own systems (shop-floor MES, QC stations, shipping system, back office): SigV4-signed
 *   requests from an IAM principal allowed `execute-api:Invoke` on the route.
 * - `none` at the gateway: the route authenticates in code with a signature it verifies itself
 *   (HMAC-signed approval links, Slack's v0 signature, Standard Webhooks), or is public (the
 *   OpenAPI document).
 */

export type HttpMethod = 'GET' | 'POST';

export type RouteAuthorization = 'iam' | 'api-key' | 'none';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway resource path, path parameters in braces: `/orders/{orderId}`. */
  readonly path: string;
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly authorization: RouteAuthorization;
  /** Unique, stable: the OpenAPI operationId and the basis of the CDK construct id. */
  readonly operationId: string;
  readonly summary: string;
  /** OpenAPI tag grouping the route in the document. */
  readonly tag: 'orders' | 'approvals' | 'slack' | 'suppliers' | 'shop-floor' | 'shipping' | 'meta';
}

export const ROUTES = [
  {
    method: 'POST',
    path: '/orders',
    entry: 'functions/http/orders/place-order.handler.ts',
    authorization: 'api-key',
    operationId: 'placeOrder',
    summary: 'Place an order: validates it against the catalog, computes promise date and quote, starts its lifecycle.',
    tag: 'orders',
  },
  {
    method: 'GET',
    path: '/orders',
    entry: 'functions/http/orders/list-orders.handler.ts',
    authorization: 'api-key',
    operationId: 'listOrders',
    summary: 'List orders, newest first, filtered by status or customer, cursor-paginated.',
    tag: 'orders',
  },
  {
    method: 'GET',
    path: '/orders/{orderId}',
    entry: 'functions/http/orders/get-order.handler.ts',
    authorization: 'api-key',
    operationId: 'getOrder',
    summary: 'Read one order: status, promise date, quote, costs.',
    tag: 'orders',
  },
  {
    method: 'GET',
    path: '/orders/{orderId}/timeline',
    entry: 'functions/http/orders/get-order-timeline.handler.ts',
    authorization: 'api-key',
    operationId: 'getOrderTimeline',
    summary: "Read an order's timeline: every event with who, what, when and why.",
    tag: 'orders',
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/change-requests',
    entry: 'functions/http/orders/request-order-change.handler.ts',
    authorization: 'api-key',
    operationId: 'requestOrderChange',
    summary: 'Change the configuration before the build starts; the order goes back through review and design approval.',
    tag: 'orders',
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/cancel',
    entry: 'functions/http/orders/cancel-order.handler.ts',
    authorization: 'api-key',
    operationId: 'cancelOrder',
    summary: 'Cancel an order (idempotent): open POs cancelled, reservations released, workflow stopped.',
    tag: 'orders',
  },
  {
    method: 'GET',
    path: '/approvals/{approvalId}',
    entry: 'functions/http/approvals/show-approval-page.handler.ts',
    authorization: 'none',
    operationId: 'showApprovalPage',
    summary: 'Signed approval link from an email: renders a confirmation page only, never decides.',
    tag: 'approvals',
  },
  {
    method: 'POST',
    path: '/approvals/{approvalId}',
    entry: 'functions/http/approvals/decide-approval-from-link.handler.ts',
    authorization: 'none',
    operationId: 'decideApprovalFromLink',
    summary: 'The confirmation page posts the decision (approve, or reject with a comment) with the signed link parameters.',
    tag: 'approvals',
  },
  {
    method: 'POST',
    path: '/approvals/{approvalId}/decision',
    entry: 'functions/http/approvals/decide-approval.handler.ts',
    authorization: 'iam',
    operationId: 'decideApproval',
    summary: "Decide an approval from the manufacturer's own systems (API channel).",
    tag: 'approvals',
  },
  {
    method: 'POST',
    path: '/approvals/{approvalId}/resend',
    entry: 'functions/http/approvals/resend-approval-link.handler.ts',
    authorization: 'iam',
    operationId: 'resendApprovalLink',
    summary: 'Issue a new approval link (next generation); every earlier link stops working.',
    tag: 'approvals',
  },
  {
    method: 'POST',
    path: '/slack/interactions',
    entry: 'functions/http/slack/slack-interactions.handler.ts',
    authorization: 'none',
    operationId: 'handleSlackInteraction',
    summary: 'Slack interactivity endpoint (v0 signature): approve/reject buttons on approval messages.',
    tag: 'slack',
  },
  {
    method: 'POST',
    path: '/suppliers/{supplierId}/events',
    entry: 'functions/http/suppliers/receive-supplier-event.handler.ts',
    authorization: 'none',
    operationId: 'receiveSupplierEvent',
    summary: "Supplier webhook (Standard Webhooks signature): PO acknowledged, rejected, shipped, delivered.",
    tag: 'suppliers',
  },
  {
    method: 'POST',
    path: '/shop-floor/orders/{orderId}/progress',
    entry: 'functions/http/shop-floor/report-operation-progress.handler.ts',
    authorization: 'iam',
    operationId: 'reportOperationProgress',
    summary: 'Shop floor reports progress of a production operation; the last operation completed resumes the build step.',
    tag: 'shop-floor',
  },
  {
    method: 'POST',
    path: '/shop-floor/orders/{orderId}/inspections',
    entry: 'functions/http/shop-floor/record-inspection-result.handler.ts',
    authorization: 'iam',
    operationId: 'recordInspectionResult',
    summary: 'QC reports an inspection result with measurements; resumes the quality-control step.',
    tag: 'shop-floor',
  },
  {
    method: 'POST',
    path: '/shipping/orders/{orderId}/events',
    entry: 'functions/http/shipping/report-shipment-event.handler.ts',
    authorization: 'iam',
    operationId: 'reportShipmentEvent',
    summary: "The shipping system reports the order's shipment booked (carrier, tracking number), then delivered; resumes the shipping stage.",
    tag: 'shipping',
  },
  {
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/http/openapi/get-openapi-document.handler.ts',
    authorization: 'none',
    operationId: 'getOpenApiDocument',
    summary: 'This API described as an OpenAPI 3.1 document.',
    tag: 'meta',
  },
] as const satisfies readonly RouteDefinition[];

export type OperationId = (typeof ROUTES)[number]['operationId'];
