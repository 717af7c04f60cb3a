import { describe, expect, it } from 'vitest';
import { renderOutboxPage } from '../../../local/console/outbox-page';
import { Outboxes } from '../../../local/outbox/outboxes';

describe('the local outbox page', () => {
  it('renders a Slack value button as a click form and a link button as a link, escaping what it shows', () => {
    // Prepare
    const outboxes = new Outboxes();
    outboxes.slack.append({
      channel: 'C1',
      ts: '1.000001',
      method: 'chat.postMessage',
      postedAt: '2026-11-22T10:00:00.000Z',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Approve <design> r2?' } },
        {
          type: 'actions',
          block_id: 'approval',
          elements: [
            { type: 'button', action_id: 'approval.approve', value: 'apr_1', text: { type: 'plain_text', text: 'Approve' }, style: 'primary' },
            { type: 'button', action_id: 'approval.reject', url: 'http://127.0.0.1:3000/approvals/apr_1?sig=x&exp=1', text: { type: 'plain_text', text: 'Reject with comment' } },
          ],
        },
      ],
    });

    // Act
    const html = renderOutboxPage(outboxes);

    // Assess
    expect(html).toContain('<input type="hidden" name="value" value="apr_1">');
    expect(html).toContain('<a class="button" href="http://127.0.0.1:3000/approvals/apr_1?sig=x&amp;exp=1"');
    expect(html).not.toContain('name="action_id" value="approval.reject"');
    expect(html).toContain('Approve &lt;design&gt; r2?');
  });
});
