/**
 * Verification of supplier webhooks signed per the Standard Webhooks specification
 * (https://www.standardwebhooks.com): headers `webhook-id`, `webhook-timestamp` (epoch seconds) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">`, several separated
 * by spaces). The cryptography is the reference package `standardwebhooks`; this module adds what the
 * package leaves to us: several valid secrets at once (rotation), a clock passed in, and errors that
 * say which check failed.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { SignatureMismatchError, SignatureMissingError, SignatureTimestampOutOfWindowError } from './security-errors';

export const WEBHOOK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export interface WebhookHeaders {
  readonly webhookId: string;
  readonly webhookTimestamp: string;
  readonly webhookSignature: string;
}

/** Reads the three Standard Webhooks headers from a case-insensitive header map. */
export function readWebhookHeaders(headers: Readonly<Record<string, string | undefined>>): WebhookHeaders {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const webhookId = lower.get('webhook-id');
  const webhookTimestamp = lower.get('webhook-timestamp');
  const webhookSignature = lower.get('webhook-signature');
  if (!webhookId || webhookId.length > 256 || !/^[\x21-\x7e]+$/.test(webhookId)) {
    throw new SignatureMissingError('webhook-id header');
  }
  if (!webhookTimestamp || !/^[0-9]{1,15}$/.test(webhookTimestamp)) {
    throw new SignatureMissingError('webhook-timestamp header');
  }
  if (!webhookSignature || webhookSignature.length > 4096) {
    throw new SignatureMissingError('webhook-signature header');
  }
  return { webhookId, webhookTimestamp, webhookSignature };
}

/** Signs a payload as a supplier would (used by docs tests and the local supplier simulator). */
export function signWebhook(secret: string, webhookId: string, timestampEpochSeconds: number, rawBody: string): string {
  return new Webhook(secret).sign(webhookId, new Date(timestampEpochSeconds * 1000), rawBody);
}

/**
 * Verifies a webhook against any of the supplier's secrets (`whsec_...` base64 secrets).
 * @throws SignatureTimestampOutOfWindowError when the timestamp is more than five minutes off
 * @throws SignatureMismatchError when no secret produces a matching signature
 */
export function verifyWebhookSignature(
  headers: WebhookHeaders,
  rawBody: string,
  secrets: readonly string[],
  nowEpochSeconds: number,
): void {
  // Checked here with the injected clock first, so a stale request is reported as such (the
  // package checks again against its own clock, which in Lambda is the same clock).
  const skew = nowEpochSeconds - Number(headers.webhookTimestamp);
  if (Math.abs(skew) > WEBHOOK_SIGNATURE_WINDOW_SECONDS) {
    throw new SignatureTimestampOutOfWindowError(skew, WEBHOOK_SIGNATURE_WINDOW_SECONDS);
  }
  const packageHeaders = {
    'webhook-id': headers.webhookId,
    'webhook-timestamp': headers.webhookTimestamp,
    'webhook-signature': headers.webhookSignature,
  };
  let lastFailure: unknown;
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(rawBody, packageHeaders, { jsonParse: false });
      return;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) {
        // A secret the package cannot decode: a configuration problem, never the caller's.
        throw error;
      }
      lastFailure = error;
    }
  }
  throw new SignatureMismatchError('webhook', { cause: lastFailure });
}
