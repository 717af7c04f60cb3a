/**
 * The secrets the doors verify signatures with, read through the SecretStore port by their names
 * (secret-names.ts). Values never leave this module except as arguments to the signature checks.
 */
import { SecretNotFoundError, type SecretStore } from '../../ports/secret-store';
import { UnknownSupplierError } from '../../use-cases/door-errors';
import { parseKeyList, secretNames } from './secret-names';

/** Supplier ids as they may appear in a path and a secret name. */
export const SUPPLIER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class DoorSecrets {
  constructor(
    private readonly store: SecretStore,
    private readonly prefix: string,
  ) {}

  /** The approval-link signing keys, current first. */
  async approvalLinkSigningKeys(): Promise<readonly string[]> {
    return parseKeyList(await this.store.getSecret(secretNames.approvalLinkSigningKey(this.prefix)));
  }

  async slackSigningSecret(): Promise<string> {
    return (await this.store.getSecret(secretNames.slackSigningSecret(this.prefix))).trim();
  }

  /**
   * The supplier's webhook secrets (one, or two during a rotation).
   * @throws UnknownSupplierError when the id is malformed or has no secret
   */
  async supplierWebhookSecrets(supplierId: string): Promise<readonly string[]> {
    if (!SUPPLIER_ID_PATTERN.test(supplierId)) {
      throw new UnknownSupplierError(supplierId);
    }
    try {
      return parseKeyList(await this.store.getSecret(secretNames.supplierWebhookSecrets(this.prefix, supplierId)));
    } catch (error) {
      if (error instanceof SecretNotFoundError) {
        throw new UnknownSupplierError(supplierId, { cause: error });
      }
      throw error;
    }
  }
}
