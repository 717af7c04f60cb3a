/**
 * ISO-8601 / RFC 3339 timestamps as Step Functions accepts them: a `T` between date and time and
 * a zone (`Z` or `±hh:mm`) are required; fractional seconds are optional. Comparison keeps
 * sub-millisecond digits, which `Date` would drop.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** A point in time: whole milliseconds since the epoch plus the nanoseconds below them. */
export interface Instant {
  readonly epochMs: number;
  readonly subMsNanos: number;
}

export const parseTimestamp = (text: string): Instant | undefined => {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = (m[7] ?? '').padEnd(9, '0');
  const zone = m[8] as string;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
  if (day > daysInMonth) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const [oh, om] = zone.slice(1).split(':').map(Number) as [number, number];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to the 1900s.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const adjusted = date.getTime() - offsetMinutes * 60_000;
  const ms = Number(fraction.slice(0, 3));
  return { epochMs: adjusted + ms, subMsNanos: Number(fraction.slice(3)) };
};

export const isTimestamp = (value: unknown): value is string => typeof value === 'string' && parseTimestamp(value) !== undefined;

/** Negative, zero or positive like a comparator. */
export const compareInstants = (a: Instant, b: Instant): number => (a.epochMs !== b.epochMs ? a.epochMs - b.epochMs : a.subMsNanos - b.subMsNanos);
