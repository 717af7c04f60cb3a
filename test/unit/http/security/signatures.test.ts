import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildApprovalLink, signApprovalLinkQuery, verifyApprovalLink } from '../../../../functions/shared/security/approval-link';
import { computeSlackSignature, verifySlackSignature } from '../../../../functions/shared/security/slack-signature';
import { LinkExpiredError, SignatureMismatchError, SignatureMissingError, SignatureTimestampOutOfWindowError } from '../../../../functions/shared/security/security-errors';
import { readWebhookHeaders, signWebhook, verifyWebhookSignature } from '../../../../functions/shared/security/supplier-webhook-signature';

const KEY = 'link-key-0123456789abcdef0123456789abcdef';
const CLAIMS = { approvalId: 'apr-1', approver: 'eng@acme.example', generation: 2, expiresAtEpochSeconds: 2_000_000_000 };

function query(claims = CLAIMS, key = KEY): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(signApprovalLinkQuery(claims, key)));
}

describe('signature checks', () => {
  describe('approval links', () => {
    it('verifies a link it signed, with the current or the previous key', () => {
      // Prepare
      const oldLink = query(CLAIMS, 'previous-key-abcdef0123456789abcdef');

      // Act
      const current = verifyApprovalLink('apr-1', query(), [KEY, 'previous-key-abcdef0123456789abcdef'], 1_900_000_000);
      const previous = verifyApprovalLink('apr-1', oldLink, [KEY, 'previous-key-abcdef0123456789abcdef'], 1_900_000_000);

      // Assess
      expect(current).toEqual(CLAIMS);
      expect(previous).toEqual(CLAIMS);
    });

    it('builds the full link under the public base URL, without a task token', () => {
      // Prepare
      const base = 'https://api.mto.example/prod/';

      // Act
      const link = buildApprovalLink(base, CLAIMS, KEY);

      // Assess
      expect(link).toMatch(/^https:\/\/api\.mto\.example\/prod\/approvals\/apr-1\?approver=eng%40acme\.example&g=2&exp=2000000000&sig=[A-Za-z0-9_-]{43}$/);
    });

    it('refuses a link for another approval id (the id is signed too)', () => {
      // Prepare
      const link = query();

      // Act
      const attempt = () => verifyApprovalLink('apr-2', link, [KEY], 1_900_000_000);

      // Assess
      expect(attempt).toThrow(SignatureMismatchError);
    });

    it('refuses any single-character change of any parameter', () => {
      fc.assert(
        fc.property(fc.constantFrom('approver', 'g', 'exp', 'sig'), fc.nat(), fc.constantFrom(...'abcXYZ019_-@.'), (name, position, replacement) => {
          // Prepare
          const link = query();
          const value = link[name] ?? '';
          const index = position % value.length;
          fc.pre(value[index] !== replacement);
          const tampered = { ...link, [name]: `${value.slice(0, index)}${replacement}${value.slice(index + 1)}` };

          // Act
          const attempt = () => verifyApprovalLink('apr-1', tampered, [KEY], 1_900_000_000);

          // Assess
          expect(attempt).toThrow(/signature does not match|Missing or malformed/);
        }),
        { numRuns: 500 },
      );
    });

    it('reports an expired but genuine link as expired, checked after the signature', () => {
      // Prepare
      const link = query();

      // Act
      const attempt = () => verifyApprovalLink('apr-1', link, [KEY], 2_000_000_000);

      // Assess
      expect(attempt).toThrow(LinkExpiredError);
    });

    it('refuses missing parameters as malformed', () => {
      // Prepare
      const { sig: _sig, ...withoutSignature } = query();

      // Act
      const attempt = () => verifyApprovalLink('apr-1', withoutSignature, [KEY], 1_900_000_000);

      // Assess
      expect(attempt).toThrow(SignatureMissingError);
    });
  });

  describe('Slack v0 signatures', () => {
    it('accepts its own signature and refuses a changed body, a stale and a future timestamp', () => {
      // Prepare
      const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
      const request = { rawBody: body, timestampHeader: '1700000000', signatureHeader: computeSlackSignature('secret', '1700000000', body) };

      // Act
      const accept = () => verifySlackSignature(request, 'secret', 1_700_000_100);
      const changed = () => verifySlackSignature({ ...request, rawBody: `${body} ` }, 'secret', 1_700_000_100);
      const stale = () => verifySlackSignature(request, 'secret', 1_700_000_301);
      const future = () => verifySlackSignature(request, 'secret', 1_699_999_699);

      // Assess
      expect(accept).not.toThrow();
      expect(changed).toThrow(SignatureMismatchError);
      expect(stale).toThrow(SignatureTimestampOutOfWindowError);
      expect(future).toThrow(SignatureTimestampOutOfWindowError);
    });
  });

  describe('Standard Webhooks', () => {
    it('accepts either of two secrets, and any of several signatures in the header', () => {
      // Prepare
      const now = Math.floor(Date.now() / 1000);
      const current = `whsec_${Buffer.from('current-secret-0123456789').toString('base64')}`;
      const next = `whsec_${Buffer.from('next-secret-0123456789ab').toString('base64')}`;
      const body = '{"a":1}';
      const both = `${signWebhook('whsec_' + Buffer.from('unrelated-secret-000000').toString('base64'), 'msg_1', now, body)} ${signWebhook(next, 'msg_1', now, body)}`;
      const headers = readWebhookHeaders({ 'Webhook-Id': 'msg_1', 'Webhook-Timestamp': String(now), 'Webhook-Signature': both });

      // Act
      const verify = () => verifyWebhookSignature(headers, body, [current, next], now);

      // Assess
      expect(verify).not.toThrow();
    });

    it('refuses missing or malformed headers', () => {
      // Prepare
      const headerSets = [{}, { 'webhook-id': 'x', 'webhook-timestamp': 'soon', 'webhook-signature': 'v1,abc' }, { 'webhook-id': 'has space', 'webhook-timestamp': '1', 'webhook-signature': 'v1,abc' }];

      // Act
      const attempts = headerSets.map((headers) => () => readWebhookHeaders(headers));

      // Assess
      for (const attempt of attempts) expect(attempt).toThrow(SignatureMissingError);
    });
  });
});
