import { describe, expect, it } from 'vitest';
import { approvalBlocks, SLACK_ACTIONS } from '../../../../functions/adapters/slack/approval-chat.slack';
import { toHttpProblem } from '../../../../functions/http/shared/error-mapping';
import { createDecideApproval } from '../../../../functions/use-cases/decide-approval';
import { RejectionCommentRequiredError } from '../../../../functions/use-cases/door-errors';
import { givenPendingApproval, memoryDoors } from '../support/http-test-kit';

interface ButtonElement {
  readonly action_id: string;
  readonly value?: string;
  readonly url?: string;
}

function buttonsOf(blocks: ReturnType<typeof approvalBlocks>): ButtonElement[] {
  const actions = blocks.find((block) => block.type === 'actions') as { elements: ButtonElement[] } | undefined;
  return actions?.elements ?? [];
}

const PAGE_URL = 'https://api.mto.example/prod/approvals/apr-0001?approver=eng%40acme.example&g=1&exp=1772560800&sig=abc';

describe('a rejection always carries a comment', () => {
  describe('the decision use case', () => {
    it.each([['slack'], ['email'], ['api']] as const)('refuses a rejection without a comment from the %s channel, and records nothing', async (channel) => {
      // Prepare
      const doors = memoryDoors();
      await givenPendingApproval(doors);
      const decide = createDecideApproval({ approvals: doors.adapters.approvals, callbacks: doors.adapters.callbacks, workflow: doors.adapters.workflow, now: doors.clock.now });

      // Act
      const attempts = await Promise.allSettled([
        decide({ approvalId: 'apr-0001', outcome: 'rejected', decidedBy: 'eng@acme.example', channel }),
        decide({ approvalId: 'apr-0001', outcome: 'rejected', decidedBy: 'eng@acme.example', channel, comment: '   ' }),
      ]);

      // Assess
      for (const attempt of attempts) {
        expect(attempt.status).toBe('rejected');
        expect(attempt.status === 'rejected' ? attempt.reason : undefined).toBeInstanceOf(RejectionCommentRequiredError);
      }
      expect((await doors.adapters.approvals.get('apr-0001'))?.status).toBe('pending');
      expect(doors.adapters.workflow.taskResults).toHaveLength(0);
    });

    it('is answered as a 422 naming the comment', () => {
      // Prepare
      const error = new RejectionCommentRequiredError('apr-0001');

      // Act
      const problem = toHttpProblem(error);

      // Assess
      expect(problem?.status).toBe(422);
      expect(problem?.errors).toEqual([expect.objectContaining({ path: 'comment', rule: 'required-for-reject' })]);
    });
  });

  describe('the Slack approval message', () => {
    it("makes Reject a link to the signed confirmation page's comment field, and Approve a plain button", () => {
      // Prepare
      const message = { approvalId: 'apr-0001', orderId: 'ord-0001', title: 'Design approval for order ord-0001', facts: ['Oak table'], pageUrl: PAGE_URL };

      // Act
      const buttons = buttonsOf(approvalBlocks(message));

      // Assess
      const approve = buttons.find((button) => button.action_id === SLACK_ACTIONS.approve);
      const reject = buttons.find((button) => button.action_id === SLACK_ACTIONS.reject);
      expect(approve).toMatchObject({ value: 'apr-0001' });
      expect(approve?.url).toBeUndefined();
      expect(reject?.url).toBe(`${PAGE_URL}#comment`);
    });

    it('offers no Reject button without a page link, and says where to reject instead', () => {
      // Prepare
      const message = { approvalId: 'apr-0001', orderId: 'ord-0001', title: 'Order review for order ord-0001', facts: [] };

      // Act
      const blocks = approvalBlocks(message);

      // Assess
      expect(buttonsOf(blocks).map((button) => button.action_id)).toEqual([SLACK_ACTIONS.approve]);
      expect(JSON.stringify(blocks)).toContain('a rejection needs a comment');
    });
  });
});
