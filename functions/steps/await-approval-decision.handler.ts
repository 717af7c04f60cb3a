/** Workflow step `await-approval-decision`: Stores the callback, notifies (email, Slack) once and waits for the first decision. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase, attempt, taskToken } from './step-schemas';
import { approvals, callbacks, clock, config, idempotency, orders } from './wiring/data';
import { approvalLink } from './wiring/approval-links';
import { email } from './wiring/email';
import { events } from './wiring/events';
import { chat } from './wiring/slack';
import { workflow } from './wiring/workflow';
import { createAwaitApprovalDecision } from '../use-cases/approval-steps';

const run = createAwaitApprovalDecision({ approvals: approvals(), orders: orders(), events: events(), callbacks: callbacks(), idempotency: idempotency(), clock, email: email(), chat: chat(), workflow: workflow(), routing: config.approvers(), linkFor: approvalLink });

export const handler = stepHandler('await-approval-decision', z.object({ ...stepBase, approvalId: id, round: z.enum(['request', 'reminder', 'escalation']), taskToken, attempt }), run);
