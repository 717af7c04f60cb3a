import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../../functions/adapters/email/email-sender.ses';
import { approvalBlocks, SLACK_ACTIONS } from '../../../functions/adapters/slack/approval-chat.slack';
import type { Approval } from '../../../functions/domain/approval/approval.types';
import { approvalChatMessage, approvalEmail } from '../../../functions/use-cases/approval-messages';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const anApproval: Approval = {
  approvalId: 'apr_1',
  orderId: 'order-1',
  kind: 'design-approval',
  designRevision: 2,
  approvers: ['eng@acme.example'],
  status: 'pending',
  requestedAt: '2026-03-02T08:00:00.000Z',
  expiresAt: '2026-03-05T08:00:00.000Z',
  callbackId: 'cb',
  linkGeneration: 1,
  subject: 'Design revision 2 for <Acme>',
  details: { customer: 'Acme' },
  version: 1,
};

describe('notifications', () => {
  describe('approval email', () => {
    it('has an HTML and a text body, both with the signed link, and escapes the HTML', () => {
      const message = approvalEmail(anApproval, 'reminder', 'eng@acme.example', 'https://x.example/approvals/apr_1?sig=abc&g=1');
      expect(message.text).toContain('https://x.example/approvals/apr_1?sig=abc&g=1');
      expect(message.html).toContain('https://x.example/approvals/apr_1?sig=abc&amp;g=1');
      expect(message.html).toContain('&lt;Acme&gt;');
      expect(message.subject).toMatch(/^Reminder: Design approval \(revision 2\)/);
    });
  });

  describe('SesEmailSender', () => {
    it('sends HTML and text through SES v2 with the configuration set and tags', async () => {
      ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
      const sender = new SesEmailSender({ client: new SESv2Client({ region: 'us-east-1' }), from: 'orders@acme.example', configurationSetName: 'mto-flow-dev' });
      const result = await sender.send(approvalEmail(anApproval, 'request', 'eng@acme.example', 'https://x.example/a'));
      expect(result.messageId).toBe('m-1');
      const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
      expect(input).toMatchObject({ FromEmailAddress: 'orders@acme.example', ConfigurationSetName: 'mto-flow-dev', Destination: { ToAddresses: ['eng@acme.example'] } });
      expect(input?.Content?.Simple?.Body?.Html?.Data).toContain('<a href="https://x.example/a"');
      expect(input?.Content?.Simple?.Body?.Text?.Data).toContain('https://x.example/a');
      expect(input?.EmailTags).toContainEqual({ Name: 'approvalId', Value: 'apr_1' });
    });
  });

  describe('Slack approval message', () => {
    it('has approve and reject buttons whose value is the approval id', () => {
      const blocks = approvalBlocks(approvalChatMessage(anApproval, 'escalation', 'https://x.example/a'));
      const actions = blocks.find((block) => block.type === 'actions') as { elements: { action_id: string; value?: string }[] };
      expect(actions.elements.filter((element) => element.value === 'apr_1').map((element) => element.action_id)).toEqual([SLACK_ACTIONS.approve, SLACK_ACTIONS.reject]);
      expect(JSON.stringify(blocks)).toContain('Escalated');
    });
  });
});
