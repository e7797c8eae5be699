// Time for reports (product.md §4 "Period and time zone"): calendar dates, IANA zones, report
// periods and their buckets, and the fast instant → local-hour mapping the worker uses to turn
// UTC quarter-hours into heatmap cells and series buckets. Pure: `now` is always a parameter.
//
// luxon's IANAZone is the one source of zone offsets. Everything else is arithmetic on
// "wall-clock milliseconds" (the local reading as if it were UTC), which keeps the hot paths
// (CSV timestamps, thousands of conversations, business hours) free of Intl calls.
import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The worker groups instants by UTC quarter-hour: `floor(ms / QUARTER_MS)`. */
export const QUARTER_MS = 900_000;

// ---------------------------------------------------------------------------------------------
// Calendar dates (YYYY-MM-DD) as day numbers: days since 1970-01-01.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `'2026-11-21'` → its day number, or null when malformed or not a calendar date (2026-02-30). */
export function dayNumberOf(date: string): number | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches it.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

export function isIsoDate(date: string): boolean {
  return dayNumberOf(date) !== null;
}

export function dateOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday (the heatmap's rows, api.md). 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(requireDayNumber(date) + days);
}

/** Calendar days from `from` to `to`, both included: 2026-11-15..2026-11-21 → 7. */
export function daysInclusive(from: string, to: string): number {
  return requireDayNumber(to) - requireDayNumber(from) + 1;
}

function requireDayNumber(date: string): number {
  const dayNumber = dayNumberOf(date);
  if (dayNumber === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return dayNumber;
}

// ---------------------------------------------------------------------------------------------
// Zones and offsets.

/** IANA names only ("America/Mexico_City", "UTC"); numeric offsets such as "+05:00" are refused. */
export function isValidTimeZone(tz: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz) && IANAZone.isValidZone(tz);
}

type OffsetBlock = number | { atMs: number; before: number; after: number };

const offsetLookups = new Map<string, (ms: number) => number>();

/**
 * The zone's UTC offset in ms at an instant, O(1) after the first call for a UTC day: each UTC
 * day is asked of luxon once and remembered as one offset or one transition (found by binary
 * search). Assumes at most one offset change per UTC day, true of every zone in modern tzdata.
 */
export function offsetLookup(tz: string): (ms: number) => number {
  const known = offsetLookups.get(tz);
  if (known) return known;
  if (!isValidTimeZone(tz)) throw new RangeError(`not an IANA time zone: ${tz}`);
  const zone = IANAZone.create(tz);
  const exact = (ms: number): number => zone.offset(ms) * MINUTE_MS;
  const blocks = new Map<number, OffsetBlock>();
  const describe = (index: number): OffsetBlock => {
    let lo = index * DAY_MS;
    let hi = lo + DAY_MS - 1;
    const before = exact(lo);
    const after = exact(hi);
    if (before === after) return before;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (exact(mid) === before) lo = mid;
      else hi = mid;
    }
    return { atMs: hi, before, after };
  };
  const lookup = (ms: number): number => {
    const index = Math.floor(ms / DAY_MS);
    let block = blocks.get(index);
    if (block === undefined) {
      block = describe(index);
      blocks.set(index, block);
    }
    if (typeof block === 'number') return block;
    return ms < block.atMs ? block.before : block.after;
  };
  offsetLookups.set(tz, lookup);
  return lookup;
}

/** The local wall-clock reading at an instant, as ms since 1970-01-01T00:00 "local". */
function wallClockOf(ms: number, offsetAt: (ms: number) => number): number {
  return ms + offsetAt(ms);
}

/**
 * The first instant at which the zone's clocks show `wallMs` (a local reading written as if it
 * were UTC, e.g. `Date.UTC(2026, 10, 1, 9, 0)` for 09:00 on 2026-11-01).
 * - A reading that happens twice (the repeated hour when clocks go back) → the first one.
 * - A reading skipped by clocks going forward (02:30 on a spring-forward night) → the instant the
 *   gap ends, i.e. the first moment the clock shows a later time.
 */
export function wallClockToMs(wallMs: number, tz: string): number {
  const offsetAt = offsetLookup(tz);
  const before = offsetAt(wallMs - DAY_MS);
  const after = offsetAt(wallMs + DAY_MS);
  const withBefore = wallMs - before;
  if (before === after) return withBefore;
  const withAfter = wallMs - after;
  const fits = (ms: number): boolean => wallClockOf(ms, offsetAt) === wallMs;
  if (fits(withBefore) && fits(withAfter)) return Math.min(withBefore, withAfter);
  if (fits(withBefore)) return withBefore;
  if (fits(withAfter)) return withAfter;
  // In the gap: binary search for the transition between the two candidates.
  let lo = Math.min(withBefore, withAfter);
  let hi = Math.max(withBefore, withAfter);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The first instant of a local calendar date (usually its 00:00). */
export function startOfLocalDate(date: string, tz: string): number {
  return wallClockToMs(requireDayNumber(date) * DAY_MS, tz);
}

/** The first instant of the local day containing `ms`. */
export function startOfLocalDay(ms: number, tz: string): number {
  return wallClockToMs(Math.floor(wallClockOf(ms, offsetLookup(tz)) / DAY_MS) * DAY_MS, tz);
}

/** The local calendar day (as a day number) containing `ms`. */
export function localDayNumber(ms: number, tz: string): number {
  return Math.floor(wallClockOf(ms, offsetLookup(tz)) / DAY_MS);
}

export interface LocalParts {
  /** YYYY-MM-DD, local. */
  date: string;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** 0–23, local. */
  hour: number;
}

export function localParts(ms: number, tz: string): LocalParts {
  const wall = wallClockOf(ms, offsetLookup(tz));
  const dayNumber = Math.floor(wall / DAY_MS);
  return {
    date: dateOfDayNumber(dayNumber),
    weekday: weekdayOfDayNumber(dayNumber),
    hour: Math.floor((wall - dayNumber * DAY_MS) / HOUR_MS),
  };
}

/** `-21_600_000` → `-06:00`. */
function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offsetMs) / MINUTE_MS);
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * ISO 8601 with the zone's offset at that instant, always with milliseconds and a numeric offset
 * (never `Z`): `2026-11-21T09:30:00.000-06:00`. The one timestamp format of the API and CSV
 * (api.md: "timestamps as ISO 8601 strings with the workspace's offset").
 */
export function formatInstant(ms: number, tz: string): string {
  const offset = offsetLookup(tz)(ms);
  return new Date(ms + offset).toISOString().slice(0, 23) + formatOffset(offset);
}

const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/**
 * formatInstant for many instants of one zone (the CSV export writes six a row): the same
 * strings, with each local date's `YYYY-MM-DDT` and each offset's `±hh:mm` made once and the
 * time of day by arithmetic, instead of a Date and an ISO string per instant.
 */
export function instantFormatter(tz: string): (ms: number) => string {
  const offsetAt = offsetLookup(tz);
  const datePrefixes = new Map<number, string | null>();
  let lastOffset = NaN;
  let lastSuffix = '';
  return (ms) => {
    const offset = offsetAt(ms);
    const wall = ms + offset;
    const day = Math.floor(wall / DAY_MS);
    let prefix = datePrefixes.get(day);
    if (prefix === undefined) {
      const iso = new Date(day * DAY_MS).toISOString();
      // Years outside 0000–9999 are written with a sign and six digits: left to formatInstant.
      prefix = iso.length === 24 ? iso.slice(0, 11) : null;
      datePrefixes.set(day, prefix);
    }
    if (prefix === null) return formatInstant(ms, tz);
    if (offset !== lastOffset) {
      lastOffset = offset;
      lastSuffix = formatOffset(offset);
    }
    let t = wall - day * DAY_MS;
    const millis = t % 1000;
    t = (t - millis) / 1000;
    const seconds = t % 60;
    t = (t - seconds) / 60;
    const minutes = t % 60;
    return `${prefix}${PAD2[(t - minutes) / 60]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[millis]}${lastSuffix}`;
  };
}

// ---------------------------------------------------------------------------------------------
// Report periods (product.md §4).

export const PERIOD_PRESETS = [
  'today',
  'yesterday',
  'last_7_days',
  'last_14_days',
  'last_30_days',
  'this_month',
  'last_month',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export type PeriodSpec = { preset: PeriodPreset } | { from: string; to: string };

export interface PeriodBucket {
  key: string;
  startMs: number;
  endMs: number;
}

export interface ResolvedPeriod {
  /** First local date, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last local date, inclusive. */
  to: string;
  tz: string;
  startMs: number;
  /** Exclusive: the start of the local day after `to`. */
  endMs: number;
  bucket: 'hour' | 'day';
  buckets: PeriodBucket[];
  /** The same number of calendar days immediately before `from` (product.md §6 comparison). */
  previous: { from: string; to: string; startMs: number; endMs: number };
}

/** Local dates of a preset: "last N days" ends today and includes it (product.md §4). */
function presetDays(preset: PeriodPreset, today: number): { fromDay: number; toDay: number } {
  const date = new Date(today * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const firstOfThisMonth = Date.UTC(year, month, 1) / DAY_MS;
  switch (preset) {
    case 'today':
      return { fromDay: today, toDay: today };
    case 'yesterday':
      return { fromDay: today - 1, toDay: today - 1 };
    case 'last_7_days':
      return { fromDay: today - 6, toDay: today };
    case 'last_14_days':
      return { fromDay: today - 13, toDay: today };
    case 'last_30_days':
      return { fromDay: today - 29, toDay: today };
    case 'this_month':
      // Month to date, today included.
      return { fromDay: firstOfThisMonth, toDay: today };
    case 'last_month':
      return { fromDay: Date.UTC(year, month - 1, 1) / DAY_MS, toDay: firstOfThisMonth - 1 };
  }
}

/**
 * Resolves a preset or an inclusive custom range into instants, buckets and the previous period,
 * in calendar days of `tz` (a DST day is 23 or 25 hours). Throws RangeError on an unknown zone,
 * a malformed date or `to` before `from`; parseReportQuery reports those as user errors first.
 *
 * The previous period is the same number of calendar days immediately before `from`: for
 * this_month on the 21st (21 days) it is the 21 days before the 1st, not the whole last month;
 * for last_month (say 31 days) it is the 31 days before that month's 1st.
 */
export function resolvePeriod(spec: PeriodSpec, tz: string, now: number): ResolvedPeriod {
  offsetLookup(tz); // validates the zone
  let fromDay: number;
  let toDay: number;
  if ('preset' in spec) {
    ({ fromDay, toDay } = presetDays(spec.preset, localDayNumber(now, tz)));
  } else {
    fromDay = requireDayNumber(spec.from);
    toDay = requireDayNumber(spec.to);
    if (toDay < fromDay) throw new RangeError(`period ends (${spec.to}) before it starts (${spec.from})`);
  }
  const dayStart = (dayNumber: number): number => wallClockToMs(dayNumber * DAY_MS, tz);
  const startMs = dayStart(fromDay);
  const endMs = dayStart(toDay + 1);
  const days = toDay - fromDay + 1;
  const bucket = days === 1 ? 'hour' : 'day';
  const buckets: PeriodBucket[] = [];
  if (bucket === 'hour') {
    buckets.push(...hourBuckets(startMs, endMs, tz));
  } else {
    for (let day = fromDay; day <= toDay; day++) {
      buckets.push({ key: dateOfDayNumber(day), startMs: dayStart(day), endMs: dayStart(day + 1) });
    }
  }
  return {
    from: dateOfDayNumber(fromDay),
    to: dateOfDayNumber(toDay),
    tz,
    startMs,
    endMs,
    bucket,
    buckets,
    previous: {
      from: dateOfDayNumber(fromDay - days),
      to: dateOfDayNumber(fromDay - 1),
      startMs: dayStart(fromDay - days),
      endMs: startMs,
    },
  };
}

/**
 * One bucket per local hour that exists between two instants: 23 on a spring-forward day, 25 on
 * a fall-back day. A bucket is a stretch of real time with one local date, hour and offset.
 *
 * Keys: `YYYY-MM-DDTHH:mm`, the local reading where the bucket starts (minutes are 00 except
 * after a half-hour DST shift, e.g. Lord Howe's 02:30). When an hour occurs twice (clocks going
 * back), both occurrences carry their offset so keys stay unique and readable:
 * `2026-11-01T01:00-04:00` (EDT, first) and `2026-11-01T01:00-05:00` (EST, second).
 */
function hourBuckets(startMs: number, endMs: number, tz: string): PeriodBucket[] {
  const offsetAt = offsetLookup(tz);
  const raw: Array<{ label: string; offset: number; startMs: number; endMs: number }> = [];
  let t = startMs;
  while (t < endMs) {
    const offset = offsetAt(t);
    const wall = t + offset;
    let next = Math.floor(wall / HOUR_MS) * HOUR_MS + HOUR_MS - offset;
    if (offsetAt(next - 1) !== offset) {
      // The offset changes inside this hour: the bucket ends at the transition.
      let lo = t;
      let hi = next - 1;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      next = hi;
    }
    next = Math.min(next, endMs);
    const label = new Date(wall).toISOString().slice(0, 16);
    raw.push({ label, offset, startMs: t, endMs: next });
    t = next;
  }
  const hourLabel = (label: string): string => label.slice(0, 13);
  const seen = new Map<string, number>();
  for (const bucket of raw) seen.set(hourLabel(bucket.label), (seen.get(hourLabel(bucket.label)) ?? 0) + 1);
  return raw.map((bucket) => ({
    key: (seen.get(hourLabel(bucket.label)) ?? 0) > 1 ? bucket.label + formatOffset(bucket.offset) : bucket.label,
    startMs: bucket.startMs,
    endMs: bucket.endMs,
  }));
}

// ---------------------------------------------------------------------------------------------
// Quarter-hour mapping (product.md §6: timezone-true heatmaps). Every zone offset in use is a
// multiple of 15 minutes and changes on a quarter-hour, so a UTC quarter-hour lies within one
// local hour: grouping by `floor(ms / QUARTER_MS)` in SQL and mapping here is exact for
// Asia/Kolkata (+05:30), Australia/Adelaide (+09:30/+10:30), Asia/Kathmandu (+05:45) and DST.

/**
 * Precomputes, for every quarter-hour in [startMs, endMs), its local date, weekday and hour;
 * the returned function is then O(1) and allocation-free (the parts objects are shared: do not
 * mutate them). A quarter outside the range still maps correctly, through `localParts`.
 */
export function localQuarterMapper(
  tz: string,
  startMs: number,
  endMs: number,
): (quarterIndex: number) => Readonly<LocalParts> {
  const offsetAt = offsetLookup(tz);
  const firstQuarter = Math.floor(startMs / QUARTER_MS);
  const count = Math.max(0, Math.ceil(endMs / QUARTER_MS) - firstQuarter);
  const partsOfQuarter: Array<Readonly<LocalParts>> = new Array(count);
  // One shared object per local (day, hour) cell, and one date string per local day.
  const cells = new Map<number, Readonly<LocalParts>>();
  const dates = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const wall = wallClockOf((firstQuarter + i) * QUARTER_MS, offsetAt);
    const dayNumber = Math.floor(wall / DAY_MS);
    const hour = Math.floor((wall - dayNumber * DAY_MS) / HOUR_MS);
    const cellKey = dayNumber * 24 + hour;
    let parts = cells.get(cellKey);
    if (parts === undefined) {
      let date = dates.get(dayNumber);
      if (date === undefined) {
        date = dateOfDayNumber(dayNumber);
        dates.set(dayNumber, date);
      }
      parts = Object.freeze({ date, weekday: weekdayOfDayNumber(dayNumber), hour });
      cells.set(cellKey, parts);
    }
    partsOfQuarter[i] = parts;
  }
  return (quarterIndex) => {
    const i = quarterIndex - firstQuarter;
    if (i >= 0 && i < count) return partsOfQuarter[i]!;
    return localParts(quarterIndex * QUARTER_MS, tz);
  };
}

/**
 * Maps a UTC quarter-hour to the index of its bucket in `period.buckets` (-1 outside the
 * period): the series of the summary and breakdowns, including the repeated hour of a 25-hour
 * day, which the (date, hour) of `localQuarterMapper` cannot tell apart. O(1) per call.
 */
export function quarterBucketMapper(period: Pick<ResolvedPeriod, 'startMs' | 'endMs' | 'buckets'>): (
  quarterIndex: number,
) => number {
  const firstQuarter = Math.floor(period.startMs / QUARTER_MS);
  const count = Math.max(0, Math.ceil(period.endMs / QUARTER_MS) - firstQuarter);
  const bucketOfQuarter = new Int32Array(count).fill(-1);
  let b = 0;
  for (let i = 0; i < count; i++) {
    const ms = (firstQuarter + i) * QUARTER_MS;
    while (b < period.buckets.length && (period.buckets[b] as PeriodBucket).endMs <= ms) b++;
    const bucket = period.buckets[b];
    if (bucket && bucket.startMs <= ms) bucketOfQuarter[i] = b;
  }
  return (quarterIndex) => {
    const i = quarterIndex - firstQuarter;
    return i >= 0 && i < count ? (bucketOfQuarter[i] as number) : -1;
  };
}
