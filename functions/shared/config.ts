/**
 * The environment the step handlers read, in one place. Each setting is read when a handler asks
 * for it at module scope (so a missing one fails the cold start, naming the variable), and JSON
 * settings are validated. infra/ sets exactly these variables, importing the names from here.
 */
// zod/mini: the full zod build would add ~450 KB to every Lambda bundle.
import * as z from 'zod/mini';
import type { BusinessCalendar } from '../domain/calendar/business-calendar.types';

/** Every variable a step handler may read. */
export const ENV = {
  stage: 'STAGE',
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  /** Prefix of the Secrets Manager secret names (see functions/shared/security/secret-names.ts). */
  secretsPrefix: 'SECRETS_PREFIX',
  senderEmail: 'SENDER_EMAIL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  slackChannel: 'SLACK_CHANNEL',
  /** Optional: Slack Web API base URL (the local runtime points it at its outbox). */
  slackApiUrl: 'SLACK_API_URL',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  approvers: 'APPROVERS',
  thresholds: 'THRESHOLDS',
  businessCalendar: 'BUSINESS_CALENDAR',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** A variable is missing or unusable; names it (never its value, which may be sensitive). */
export class ConfigError extends Error {
  public readonly variable: string;

  public constructor(variable: string, rule: string, options?: { cause?: unknown }) {
    super(`Environment variable ${variable} ${rule}.`, options);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

export const approversSchema = z.object({
  orderReview: z.array(z.email()).check(z.minLength(1)),
  designApproval: z.array(z.email()).check(z.minLength(1)),
  escalation: z.array(z.email()).check(z.minLength(1)),
  buyers: z.array(z.email()).check(z.minLength(1)),
});
export type Approvers = z.infer<typeof approversSchema>;

export const thresholdsSchema = z.object({
  minMarginFraction: z.number().check(z.minimum(0), z.maximum(1)),
  approvalLimitCents: z.int().check(z.minimum(0)),
  maxDesignRevisions: z.int().check(z.minimum(1)),
  maxReworkCycles: z.int().check(z.minimum(0)),
  approvalReminderWorkingHours: z.number().check(z.positive()),
  approvalEscalationWorkingHours: z.number().check(z.positive()),
  approvalExpiryWorkingHours: z.number().check(z.positive()),
  supplierAckWorkingHours: z.number().check(z.positive()),
  shopFloorHeartbeatMinutes: z.number().check(z.positive()),
  failedExecutionsAlarm: z.number().check(z.minimum(0)),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const businessCalendarSchema = z.object({
  workingWeekdays: z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1)),
  workdayStart: z.string().check(z.regex(HH_MM)),
  workdayEnd: z.string().check(z.regex(HH_MM)),
  holidays: z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  utcOffsetMinutes: z.int().check(z.minimum(-840), z.maximum(840)),
}) satisfies z.ZodMiniType<BusinessCalendar>;

/** Reads settings from an environment (process.env by default; tests pass their own). */
export function createConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const required = (name: EnvName): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '') throw new ConfigError(name, 'is not set');
    return value;
  };
  const optional = (name: EnvName): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const json = <T>(name: EnvName, schema: z.ZodMiniType<T>): T => {
    let raw: unknown;
    try {
      raw = JSON.parse(required(name));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(name, 'is not valid JSON', { cause: error });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(name, `breaks a rule at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  };
  return {
    stage: () => optional(ENV.stage) ?? 'dev',
    tableName: () => required(ENV.tableName),
    eventBusName: () => required(ENV.eventBusName),
    secretsPrefix: () => optional(ENV.secretsPrefix) ?? 'mto-flow',
    senderEmail: () => required(ENV.senderEmail),
    sesConfigurationSet: () => optional(ENV.sesConfigurationSet),
    slackChannel: () => required(ENV.slackChannel),
    slackApiUrl: () => optional(ENV.slackApiUrl),
    publicBaseUrl: () => required(ENV.publicBaseUrl).replace(/\/+$/, ''),
    approvers: () => json(ENV.approvers, approversSchema),
    thresholds: () => json(ENV.thresholds, thresholdsSchema),
    businessCalendar: () => json(ENV.businessCalendar, businessCalendarSchema),
  };
}

export type Config = ReturnType<typeof createConfig>;

/** The secret holding the Slack bot token (`xoxb-...`) the notifier posts with. */
export function slackBotTokenSecretName(prefix: string): string {
  return `${prefix}/slack-bot-token`;
}
