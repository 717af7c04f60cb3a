/** EmailSender on SES v2 (or the local outbox, which speaks the same API at another endpoint). */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { NotificationError, type EmailMessage, type EmailSender } from '../../ports/notifier';

export interface SesEmailSenderOptions {
  readonly client: SESv2Client;
  readonly from: string;
  readonly configurationSetName?: string;
}

/** SES tag values allow only letters, digits, `_`, `-`, `.`, `@`. */
const tagValue = (value: string): string => value.replace(/[^\w.@-]/g, '_').slice(0, 256);

export class SesEmailSender implements EmailSender {
  public constructor(private readonly options: SesEmailSenderOptions) {}

  public async send(message: EmailMessage): Promise<{ messageId: string }> {
    const output = await this.options.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: [...message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: message.html, Charset: 'UTF-8' }, Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
        ...(this.options.configurationSetName === undefined ? {} : { ConfigurationSetName: this.options.configurationSetName }),
        EmailTags: Object.entries(message.tags ?? {}).map(([Name, Value]) => ({ Name: tagValue(Name), Value: tagValue(Value) })),
      }),
    );
    if (output.MessageId === undefined) throw new NotificationError('email', 'SES accepted the email but returned no message id');
    return { messageId: output.MessageId };
  }
}
