/**
 * One HTTP endpoint on 127.0.0.1 that speaks, for the handlers' unchanged AWS SDK clients, the few
 * AWS and Slack APIs mto-flow calls besides DynamoDB and Step Functions:
 *
 * - EventBridge `AWSEvents.PutEvents` (JSON 1.1) -> the local event bus;
 * - Secrets Manager `secretsmanager.GetSecretValue` (JSON 1.1) -> the local secrets;
 * - SES v2 `POST /v2/email/outbound-emails` (REST JSON) -> the email outbox;
 * - Slack Web API `POST /slack/api/chat.postMessage|chat.update` -> the Slack outbox;
 * - anything with `X-Amz-Target: AWSStepFunctions.*` -> the local engine, when one is attached.
 *
 * The handlers are pointed here with `AWS_ENDPOINT_URL_<SERVICE>` and the Slack client's base URL:
 * configuration, not code paths.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalEventBus, PutEventsEntry } from '../event-bus/local-event-bus';
import type { Outboxes } from '../outbox/outboxes';

export interface LocalSecret {
  readonly name: string;
  readonly arn: string;
  readonly value: string;
}

export type RawHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void | Promise<void>;

export interface AwsServicesOptions {
  readonly eventBus: LocalEventBus;
  readonly outboxes: Outboxes;
  readonly secrets: readonly LocalSecret[];
  /** Handles Step Functions requests, so one endpoint can serve every AWS client. */
  readonly stepFunctions?: RawHandler;
  /** Called after an email or Slack message lands in an outbox (the simulator listens). */
  readonly now?: () => Date;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/x-amz-json-1.1'): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function awsError(response: ServerResponse, status: number, type: string, message: string): void {
  sendJson(response, status, { __type: type, message });
}

/** Slack's Web API accepts form-encoded or JSON bodies; form fields holding JSON (blocks) are decoded. */
function parseSlackBody(request: IncomingMessage, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if ((request.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  for (const key of ['blocks', 'attachments']) {
    if (typeof fields[key] === 'string') fields[key] = JSON.parse(fields[key]);
  }
  return fields;
}

export class AwsServicesServer {
  private server: Server | undefined;
  private slackSequence = 0;

  public constructor(private readonly options: AwsServicesOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = String(request.headers['x-amz-target'] ?? '');
    const url = new URL(request.url ?? '/', 'http://local');

    if (target.startsWith('AWSStepFunctions.') && this.options.stepFunctions !== undefined) {
      await this.options.stepFunctions(request, body, response);
      return;
    }
    if (target === 'AWSEvents.PutEvents') {
      const { Entries } = JSON.parse(body.toString('utf8') || '{}') as { Entries?: PutEventsEntry[] };
      if (!Array.isArray(Entries) || Entries.length === 0 || Entries.length > 10) {
        awsError(response, 400, 'ValidationException', 'Entries must hold between 1 and 10 entries');
        return;
      }
      const results = this.options.eventBus.putEvents(Entries, this.now());
      sendJson(response, 200, { FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results });
      return;
    }
    if (target === 'secretsmanager.GetSecretValue') {
      const { SecretId } = JSON.parse(body.toString('utf8') || '{}') as { SecretId?: string };
      const secret = this.options.secrets.find((s) => s.name === SecretId || s.arn === SecretId || (SecretId !== undefined && s.arn.startsWith(SecretId)));
      if (secret === undefined) {
        awsError(response, 400, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret: ${String(SecretId)}`);
        return;
      }
      sendJson(response, 200, {
        ARN: secret.arn,
        Name: secret.name,
        SecretString: secret.value,
        VersionId: 'local',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
      return;
    }
    if (request.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
      const email = JSON.parse(body.toString('utf8') || '{}') as {
        FromEmailAddress?: string;
        Destination?: { ToAddresses?: string[] };
        Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } } };
      };
      const simple = email.Content?.Simple;
      if (email.Destination?.ToAddresses === undefined || email.Destination.ToAddresses.length === 0 || simple?.Subject?.Data === undefined) {
        sendJson(response, 400, { message: 'Destination.ToAddresses and Content.Simple.Subject are required' }, 'application/json');
        return;
      }
      const messageId = `local-${randomUUID()}`;
      this.options.outboxes.emails.append({
        messageId,
        sentAt: this.now().toISOString(),
        from: email.FromEmailAddress ?? '',
        to: email.Destination.ToAddresses,
        subject: simple.Subject.Data,
        ...(simple.Body?.Text?.Data === undefined ? {} : { text: simple.Body.Text.Data }),
        ...(simple.Body?.Html?.Data === undefined ? {} : { html: simple.Body.Html.Data }),
      });
      sendJson(response, 200, { MessageId: messageId }, 'application/json');
      return;
    }
    const slack = /^\/slack\/api\/(chat\.postMessage|chat\.update)$/.exec(url.pathname);
    if (request.method === 'POST' && slack !== null) {
      const method = slack[1] as 'chat.postMessage' | 'chat.update';
      const fields = parseSlackBody(request, body);
      const channel = typeof fields.channel === 'string' ? fields.channel : '';
      if (channel === '') {
        sendJson(response, 200, { ok: false, error: 'channel_not_found' }, 'application/json');
        return;
      }
      const now = this.now();
      this.slackSequence += 1;
      const ts = method === 'chat.update' && typeof fields.ts === 'string' ? fields.ts : `${Math.floor(now.getTime() / 1000)}.${String(this.slackSequence).padStart(6, '0')}`;
      this.options.outboxes.slack.append({
        channel,
        ts,
        method,
        postedAt: now.toISOString(),
        ...(method === 'chat.update' ? { updatedAt: now.toISOString() } : {}),
        ...(typeof fields.text === 'string' ? { text: fields.text } : {}),
        ...(Array.isArray(fields.blocks) ? { blocks: fields.blocks as unknown[] } : {}),
      });
      sendJson(response, 200, { ok: true, channel, ts, message: { text: fields.text, ts } }, 'application/json');
      return;
    }
    awsError(response, 400, 'UnknownOperationException', `the local AWS endpoint does not serve ${request.method ?? ''} ${url.pathname} ${target}`.trim());
  }

  public async listen(port = 0): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) awsError(response, 500, 'InternalFailure', error instanceof Error ? error.message : 'internal failure');
      });
    });
    // The functions' SDK clients keep their connections for the next call, which may come long
    // after the last: Node's default of 5 s idle would close them and make many calls connect anew.
    server.keepAliveTimeout = 65_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
