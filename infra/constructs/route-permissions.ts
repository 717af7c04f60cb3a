/**
 * What each HTTP route's function may touch (least privilege per function). Typed over every
 * operationId of the route table, so a new route does not deploy until its access is decided here.
 */
import type { OperationId } from '../../functions/http/routes';

export interface RouteAccess {
  readonly table: 'none' | 'read' | 'read-write';
  readonly events: boolean;
  /** Starts the order's lifecycle execution. */
  readonly startExecution: boolean;
  /** Stops the order's lifecycle execution (cancellation). */
  readonly stopExecution: boolean;
  /** Resumes waiting steps (SendTaskSuccess / Failure / Heartbeat) on every mto-flow machine. */
  readonly taskResponse: boolean;
  /** Secrets it reads. */
  readonly secrets: readonly ('link-signing' | 'slack-signing' | 'slack-bot' | 'supplier-webhooks')[];
}

const none: RouteAccess = { table: 'none', events: false, startExecution: false, stopExecution: false, taskResponse: false, secrets: [] };
const read: RouteAccess = { ...none, table: 'read' };
const decide: RouteAccess = { ...none, table: 'read-write', events: true, taskResponse: true };

export const ROUTE_ACCESS: Readonly<Record<OperationId, RouteAccess>> = {
  placeOrder: { ...none, table: 'read-write', startExecution: true },
  listOrders: read,
  getOrder: read,
  getOrderTimeline: read,
  requestOrderChange: { ...none, table: 'read-write', events: true, startExecution: true, stopExecution: true },
  cancelOrder: { ...none, table: 'read-write', events: true, stopExecution: true },
  showApprovalPage: { ...read, secrets: ['link-signing'] },
  decideApprovalFromLink: { ...decide, secrets: ['link-signing', 'slack-bot'] },
  decideApproval: { ...decide, secrets: ['slack-bot'] },
  resendApprovalLink: { ...none, table: 'read-write', events: true, secrets: ['link-signing'] },
  handleSlackInteraction: { ...decide, secrets: ['slack-signing', 'slack-bot'] },
  receiveSupplierEvent: { ...decide, secrets: ['supplier-webhooks'] },
  reportOperationProgress: decide,
  recordInspectionResult: decide,
  reportShipmentEvent: decide,
  getOpenApiDocument: none,
};
