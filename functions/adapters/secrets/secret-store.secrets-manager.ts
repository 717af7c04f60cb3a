/**
 * SecretStore on AWS Secrets Manager. Values are cached per container for `cacheTtlMillis`
 * (default five minutes) so a warm Lambda does not call Secrets Manager on every request, while a
 * rotation (adding the next secret beside the current one) is picked up within that time.
 */
import { GetSecretValueCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretNotFoundError, type SecretStore } from '../../ports/secret-store';

export interface SecretsManagerSecretStoreOptions {
  readonly client: SecretsManagerClient;
  readonly cacheTtlMillis?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export class SecretsManagerSecretStore implements SecretStore {
  private readonly cache = new Map<string, { value: string; fetchedAt: number }>();
  private readonly client: SecretsManagerClient;
  private readonly cacheTtlMillis: number;
  private readonly now: () => number;

  constructor(options: SecretsManagerSecretStoreOptions) {
    this.client = options.client;
    this.cacheTtlMillis = options.cacheTtlMillis ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async getSecret(name: string): Promise<string> {
    const cached = this.cache.get(name);
    if (cached && this.now() - cached.fetchedAt < this.cacheTtlMillis) {
      return cached.value;
    }
    try {
      const output = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
      const value = output.SecretString ?? (output.SecretBinary ? Buffer.from(output.SecretBinary).toString('utf8') : undefined);
      if (value === undefined) {
        throw new SecretNotFoundError(name);
      }
      this.cache.set(name, { value, fetchedAt: this.now() });
      return value;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        throw new SecretNotFoundError(name, { cause: error });
      }
      throw error;
    }
  }
}
