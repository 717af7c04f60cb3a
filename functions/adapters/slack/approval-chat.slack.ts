/**
 * ApprovalChat on the Slack Web API: `chat.postMessage` with Block Kit buttons, `chat.update`
 * replacing them with the outcome once decided. `slackApiUrl` points the client at the local outbox.
 * Approve decides in place (its value is the approval id; the doors' Slack interactivity handler
 * decides). Reject opens the approval's signed confirmation page at its comment field, because a
 * rejection must say what has to change and a button click carries no text; the interactivity
 * handler never decides a reject click.
 */
import type { KnownBlock } from '@slack/web-api';
import { WebClient } from '@slack/web-api';
import { NotificationError, type ApprovalChat, type ApprovalChatMessage, type ApprovalChatOutcome, type ChatMessageRef } from '../../ports/notifier';

/** Action ids of the buttons: the Slack interactivity door matches these. */
export const SLACK_ACTIONS = { approve: 'approval.approve', reject: 'approval.reject' } as const;

export interface SlackApprovalChatOptions {
  /** Bot token (xoxb-...), resolved lazily from Secrets Manager on first use. */
  readonly token: () => Promise<string>;
  readonly channel: string;
  readonly slackApiUrl?: string;
}

const mrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function approvalBlocks(message: ApprovalChatMessage): KnownBlock[] {
  return [
    ...(message.notice === undefined ? [] : [{ type: 'context', elements: [{ type: 'mrkdwn', text: `:warning: ${mrkdwn(message.notice)}` }] } as KnownBlock]),
    { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: message.facts.map((fact) => `• ${mrkdwn(fact)}`).join('\n').slice(0, 3000) } },
    {
      type: 'actions',
      block_id: `approval:${message.approvalId}`,
      elements: [
        { type: 'button', action_id: SLACK_ACTIONS.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: message.approvalId },
        ...(message.pageUrl === undefined
          ? []
          : [
              {
                type: 'button' as const,
                action_id: SLACK_ACTIONS.reject,
                style: 'danger' as const,
                text: { type: 'plain_text' as const, text: 'Reject with comment' },
                value: message.approvalId,
                url: `${message.pageUrl}#comment`,
              },
              { type: 'button' as const, action_id: 'approval.open', text: { type: 'plain_text' as const, text: 'Details' }, url: message.pageUrl },
            ]),
      ],
    },
    ...(message.pageUrl === undefined ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'To reject, use the link in the approval email: a rejection needs a comment.' }] } as KnownBlock] : []),
  ];
}

export class SlackApprovalChat implements ApprovalChat {
  private client: WebClient | undefined;

  public constructor(private readonly options: SlackApprovalChatOptions) {}

  private async web(): Promise<WebClient> {
    this.client ??= new WebClient(await this.options.token(), {
      ...(this.options.slackApiUrl === undefined ? {} : { slackApiUrl: this.options.slackApiUrl }),
      retryConfig: { retries: 2 },
    });
    return this.client;
  }

  public async postApproval(message: ApprovalChatMessage): Promise<ChatMessageRef> {
    const result = await (await this.web()).chat.postMessage({ channel: this.options.channel, text: message.title, blocks: approvalBlocks(message) });
    if (!result.ok || result.ts === undefined || result.channel === undefined) throw new NotificationError('slack', `chat.postMessage failed: ${result.error ?? 'no ts'}`);
    return { channel: result.channel, ts: result.ts };
  }

  public async showOutcome(ref: ChatMessageRef, outcome: ApprovalChatOutcome): Promise<void> {
    const result = await (await this.web()).chat.update({
      channel: ref.channel,
      ts: ref.ts,
      text: `${outcome.title}: ${outcome.summary}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: outcome.title.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: mrkdwn(outcome.summary) } },
      ],
    });
    if (!result.ok) throw new NotificationError('slack', `chat.update failed: ${result.error ?? 'unknown'}`);
  }
}
