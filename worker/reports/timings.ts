// Timings (product.md §4, §6): for every §3 duration, average, median, 90th percentile and count
// over conversations CLOSED in the period; first-response-time buckets; and how many first
// responses missed the workspace's target.
//
// Exact statistics need every value. Index range scans return each duration's values packed
// with group_concat (a few strings per hour instead of a row per conversation), in slices of at
// most TIMING_SLICE_CONVERSATIONS closes so no D1 result nears its limits, and the statistics are
// computed with shared/statistics.ts: exact (quickselect) up to EXACT_STATISTICS_MAX matches,
// from log-bucket histograms above (memory flat in the number of conversations).
import type { z } from 'zod';
import { DURATION_FIELDS, type DurationField, type StatJson, type timingsComponent } from '../../shared/api';
import { FIRST_RESPONSE_BUCKETS, firstResponseBucket, type FirstResponseBucketKey, type ReportFilters } from '../../shared/report';
import {
  addToHistogram,
  PackedHistogramSum,
  bucketIntegerBounds,
  histogramBucket,
  locateRanks,
  quantileRanks,
  summarizeFromRanks,
  largestIntegerInBucketOf,
  summarizeHistogram,
  summarizeInPlace,
  type Histogram,
} from '../../shared/statistics';
import { FIRST_RESPONSE_BUCKETS_METRIC, type DurationMetric } from '../../shared/rollups';
import { durationCellsQueries } from '../db/rollups';
import { firstResponsesBetweenQuery, unpackCountedValues, valuesInRangesQuery } from '../db/duration-values';
import { QueryBatch } from './batch';
import { QUARTER_MS } from '../../shared/time';
import { EXACT_STATISTICS_MAX } from '../../shared/statistics';
import type { ReportQuery } from '../../shared/report';
import { sumCounts, type QuarterCount } from './quarters';
import type { Database } from '../app';
import type { Span } from '../db/report-filters';
import { timingValuesQuery, unpackValues, type TimingValuesRow } from '../db/report-timings';

export type TimingsJson = z.infer<typeof timingsComponent>;

/** Growable scratch buffer of one duration's values (no boxed numbers: 8 bytes a value). */
class ValueBuffer {
  values = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
}

/** One duration's exact count and sum, and its values (exact mode) or its histogram (above the exact limit). */
interface DurationAccumulator {
  count: number;
  sum: number;
  values: ValueBuffer | null;
  histogram: Histogram;
}

/**
 * Folds packed values into statistics slice by slice, so the timings never hold more than one
 * slice of D1 results: exact (every value kept, then a quickselect) when at most
 * EXACT_STATISTICS_MAX conversations match, otherwise counts, sums and log-bucket histograms
 * (memory bounded by the number of buckets, whatever the number of conversations).
 */
export class TimingsAccumulator {
  private closed = 0;
  private readonly durations = {} as Record<DurationField, DurationAccumulator>;
  private readonly frBuckets = new Map<FirstResponseBucketKey, number>(FIRST_RESPONSE_BUCKETS.map((b) => [b.key, 0]));
  private frCount = 0;
  private missed = 0;

  constructor(
    readonly exact: boolean,
    private readonly targetMs: number | null,
  ) {
    for (const field of DURATION_FIELDS) {
      this.durations[field] = { count: 0, sum: 0, values: exact ? new ValueBuffer() : null, histogram: new Map() };
    }
  }

  add(rows: readonly TimingValuesRow[]): this {
    for (const row of rows) this.closed += row.closed;
    for (const field of DURATION_FIELDS) {
      const acc = this.durations[field];
      const isFirstResponse = field === 'first_response_time_ms';
      for (const v of unpackValues(rows, field)) {
        acc.count++;
        acc.sum += v;
        if (acc.values) acc.values.push(v);
        else addToHistogram(acc.histogram, histogramBucket(v));
        if (isFirstResponse) {
          const key = firstResponseBucket(v)!;
          this.frBuckets.set(key, this.frBuckets.get(key)! + 1);
          this.frCount++;
          if (this.targetMs !== null && v > this.targetMs) this.missed++;
        }
      }
    }
    return this;
  }

  json(): TimingsJson {
    if (this.closed === 0) return { status: 'no_data' };
    const stats = {} as Record<DurationField, StatJson>;
    for (const field of DURATION_FIELDS) {
      const acc = this.durations[field];
      stats[field] = acc.values
        ? summarizeInPlace(acc.values.values.subarray(0, acc.values.length))
        : summarizeHistogram(acc.count, acc.sum, acc.histogram);
    }
    return {
      status: 'ok',
      ...stats,
      first_response_buckets: [...this.frBuckets].map(([key, n]) => ({ key, count: n })),
      // Over conversations with a first response: one without any is neither met nor missed.
      first_response_target:
        this.targetMs === null ? null : { target_ms: this.targetMs, missed: this.missed, met: this.frCount - this.missed },
    };
  }
}

/** Exact timings of a whole set of rows (every value kept). */
export function timingsJson(rows: readonly TimingValuesRow[], targetMs: number | null): TimingsJson {
  return new TimingsAccumulator(true, targetMs).add(rows).json();
}

/**
 * NOTE: D1 caps one result at 50 MB and a Worker's memory at 128 MB. A slice holds at most this
 * many closed conversations: 8 packed values of ≤ 10 characters each, ≈ 3 MB a result.
 */
export const TIMING_SLICE_CONVERSATIONS = 40_000;

/** Contiguous quarter-hour spans of the period holding at most `max` of the counted conversations each. */
export function sliceSpans(period: Span, counts: readonly QuarterCount[], max: number): Span[] {
  const sorted = [...counts].sort((a, b) => a.quarter - b.quarter);
  const spans: Span[] = [];
  let start = period.startMs;
  let inSlice = 0;
  for (const { quarter, count } of sorted) {
    if (inSlice > 0 && inSlice + count > max) {
      const end = Math.max(start, quarter * QUARTER_MS);
      spans.push({ startMs: start, endMs: end });
      start = end;
      inSlice = 0;
    }
    inSlice += count;
  }
  if (inSlice > 0) spans.push({ startMs: start, endMs: period.endMs });
  return spans;
}

/**
 * The timings of conversations closed in the period: exact when at most EXACT_STATISTICS_MAX
 * match (the slices go in one batch: one round trip), otherwise one slice at a time folded into
 * histograms, so memory stays flat in the number of conversations.
 */
export async function timingsInSlices(
  db: Database,
  workspaceId: string,
  query: ReportQuery,
  closedByQuarter: readonly QuarterCount[],
  targetMs: number | null,
  sliceConversations = TIMING_SLICE_CONVERSATIONS,
  exactMax = EXACT_STATISTICS_MAX,
): Promise<TimingsJson> {
  const closed = sumCounts(closedByQuarter);
  const acc = new TimingsAccumulator(closed <= exactMax, targetMs);
  const spans = sliceSpans(query.period, closedByQuarter, sliceConversations);
  const slice = (span: Span) => timingValuesQuery(db, workspaceId, span, query.filters, query.hours);
  if (acc.exact) {
    const [first, ...rest] = spans.map(slice);
    if (first) for (const rows of await db.batch([first, ...rest])) acc.add(rows);
  } else {
    for (const span of spans) acc.add(await slice(span));
  }
  return acc.json();
}

/** Whether the duration rollups answer a report's timings: they are keyed by time and hours mode only. */
export function durationRollupsAnswer(filters: ReportFilters, period: Span, targetMs: number | null): boolean {
  const filtered = Object.values(filters).some((values) => (values?.length ?? 0) > 0);
  const wholeQuarters = period.startMs % QUARTER_MS === 0 && period.endMs % QUARTER_MS === 0;
  // A target ≤ 0 would need the negative buckets' edges; no such target is expected, the rows answer it.
  return !filtered && wholeQuarters && (targetMs === null || targetMs > 0);
}

/**
 * The timings from the duration rollups (product.md §4): counts, sums and averages exact from the
 * stored counts and sums; first-response buckets exact from their own counts; the target's
 * met/missed exact (every histogram bucket lies wholly above or below the target but the one
 * holding it, whose values above the target are counted from the value index). Medians and p90:
 * - `exact`: the merged histograms tell which bucket holds each needed rank and how many values
 *   lie below it; only those buckets' values are read from the value index
 *   (worker/db/duration-values.ts: one primary-key range each, a few hundred values), and the
 *   rank is picked among them. One more round trip.
 * - otherwise from the histograms alone (`approximate: true`).
 * The cells are read in the report's own batch (queued here, before it runs); the function
 * returned computes the timings from them once it has run.
 */
export function timingsFromRollups(
  batch: QueryBatch,
  db: Database,
  workspaceId: string,
  query: ReportQuery,
  targetMs: number | null,
): (closedByQuarter: readonly QuarterCount[], exact: boolean) => Promise<TimingsJson> {
  const { period, hours } = query;
  const cells = durationCellsQueries(db, workspaceId, hours, period).map((q) => batch.add(q));
  const targetBucketEdge = targetMs === null ? null : largestIntegerInBucketOf(targetMs);
  const nearTarget =
    targetMs === null || targetBucketEdge === null
      ? null
      : batch.add(firstResponsesBetweenQuery(db, workspaceId, hours, period, targetMs, targetBucketEdge));
  return (closedByQuarter, exact) => timingsFromCells(db, workspaceId, query, closedByQuarter, targetMs, exact, cells, nearTarget);
}

async function timingsFromCells(
  db: Database,
  workspaceId: string,
  query: ReportQuery,
  closedByQuarter: readonly QuarterCount[],
  targetMs: number | null,
  exact: boolean,
  cells: ReadonlyArray<() => ReadonlyArray<{ metric: DurationMetric; count: number; sum: number; buckets: string }>>,
  nearTarget: (() => ReadonlyArray<{ count: number }>) | null,
): Promise<TimingsJson> {
  const closed = sumCounts(closedByQuarter);
  if (closed === 0) return { status: 'no_data' };
  const { period, hours } = query;
  // Merged here, not by a GROUP BY: one JSON.parse a cell and a Map update a bucket.
  const merged = new Map<DurationMetric, PackedHistogramSum>();
  const total = new Map<DurationMetric, { count: number; sum: number }>();
  for (const read of cells) {
    for (const row of read()) {
      const t = total.get(row.metric);
      if (t) {
        t.count += row.count;
        t.sum += row.sum;
      } else total.set(row.metric, { count: row.count, sum: row.sum });
      let h = merged.get(row.metric);
      if (!h) merged.set(row.metric, (h = new PackedHistogramSum()));
      h.addPacked(row.buckets);
    }
  }
  const histograms = new Map<DurationMetric, Histogram>([...merged].map(([metric, h]) => [metric, h.histogram()]));
  const stats = {} as Record<DurationField, StatJson>;
  if (exact) {
    // The values at the median's and p90's ranks, from the buckets the histograms place them in.
    const located = DURATION_FIELDS.map((field) => {
      const n = total.get(field)?.count ?? 0;
      return { field, at: n === 0 ? [] : locateRanks(histograms.get(field) ?? new Map(), quantileRanks(n)) };
    });
    const ranges = new Map<string, { field: DurationField; bucket: number; lo: number; hi: number }>();
    for (const { field, at } of located) {
      for (const { bucket } of at) {
        const [lo, hi] = bucketIntegerBounds(bucket);
        ranges.set(`${field}|${bucket}`, { field, bucket, lo, hi });
      }
    }
    // The value index's values in each range, with how many conversations have each.
    const list = [...ranges.values()];
    const rows = list.length === 0 ? [] : await valuesInRangesQuery(db, workspaceId, hours, period, list);
    const inBucket = list.map(() => ({ found: 0, values: [] as Array<[number, number]> }));
    for (const row of rows) inBucket[row.range] = { found: row.found, values: unpackCountedValues(row.values) };
    const index = new Map(list.map((r, i) => [`${r.field}|${r.bucket}`, i]));
    // An index that disagrees with the rollups (nothing the write path leaves) must not give a wrong answer.
    if (list.some(({ field, bucket }, i) => inBucket[i]!.found !== histograms.get(field)?.get(bucket))) {
      return timingsInSlices(db, workspaceId, query, closedByQuarter, targetMs);
    }
    /** The value of 0-based rank `within` among a bucket's values, in value order. */
    const valueAt = (field: DurationField, bucket: number, within: number): number => {
      let below = 0;
      for (const [value, conversations] of inBucket[index.get(`${field}|${bucket}`)!]!.values) {
        below += conversations;
        if (within < below) return value;
      }
      throw new Error(`rank ${within} beyond the ${below} values of ${field}'s bucket ${bucket}`);
    };
    for (const { field, at } of located) {
      const t = total.get(field);
      const byRank = new Map(at.map((l) => [l.rank, valueAt(field, l.bucket, l.within)]));
      stats[field] = summarizeFromRanks(t?.count ?? 0, t?.sum ?? 0, (rank) => byRank.get(rank)!);
    }
  } else {
    for (const field of DURATION_FIELDS) {
      const t = total.get(field);
      stats[field] = summarizeHistogram(t?.count ?? 0, t?.sum ?? 0, histograms.get(field) ?? new Map());
    }
  }
  const frBuckets = histograms.get(FIRST_RESPONSE_BUCKETS_METRIC) ?? new Map<number, number>();
  const frCount = total.get('first_response_time_ms')?.count ?? 0;
  let target: NonNullable<Extract<TimingsJson, { status: 'ok' }>['first_response_target']> | null = null;
  if (targetMs !== null && nearTarget) {
    const targetBucket = histogramBucket(targetMs);
    let missed = nearTarget()[0]?.count ?? 0;
    for (const [bucket, n] of histograms.get('first_response_time_ms') ?? []) if (bucket > targetBucket) missed += n;
    target = { target_ms: targetMs, missed, met: frCount - missed };
  }
  return {
    status: 'ok',
    ...stats,
    first_response_buckets: FIRST_RESPONSE_BUCKETS.map((b, i) => ({ key: b.key, count: frBuckets.get(i) ?? 0 })),
    first_response_target: target,
  };
}
