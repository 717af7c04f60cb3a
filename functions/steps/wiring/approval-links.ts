/**
 * Adapters for the step handlers, built once per container on first use. Split by what they pull
 * in, so each handler's bundle carries only the clients it uses. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables and `SLACK_API_URL`: locally they point at DynamoDB Local,
 * the local engine and the outboxes; on AWS they are unset. Configuration, not code paths.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSecretStore } from '../../adapters/secrets/secret-store.secrets-manager';
import type { Approval } from '../../domain/approval/approval.types';
import { buildApprovalLink } from '../../shared/security/approval-link';
import { parseKeyList, secretNames } from '../../shared/security/secret-names';
import { InvalidStepInputError } from '../../use-cases/lifecycle-errors';
import { config, once } from './data';

export const secrets = /* @__PURE__ */ once(() => new SecretsManagerSecretStore({ client: new SecretsManagerClient({}) }));

/** A signed approval link for one approver (valid until the approval expires). */
export async function approvalLink(approval: Approval, approver: string): Promise<string> {
  const [key] = parseKeyList(await secrets().getSecret(secretNames.approvalLinkSigningKey(config.secretsPrefix())));
  if (key === undefined) throw new InvalidStepInputError('approval link signing key', 'is empty');
  return buildApprovalLink(
    config.publicBaseUrl(),
    { approvalId: approval.approvalId, approver, generation: approval.linkGeneration, expiresAtEpochSeconds: Math.ceil(Date.parse(approval.expiresAt) / 1000) },
    key,
  );
}
