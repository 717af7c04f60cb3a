/**
 * Working-time arithmetic on a {@link BusinessCalendar}: promise dates, supplier receipts, and the
 * reminder / escalation deadlines of the approval workflows ("remind after 8 working hours").
 *
 * Instants are ISO-8601 strings (UTC, `...Z` on output); dates are local `YYYY-MM-DD`. Pure: no
 * clock is read, the starting instant is always an argument.
 */
import { DomainValidationError } from '../common/problem';
import type { BusinessCalendar } from './business-calendar.types';

export type { BusinessCalendar } from './business-calendar.types';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Enough to cross any realistic holiday season; a calendar with no working days fails loudly. */
const MAX_SCAN_DAYS = 3 * 366;

/** A calendar that never has a working day, or whose hours are malformed. */
export class InvalidCalendarError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidCalendarError';
  }
}

function parseClock(value: string, field: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new InvalidCalendarError(`calendar.${field} must be HH:MM, got '${value}'`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** A calendar checked and put in the form the arithmetic below asks of it on every day it scans. */
interface WorkingTime {
  readonly startMinute: number;
  readonly endMinute: number;
  /** Indexed by ISO weekday 1..7. */
  readonly workingWeekday: readonly boolean[];
  /** Holidays as day numbers (days since the epoch of the local date). */
  readonly holidayDays: ReadonlySet<number>;
}

/**
 * Calendars are read-only values reused across calls (a handler keeps its catalog for seconds), and
 * a promise scans one day per working day of backlog: checking the hours and turning the holiday
 * strings into day numbers once per calendar, not once per day scanned, keeps that scan cheap.
 */
const workingTimes = new WeakMap<BusinessCalendar, WorkingTime>();

function workingTimeOf(calendar: BusinessCalendar): WorkingTime {
  const known = workingTimes.get(calendar);
  if (known) return known;
  const startMinute = parseClock(calendar.workdayStart, 'workdayStart');
  const endMinute = parseClock(calendar.workdayEnd, 'workdayEnd');
  if (endMinute <= startMinute) {
    throw new InvalidCalendarError(`calendar.workdayEnd (${calendar.workdayEnd}) must be after workdayStart (${calendar.workdayStart})`);
  }
  if (!calendar.workingWeekdays.some((day) => day >= 1 && day <= 7)) {
    throw new InvalidCalendarError('calendar.workingWeekdays must name at least one weekday 1..7');
  }
  const workingWeekday = Array.from({ length: 8 }, (_, weekday) => weekday >= 1 && calendar.workingWeekdays.includes(weekday));
  // A holiday that is not a real date never matched a day, and still does not.
  const holidayDays = new Set(calendar.holidays.filter(isCalendarDate).map((holiday) => dayNumber(holiday)));
  const workingTime = { startMinute, endMinute, workingWeekday, holidayDays };
  workingTimes.set(calendar, workingTime);
  return workingTime;
}

/** Hours in one working day of the calendar (workdayEnd - workdayStart). */
export function workdayLengthHours(calendar: BusinessCalendar): number {
  const { startMinute, endMinute } = workingTimeOf(calendar);
  return (endMinute - startMinute) / 60;
}

/** Parses an ISO instant to epoch milliseconds, naming the field on failure. */
export function parseInstant(instant: string, field = 'instant'): number {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new DomainValidationError([{ path: field, rule: 'instant', message: `expected an ISO-8601 instant, got '${instant}'` }]);
  }
  return ms;
}

/** Days since the epoch of a `YYYY-MM-DD` date (the date as a UTC day number). */
function dayNumber(date: string, field = 'date'): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || formatDay(ms / MS_PER_DAY) !== date) {
    throw new DomainValidationError([{ path: field, rule: 'date', message: `expected a calendar date YYYY-MM-DD, got '${date}'` }]);
  }
  return ms / MS_PER_DAY;
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** True when `value` is a real calendar date in `YYYY-MM-DD` form. */
export function isCalendarDate(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

function isoWeekday(day: number): number {
  // 1970-01-01 (day 0) was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function isWorkingDayNumber(time: WorkingTime, day: number): boolean {
  return time.workingWeekday[isoWeekday(day)] === true && !time.holidayDays.has(day);
}

/** True when the local date is a working weekday and not a holiday. */
export function isWorkingDay(calendar: BusinessCalendar, date: string): boolean {
  return isWorkingDayNumber(workingTimeOf(calendar), dayNumber(date));
}

/** The local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(calendar: BusinessCalendar, instant: string): string {
  const localMs = parseInstant(instant) + calendar.utcOffsetMinutes * MS_PER_MINUTE;
  return formatDay(Math.floor(localMs / MS_PER_DAY));
}

/** UTC epoch ms of a local minute-of-day on a local day number. */
function utcMsOf(calendar: BusinessCalendar, day: number, minuteOfDay: number): number {
  return day * MS_PER_DAY + (minuteOfDay - calendar.utcOffsetMinutes) * MS_PER_MINUTE;
}

function nextWorkingDayFrom(time: WorkingTime, day: number): number {
  for (let candidate = day, scanned = 0; scanned <= MAX_SCAN_DAYS; candidate += 1, scanned += 1) {
    if (isWorkingDayNumber(time, candidate)) return candidate;
  }
  throw new InvalidCalendarError(`no working day within ${MAX_SCAN_DAYS} days after ${formatDay(day)}`);
}

/**
 * Adds working hours to an instant: only time inside working hours on working days counts.
 * Starting outside working hours counts from the next start of a working day. `hours` may be
 * fractional; 0 returns the instant itself (normalised to UTC `Z` form).
 *
 * @example addWorkingHours(cal, '2026-03-06T15:00:00Z', 4) // Friday 16:00 local + 4h -> Monday 11:00 local
 */
export function addWorkingHours(calendar: BusinessCalendar, fromInstant: string, hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new DomainValidationError([{ path: 'hours', rule: 'range', message: `working hours must be a finite number >= 0, got ${hours}` }]);
  }
  const time = workingTimeOf(calendar);
  const { startMinute, endMinute } = time;
  const fromMs = parseInstant(fromInstant, 'fromInstant');
  if (hours === 0) return new Date(fromMs).toISOString();
  // Work in whole milliseconds so results are exact and repeatable.
  let remainingMs = Math.round(hours * 3_600_000);
  let cursorMs = fromMs;
  for (;;) {
    const localMs = cursorMs + calendar.utcOffsetMinutes * MS_PER_MINUTE;
    let day = Math.floor(localMs / MS_PER_DAY);
    const dayStartMs = utcMsOf(calendar, day, startMinute);
    const dayEndMs = utcMsOf(calendar, day, endMinute);
    if (!isWorkingDayNumber(time, day) || cursorMs >= dayEndMs) {
      day = nextWorkingDayFrom(time, day + 1);
      cursorMs = utcMsOf(calendar, day, startMinute);
      continue;
    }
    const startMs = Math.max(cursorMs, dayStartMs);
    const availableMs = dayEndMs - startMs;
    if (remainingMs <= availableMs) return new Date(startMs + remainingMs).toISOString();
    remainingMs -= availableMs;
    cursorMs = dayEndMs;
  }
}

/**
 * Working hours between two instants (0 if `to` is not after `from`). Inverse of
 * {@link addWorkingHours}: `workingHoursBetween(c, a, addWorkingHours(c, a, h)) === h`.
 */
export function workingHoursBetween(calendar: BusinessCalendar, fromInstant: string, toInstant: string): number {
  const time = workingTimeOf(calendar);
  const { startMinute, endMinute } = time;
  const fromMs = parseInstant(fromInstant, 'fromInstant');
  const toMs = parseInstant(toInstant, 'toInstant');
  if (toMs <= fromMs) return 0;
  const offsetMs = calendar.utcOffsetMinutes * MS_PER_MINUTE;
  const firstDay = Math.floor((fromMs + offsetMs) / MS_PER_DAY);
  const lastDay = Math.floor((toMs + offsetMs) / MS_PER_DAY);
  let totalMs = 0;
  for (let day = firstDay; day <= lastDay; day += 1) {
    if (!isWorkingDayNumber(time, day)) continue;
    const startMs = Math.max(fromMs, utcMsOf(calendar, day, startMinute));
    const endMs = Math.min(toMs, utcMsOf(calendar, day, endMinute));
    if (endMs > startMs) totalMs += endMs - startMs;
  }
  return totalMs / 3_600_000;
}

/**
 * The first working instant at or after `fromInstant` (itself when inside working hours).
 */
export function nextWorkingInstant(calendar: BusinessCalendar, fromInstant: string): string {
  const time = workingTimeOf(calendar);
  const { startMinute, endMinute } = time;
  const fromMs = parseInstant(fromInstant, 'fromInstant');
  const day = Math.floor((fromMs + calendar.utcOffsetMinutes * MS_PER_MINUTE) / MS_PER_DAY);
  if (isWorkingDayNumber(time, day)) {
    if (fromMs < utcMsOf(calendar, day, startMinute)) return new Date(utcMsOf(calendar, day, startMinute)).toISOString();
    if (fromMs < utcMsOf(calendar, day, endMinute)) return new Date(fromMs).toISOString();
  }
  return new Date(utcMsOf(calendar, nextWorkingDayFrom(time, day + 1), startMinute)).toISOString();
}

/**
 * Adds whole working days to a local date: the result is the `days`-th working day after `fromDate`
 * (0 returns `fromDate` itself if it is a working day, else the next working day).
 */
export function addWorkingDays(calendar: BusinessCalendar, fromDate: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new DomainValidationError([{ path: 'days', rule: 'integer', message: `working days must be a whole number >= 0, got ${days}` }]);
  }
  const time = workingTimeOf(calendar);
  let day = nextWorkingDayFrom(time, dayNumber(fromDate, 'fromDate'));
  for (let added = 0; added < days; added += 1) day = nextWorkingDayFrom(time, day + 1);
  return formatDay(day);
}

/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addCalendarDays(date: string, days: number): string {
  return formatDay(dayNumber(date) + Math.trunc(days));
}

/** Calendar days from `fromDate` to `toDate` (negative when `toDate` is earlier). */
export function calendarDaysBetween(fromDate: string, toDate: string): number {
  return dayNumber(toDate, 'toDate') - dayNumber(fromDate, 'fromDate');
}

/** The start of the working day (UTC instant) of a local date. */
export function startOfWorkday(calendar: BusinessCalendar, date: string): string {
  const { startMinute } = workingTimeOf(calendar);
  return new Date(utcMsOf(calendar, dayNumber(date), startMinute)).toISOString();
}
