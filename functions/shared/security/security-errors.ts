/**
 * Errors of the signature checks (approval links, Slack requests, supplier webhooks). None of them
 * ever carries a secret, a computed signature or a task token in its message.
 */

/** Base of every signature-check failure. */
export class SecurityError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecurityError';
  }
}

/** Signature headers or parameters are missing or not in the expected format. */
export class SignatureMissingError extends SecurityError {
  constructor(what: string) {
    super(`Missing or malformed ${what}.`);
    this.name = 'SignatureMissingError';
  }
}

/** The signature does not match: the request or link was altered, or signed with another secret. */
export class SignatureMismatchError extends SecurityError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`The ${what} signature does not match.`, options);
    this.name = 'SignatureMismatchError';
  }
}

/** The signed timestamp is outside the accepted window (a replay, or a badly skewed clock). */
export class SignatureTimestampOutOfWindowError extends SecurityError {
  readonly skewSeconds: number;

  constructor(skewSeconds: number, windowSeconds: number) {
    super(`The signed timestamp is ${Math.abs(skewSeconds)} s ${skewSeconds > 0 ? 'in the past' : 'in the future'}; at most ${windowSeconds} s either way is accepted.`);
    this.name = 'SignatureTimestampOutOfWindowError';
    this.skewSeconds = skewSeconds;
  }
}

/** A correctly signed link whose expiry has passed. */
export class LinkExpiredError extends SecurityError {
  readonly expiredAt: string;

  constructor(expiredAt: string) {
    super(`This link expired at ${expiredAt}.`);
    this.name = 'LinkExpiredError';
    this.expiredAt = expiredAt;
  }
}
