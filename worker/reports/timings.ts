// Timings (product.md §4, §6): for every §3 duration, average, median, 90th percentile and count
// over conversations CLOSED in the period; first-response-time buckets; and how many first
// responses missed the workspace's target.
//
// Exact statistics need every value. One index range scan returns each duration's values packed
// with group_concat (a few strings per hour instead of a row per conversation: 100,000
// conversations cost ~6 MB of digits and no per-row overhead), and the statistics are computed
// with shared/report.ts `summarize` and `firstResponseBucket`: one definition of each, exact by
// construction. (Window functions ranking eight columns in SQLite took ~1 s for 100,000 rows.)
// NOTE: memory grows with the closed conversations in the period, ~100 bytes each at the peak
// (digits, then numbers and summarize's sorted copy): far within a Worker's 128 MB for a month
// of 100,000; a range holding ~1,000,000 closes would need ranking in SQL instead.
import { count, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { DURATION_FIELDS, type DurationField, type StatJson, type timingsComponent } from '../../shared/api';
import { FIRST_RESPONSE_BUCKETS, firstResponseBucket, summarize, type FirstResponseBucketKey, type HoursMode, type ReportFilters } from '../../shared/report';
import { HOUR_MS } from '../../shared/time';
import type { Database } from '../app';
import { conversations as c } from '../db/schema';
import { durationColumn } from './durations';
import { reportWhere, type Span } from './filters';

export type TimingsJson = z.infer<typeof timingsComponent>;

/** One row per UTC hour with closes: how many, and each duration's values as "v1,v2,…" (nulls skipped). */
export type TimingValuesRow = { closed: number } & Record<DurationField, string | null>;

/**
 * NOTE: D1 caps a string at 2,000,000 bytes, group_concat results included. Packing per UTC hour
 * keeps each string far below it (≈ 8 bytes a value: 250,000 closes in one hour would be needed).
 */
export function timingValuesQuery(db: Database, workspaceId: string, period: Span, filters: ReportFilters, hours: HoursMode) {
  const hour = sql`${c.closedAt} / ${sql.raw(String(HOUR_MS))}`;
  const values = Object.fromEntries(
    DURATION_FIELDS.map((field) => [field, sql<string | null>`group_concat(${durationColumn(field, hours)})`]),
  ) as Record<DurationField, SQL<string | null>>;
  return db
    .select({ closed: count(), ...values })
    .from(c)
    .where(reportWhere(workspaceId, 'closed', period, filters))
    .groupBy(hour);
}

/**
 * The packed values of one duration across the hour rows: "120000,-5,300000" → numbers. A
 * character loop rather than split + Number (no string per value: ~2× faster for 100,000);
 * anything but an integer list (a REAL stored by mistake) takes the plain path.
 */
export function unpackValues(rows: readonly TimingValuesRow[], field: DurationField): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const packed = row[field];
    if (packed === null || packed === '') continue;
    const start = out.length;
    let value = 0;
    let sign = 1;
    let plain = true;
    for (let i = 0; i <= packed.length; i++) {
      const ch = i < packed.length ? packed.charCodeAt(i) : 44;
      if (ch >= 48 && ch <= 57) value = value * 10 + (ch - 48);
      else if (ch === 44 /* , */) {
        out.push(sign * value);
        value = 0;
        sign = 1;
      } else if (ch === 45 /* - */) sign = -1;
      else {
        plain = false;
        break;
      }
    }
    if (!plain) {
      out.length = start;
      for (const text of packed.split(',')) out.push(Number(text));
    }
  }
  return out;
}

const statJson = (values: readonly number[]): StatJson => summarize(values);

export function timingsJson(rows: readonly TimingValuesRow[], targetMs: number | null): TimingsJson {
  let closed = 0;
  for (const row of rows) closed += row.closed;
  if (closed === 0) return { status: 'no_data' };
  const stats = {} as Record<DurationField, StatJson>;
  let firstResponseTimes: number[] = [];
  for (const field of DURATION_FIELDS) {
    const values = unpackValues(rows, field);
    stats[field] = statJson(values);
    if (field === 'first_response_time_ms') firstResponseTimes = values;
  }
  const buckets = new Map<FirstResponseBucketKey, number>(FIRST_RESPONSE_BUCKETS.map((b) => [b.key, 0]));
  let missed = 0;
  for (const ms of firstResponseTimes) {
    const key = firstResponseBucket(ms)!;
    buckets.set(key, buckets.get(key)! + 1);
    if (targetMs !== null && ms > targetMs) missed++;
  }
  return {
    status: 'ok',
    ...stats,
    first_response_buckets: [...buckets].map(([key, n]) => ({ key, count: n })),
    // Over conversations with a first response: one without any is neither met nor missed.
    first_response_target:
      targetMs === null ? null : { target_ms: targetMs, missed, met: firstResponseTimes.length - missed },
  };
}
