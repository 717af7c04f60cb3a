/**
 * Verification of Slack's request signature (version `v0`), as Slack documents it: the base string
 * `v0:{X-Slack-Request-Timestamp}:{raw body}`, HMAC-SHA256 with the app's signing secret, hex,
 * prefixed `v0=`, in `X-Slack-Signature`. Requests whose timestamp is more than five minutes off,
 * either way, are refused (replays); the comparison is constant-time.
 */
import { constantTimeEqual, hmacSha256 } from './hmac';
import { SignatureMismatchError, SignatureMissingError, SignatureTimestampOutOfWindowError } from './security-errors';

export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export interface SlackSignedRequest {
  /** The body exactly as received, before any parsing. */
  readonly rawBody: string;
  readonly timestampHeader: string | undefined;
  readonly signatureHeader: string | undefined;
}

/** Computes the `X-Slack-Signature` value for a body and timestamp (used by tests and the local Slack outbox). */
export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${hmacSha256(signingSecret, `v0:${timestamp}:${rawBody}`).toString('hex')}`;
}

/**
 * @throws SignatureMissingError when a header is missing or malformed
 * @throws SignatureTimestampOutOfWindowError when the timestamp is more than five minutes off
 * @throws SignatureMismatchError when the signature does not match
 */
export function verifySlackSignature(request: SlackSignedRequest, signingSecret: string, nowEpochSeconds: number): void {
  const { timestampHeader, signatureHeader, rawBody } = request;
  if (!timestampHeader || !/^[0-9]{1,15}$/.test(timestampHeader)) {
    throw new SignatureMissingError('X-Slack-Request-Timestamp header');
  }
  if (!signatureHeader || !/^v0=[0-9a-f]{64}$/.test(signatureHeader)) {
    throw new SignatureMissingError('X-Slack-Signature header');
  }
  const skew = nowEpochSeconds - Number(timestampHeader);
  if (Math.abs(skew) > SLACK_SIGNATURE_WINDOW_SECONDS) {
    throw new SignatureTimestampOutOfWindowError(skew, SLACK_SIGNATURE_WINDOW_SECONDS);
  }
  if (!constantTimeEqual(computeSlackSignature(signingSecret, timestampHeader, rawBody), signatureHeader)) {
    throw new SignatureMismatchError('Slack request');
  }
}
