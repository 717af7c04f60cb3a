/** Workflow step `close-approval`: Shows the outcome on every channel and publishes it. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase } from './step-schemas';
import { approvals, clock, idempotency, orders } from './wiring/data';
import { events } from './wiring/events';
import { chat } from './wiring/slack';
import { createCloseApproval } from '../use-cases/approval-steps';

const run = createCloseApproval({ approvals: approvals(), orders: orders(), chat: chat(), events: events(), idempotency: idempotency(), clock });

export const handler = stepHandler('close-approval', z.object({ ...stepBase, approvalId: id, decision: z.unknown() }), run);
