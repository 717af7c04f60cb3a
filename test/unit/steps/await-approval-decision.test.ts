/**
 * await-approval-decision (use case): the wait is opened, the approvers are told once, and an
 * approver deciding the moment the email arrives (while Slack is being posted) neither fails the
 * step nor loses the Slack message, which close-approval turns into the outcome.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryApprovalRepository } from '../../../functions/adapters/memory/approval-repository.memory';
import { InMemoryCallbackRepository } from '../../../functions/adapters/memory/callback-repository.memory';
import { InMemoryIdempotencyStore } from '../../../functions/adapters/memory/idempotency-store.memory';
import { InMemoryOrderRepository } from '../../../functions/adapters/memory/order-repository.memory';
import { InMemoryWorkflowGateway } from '../../../functions/adapters/workflow/workflow-gateway.memory';
import type { ApprovalChatMessage } from '../../../functions/ports/notifier';
import { createAwaitApprovalDecision } from '../../../functions/use-cases/approval-steps';
import { anApproval } from '../../contract/repositories/fixtures';
import { aMondayMorning, anOrder } from '../../support/builders/order.builder';

async function prepare(options: { decideWhilePosting: boolean }) {
  const orders = new InMemoryOrderRepository();
  const order = anOrder({ status: 'awaiting_design_approval' });
  await orders.create(order);
  const approvals = new InMemoryApprovalRepository();
  const approval = anApproval({ orderId: order.orderId, requestedAt: aMondayMorning, expiresAt: new Date(Date.parse(aMondayMorning) + 3 * 86_400_000).toISOString() });
  await approvals.create(approval);
  const emails: string[] = [];
  const posted: ApprovalChatMessage[] = [];
  const deps = {
    approvals,
    orders,
    events: { publish: () => Promise.resolve() },
    callbacks: new InMemoryCallbackRepository(),
    idempotency: new InMemoryIdempotencyStore(),
    clock: () => aMondayMorning,
    email: { send: (message: { to: readonly string[] }) => Promise.resolve({ messageId: `m-${emails.push(...message.to)}` }) },
    chat: {
      postApproval: async (message: ApprovalChatMessage) => {
        posted.push(message);
        if (options.decideWhilePosting) {
          await approvals.recordDecision(approval.approvalId, { outcome: 'approved', decidedBy: 'eng@example.com', decidedAt: aMondayMorning, channel: 'email' });
        }
        return { channel: 'C1', ts: '1.0' };
      },
      showOutcome: () => Promise.resolve(),
    },
    workflow: new InMemoryWorkflowGateway(),
    routing: { orderReview: ['ops@example.com'], designApproval: ['eng@example.com'], escalation: ['boss@example.com'] },
    linkFor: (_approval: unknown, approver: string) => Promise.resolve(`https://example.test/a?to=${approver}`),
  };
  return { deps, approval, order, emails, posted };
}

describe('await-approval-decision (use case)', () => {
  describe('a first run', () => {
    it('opens the wait, emails each approver and posts to Slack once, keeping the message on the approval', async () => {
      // Prepare
      const { deps, approval, order, emails, posted } = await prepare({ decideWhilePosting: false });
      const run = createAwaitApprovalDecision(deps);

      // Act
      const { callbackId } = await run({ orderId: order.orderId, at: aMondayMorning, approvalId: approval.approvalId, round: 'request', taskToken: 'token-0', attempt: 0 });
      await run({ orderId: order.orderId, at: aMondayMorning, approvalId: approval.approvalId, round: 'request', taskToken: 'token-1', attempt: 1 });

      // Assess
      expect(emails).toEqual(['eng@example.com']);
      expect(posted).toHaveLength(1);
      expect(await deps.approvals.get(approval.approvalId)).toMatchObject({ callbackId, slackMessage: { channel: 'C1', ts: '1.0' } });
      expect((await deps.callbacks.get(callbackId))?.taskToken).toBe('token-1');
    });
  });

  describe('an approver deciding while the Slack message is being posted', () => {
    it('keeps the decision and stores the message on the decided approval instead of failing the step', async () => {
      // Prepare
      const { deps, approval, order } = await prepare({ decideWhilePosting: true });

      // Act
      await createAwaitApprovalDecision(deps)({ orderId: order.orderId, at: aMondayMorning, approvalId: approval.approvalId, round: 'request', taskToken: 'token-0' });

      // Assess
      expect(await deps.approvals.get(approval.approvalId)).toMatchObject({ status: 'approved', decision: { decidedBy: 'eng@example.com' }, slackMessage: { channel: 'C1', ts: '1.0' } });
    });
  });
});
