import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayNumberOf,
  daysInclusive,
  formatInstant,
  instantFormatter,
  isValidTimeZone,
  localParts,
  localQuarterMapper,
  PERIOD_PRESETS,
  QUARTER_MS,
  quarterBucketMapper,
  resolvePeriod,
  startOfLocalDate,
  startOfLocalDay,
  wallClockToMs,
  weekdayOfDayNumber,
} from '../../shared/time';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

// Pinned zones (tzdata as of 2026):
const MEXICO_CITY = 'America/Mexico_City'; // -06:00 all year (no DST since 2022)
const NEW_YORK = 'America/New_York'; // EST -05:00 / EDT -04:00; DST 2026-03-08 and 2026-11-01, at 02:00 local
const LONDON = 'Europe/London'; // GMT / BST; 2026-03-29 and 2026-10-25, at 01:00 UTC
const KOLKATA = 'Asia/Kolkata'; // +05:30
const ADELAIDE = 'Australia/Adelaide'; // +09:30 / +10:30; DST 2026-04-05 (ends) and 2026-10-04 (starts)
const KATHMANDU = 'Asia/Kathmandu'; // +05:45
const ZONES = [MEXICO_CITY, NEW_YORK, LONDON, KOLKATA, ADELAIDE, KATHMANDU];

describe('calendar dates', () => {
  it.each([
    ['1970-01-01', 0],
    ['2026-11-21', 20_778], // 56 × 365 + 14 leap days to 2026-01-01, + 324 days into the year
    ['2024-02-29', 19_782], // leap day
    ['2026-02-29', null], // not a leap year
    ['2026-02-30', null],
    ['2026-13-01', null],
    ['2026-1-5', null],
    ['21-11-2026', null],
    ['', null],
  ])('dayNumberOf(%j) → %s', (date, dayNumber) => {
    expect(dayNumberOf(date)).toBe(dayNumber);
  });

  it('weekdays start on Monday = 0', () => {
    expect(weekdayOfDayNumber(dayNumberOf('2026-11-16')!)).toBe(0); // Monday
    expect(weekdayOfDayNumber(dayNumberOf('2026-11-21')!)).toBe(5); // Saturday
    expect(weekdayOfDayNumber(dayNumberOf('2026-11-22')!)).toBe(6); // Sunday
    expect(weekdayOfDayNumber(dayNumberOf('1969-12-29')!)).toBe(0); // a Monday before day 0
  });

  it('adds days across month and year ends and counts inclusive days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysInclusive('2026-11-15', '2026-11-21')).toBe(7);
    expect(daysInclusive('2026-11-21', '2026-11-21')).toBe(1);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    [MEXICO_CITY, true],
    [KATHMANDU, true],
    ['UTC', true],
    ['Etc/GMT+5', true],
    ['Mars/Olympus_Mons', false],
    ['+05:00', false], // offsets are not zones: they drift across DST (product.md §6)
    ['UTC+5', false],
    ['', false],
  ])('%j → %s', (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid);
  });
});

describe('formatInstant: ISO 8601 with the zone offset at that instant', () => {
  it.each([
    ['2026-11-21T15:30:00Z', MEXICO_CITY, '2026-11-21T09:30:00.000-06:00'],
    ['2026-11-21T15:30:00Z', KOLKATA, '2026-11-21T21:00:00.000+05:30'],
    ['2026-11-21T15:30:00Z', KATHMANDU, '2026-11-21T21:15:00.000+05:45'],
    ['2026-11-21T15:30:00Z', 'UTC', '2026-11-21T15:30:00.000+00:00'],
    ['2026-07-01T12:00:00.123Z', LONDON, '2026-07-01T13:00:00.123+01:00'], // BST
    ['2026-01-01T12:00:00Z', LONDON, '2026-01-01T12:00:00.000+00:00'], // GMT
    // The repeated hour in New York: same reading, different offsets.
    ['2026-11-01T05:30:00Z', NEW_YORK, '2026-11-01T01:30:00.000-04:00'],
    ['2026-11-01T06:30:00Z', NEW_YORK, '2026-11-01T01:30:00.000-05:00'],
    ['2026-10-03T16:15:00Z', ADELAIDE, '2026-10-04T01:45:00.000+09:30'],
    ['2026-10-03T16:30:00Z', ADELAIDE, '2026-10-04T03:00:00.000+10:30'], // clocks jump 02:00 → 03:00
  ])('%s in %s → %s', (iso, tz, formatted) => {
    expect(formatInstant(at(iso), tz)).toBe(formatted);
  });

  it('round-trips through Date.parse for any instant in any pinned zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }), fc.constantFrom(...ZONES), (ms, tz) => {
        expect(Date.parse(formatInstant(ms, tz))).toBe(ms);
      }),
    );
  });
});

describe('instantFormatter: formatInstant for many instants of one zone', () => {
  it('writes what formatInstant writes, around clock changes and anywhere else, whatever came before', () => {
    // One formatter per run, fed instants in any order: its per-day and per-offset memory must
    // never leak a neighbouring day's date or offset.
    const nearChange = fc
      .tuple(fc.constantFrom('2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-10-03T16:30:00Z', '2026-04-04T16:30:00Z', '2026-03-29T01:00:00Z'), fc.integer({ min: -7_200_000, max: 7_200_000 }))
      .map(([iso, d]) => at(iso) + d);
    const anywhere = fc.integer({ min: at('1900-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') });
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(fc.oneof(nearChange, anywhere), { minLength: 1, maxLength: 30 }), (tz, instants) => {
        const format = instantFormatter(tz);
        for (const ms of instants) expect(format(ms)).toBe(formatInstant(ms, tz));
      }),
    );
  });

  it('leaves years past 9999 to formatInstant', () => {
    const ms = at('+010000-01-01T12:00:00Z');
    expect(instantFormatter(KOLKATA)(ms)).toBe(formatInstant(ms, KOLKATA));
  });
});

describe('local days and wall-clock readings', () => {
  it.each([
    // [instant, zone, start of its local day]
    ['2026-11-21T03:00:00Z', MEXICO_CITY, '2026-11-20T06:00:00Z'], // still the 20th in Mexico City
    ['2026-03-08T12:00:00Z', NEW_YORK, '2026-03-08T05:00:00Z'], // a 23-hour day starts in EST
    ['2026-11-01T12:00:00Z', NEW_YORK, '2026-11-01T04:00:00Z'], // a 25-hour day starts in EDT
    ['2026-11-21T18:30:00Z', KOLKATA, '2026-11-21T18:30:00Z'], // exactly local midnight
    ['2026-11-21T18:29:59Z', KOLKATA, '2026-11-20T18:30:00Z'],
    ['2026-11-21T18:15:00Z', KATHMANDU, '2026-11-21T18:15:00Z'],
  ])('startOfLocalDay(%s, %s) = %s', (iso, tz, start) => {
    expect(startOfLocalDay(at(iso), tz)).toBe(at(start));
  });

  it('agrees with luxon on the start of the day and the local parts of any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }), fc.constantFrom(...ZONES), (ms, tz) => {
        const local = DateTime.fromMillis(ms, { zone: tz });
        expect(startOfLocalDay(ms, tz)).toBe(local.startOf('day').toMillis());
        expect(localParts(ms, tz)).toEqual({ date: local.toISODate(), weekday: local.weekday - 1, hour: local.hour });
      }),
    );
  });

  it('maps a skipped reading to the end of the gap and a repeated one to its first occurrence', () => {
    // 02:30 does not exist in New York on 2026-03-08: the clock jumps from 01:59:59 EST to 03:00 EDT.
    expect(wallClockToMs(Date.UTC(2026, 2, 8, 2, 30), NEW_YORK)).toBe(at('2026-03-08T07:00:00Z'));
    // 01:30 happens twice on 2026-11-01: first at 05:30Z (EDT), then 06:30Z (EST).
    expect(wallClockToMs(Date.UTC(2026, 10, 1, 1, 30), NEW_YORK)).toBe(at('2026-11-01T05:30:00Z'));
    expect(startOfLocalDate('2026-11-22', KATHMANDU)).toBe(at('2026-11-21T18:15:00Z'));
  });
});

describe('resolvePeriod', () => {
  // Saturday 2026-11-21, 09:00 in Mexico City.
  const NOW = at('2026-11-21T15:00:00Z');

  it('last_7_days ends today and includes it, bucketed by day', () => {
    const period = resolvePeriod({ preset: 'last_7_days' }, MEXICO_CITY, NOW);
    expect(period).toMatchObject({
      from: '2026-11-15',
      to: '2026-11-21',
      tz: MEXICO_CITY,
      startMs: at('2026-11-15T06:00:00Z'), // local midnight at -06:00
      endMs: at('2026-11-22T06:00:00Z'), // exclusive: midnight after the 21st
      bucket: 'day',
      previous: {
        from: '2026-11-08',
        to: '2026-11-14',
        startMs: at('2026-11-08T06:00:00Z'),
        endMs: at('2026-11-15T06:00:00Z'),
      },
    });
    expect(period.buckets.map((b) => b.key)).toEqual([
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
    ]);
    expect(period.buckets[0]).toEqual({ key: '2026-11-15', startMs: at('2026-11-15T06:00:00Z'), endMs: at('2026-11-16T06:00:00Z') });
  });

  it.each([
    // [preset, from, to, previous from, previous to] with now = 2026-11-21 09:00 local
    ['today', '2026-11-21', '2026-11-21', '2026-11-20', '2026-11-20'],
    ['yesterday', '2026-11-20', '2026-11-20', '2026-11-19', '2026-11-19'],
    ['last_7_days', '2026-11-15', '2026-11-21', '2026-11-08', '2026-11-14'],
    ['last_14_days', '2026-11-08', '2026-11-21', '2026-10-25', '2026-11-07'],
    ['last_30_days', '2026-10-23', '2026-11-21', '2026-09-23', '2026-10-22'],
    // Month to date (21 days); the previous period is the 21 days before the 1st.
    ['this_month', '2026-11-01', '2026-11-21', '2026-10-11', '2026-10-31'],
    // October has 31 days; the previous period is the 31 days before October 1st.
    ['last_month', '2026-10-01', '2026-10-31', '2026-08-31', '2026-09-30'],
  ] as const)('%s → %s..%s, previous %s..%s', (preset, from, to, previousFrom, previousTo) => {
    const period = resolvePeriod({ preset }, MEXICO_CITY, NOW);
    expect([period.from, period.to, period.previous.from, period.previous.to]).toEqual([from, to, previousFrom, previousTo]);
    expect(period.previous.endMs).toBe(period.startMs);
  });

  it('covers every preset', () => {
    for (const preset of PERIOD_PRESETS) expect(() => resolvePeriod({ preset }, MEXICO_CITY, NOW)).not.toThrow();
  });

  it('takes "today" in the zone, not in UTC', () => {
    // 2026-11-22T03:00Z is still 21:00 on the 21st in Mexico City, but already the 22nd in Kolkata.
    const late = at('2026-11-22T03:00:00Z');
    expect(resolvePeriod({ preset: 'today' }, MEXICO_CITY, late).from).toBe('2026-11-21');
    expect(resolvePeriod({ preset: 'today' }, KOLKATA, late).from).toBe('2026-11-22');
  });

  it('last_month in January is December of the previous year', () => {
    const period = resolvePeriod({ preset: 'last_month' }, MEXICO_CITY, at('2026-01-10T18:00:00Z'));
    expect([period.from, period.to]).toEqual(['2025-12-01', '2025-12-31']);
  });

  it('a single day is bucketed by hour: 24 buckets on an ordinary day', () => {
    const period = resolvePeriod({ preset: 'today' }, KATHMANDU, NOW);
    expect(period.bucket).toBe('hour');
    expect(period.startMs).toBe(at('2026-11-20T18:15:00Z')); // 2026-11-21 00:00 +05:45
    expect(period.buckets).toHaveLength(24);
    expect(period.buckets[0]).toEqual({ key: '2026-11-21T00:00', startMs: at('2026-11-20T18:15:00Z'), endMs: at('2026-11-20T19:15:00Z') });
    expect(period.buckets[23]!.key).toBe('2026-11-21T23:00');
    expect(period.buckets[23]!.endMs).toBe(period.endMs);
    expect(period.previous).toMatchObject({ from: '2026-11-20', to: '2026-11-20' });
  });

  it('a 23-hour day (New York, clocks forward at 02:00) has 23 hour buckets and no 02:00', () => {
    const period = resolvePeriod({ from: '2026-03-08', to: '2026-03-08' }, NEW_YORK, NOW);
    expect(period.startMs).toBe(at('2026-03-08T05:00:00Z')); // midnight EST
    expect(period.endMs).toBe(at('2026-03-09T04:00:00Z')); // midnight EDT
    expect(period.endMs - period.startMs).toBe(23 * HOUR);
    expect(period.buckets).toHaveLength(23);
    expect(period.buckets.slice(0, 4)).toEqual([
      { key: '2026-03-08T00:00', startMs: at('2026-03-08T05:00:00Z'), endMs: at('2026-03-08T06:00:00Z') },
      { key: '2026-03-08T01:00', startMs: at('2026-03-08T06:00:00Z'), endMs: at('2026-03-08T07:00:00Z') },
      { key: '2026-03-08T03:00', startMs: at('2026-03-08T07:00:00Z'), endMs: at('2026-03-08T08:00:00Z') },
      { key: '2026-03-08T04:00', startMs: at('2026-03-08T08:00:00Z'), endMs: at('2026-03-08T09:00:00Z') },
    ]);
  });

  it('a 25-hour day (New York, clocks back at 02:00) has 25 hour buckets; the repeated 01:00 carries its offset', () => {
    const period = resolvePeriod({ from: '2026-11-01', to: '2026-11-01' }, NEW_YORK, NOW);
    expect(period.endMs - period.startMs).toBe(25 * HOUR);
    expect(period.buckets).toHaveLength(25);
    expect(period.buckets.slice(0, 4)).toEqual([
      { key: '2026-11-01T00:00', startMs: at('2026-11-01T04:00:00Z'), endMs: at('2026-11-01T05:00:00Z') },
      { key: '2026-11-01T01:00-04:00', startMs: at('2026-11-01T05:00:00Z'), endMs: at('2026-11-01T06:00:00Z') }, // EDT
      { key: '2026-11-01T01:00-05:00', startMs: at('2026-11-01T06:00:00Z'), endMs: at('2026-11-01T07:00:00Z') }, // EST
      { key: '2026-11-01T02:00', startMs: at('2026-11-01T07:00:00Z'), endMs: at('2026-11-01T08:00:00Z') },
    ]);
    expect(new Set(period.buckets.map((b) => b.key)).size).toBe(25);
  });

  it.each([
    // [zone, date, hour buckets, a key that must be there, a key that must not]
    [LONDON, '2026-03-29', 23, '2026-03-29T02:00', '2026-03-29T01:00'], // 01:00 GMT → 02:00 BST
    [LONDON, '2026-10-25', 25, '2026-10-25T01:00+00:00', '2026-10-25T01:00'], // 01:00 happens twice
    [ADELAIDE, '2026-10-04', 23, '2026-10-04T03:00', '2026-10-04T02:00'], // 02:00 +09:30 → 03:00 +10:30
    [ADELAIDE, '2026-04-05', 25, '2026-04-05T02:00+09:30', '2026-04-05T02:00'], // 03:00 +10:30 → 02:00 +09:30
    [MEXICO_CITY, '2026-04-05', 24, '2026-04-05T02:00', '2026-04-05T02:00-06:00'], // no DST any more
    [KOLKATA, '2026-11-21', 24, '2026-11-21T23:00', '2026-11-22T00:00'],
  ])('%s on %s has %i hour buckets', (tz, date, count, present, absent) => {
    const period = resolvePeriod({ from: date, to: date }, tz, NOW);
    const keys = period.buckets.map((b) => b.key);
    expect(keys).toHaveLength(count);
    expect(period.endMs - period.startMs).toBe(count * HOUR);
    expect(keys).toContain(present);
    expect(keys).not.toContain(absent);
    // Buckets tile the day without gaps or overlaps.
    expect(period.buckets[0]!.startMs).toBe(period.startMs);
    period.buckets.forEach((b, i) => expect(b.endMs).toBe(period.buckets[i + 1]?.startMs ?? period.endMs));
  });

  it('day buckets across a DST change are 24, 25 and 24 hours long', () => {
    const period = resolvePeriod({ from: '2026-10-31', to: '2026-11-02' }, NEW_YORK, NOW);
    expect(period.bucket).toBe('day');
    expect(period.buckets.map((b) => (b.endMs - b.startMs) / HOUR)).toEqual([24, 25, 24]);
    expect(period.previous).toMatchObject({ from: '2026-10-28', to: '2026-10-30' });
  });

  it('refuses what the report query parser would have reported', () => {
    expect(() => resolvePeriod({ preset: 'today' }, 'Mars/Olympus_Mons', NOW)).toThrow(RangeError);
    expect(() => resolvePeriod({ from: '2026-11-21', to: '2026-11-20' }, MEXICO_CITY, NOW)).toThrow(RangeError);
    expect(() => resolvePeriod({ from: '2026-02-30', to: '2026-03-01' }, MEXICO_CITY, NOW)).toThrow(RangeError);
  });
});

describe('localQuarterMapper: UTC quarter-hours → local date, weekday, hour', () => {
  const quarter = (iso: string): number => at(iso) / QUARTER_MS;

  it('places 01:30 of both occurrences of the repeated hour in New York at local hour 1', () => {
    const period = resolvePeriod({ from: '2026-11-01', to: '2026-11-01' }, NEW_YORK, 0);
    const toLocal = localQuarterMapper(NEW_YORK, period.startMs, period.endMs);
    const toBucket = quarterBucketMapper(period);
    // 05:30Z = 01:30 EDT (first occurrence); 06:30Z = 01:30 EST (second occurrence).
    // 2026-11-01 is a Sunday (weekday 6).
    expect(toLocal(quarter('2026-11-01T05:30:00Z'))).toEqual({ date: '2026-11-01', weekday: 6, hour: 1 });
    expect(toLocal(quarter('2026-11-01T06:30:00Z'))).toEqual({ date: '2026-11-01', weekday: 6, hour: 1 });
    expect(toLocal(quarter('2026-11-01T07:00:00Z'))).toEqual({ date: '2026-11-01', weekday: 6, hour: 2 });
    // The series buckets keep the two 01:00 hours apart.
    expect(period.buckets[toBucket(quarter('2026-11-01T05:30:00Z'))]!.key).toBe('2026-11-01T01:00-04:00');
    expect(period.buckets[toBucket(quarter('2026-11-01T06:30:00Z'))]!.key).toBe('2026-11-01T01:00-05:00');
    expect(toBucket(quarter('2026-11-01T03:45:00Z'))).toBe(-1); // 23:45 on Oct 31: before the period
    expect(toBucket(quarter('2026-11-02T05:00:00Z'))).toBe(-1); // midnight Nov 2: after it
  });

  it.each([
    // [zone, instant, local date, weekday, hour]
    [KOLKATA, '2026-11-21T18:15:00Z', '2026-11-21', 5, 23], // 23:45 Saturday (+05:30)
    [KOLKATA, '2026-11-21T18:30:00Z', '2026-11-22', 6, 0], // 00:00 Sunday
    [KOLKATA, '2026-11-21T03:45:00Z', '2026-11-21', 5, 9], // 09:15
    [KATHMANDU, '2026-11-21T18:00:00Z', '2026-11-21', 5, 23], // 23:45 (+05:45)
    [KATHMANDU, '2026-11-21T18:15:00Z', '2026-11-22', 6, 0], // 00:00
    [ADELAIDE, '2026-10-03T16:15:00Z', '2026-10-04', 6, 1], // 01:45 +09:30
    [ADELAIDE, '2026-10-03T16:30:00Z', '2026-10-04', 6, 3], // 03:00 +10:30: 02:xx never happens
    [MEXICO_CITY, '2026-11-21T15:00:00Z', '2026-11-21', 5, 9],
  ])('%s: %s → %s weekday %i hour %i', (tz, iso, date, weekday, hour) => {
    const toLocal = localQuarterMapper(tz, at('2026-09-01T00:00:00Z'), at('2026-12-01T00:00:00Z'));
    expect(toLocal(quarter(iso))).toEqual({ date, weekday, hour });
  });

  it('maps quarters outside the precomputed range too', () => {
    const toLocal = localQuarterMapper(KOLKATA, at('2026-11-21T00:00:00Z'), at('2026-11-22T00:00:00Z'));
    expect(toLocal(quarter('2027-01-01T00:00:00Z'))).toEqual({ date: '2027-01-01', weekday: 4, hour: 5 }); // 05:30 Friday
  });

  it.each(ZONES)('agrees with luxon for every quarter of a month spanning DST changes in %s', (tz) => {
    for (const [from, to] of [
      ['2026-03-05T00:00:00Z', '2026-04-10T00:00:00Z'],
      ['2026-09-28T00:00:00Z', '2026-11-05T00:00:00Z'],
    ] as const) {
      const toLocal = localQuarterMapper(tz, at(from), at(to));
      for (let q = quarter(from); q < quarter(to); q++) {
        const local = DateTime.fromMillis(q * QUARTER_MS, { zone: tz });
        const parts = toLocal(q);
        if (parts.hour !== local.hour || parts.date !== local.toISODate() || parts.weekday !== local.weekday - 1) {
          expect({ at: new Date(q * QUARTER_MS).toISOString(), ...parts }).toEqual({
            at: new Date(q * QUARTER_MS).toISOString(),
            date: local.toISODate(),
            weekday: local.weekday - 1,
            hour: local.hour,
          });
        }
      }
    }
  });
});
