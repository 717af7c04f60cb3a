/** Workflow step `expire-approval`: Nobody decided in time: the approval expires. */
import * as z from 'zod/mini';
import { stepHandler } from './step-handler';
import { id, stepBase } from './step-schemas';
import { approvals } from './wiring/data';
import { createExpireApproval } from '../use-cases/approval-steps';

const run = createExpireApproval({ approvals: approvals() });

export const handler = stepHandler('expire-approval', z.object({ ...stepBase, approvalId: id }), run);
