/**
 * Deployment settings, read once from CDK context (`cdk.json`, `-c key=value`, or `cdk.context.json`).
 * Every setting has a safe default so `npx cdk synth` works on a fresh clone with no account; a bad
 * value fails synth with an error naming the context key and the value received.
 */
import type { Node } from 'constructs';
import type { BusinessCalendar } from '../functions/domain/calendar/business-calendar.types';

/** Working days, hours and holidays that reminder/escalation/expiry deadlines count in (the domain's shape). */
export type BusinessCalendarSettings = BusinessCalendar;

export interface ApproverSettings {
  /** Who reviews orders that the automatic rules do not clear. */
  readonly orderReview: readonly string[];
  /** Who approves design packages. */
  readonly designApproval: readonly string[];
  /** The second approver an unanswered request escalates to. */
  readonly escalation: readonly string[];
  /** Buyers who take over a purchase order no supplier can fill. */
  readonly buyers: readonly string[];
}

export interface ThresholdSettings {
  /** Orders below this margin (fraction, 0.15 = 15 %) go to a person. */
  readonly minMarginFraction: number;
  /** Orders worth more than this (minor units) go to a person. */
  readonly approvalLimitCents: number;
  /** After this many rejected design revisions the order goes to a person. */
  readonly maxDesignRevisions: number;
  /** After this many failed inspections the unit is scrapped (or the order fails). */
  readonly maxReworkCycles: number;
  /** Working hours before an unanswered approval is reminded, escalated, and expires. */
  readonly approvalReminderWorkingHours: number;
  readonly approvalEscalationWorkingHours: number;
  readonly approvalExpiryWorkingHours: number;
  /** Working hours a supplier has to acknowledge a purchase order before it is re-sourced. */
  readonly supplierAckWorkingHours: number;
  /** Minutes of shop-floor silence (no progress report) before an alert is raised. */
  readonly shopFloorHeartbeatMinutes: number;
  /** Failed executions in 5 minutes that raise the alarm. */
  readonly failedExecutionsAlarm: number;
}

export interface Settings {
  /** Stage name: prefixes the stack and resource names (`dev`, `prod`). */
  readonly stage: string;
  /** Verified SES identity approval emails are sent from. */
  readonly senderEmail: string;
  readonly approvers: ApproverSettings;
  /** Slack channel id approval requests are posted to. */
  readonly slackChannel: string;
  /** Public base URL approval links point at; default: the API's execute-api URL. */
  readonly publicBaseUrl?: string;
  /** Where alarms are sent (email subscription to the alarm topic); none by default. */
  readonly alarmEmail?: string;
  /** Retain the table and archive when the stack is deleted (default: true unless the stage is `dev`). */
  readonly retainData: boolean;
  readonly thresholds: ThresholdSettings;
  readonly businessCalendar: BusinessCalendarSettings;
}

/** A context value that cannot be used; names the key and shows what was received. */
export class InvalidSettingError extends Error {
  public constructor(key: string, rule: string, received: unknown, options?: ErrorOptions) {
    super(`Context setting "${key}" ${rule}; received ${JSON.stringify(received)}`, options);
    this.name = 'InvalidSettingError';
  }
}

export const DEFAULT_THRESHOLDS: ThresholdSettings = {
  minMarginFraction: 0.15,
  approvalLimitCents: 5_000_000,
  maxDesignRevisions: 3,
  maxReworkCycles: 2,
  approvalReminderWorkingHours: 8,
  approvalEscalationWorkingHours: 8,
  approvalExpiryWorkingHours: 16,
  supplierAckWorkingHours: 16,
  shopFloorHeartbeatMinutes: 240,
  failedExecutionsAlarm: 1,
};

export const DEFAULT_CALENDAR: BusinessCalendarSettings = {
  workingWeekdays: [1, 2, 3, 4, 5],
  workdayStart: '08:00',
  workdayEnd: '17:00',
  holidays: [],
  utcOffsetMinutes: 0,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and validates every setting from the construct tree's context. */
export function readSettings(node: Node): Settings {
  const read = (key: string): unknown => {
    const value: unknown = node.tryGetContext(key);
    // `-c key=value` gives strings; JSON-looking ones are parsed so objects can come from the CLI too.
    if (typeof value === 'string' && /^[[{]/.test(value.trim())) {
      try {
        return JSON.parse(value) as unknown;
      } catch (error) {
        throw new InvalidSettingError(key, 'is not valid JSON', value, { cause: error });
      }
    }
    return value;
  };
  const stage = stringSetting('stage', read('stage') ?? 'dev', /^[a-z][a-z0-9-]{0,19}$/, 'must be lower-case letters, digits or dashes (max 20)');
  const senderEmail = stringSetting('senderEmail', read('senderEmail') ?? 'orders@example.com', EMAIL, 'must be an email address');
  const slackChannel = stringSetting('slackChannel', read('slackChannel') ?? 'C0000000000', /^[A-Z0-9#][\w-]*$/i, 'must be a Slack channel id');
  const approversRaw = objectSetting('approvers', read('approvers') ?? {});
  const approvers: ApproverSettings = {
    orderReview: emails('approvers.orderReview', approversRaw.orderReview ?? ['reviewer@example.com']),
    designApproval: emails('approvers.designApproval', approversRaw.designApproval ?? ['engineering@example.com']),
    escalation: emails('approvers.escalation', approversRaw.escalation ?? ['operations@example.com']),
    buyers: emails('approvers.buyers', approversRaw.buyers ?? ['buyer@example.com']),
  };
  const thresholdsRaw = objectSetting('thresholds', read('thresholds') ?? {});
  const thresholds = Object.fromEntries(
    Object.entries(DEFAULT_THRESHOLDS).map(([key, fallback]) => {
      const value: unknown = thresholdsRaw[key] ?? fallback;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new InvalidSettingError(`thresholds.${key}`, 'must be a non-negative number', value);
      }
      return [key, value];
    }),
  ) as unknown as ThresholdSettings;
  if (thresholds.minMarginFraction >= 1) throw new InvalidSettingError('thresholds.minMarginFraction', 'must be below 1', thresholds.minMarginFraction);
  const calendarRaw = objectSetting('businessCalendar', read('businessCalendar') ?? {});
  const offset = calendarRaw.utcOffsetMinutes ?? DEFAULT_CALENDAR.utcOffsetMinutes;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
    throw new InvalidSettingError('businessCalendar.utcOffsetMinutes', 'must be an integer number of minutes within +-840', offset);
  }
  const businessCalendar: BusinessCalendarSettings = {
    workingWeekdays: numberList('businessCalendar.workingWeekdays', calendarRaw.workingWeekdays ?? DEFAULT_CALENDAR.workingWeekdays, 1, 7),
    workdayStart: stringSetting('businessCalendar.workdayStart', calendarRaw.workdayStart ?? DEFAULT_CALENDAR.workdayStart, HH_MM, 'must be HH:MM'),
    workdayEnd: stringSetting('businessCalendar.workdayEnd', calendarRaw.workdayEnd ?? DEFAULT_CALENDAR.workdayEnd, HH_MM, 'must be HH:MM'),
    holidays: stringList('businessCalendar.holidays', calendarRaw.holidays ?? [], DATE, 'must be YYYY-MM-DD dates'),
    utcOffsetMinutes: offset,
  };
  if (businessCalendar.workdayStart >= businessCalendar.workdayEnd) {
    throw new InvalidSettingError('businessCalendar.workdayEnd', 'must be after workdayStart', businessCalendar.workdayEnd);
  }
  const publicBaseUrl = read('publicBaseUrl');
  const alarmEmail = read('alarmEmail');
  const retainData = read('retainData');
  return {
    stage,
    senderEmail,
    approvers,
    slackChannel,
    ...(publicBaseUrl === undefined ? {} : { publicBaseUrl: stringSetting('publicBaseUrl', publicBaseUrl, /^https:\/\/[^\s]+[^/]$/, 'must be an https URL without a trailing slash') }),
    ...(alarmEmail === undefined ? {} : { alarmEmail: stringSetting('alarmEmail', alarmEmail, EMAIL, 'must be an email address') }),
    retainData: retainData === undefined ? stage !== 'dev' : retainData === true || retainData === 'true',
    thresholds,
    businessCalendar,
  };
}

function stringSetting(key: string, value: unknown, pattern: RegExp, rule: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidSettingError(key, rule, value);
  return value;
}

function objectSetting(key: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidSettingError(key, 'must be an object', value);
  return value as Record<string, unknown>;
}

function stringList(key: string, value: unknown, pattern: RegExp, rule: string): string[] {
  if (!Array.isArray(value)) throw new InvalidSettingError(key, 'must be a list', value);
  return value.map((item, index) => stringSetting(`${key}[${index}]`, item, pattern, rule));
}

function emails(key: string, value: unknown): string[] {
  const list = stringList(key, value, EMAIL, 'must be email addresses');
  if (list.length === 0) throw new InvalidSettingError(key, 'must name at least one address', value);
  return list;
}

function numberList(key: string, value: unknown, min: number, max: number): number[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidSettingError(key, 'must be a non-empty list', value);
  return value.map((item, index) => {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < min || item > max) {
      throw new InvalidSettingError(`${key}[${index}]`, `must be an integer from ${min} to ${max}`, item);
    }
    return item;
  });
}
