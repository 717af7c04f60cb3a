/**
 * Signed approval links: `GET {baseUrl}/approvals/{approvalId}?approver=..&g=..&exp=..&sig=..`.
 *
 * The link proves that we sent this approver a link for this approval, of this link generation,
 * valid until `exp`. It carries no task token (that stays in the callback record). The signature is
 * HMAC-SHA256 with the link-signing key over an unambiguous encoding of all four values, base64url.
 * Verification accepts any of the given keys, so the key can be rotated without breaking links
 * already sent (sign with the first, keep the previous one for as long as links live).
 *
 * What this module does not decide: whether the generation is still current, whether the approval
 * is still pending, whether the approver is still allowed. The use case checks those against the
 * stored approval at the moment of the decision.
 */
import { constantTimeEqual, hmacSha256 } from './hmac';
import { LinkExpiredError, SignatureMismatchError, SignatureMissingError } from './security-errors';

/** What an approval link asserts, once its signature is verified. */
export interface ApprovalLinkClaims {
  readonly approvalId: string;
  /** The approver (email) the link was sent to: the decider when the link is used. */
  readonly approver: string;
  /** The approval's link generation when the link was issued. */
  readonly generation: number;
  /** Expiry, epoch seconds. */
  readonly expiresAtEpochSeconds: number;
}

/** The query parameters of a link, as received (any may be missing or garbage). */
export interface ApprovalLinkParameters {
  readonly approver?: string | undefined;
  readonly g?: string | undefined;
  readonly exp?: string | undefined;
  readonly sig?: string | undefined;
}

const DOMAIN_SEPARATOR = 'mto-flow/approval-link/v1';

function signatureOf(key: string, claims: ApprovalLinkClaims): string {
  const message = JSON.stringify([DOMAIN_SEPARATOR, claims.approvalId, claims.approver, claims.generation, claims.expiresAtEpochSeconds]);
  return hmacSha256(key, message).toString('base64url');
}

/** The query string (without `?`) that makes a link for these claims. */
export function signApprovalLinkQuery(claims: ApprovalLinkClaims, signingKey: string): string {
  const query = new URLSearchParams({
    approver: claims.approver,
    g: String(claims.generation),
    exp: String(claims.expiresAtEpochSeconds),
    sig: signatureOf(signingKey, claims),
  });
  return query.toString();
}

/** The full link an email carries. `baseUrl` is the API's public URL, without a trailing slash. */
export function buildApprovalLink(baseUrl: string, claims: ApprovalLinkClaims, signingKey: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/approvals/${encodeURIComponent(claims.approvalId)}?${signApprovalLinkQuery(claims, signingKey)}`;
}

const INTEGER = /^(0|[1-9][0-9]{0,14})$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Verifies a link's signature, then its expiry against `nowEpochSeconds` (in that order, so an
 * altered expiry reads as tampering, not as expiry).
 * @throws SignatureMissingError when a parameter is missing or malformed
 * @throws SignatureMismatchError when the signature matches none of the keys
 * @throws LinkExpiredError when the signature is good but the link has expired
 */
export function verifyApprovalLink(
  approvalId: string,
  parameters: ApprovalLinkParameters,
  signingKeys: readonly string[],
  nowEpochSeconds: number,
): ApprovalLinkClaims {
  const { approver, g, exp, sig } = parameters;
  if (!approver || approver.length > 320 || !g || !INTEGER.test(g) || !exp || !INTEGER.test(exp) || !sig || !SIGNATURE.test(sig)) {
    throw new SignatureMissingError('approval link parameters (approver, g, exp, sig)');
  }
  const claims: ApprovalLinkClaims = { approvalId, approver, generation: Number(g), expiresAtEpochSeconds: Number(exp) };
  const matches = signingKeys.some((key) => constantTimeEqual(signatureOf(key, claims), sig));
  if (!matches) {
    throw new SignatureMismatchError('approval link');
  }
  if (nowEpochSeconds >= claims.expiresAtEpochSeconds) {
    throw new LinkExpiredError(new Date(claims.expiresAtEpochSeconds * 1000).toISOString());
  }
  return claims;
}
