/** Workflow step `await-approval-decision`: Stores the callback, sends email and Slack once, waits for the first decision. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { approvals, callbacks, clock, config, idempotency } from './wiring/data';
import { approvalLink, email } from './wiring/email';
import { chat } from './wiring/slack';
import { workflow } from './wiring/workflow';
import { createAwaitApprovalDecision } from '../use-cases/approval-steps';

const run = createAwaitApprovalDecision({ approvals: approvals(), callbacks: callbacks(), idempotency: idempotency(), clock, email: email(), chat: chat(), workflow: workflow(), routing: config.approvers(), linkFor: approvalLink });

export const handler = stepHandler('await-approval-decision', z.object({ orderId: z.string().check(z.minLength(1)), approvalId: z.string().check(z.minLength(1)), round: z.enum(['request', 'reminder', 'escalation']), taskToken: z.string().check(z.minLength(1)) }), run);
