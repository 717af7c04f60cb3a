/** Workflow step `expire-approval`: Nobody decided in time: the approval expires. */
import { z } from 'zod';
import { stepHandler } from './step-handler';
import { approvals } from './wiring/data';
import { createExpireApproval } from '../use-cases/approval-steps';

const run = createExpireApproval({ approvals: approvals() });

export const handler = stepHandler('expire-approval', z.object({ orderId: z.string().min(1), approvalId: z.string().min(1) }), run);
