/**
 * The environment the HTTP handlers read: the lifecycle's shared settings (functions/shared/config.ts)
 * plus the few only the doors need. Read once per container, when a handler builds its dependencies
 * at module scope, so a missing variable fails the cold start naming it.
 */
import { z } from 'zod';
import { ConfigError, createConfig } from '../../shared/config';

/** Variables only the doors read (infra sets them on the API's functions). */
export const DOOR_ENV = {
  /** ARN of the order lifecycle state machine (start, stop). */
  orderStateMachineArn: 'ORDER_STATE_MACHINE_ARN',
  /** JSON object mapping Slack user ids to approver emails: `{"U024BE7LH": "eng@acme.example"}`. */
  slackUserEmails: 'SLACK_USER_EMAILS',
  /** `secrets-manager` (default) or `env` (local: secrets from MTO_SECRETS_JSON). */
  secretsSource: 'SECRETS_SOURCE',
  /** With SECRETS_SOURCE=env: a JSON object of secret name -> value. */
  secretsJson: 'MTO_SECRETS_JSON',
} as const;

const slackUserEmailsSchema = z.record(z.string().regex(/^[A-Z0-9]{2,32}$/), z.email());

export function createDoorConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const shared = createConfig(env);
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };
  const required = (name: string): string => {
    const raw = value(name);
    if (raw === undefined) throw new ConfigError(name, 'is not set');
    return raw;
  };
  return {
    ...shared,
    orderStateMachineArn: () => required(DOOR_ENV.orderStateMachineArn),
    /** Slack user id -> approver email; empty when unset (then no Slack user may decide). */
    slackUserEmails: (): ReadonlyMap<string, string> => {
      const raw = value(DOOR_ENV.slackUserEmails);
      if (raw === undefined) return new Map();
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (error) {
        throw new ConfigError(DOOR_ENV.slackUserEmails, 'is not valid JSON', { cause: error });
      }
      const result = slackUserEmailsSchema.safeParse(parsed);
      if (!result.success) throw new ConfigError(DOOR_ENV.slackUserEmails, 'must be a JSON object of Slack user id -> email');
      return new Map(Object.entries(result.data).map(([userId, email]) => [userId, email.toLowerCase()]));
    },
    secretsSource: (): 'secrets-manager' | 'env' => {
      const raw = value(DOOR_ENV.secretsSource) ?? 'secrets-manager';
      if (raw !== 'secrets-manager' && raw !== 'env') throw new ConfigError(DOOR_ENV.secretsSource, "must be 'secrets-manager' or 'env'");
      return raw;
    },
    secretsJson: () => required(DOOR_ENV.secretsJson),
  };
}

export type DoorConfig = ReturnType<typeof createDoorConfig>;
