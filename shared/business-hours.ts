// Business hours (product.md §6): a workspace schedule (IANA zone, several intervals per weekday,
// holidays), and every duration measured in it as well as in calendar time.
import { z } from 'zod';
import { issuesFromZod, type ParseResult } from './events';
import {
  DAY_MS,
  dayNumberOf,
  isIsoDate,
  isValidTimeZone,
  localDayNumber,
  MINUTE_MS,
  wallClockToMs,
  weekdayOfDayNumber,
} from './time';

/** Monday first, like the heatmap (0 = mon … 6 = sun). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** `'09:30'` → 570; `'24:00'` → 1440. */
function minuteOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const intervalSchema = z
  .strictObject({
    start: z.string().regex(START_TIME, { error: 'expected a time as HH:MM, 00:00 to 23:59' }),
    end: z.string().regex(END_TIME, { error: 'expected a time as HH:MM, 00:01 to 24:00' }),
  })
  // A malformed time already has its own issue; only well-formed pairs are compared.
  .refine((i) => !START_TIME.test(i.start) || !END_TIME.test(i.end) || minuteOfDay(i.start) < minuteOfDay(i.end), {
    path: ['end'],
    error: 'expected the end after the start (use 24:00 for midnight at the end of the day)',
  });

const dayIntervalsSchema = z.array(intervalSchema).superRefine((intervals, ctx) => {
  // Touching intervals (09:00–12:00, 12:00–17:00) are fine; overlapping ones are a typo.
  const byStart = intervals
    .map((interval, index) => ({ index, start: minuteOfDay(interval.start), end: minuteOfDay(interval.end), interval }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  for (let i = 1; i < byStart.length; i++) {
    const previous = byStart[i - 1]!;
    const current = byStart[i]!;
    if (current.start < previous.end) {
      ctx.addIssue({
        code: 'custom',
        path: [current.index, 'start'],
        message: `overlaps ${previous.interval.start}–${previous.interval.end}`,
      });
    }
  }
});

export const businessHoursSchema = z.strictObject({
  timezone: z.string().refine(isValidTimeZone, { error: 'expected an IANA time zone such as America/Mexico_City' }),
  weekly: z.strictObject({
    mon: dayIntervalsSchema.optional(),
    tue: dayIntervalsSchema.optional(),
    wed: dayIntervalsSchema.optional(),
    thu: dayIntervalsSchema.optional(),
    fri: dayIntervalsSchema.optional(),
    sat: dayIntervalsSchema.optional(),
    sun: dayIntervalsSchema.optional(),
  }),
  holidays: z.array(z.string().refine(isIsoDate, { error: 'expected a date as YYYY-MM-DD' })).optional(),
});
export type BusinessHours = z.output<typeof businessHoursSchema>;

/** Validates a schedule; issue paths start with `business_hours` (the PATCH body's field). */
export function parseBusinessHours(
  input: unknown,
  prefix: readonly PropertyKey[] = ['business_hours'],
): ParseResult<BusinessHours> {
  const parsed = businessHoursSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error, prefix) };
  return { ok: true, value: parsed.data };
}

export interface CompiledBusinessHours {
  /**
   * Milliseconds of [startMs, endMs) inside business hours. Antisymmetric: a reversed span gives
   * the negated value (as in calendar time; such spans should not occur).
   */
  durationMs(startMs: number, endMs: number): number;
}

/** No schedule configured: business time is calendar time, so "business" reports still make sense. */
const CALENDAR_TIME: CompiledBusinessHours = { durationMs: (startMs, endMs) => endMs - startMs };

/**
 * Compiles a schedule for repeated use. Each local day's business intervals are turned into real
 * instants once and cached, together with running totals over the days seen, so a span of any
 * length costs two day lookups and one subtraction.
 *
 * Wall-clock rules across DST: an interval runs from the first moment the local clock shows its
 * start to the first moment it shows its end. So 09:00–17:00 is 8 h of real time on a day whose
 * change happens at 02:00, and 7 h or 9 h when the change falls inside it; a start skipped by a
 * spring-forward gap begins when the gap ends. Holidays (local dates) have no business time.
 */
export function compileBusinessHours(schedule: BusinessHours | null): CompiledBusinessHours {
  if (schedule === null) return CALENDAR_TIME;
  const tz = schedule.timezone;
  // Per weekday: merged, sorted [start, end) minute pairs.
  const weekly = WEEKDAY_KEYS.map((key) =>
    mergeIntervals((schedule.weekly[key] ?? []).map((i) => [minuteOfDay(i.start), minuteOfDay(i.end)] as const)),
  );
  const holidays = new Set((schedule.holidays ?? []).map((date) => dayNumberOf(date)));

  // Business intervals of one local day, as real instants [s0, e0, s1, e1, …].
  const dayIntervals = new Map<number, number[]>();
  const intervalsOf = (dayNumber: number): number[] => {
    let instants = dayIntervals.get(dayNumber);
    if (instants === undefined) {
      instants = [];
      if (!holidays.has(dayNumber)) {
        for (const [start, end] of weekly[weekdayOfDayNumber(dayNumber)]!) {
          const startMs = wallClockToMs(dayNumber * DAY_MS + start * MINUTE_MS, tz);
          const endMs = wallClockToMs(dayNumber * DAY_MS + end * MINUTE_MS, tz);
          if (endMs > startMs) instants.push(startMs, endMs);
        }
      }
      dayIntervals.set(dayNumber, instants);
    }
    return instants;
  };
  const overlapMs = (dayNumber: number, fromMs: number, toMs: number): number => {
    const instants = intervalsOf(dayNumber);
    let total = 0;
    for (let i = 0; i < instants.length; i += 2) {
      const overlap = Math.min(instants[i + 1]!, toMs) - Math.max(instants[i]!, fromMs);
      if (overlap > 0) total += overlap;
    }
    return total;
  };
  const wholeDays = runningTotals((dayNumber) => overlapMs(dayNumber, -Infinity, Infinity));

  const durationMs = (startMs: number, endMs: number): number => {
    if (endMs < startMs) return -durationMs(endMs, startMs);
    if (endMs === startMs) return 0;
    const firstDay = localDayNumber(startMs, tz);
    const lastDay = localDayNumber(endMs, tz);
    if (firstDay === lastDay) return overlapMs(firstDay, startMs, endMs);
    return (
      overlapMs(firstDay, startMs, Infinity) +
      wholeDays.sum(firstDay + 1, lastDay) +
      overlapMs(lastDay, -Infinity, endMs)
    );
  };
  return { durationMs };
}

const compiledSchedules = new WeakMap<BusinessHours, CompiledBusinessHours>();

/**
 * Business milliseconds of [startMs, endMs) under `schedule`; compiles and caches per schedule
 * object, so calling it for every duration of thousands of conversations stays cheap. A null
 * schedule (none configured) gives calendar durations.
 */
export function businessDurationMs(schedule: BusinessHours | null, startMs: number, endMs: number): number {
  if (schedule === null) return endMs - startMs;
  let compiled = compiledSchedules.get(schedule);
  if (!compiled) {
    compiled = compileBusinessHours(schedule);
    compiledSchedules.set(schedule, compiled);
  }
  return compiled.durationMs(startMs, endMs);
}

function mergeIntervals(intervals: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * Prefix sums of a per-day quantity over a contiguous, lazily widened range of day numbers:
 * `sum(a, b)` is the total of days a … b−1.
 */
function runningTotals(valueOf: (dayNumber: number) => number): { sum(fromDay: number, toDay: number): number } {
  let firstDay = 0;
  // totals[i] = sum of days firstDay … firstDay + i − 1.
  let totals: number[] = [];
  const cover = (fromDay: number, toDay: number): void => {
    if (totals.length === 0) {
      firstDay = fromDay;
      totals = [0];
    }
    if (fromDay < firstDay) {
      const earlier = [0];
      for (let day = fromDay; day < firstDay; day++) earlier.push(earlier[earlier.length - 1]! + valueOf(day));
      const shift = earlier[earlier.length - 1]!;
      totals = earlier.concat(totals.slice(1).map((total) => total + shift));
      firstDay = fromDay;
    }
    while (firstDay + totals.length - 1 < toDay) {
      const day = firstDay + totals.length - 1;
      totals.push(totals[totals.length - 1]! + valueOf(day));
    }
  };
  return {
    sum(fromDay, toDay) {
      if (toDay <= fromDay) return 0;
      cover(fromDay, toDay);
      return totals[toDay - firstDay]! - totals[fromDay - firstDay]!;
    },
  };
}
