/**
 * When the business works: which weekdays, which hours, which holidays, in which local time.
 *
 * A value object (plain JSON). The offset from UTC is fixed: daylight-saving shifts are not modelled,
 * which moves deadlines by at most an hour twice a year; pick the offset of the working season.
 */
export interface BusinessCalendar {
  /** ISO weekday numbers that are working days: 1 = Monday ... 7 = Sunday. */
  readonly workingWeekdays: readonly number[];
  /** Start of the working day, local time, `HH:MM`. */
  readonly workdayStart: string;
  /** End of the working day, local time, `HH:MM` (after the start, same day). */
  readonly workdayEnd: string;
  /** Local calendar dates (`YYYY-MM-DD`) that are not working days. */
  readonly holidays: readonly string[];
  /** Local time minus UTC, in minutes (CET = 60). */
  readonly utcOffsetMinutes: number;
}
