/* eslint-disable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any */
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher, type BaseMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecretStore } from '../../../../functions/adapters/secrets/secret-store.secrets-manager';
import { staticSecretStoreFromJson } from '../../../../functions/adapters/secrets/secret-store.static';
import { SecretNotFoundError } from '../../../../functions/ports/secret-store';
import { DoorSecrets } from '../../../../functions/shared/security/door-secrets';
import { parseKeyList } from '../../../../functions/shared/security/secret-names';

expect.extend(allCustomMatcher);

declare module 'vitest' {
  interface Matchers<T = any> extends BaseMatcher<T> {}
}

const secretsManager = mockClient(SecretsManagerClient);

function store(now: () => number) {
  return new SecretsManagerSecretStore({ client: new SecretsManagerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), cacheTtlMillis: 1000, now });
}

describe('secret stores', () => {
  afterEach(() => {
    secretsManager.reset();
  });

  describe('SecretsManagerSecretStore', () => {
    it('reads a secret once per cache period', async () => {
      // Prepare
      secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'value-1' });
      let time = 0;
      const secrets = store(() => time);

      // Act
      const first = await secrets.getSecret('mto/x');
      time = 500;
      const cached = await secrets.getSecret('mto/x');
      time = 1500;
      await secrets.getSecret('mto/x');

      // Assess
      expect([first, cached]).toEqual(['value-1', 'value-1']);
      expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
    });

    it('names a missing secret with SecretNotFoundError', async () => {
      // Prepare
      secretsManager.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));

      // Act
      const attempt = store(() => 0).getSecret('mto/suppliers/zz/webhook-secrets');

      // Assess
      await expect(attempt).rejects.toThrow(SecretNotFoundError);
    });
  });

  describe('the static store and the doors\' secrets', () => {
    it('reads a supplier\'s two secrets during a rotation, and refuses an unknown supplier as UnknownSupplierError', async () => {
      // Prepare
      const secrets = new DoorSecrets(staticSecretStoreFromJson(JSON.stringify({ 'p/suppliers/sup-a/webhook-secrets': '["whsec_a","whsec_b"]' }), 'MTO_SECRETS_JSON'), 'p');

      // Act
      const known = await secrets.supplierWebhookSecrets('sup-a');
      const unknown = await secrets.supplierWebhookSecrets('sup-z').catch((error: unknown) => error);
      const malformed = await secrets.supplierWebhookSecrets('../etc').catch((error: unknown) => error);

      // Assess
      expect(known).toEqual(['whsec_a', 'whsec_b']);
      expect(unknown).toMatchObject({ name: 'UnknownSupplierError' });
      expect(malformed).toMatchObject({ name: 'UnknownSupplierError' });
    });

    it('refuses a malformed secrets JSON naming the variable, never its content', () => {
      // Prepare
      const json = '{"a": 1, "secret": "hunter2"}';

      // Act
      const attempt = () => staticSecretStoreFromJson(json, 'MTO_SECRETS_JSON');

      // Assess
      expect(attempt).toThrow('MTO_SECRETS_JSON');
      expect(attempt).not.toThrow('hunter2');
    });

    it('reads key lists as one key or a JSON array, refusing an empty array', () => {
      // Prepare
      const values = ['plain-key', '["new","old"]'];

      // Act
      const lists = values.map(parseKeyList);

      // Assess
      expect(lists).toEqual([['plain-key'], ['new', 'old']]);
      expect(() => parseKeyList('[]')).toThrow('non-empty');
    });
  });
});
