/**
 * Names of the secrets the doors read (Secrets Manager secret names on AWS, keys of the static
 * secret map locally). The CDK app creates the secrets under these names, with `prefix` = the
 * stack's secret prefix (env `SECRETS_PREFIX`, default `mto-flow`).
 *
 * Values:
 * - approval link signing key: a random string (>= 32 bytes of entropy), or a JSON array of strings
 *   `["current", "previous"]` during a rotation (signing uses the first);
 * - Slack signing secret: the app's signing secret, as Slack shows it;
 * - supplier webhook secrets: a `whsec_...` secret, or a JSON array of one or two of them (the
 *   second valid at the same time during a rotation).
 */
export const secretNames = {
  approvalLinkSigningKey: (prefix: string): string => `${prefix}/approval-link-signing-key`,
  slackSigningSecret: (prefix: string): string => `${prefix}/slack-signing-secret`,
  supplierWebhookSecrets: (prefix: string, supplierId: string): string => `${prefix}/suppliers/${supplierId}/webhook-secrets`,
} as const;

/**
 * A secret value holding one key or a JSON array of keys, as a non-empty list, first = current.
 * @throws Error (never with the value in it) when the value is an empty array or not strings
 */
export function parseKeyList(value: string): readonly string[] {
  const trimmed = value.trim();
  if (!trimmed.startsWith('[')) {
    return [trimmed];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error('A key-list secret starting with "[" must be a JSON array of strings.');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((item): item is string => typeof item === 'string' && item.length > 0)) {
    throw new Error('A key-list secret must be a non-empty JSON array of non-empty strings.');
  }
  return parsed;
}
