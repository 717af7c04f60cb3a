/**
 * The environment the HTTP handlers read, in one place, failing with the variable's name. Each
 * handler checks the settings of the ports it uses at module scope (door-dependencies.ts), so a
 * missing variable fails the cold start, not the first request.
 * The names shared with the lifecycle (TABLE_NAME, SECRETS_PREFIX, PUBLIC_BASE_URL, EVENT_BUS_NAME)
 * are the ones functions/shared/config.ts documents; infra sets the rest on the API's functions.
 */
import * as z from 'zod/mini';

export const DOOR_ENV = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  /** Prefix of the secret names (functions/shared/security/secret-names.ts); default `mto-flow`. */
  secretsPrefix: 'SECRETS_PREFIX',
  /** The API's public base URL (approval links); no trailing slash needed. */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  senderEmail: 'SENDER_EMAIL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  slackChannel: 'SLACK_CHANNEL',
  /** Optional: Slack Web API base URL (the local runtime points it at its outbox). */
  slackApiUrl: 'SLACK_API_URL',
  /** ARN of the order lifecycle state machine (start, stop). */
  orderStateMachineArn: 'ORDER_STATE_MACHINE_ARN',
  /** JSON object mapping Slack user ids to approver emails: `{"U024BE7LH": "eng@acme.example"}`. */
  slackUserEmails: 'SLACK_USER_EMAILS',
  /** `secrets-manager` (default) or `env` (local: secrets from MTO_SECRETS_JSON). */
  secretsSource: 'SECRETS_SOURCE',
  /** With SECRETS_SOURCE=env: a JSON object of secret name -> value. */
  secretsJson: 'MTO_SECRETS_JSON',
} as const;

/** A variable is missing or unusable; names it, never its value. */
export class DoorConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, rule: string, options?: { cause?: unknown }) {
    super(`Environment variable ${variable} ${rule}.`, options);
    this.name = 'DoorConfigError';
    this.variable = variable;
  }
}

const slackUserEmailsSchema = z.record(z.string().check(z.regex(/^[A-Z0-9]{2,32}$/)), z.email());
const secretsJsonSchema = z.record(z.string(), z.string());

export function createDoorConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };
  const required = (name: string): string => {
    const raw = value(name);
    if (raw === undefined) throw new DoorConfigError(name, 'is not set');
    return raw;
  };
  const settings = {
    tableName: () => required(DOOR_ENV.tableName),
    eventBusName: () => required(DOOR_ENV.eventBusName),
    secretsPrefix: () => value(DOOR_ENV.secretsPrefix) ?? 'mto-flow',
    publicBaseUrl: () => required(DOOR_ENV.publicBaseUrl).replace(/\/+$/, ''),
    senderEmail: () => required(DOOR_ENV.senderEmail),
    sesConfigurationSet: () => value(DOOR_ENV.sesConfigurationSet),
    slackChannel: () => required(DOOR_ENV.slackChannel),
    slackApiUrl: () => value(DOOR_ENV.slackApiUrl),
    orderStateMachineArn: () => required(DOOR_ENV.orderStateMachineArn),
    /** Slack user id -> approver email; empty when unset (then no Slack user may decide). */
    slackUserEmails: (): ReadonlyMap<string, string> => {
      const raw = value(DOOR_ENV.slackUserEmails);
      if (raw === undefined) return new Map();
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (error) {
        throw new DoorConfigError(DOOR_ENV.slackUserEmails, 'is not valid JSON', { cause: error });
      }
      const result = slackUserEmailsSchema.safeParse(parsed);
      if (!result.success) throw new DoorConfigError(DOOR_ENV.slackUserEmails, 'must be a JSON object of Slack user id -> email');
      return new Map(Object.entries(result.data).map(([userId, email]) => [userId, email.toLowerCase()]));
    },
    secretsSource: (): 'secrets-manager' | 'env' => {
      const raw = value(DOOR_ENV.secretsSource) ?? 'secrets-manager';
      if (raw !== 'secrets-manager' && raw !== 'env') throw new DoorConfigError(DOOR_ENV.secretsSource, "must be 'secrets-manager' or 'env'");
      return raw;
    },
    secretsJson: () => required(DOOR_ENV.secretsJson),
  };
  /** Where secrets come from, checked: with `env`, MTO_SECRETS_JSON must be a JSON object of strings. */
  const secretStoreSettings = (): { source: 'secrets-manager' } | { source: 'env'; secrets: Readonly<Record<string, string>> } => {
    const source = settings.secretsSource();
    if (source === 'secrets-manager') return { source };
    const raw = settings.secretsJson();
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new DoorConfigError(DOOR_ENV.secretsJson, 'is not valid JSON', { cause: error });
    }
    const result = secretsJsonSchema.safeParse(parsed);
    if (!result.success) throw new DoorConfigError(DOOR_ENV.secretsJson, 'must be a JSON object of secret name -> string value');
    return { source, secrets: result.data };
  };
  return { ...settings, secretStoreSettings };
}

export type DoorConfig = ReturnType<typeof createDoorConfig>;
