import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsServicesServer } from '../../../local/aws-services/aws-services-server';
import { LocalEventBus } from '../../../local/event-bus/local-event-bus';
import { Outboxes } from '../../../local/outbox/outboxes';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('AwsServicesServer (real AWS SDK and Slack clients against it)', () => {
  const delivered: { arn: string; payload: unknown }[] = [];
  const outboxes = new Outboxes();
  const eventBus = new LocalEventBus({
    region: 'us-east-1',
    accountId: '000000000000',
    rules: [
      {
        name: 'notify-on-risk',
        busName: 'mto-events',
        pattern: { source: ['mto.orders'], 'detail-type': ['Order.AtRisk'] },
        targets: [{ id: 'fn', arn: 'arn:aws:lambda:us-east-1:000000000000:function:Notify', inputPath: '$.detail' }],
      },
    ],
    deliver: (arn, payload) => {
      delivered.push({ arn, payload });
      return Promise.resolve();
    },
  });
  const server = new AwsServicesServer({
    eventBus,
    outboxes,
    secrets: [{ name: 'mto/link-signing-key', arn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:mto/link-signing-key', value: 's3cret' }],
  });
  let endpoint = '';
  beforeAll(async () => {
    endpoint = await server.listen();
  });
  afterAll(() => server.close());

  describe('EventBridge PutEvents', () => {
    it('archives every event and delivers matching ones to the rule targets with the InputPath applied', async () => {
      // Prepare
      const client = new EventBridgeClient({ endpoint, region: 'us-east-1', credentials });

      // Act
      const result = await client.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: 'mto-events', Source: 'mto.orders', DetailType: 'Order.AtRisk', Detail: JSON.stringify({ orderId: 'ord-1' }) },
            { EventBusName: 'mto-events', Source: 'mto.orders', DetailType: 'Order.Placed', Detail: JSON.stringify({ orderId: 'ord-2' }) },
            { EventBusName: 'mto-events', Source: 'mto.orders', DetailType: 'Order.AtRisk', Detail: 'not json' },
          ],
        }),
      );
      await eventBus.drain();

      // Assess
      expect(result.FailedEntryCount).toBe(1);
      expect(result.Entries?.[2]).toMatchObject({ ErrorCode: 'MalformedDetail' });
      expect(eventBus.archive.list().map((e) => e['detail-type'])).toEqual(['Order.AtRisk', 'Order.Placed']);
      expect(delivered).toEqual([{ arn: 'arn:aws:lambda:us-east-1:000000000000:function:Notify', payload: { orderId: 'ord-1' } }]);
      client.destroy();
    });
  });

  describe('Secrets Manager GetSecretValue', () => {
    it('returns a known secret by name and refuses an unknown one with ResourceNotFoundException', async () => {
      const client = new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials });
      const found = await client.send(new GetSecretValueCommand({ SecretId: 'mto/link-signing-key' }));
      expect(found.SecretString).toBe('s3cret');
      await expect(client.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      client.destroy();
    });
  });

  describe('SES v2 SendEmail', () => {
    it('puts the email, text and HTML, in the outbox', async () => {
      const client = new SESv2Client({ endpoint, region: 'us-east-1', credentials });
      const sent = await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'mto@factory.example',
          Destination: { ToAddresses: ['eng@factory.example'] },
          Content: { Simple: { Subject: { Data: 'Approve design r2' }, Body: { Text: { Data: 'Open the link' }, Html: { Data: '<a href="x">Open</a>' } } } },
        }),
      );
      expect(sent.MessageId).toMatch(/^local-/);
      expect(outboxes.emails.list()).toEqual([
        expect.objectContaining({ to: ['eng@factory.example'], subject: 'Approve design r2', text: 'Open the link', html: '<a href="x">Open</a>' }),
      ]);
      client.destroy();
    });
  });

  describe('Slack chat.postMessage and chat.update', () => {
    it('stores a posted message with its blocks, and shows the update in its place', async () => {
      const slack = new WebClient('xoxb-local', { slackApiUrl: `${endpoint}/slack/api/`, retryConfig: { retries: 0 } });
      const posted = await slack.chat.postMessage({ channel: 'C-approvals', text: 'Approve?', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approve?' } }] });
      await slack.chat.update({ channel: 'C-approvals', ts: posted.ts!, text: 'Approved by eng@factory.example' });
      expect(outboxes.slackMessages()).toEqual([
        expect.objectContaining({ channel: 'C-approvals', ts: posted.ts, text: 'Approved by eng@factory.example', blocks: [expect.objectContaining({ type: 'section' })] }),
      ]);
    });
  });
});
