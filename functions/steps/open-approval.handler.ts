/** Workflow step `open-approval`: Records the approval request with its working-hour deadlines. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { approvals, clock, config, orders } from './wiring/data';
import { createOpenApproval } from '../use-cases/approval-steps';

const run = createOpenApproval({ orders: orders(), approvals: approvals(), clock, calendar: config.businessCalendar(), timeouts: { reminderWorkingHours: config.thresholds().approvalReminderWorkingHours, escalationWorkingHours: config.thresholds().approvalEscalationWorkingHours, expiryWorkingHours: config.thresholds().approvalExpiryWorkingHours }, routing: config.approvers() });

export const handler = stepHandler('open-approval', z.object({ orderId: z.string().min(1), executionName: z.string().min(1), request: z.object({ orderId: z.string().min(1), kind: z.enum(['order-review', 'design-approval']), designRevision: z.number().int().min(1).optional(), reasons: z.array(z.string()).optional() }).loose() }), run);
