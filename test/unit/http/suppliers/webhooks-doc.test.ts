import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { verifyWebhookSignature } from '../../../../functions/shared/security/supplier-webhook-signature';

// Refusals are logged at INFO; keep test output to the results (hoisted above the imports).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const doc = readFileSync(new URL('../../../../docs/webhooks.md', import.meta.url), 'utf8');

/** The content of the fenced block tagged with `label` (```text secret ... ```). */
function block(label: string): string {
  const match = new RegExp('```\\w+ ' + label + '\\n([^\\n]*)\\n```').exec(doc);
  if (!match?.[1]) throw new Error(`docs/webhooks.md has no block labelled ${label}`);
  return match[1];
}

describe('docs/webhooks.md', () => {
  describe('the worked example', () => {
    it('has the signature the reference library computes from its secret, id, timestamp and body', () => {
      // Prepare
      const secret = block('secret');
      const id = block('webhook-id');
      const timestamp = Number(block('webhook-timestamp'));
      const body = block('body');

      // Act
      const signature = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);

      // Assess
      expect(signature).toBe(block('webhook-signature'));
    });

    it('has the signature the step-by-step recipe computes (independent of the library)', () => {
      // Prepare
      const key = Buffer.from(block('secret').replace(/^whsec_/, ''), 'base64');
      const signedContent = `${block('webhook-id')}.${block('webhook-timestamp')}.${block('body')}`;

      // Act
      const signature = `v1,${createHmac('sha256', key).update(signedContent).digest('base64')}`;

      // Assess
      expect(signature).toBe(block('webhook-signature'));
    });

    it('is accepted by our verifier at the example time, and refused with one byte of the body changed', () => {
      // Prepare
      const headers = { webhookId: block('webhook-id'), webhookTimestamp: block('webhook-timestamp'), webhookSignature: block('webhook-signature') };
      const now = Number(block('webhook-timestamp')) + 10;
      const realNow = Date.now;
      Date.now = () => now * 1000;

      // Act
      let accepted: unknown;
      let changed: unknown;
      try {
        accepted = verifyWebhookSignature(headers, block('body'), [block('secret')], now);
        try {
          verifyWebhookSignature(headers, block('body').replace('po-0042', 'po-0043'), [block('secret')], now);
        } catch (error) {
          changed = error;
        }
      } finally {
        Date.now = realNow;
      }

      // Assess
      expect(accepted).toBeUndefined();
      expect(changed).toMatchObject({ name: 'SignatureMismatchError' });
    });
  });
});
