/**
 * Where secrets come from: Secrets Manager on AWS, a static map locally and in tests. Values are
 * never logged and never put into error messages; names are not secret.
 */
export interface SecretStore {
  /**
   * The current value of the named secret.
   * @throws SecretNotFoundError when no secret has that name
   */
  getSecret(name: string): Promise<string>;
}

/** No secret of that name exists (e.g. a supplier we have no webhook secret for). */
export class SecretNotFoundError extends Error {
  readonly secretName: string;

  constructor(secretName: string, options?: { cause?: unknown }) {
    super(`No secret named "${secretName}".`, options);
    this.name = 'SecretNotFoundError';
    this.secretName = secretName;
  }
}
