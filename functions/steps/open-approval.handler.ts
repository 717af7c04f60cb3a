/** Workflow step `open-approval`: Records the approval request with its working-hour deadlines. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase } from './step-schemas';
import { approvals, clock, config, orders } from './wiring/data';
import { createOpenApproval } from '../use-cases/approval-steps';

const run = createOpenApproval({ orders: orders(), approvals: approvals(), clock, calendar: config.businessCalendar(), timeouts: { reminderWorkingHours: config.thresholds().approvalReminderWorkingHours, escalationWorkingHours: config.thresholds().approvalEscalationWorkingHours, expiryWorkingHours: config.thresholds().approvalExpiryWorkingHours }, routing: config.approvers() });

export const handler = stepHandler('open-approval', z.object({ ...stepBase, executionName: id, request: z.looseObject({ orderId: id, kind: z.enum(['order-review', 'design-approval']), designRevision: z.optional(z.int().check(z.minimum(1))), reasons: z.optional(z.array(z.string())) }) }), run);
