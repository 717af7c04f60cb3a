/**
 * The secrets of a local installation, made once and kept in `<dataDir>/secrets.json` (mode 0600):
 * every Secrets Manager secret the template declares (with a value of the right kind: a Standard
 * Webhooks `whsec_` key for supplier webhook secrets, a random key otherwise), the API key the local
 * API Gateway accepts, and the credentials its IAM routes check signatures against.
 *
 * Keeping them across restarts is what lets an approval link or a supplier's pending webhook issued
 * before a restart still verify after it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LocalSecretSpec } from '../cloud-assembly/local-app';

export interface LocalSecretsFile {
  readonly apiKey: string;
  readonly iam: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Secret values by secret name. */
  readonly values: Readonly<Record<string, string>>;
}

const SUPPLIER_SECRET = /\/suppliers\/([^/]+)\/webhook-secrets$/;

function generate(spec: LocalSecretSpec): string {
  if (spec.fixedValue !== undefined) return spec.fixedValue;
  if (SUPPLIER_SECRET.test(spec.name)) return `whsec_${randomBytes(32).toString('base64')}`;
  const length = spec.generate?.passwordLength ?? 32;
  const value = randomBytes(length).toString('base64url').slice(0, length);
  const { secretStringTemplate, generateStringKey } = spec.generate ?? {};
  if (secretStringTemplate !== undefined && generateStringKey !== undefined) {
    return JSON.stringify({ ...(JSON.parse(secretStringTemplate) as Record<string, unknown>), [generateStringKey]: value });
  }
  return value;
}

/** Loads the secrets file, adding values for secrets the template gained since it was written. */
export function loadLocalSecrets(path: string, specs: readonly LocalSecretSpec[]): LocalSecretsFile {
  const existing: Partial<LocalSecretsFile> = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LocalSecretsFile) : {};
  const values: Record<string, string> = { ...(existing.values ?? {}) };
  let changed = !existsSync(path);
  for (const spec of specs) {
    if (values[spec.name] === undefined) {
      values[spec.name] = generate(spec);
      changed = true;
    }
  }
  const secrets: LocalSecretsFile = {
    apiKey: existing.apiKey ?? `mto-local-${randomBytes(16).toString('hex')}`,
    iam: existing.iam ?? { accessKeyId: 'AKIALOCALMTOFLOW', secretAccessKey: randomBytes(30).toString('base64url') },
    values,
  };
  if (changed) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}

/** The supplier ids whose webhook secrets the template declares, with the current secret of each. */
export function supplierWebhookSecrets(secrets: LocalSecretsFile): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets.values)) {
    const supplierId = SUPPLIER_SECRET.exec(name)?.[1];
    if (supplierId === undefined) continue;
    // A rotation keeps `["current", "previous"]`; suppliers sign with the current one.
    result[supplierId] = value.trim().startsWith('[') ? ((JSON.parse(value) as string[])[0] ?? value) : value;
  }
  return result;
}
