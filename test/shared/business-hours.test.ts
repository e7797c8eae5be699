import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  businessDurationMs,
  compileBusinessHours,
  parseBusinessHours,
  WEEKDAY_KEYS,
  type BusinessHours,
} from '../../shared/business-hours';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const MINUTE = 60_000;

// Mexico City is -06:00 all year. Mon–Fri 09:00–13:00 and 14:00–18:00 (8 h a day);
// Monday 2026-11-16 is a holiday (Revolution Day, observed).
const mexicoOffice: BusinessHours = {
  timezone: 'America/Mexico_City',
  weekly: {
    mon: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
    fri: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
  },
  holidays: ['2026-11-16'],
};

/** Every day of the week with the same intervals. */
function everyDay(timezone: string, intervals: Array<{ start: string; end: string }>): BusinessHours {
  return { timezone, weekly: Object.fromEntries(WEEKDAY_KEYS.map((day) => [day, intervals])) };
}

describe('businessDurationMs', () => {
  const office = compileBusinessHours(mexicoOffice);

  it.each([
    // [what, from (local -06:00), to, business hours]
    ['inside one interval', '2026-11-20T10:00:00-06:00', '2026-11-20T11:30:00-06:00', 1.5],
    ['across the lunch break: 10–13 and 14–15', '2026-11-20T10:00:00-06:00', '2026-11-20T15:00:00-06:00', 4],
    ['entirely in the lunch break', '2026-11-20T13:10:00-06:00', '2026-11-20T13:50:00-06:00', 0],
    ['overnight Thu 17:00 → Fri 10:00: 1 h + 1 h', '2026-11-19T17:00:00-06:00', '2026-11-20T10:00:00-06:00', 2],
    ['across a weekend: Fri 17:00 → Mon 10:00, 1 h + 0 + 0 + 1 h', '2026-11-20T17:00:00-06:00', '2026-11-23T10:00:00-06:00', 2],
    ['within a weekend', '2026-11-21T09:00:00-06:00', '2026-11-22T18:00:00-06:00', 0],
    ['across the holiday: Fri 17:00 → Tue 10:00, 1 h + 0 (Mon 16th off) + 1 h', '2026-11-13T17:00:00-06:00', '2026-11-17T10:00:00-06:00', 2],
    ['on the holiday', '2026-11-16T09:00:00-06:00', '2026-11-16T18:00:00-06:00', 0],
    // November 2026: 21 weekdays (Nov 1 is a Sunday), minus the holiday = 20 days × 8 h.
    ['a whole month', '2026-11-01T00:00:00-06:00', '2026-12-01T00:00:00-06:00', 160],
    // September 22 weekdays + October 22 + November 20 = 64 days × 8 h.
    ['three months', '2026-09-01T00:00:00-06:00', '2026-12-01T00:00:00-06:00', 512],
    ['three months, starting and ending mid-interval', '2026-09-01T12:00:00-06:00', '2026-11-30T10:00:00-06:00', 512 - 3 - 7],
  ])('%s: %s → %s is %s business hours', (_what, from, to, hours) => {
    expect(office.durationMs(at(from), at(to))).toBe(hours * HOUR);
  });

  it('is additive, never more than calendar time, and gives the same answer for long spans asked in any order', () => {
    const instant = fc.integer({ min: at('2026-08-01T00:00:00Z'), max: at('2027-02-01T00:00:00Z') });
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const fresh = compileBusinessHours(mexicoOffice); // no warm cache
        const whole = fresh.durationMs(a, c);
        expect(whole).toBe(fresh.durationMs(a, b) + fresh.durationMs(b, c));
        expect(whole).toBeGreaterThanOrEqual(0);
        expect(whole).toBeLessThanOrEqual(c - a);
        expect(fresh.durationMs(c, a)).toBe(-whole);
      }),
    );
  });

  describe('across DST changes (New York: 2026-03-08 02:00 → 03:00, 2026-11-01 02:00 → 01:00)', () => {
    const NY = 'America/New_York';
    const wholeDay = (schedule: BusinessHours, date: string): number => {
      const start = DateTime.fromISO(date, { zone: NY });
      return businessDurationMs(schedule, start.toMillis(), start.plus({ days: 1 }).toMillis()) / HOUR;
    };

    it.each([
      // [intervals, spring-forward day, fall-back day, ordinary day] in real hours
      [[{ start: '09:00', end: '17:00' }], 8, 8, 8], // the change at 02:00 is outside the interval
      [[{ start: '00:00', end: '08:00' }], 7, 9, 8], // the change is inside: one hour less / more
      [[{ start: '00:00', end: '24:00' }], 23, 25, 24],
      // 02:30 never happens on 2026-03-08: the interval starts when the clock jumps to 03:00.
      [[{ start: '02:30', end: '04:00' }], 1, 1.5, 1.5],
    ])('%j: %s h / %s h / %s h', (intervals, spring, fall, ordinary) => {
      const schedule = everyDay(NY, intervals);
      expect(wholeDay(schedule, '2026-03-08')).toBe(spring);
      expect(wholeDay(schedule, '2026-11-01')).toBe(fall);
      expect(wholeDay(schedule, '2026-11-02')).toBe(ordinary);
    });

    it('a span across the change counts real time: Sat 16:00 → Sun 10:00 under 08:00–18:00 daily', () => {
      // 08:00–18:00 daily. Sat 2026-10-31 16:00 EDT → Sun 2026-11-01 10:00 EST:
      // Saturday 16–18 (2 h) + Sunday 08–10 (2 h; the extra hour is at 01:00, outside) = 4 h,
      // while the calendar span is 19 h (18 + the repeated hour).
      const schedule = everyDay(NY, [{ start: '08:00', end: '18:00' }]);
      const from = at('2026-10-31T16:00:00-04:00');
      const to = at('2026-11-01T10:00:00-05:00');
      expect(to - from).toBe(19 * HOUR);
      expect(businessDurationMs(schedule, from, to)).toBe(4 * HOUR);
    });
  });

  it('Adelaide (+09:30 → +10:30 on 2026-10-04 at 02:00): 09:00–17:00 is still 8 h', () => {
    const schedule = everyDay('Australia/Adelaide', [{ start: '09:00', end: '17:00' }]);
    expect(businessDurationMs(schedule, at('2026-10-04T00:00:00+09:30'), at('2026-10-05T00:00:00+10:30'))).toBe(8 * HOUR);
    // The interval's start 09:00 is 22:30Z the day before, in the new offset.
    expect(businessDurationMs(schedule, at('2026-10-03T22:30:00Z'), at('2026-10-03T23:00:00Z'))).toBe(30 * MINUTE);
  });

  it('Kathmandu (+05:45): an interval starts at 03:15 UTC', () => {
    const schedule = everyDay('Asia/Kathmandu', [{ start: '09:00', end: '17:00' }]);
    expect(businessDurationMs(schedule, at('2026-11-21T03:00:00Z'), at('2026-11-21T03:30:00Z'))).toBe(15 * MINUTE);
  });

  it('adjacent intervals join, and a day with none has no business time', () => {
    const split: BusinessHours = {
      timezone: 'UTC',
      weekly: { sat: [{ start: '12:00', end: '24:00' }, { start: '00:00', end: '12:00' }] },
    };
    // Saturday 2026-11-21 whole, then Sunday (no intervals).
    expect(businessDurationMs(split, at('2026-11-21T00:00:00Z'), at('2026-11-23T00:00:00Z'))).toBe(24 * HOUR);
  });

  it('with no schedule configured, business time is calendar time', () => {
    expect(businessDurationMs(null, at('2026-11-21T00:00:00Z'), at('2026-11-22T01:00:00Z'))).toBe(25 * HOUR);
    expect(compileBusinessHours(null).durationMs(1_000, 61_000)).toBe(60_000);
  });

  it('agrees with counting quarter-hours one by one (New York and Adelaide, across DST)', () => {
    // Interval bounds avoid the hours that are skipped or repeated, where "is the clock inside
    // 09:00–12:30?" and "from when the clock first shows 09:00" can differ.
    const weekly = {
      mon: [{ start: '08:15', end: '12:30' }, { start: '13:45', end: '17:00' }],
      wed: [{ start: '00:00', end: '24:00' }],
      fri: [{ start: '09:00', end: '19:45' }],
      sun: [{ start: '00:00', end: '00:45' }, { start: '10:00', end: '14:00' }],
    };
    const zones = ['America/New_York', 'Australia/Adelaide'];
    const QUARTER = 15 * MINUTE;
    const quarter = fc.integer({ min: at('2026-03-01T00:00:00Z') / QUARTER, max: at('2026-04-15T00:00:00Z') / QUARTER });
    fc.assert(
      fc.property(fc.constantFrom(...zones), quarter, fc.integer({ min: 0, max: 4 * 24 * 10 }), (timezone, first, length) => {
        const schedule: BusinessHours = { timezone, weekly, holidays: ['2026-03-11'] };
        let expected = 0;
        for (let q = first; q < first + length; q++) {
          const local = DateTime.fromMillis(q * QUARTER, { zone: timezone });
          if (local.toISODate() === '2026-03-11') continue;
          const minute = local.hour * 60 + local.minute;
          const day = WEEKDAY_KEYS[local.weekday - 1]!;
          const open = (weekly[day as keyof typeof weekly] ?? []).some(
            (i) => minute >= Number(i.start.slice(0, 2)) * 60 + Number(i.start.slice(3)) && minute < Number(i.end.slice(0, 2)) * 60 + Number(i.end.slice(3)),
          );
          if (open) expected += QUARTER;
        }
        expect(businessDurationMs(schedule, first * QUARTER, (first + length) * QUARTER)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('stays fast: 100,000 durations over a year of conversations', () => {
    const compiled = compileBusinessHours(mexicoOffice);
    const start = at('2026-01-01T00:00:00Z');
    const began = performance.now();
    let total = 0;
    for (let i = 0; i < 100_000; i++) {
      const opened = start + ((i * 7_919_993) % (365 * 24 * HOUR));
      total += compiled.durationMs(opened, opened + ((i * 104_729) % (90 * 24 * HOUR)));
    }
    expect(total).toBeGreaterThan(0);
    expect(performance.now() - began).toBeLessThan(1_000); // typically ~50 ms
  });
});

describe('businessHoursSchema via parseBusinessHours', () => {
  it('accepts a schedule with several intervals a day, 24:00 as an end, and holidays', () => {
    const result = parseBusinessHours({
      timezone: 'Asia/Kolkata',
      weekly: { mon: [{ start: '00:00', end: '09:00' }, { start: '18:00', end: '24:00' }], sat: [] },
      holidays: ['2026-01-26'],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        timezone: 'Asia/Kolkata',
        weekly: { mon: [{ start: '00:00', end: '09:00' }, { start: '18:00', end: '24:00' }], sat: [] },
        holidays: ['2026-01-26'],
      },
    });
  });

  const base = { timezone: 'America/Mexico_City', weekly: {} };
  it.each([
    // [what, input, path of the issue]
    ['end before start', { ...base, weekly: { mon: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '13:00' }] } }, 'business_hours.weekly.mon[1].end'],
    ['end equal to start', { ...base, weekly: { tue: [{ start: '09:00', end: '09:00' }] } }, 'business_hours.weekly.tue[0].end'],
    ['overlapping intervals', { ...base, weekly: { wed: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } }, 'business_hours.weekly.wed[1].start'],
    ['overlap listed out of order', { ...base, weekly: { wed: [{ start: '11:00', end: '13:00' }, { start: '09:00', end: '12:00' }] } }, 'business_hours.weekly.wed[0].start'],
    ['24:00 as a start', { ...base, weekly: { thu: [{ start: '24:00', end: '24:00' }] } }, 'business_hours.weekly.thu[0].start'],
    ['a time without a leading zero', { ...base, weekly: { fri: [{ start: '9:00', end: '17:00' }] } }, 'business_hours.weekly.fri[0].start'],
    ['minutes past 59', { ...base, weekly: { fri: [{ start: '09:00', end: '17:60' }] } }, 'business_hours.weekly.fri[0].end'],
    ['an unknown weekday', { ...base, weekly: { monday: [] } }, 'business_hours.weekly'],
    ['an unknown zone', { ...base, timezone: 'Mexico City' }, 'business_hours.timezone'],
    ['an offset instead of a zone', { ...base, timezone: '-06:00' }, 'business_hours.timezone'],
    ['an impossible holiday', { ...base, holidays: ['2026-01-01', '2026-02-30'] }, 'business_hours.holidays[1]'],
    ['no weekly schedule', { timezone: 'UTC' }, 'business_hours.weekly'],
  ])('%s → one issue, at the field it names', (_what, input, path) => {
    const result = parseBusinessHours(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual([path]);
  });

  it('explains an overlap in plain words', () => {
    const result = parseBusinessHours({ ...base, weekly: { wed: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } });
    expect(result).toEqual({ ok: false, issues: [{ path: 'business_hours.weekly.wed[1].start', message: 'overlaps 09:00–12:00' }] });
  });
});
