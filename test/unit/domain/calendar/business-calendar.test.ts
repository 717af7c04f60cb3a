import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingHours,
  InvalidCalendarError,
  isWorkingDay,
  localDate,
  nextWorkingInstant,
  workingHoursBetween,
  type BusinessCalendar,
} from '../../../../functions/domain/calendar/business-calendar';
import { DomainValidationError } from '../../../../functions/domain/common/problem';

// Mon-Fri 08:00-16:00 at UTC+1, with 2026-03-09 (a Monday) a holiday.
const calendar: BusinessCalendar = {
  workingWeekdays: [1, 2, 3, 4, 5],
  workdayStart: '08:00',
  workdayEnd: '16:00',
  holidays: ['2026-03-09'],
  utcOffsetMinutes: 60,
};

describe('business calendar', () => {
  describe('isWorkingDay', () => {
    it.each([
      ['2026-03-05', true], // Thursday
      ['2026-03-07', false], // Saturday
      ['2026-03-08', false], // Sunday
      ['2026-03-09', false], // holiday Monday
      ['2026-03-10', true],
    ])('%s -> %s', (date, expected) => {
      // Assess
      expect(isWorkingDay(calendar, date)).toBe(expected);
    });

    it('reads each calendar\'s own holidays, even when another calendar was used before', () => {
      // Arrange
      const withoutHoliday: BusinessCalendar = { ...calendar, holidays: [] };
      const withOtherHoliday: BusinessCalendar = { ...calendar, holidays: ['2026-03-10'] };

      // Act
      isWorkingDay(calendar, '2026-03-09');

      // Assess
      expect(isWorkingDay(withoutHoliday, '2026-03-09')).toBe(true);
      expect(isWorkingDay(withOtherHoliday, '2026-03-09')).toBe(true);
      expect(isWorkingDay(withOtherHoliday, '2026-03-10')).toBe(false);
    });

    it('ignores a holiday that is not a real date (it matches no day)', () => {
      // Arrange
      const withBadHoliday: BusinessCalendar = { ...calendar, holidays: ['2026-02-30', '2026-03-09'] };

      // Assess
      expect(isWorkingDay(withBadHoliday, '2026-03-02')).toBe(true);
      expect(isWorkingDay(withBadHoliday, '2026-03-09')).toBe(false);
    });

    it('refuses a malformed date with a named error', () => {
      // Assess
      expect(() => isWorkingDay(calendar, '2026-02-30')).toThrow(DomainValidationError);
    });
  });

  describe('addWorkingHours', () => {
    it('adds within one working day', () => {
      // Act (Thursday 09:00 local = 08:00Z)
      const result = addWorkingHours(calendar, '2026-03-05T08:00:00Z', 3);

      // Assess (12:00 local)
      expect(result).toBe('2026-03-05T11:00:00.000Z');
    });

    it('skips the night, the weekend and a holiday', () => {
      // Act (Friday 14:00 local, 4 hours: 2 on Friday, then Mon is a holiday, 2 on Tuesday)
      const result = addWorkingHours(calendar, '2026-03-06T13:00:00Z', 4);

      // Assess (Tuesday 10:00 local)
      expect(result).toBe('2026-03-10T09:00:00.000Z');
    });

    it('starts counting at the next opening when called out of hours', () => {
      // Act (Saturday)
      const result = addWorkingHours(calendar, '2026-03-07T12:00:00Z', 1);

      // Assess (Tuesday 09:00 local)
      expect(result).toBe('2026-03-10T08:00:00.000Z');
    });

    it('refuses negative hours and calendars with no working day', () => {
      // Assess
      expect(() => addWorkingHours(calendar, '2026-03-05T08:00:00Z', -1)).toThrow(DomainValidationError);
      expect(() => addWorkingHours({ ...calendar, workingWeekdays: [] }, '2026-03-05T08:00:00Z', 1)).toThrow(InvalidCalendarError);
      expect(() => addWorkingHours({ ...calendar, workdayEnd: '07:00' }, '2026-03-05T08:00:00Z', 1)).toThrow(InvalidCalendarError);
    });

    it('is inverted by workingHoursBetween for any start and any duration', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) }),
          fc.integer({ min: 0, max: 400 * 60 }),
          (startMs, minutes) => {
            // Prepare
            const from = new Date(startMs).toISOString();

            // Act
            const to = addWorkingHours(calendar, from, minutes / 60);

            // Assess
            expect(workingHoursBetween(calendar, from, to)).toBeCloseTo(minutes / 60, 6);
            expect(Date.parse(to)).toBeGreaterThanOrEqual(startMs);
          },
        ),
      );
    });

    it('is monotone in the hours added', () => {
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) }), fc.nat(200), fc.nat(200), (startMs, a, b) => {
          // Prepare
          const from = new Date(startMs).toISOString();

          // Act / Assess
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(Date.parse(addWorkingHours(calendar, from, low))).toBeLessThanOrEqual(Date.parse(addWorkingHours(calendar, from, high)));
        }),
      );
    });
  });

  describe('addWorkingDays', () => {
    it('counts working days only', () => {
      // Assess (Thursday + 2 -> Tuesday, because of the weekend and the holiday Monday)
      expect(addWorkingDays(calendar, '2026-03-05', 2)).toBe('2026-03-10');
      expect(addWorkingDays(calendar, '2026-03-07', 0)).toBe('2026-03-10');
    });
  });

  describe('nextWorkingInstant and localDate', () => {
    it('moves out-of-hours instants to the next opening and keeps working ones', () => {
      // Assess
      expect(nextWorkingInstant(calendar, '2026-03-05T10:00:00Z')).toBe('2026-03-05T10:00:00.000Z');
      expect(nextWorkingInstant(calendar, '2026-03-05T16:00:00Z')).toBe('2026-03-06T07:00:00.000Z');
    });

    it('gives the local calendar date, not the UTC one', () => {
      // Assess (23:30Z on the 5th is 00:30 on the 6th at UTC+1)
      expect(localDate(calendar, '2026-03-05T23:30:00Z')).toBe('2026-03-06');
    });
  });
});
