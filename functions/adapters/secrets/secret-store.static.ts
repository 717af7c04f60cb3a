/**
 * SecretStore over a fixed map: the local runtime (secrets from the environment) and tests.
 */
import { SecretNotFoundError, type SecretStore } from '../../ports/secret-store';

export class StaticSecretStore implements SecretStore {
  private readonly secrets: ReadonlyMap<string, string>;

  constructor(secrets: Readonly<Record<string, string>>) {
    this.secrets = new Map(Object.entries(secrets));
  }

  getSecret(name: string): Promise<string> {
    const value = this.secrets.get(name);
    return value === undefined ? Promise.reject(new SecretNotFoundError(name)) : Promise.resolve(value);
  }
}

/**
 * A StaticSecretStore from a JSON object of name -> value (the env var `MTO_SECRETS_JSON` locally).
 * @throws Error naming the variable (never its content) when it is not such an object
 */
export function staticSecretStoreFromJson(json: string, sourceName: string): StaticSecretStore {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`${sourceName} must be a JSON object of secret name -> string value.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((value) => typeof value === 'string')) {
    throw new Error(`${sourceName} must be a JSON object of secret name -> string value.`);
  }
  return new StaticSecretStore(parsed as Record<string, string>);
}
