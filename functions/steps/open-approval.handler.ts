/** Workflow step `open-approval`: Records the approval request with its working-hour deadlines. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { approvals, clock, config, orders } from './wiring/data';
import { createOpenApproval } from '../use-cases/approval-steps';

const run = createOpenApproval({ orders: orders(), approvals: approvals(), clock, calendar: config.businessCalendar(), timeouts: { reminderWorkingHours: config.thresholds().approvalReminderWorkingHours, escalationWorkingHours: config.thresholds().approvalEscalationWorkingHours, expiryWorkingHours: config.thresholds().approvalExpiryWorkingHours }, routing: config.approvers() });

export const handler = stepHandler('open-approval', z.object({ orderId: z.string().check(z.minLength(1)), executionName: z.string().check(z.minLength(1)), request: z.looseObject({ orderId: z.string().check(z.minLength(1)), kind: z.enum(['order-review', 'design-approval']), designRevision: z.optional(z.int().check(z.minimum(1))), reasons: z.optional(z.array(z.string())) }) }), run);
