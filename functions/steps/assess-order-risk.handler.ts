/** Workflow step `assess-order-risk`: Publishes OrderAtRisk when the expected finish moved past the promise date. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { approvals, catalog, clock, orders, purchaseOrders } from './wiring/data';
import { events } from './wiring/events';
import { createAssessOrderRisk } from '../use-cases/order-health-steps';

const run = createAssessOrderRisk({ orders: orders(), events: events(), clock, approvals: approvals(), purchaseOrders: purchaseOrders(), catalog });

export const handler = stepHandler('assess-order-risk', z.object({ orderId: z.string().check(z.minLength(1)), stage: z.enum(['review', 'design-approval', 'procurement', 'build', 'quality-control']) }), run);
