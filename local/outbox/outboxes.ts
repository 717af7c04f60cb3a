/**
 * Where messages that would leave the machine on AWS stay locally: emails (SES) and Slack messages,
 * viewable at /_local/outbox with their links and buttons working.
 */
import { join } from 'node:path';
import { JsonLinesLog } from './json-lines-log';

export interface OutboxEmail {
  readonly messageId: string;
  readonly sentAt: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
}

/** A Slack message as posted, then as updated by chat.update (same channel and ts). */
export interface OutboxSlackMessage {
  readonly channel: string;
  readonly ts: string;
  readonly postedAt: string;
  readonly updatedAt?: string;
  readonly text?: string;
  readonly blocks?: unknown[];
  readonly method: 'chat.postMessage' | 'chat.update';
}

/** A message published to an SNS topic (the operations alerts), as its subscribers would get it. */
export interface OutboxAlert {
  readonly topicArn: string;
  readonly publishedAt: string;
  readonly message: unknown;
}

export class Outboxes {
  public readonly emails: JsonLinesLog<OutboxEmail>;
  public readonly slack: JsonLinesLog<OutboxSlackMessage>;
  public readonly alerts: JsonLinesLog<OutboxAlert>;

  public constructor(dataDir?: string) {
    this.emails = new JsonLinesLog(dataDir === undefined ? undefined : join(dataDir, 'outbox-email.jsonl'));
    this.slack = new JsonLinesLog(dataDir === undefined ? undefined : join(dataDir, 'outbox-slack.jsonl'));
    this.alerts = new JsonLinesLog(dataDir === undefined ? undefined : join(dataDir, 'outbox-alerts.jsonl'));
  }

  /** Slack messages in their latest form (a chat.update replaces the message it names). */
  public slackMessages(): OutboxSlackMessage[] {
    const latest = new Map<string, OutboxSlackMessage>();
    for (const message of this.slack.list()) {
      const key = `${message.channel}/${message.ts}`;
      const previous = latest.get(key);
      latest.set(key, previous === undefined ? message : { ...previous, ...message, postedAt: previous.postedAt });
    }
    return [...latest.values()];
  }
}
