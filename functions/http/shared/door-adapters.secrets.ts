/**
 * Builders of the doors' secrets (Secrets Manager, or the environment when SECRETS_SOURCE=env), for
 * composeDoorDependencies. One secret store per configuration, so a route that both verifies a
 * signature and posts to Slack fetches and caches each secret once.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSecretStore } from '../../adapters/secrets/secret-store.secrets-manager';
import { StaticSecretStore } from '../../adapters/secrets/secret-store.static';
import type { SecretStore } from '../../ports/secret-store';
import { DoorSecrets } from '../../shared/security/door-secrets';
import type { DoorConfig } from './door-config';
import type { DoorAdapterBuilder } from './door-composition';

const storeOfConfig = new WeakMap<DoorConfig, SecretStore>();

/** The secret store `config` names, the same one for every port built from that configuration. */
export function secretStoreOf(config: DoorConfig): SecretStore {
  let store = storeOfConfig.get(config);
  if (store === undefined) {
    const settings = config.secretStoreSettings();
    store = settings.source === 'env' ? new StaticSecretStore(settings.secrets) : new SecretsManagerSecretStore({ client: new SecretsManagerClient({}) });
    storeOfConfig.set(config, store);
  }
  return store;
}

export const doorSecrets: DoorAdapterBuilder<'secrets'> = (config) => new DoorSecrets(secretStoreOf(config), config.secretsPrefix());
