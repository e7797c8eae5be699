// The summary (product.md §4): opened and closed in the period, per bucket, and the previous
// period's figures with the same filters (product.md §6).
import type { z } from 'zod';
import type { summaryComponent } from '../../shared/api';
import { quarterBucketMapper, type ResolvedPeriod } from '../../shared/time';
import { sumCounts, type QuarterCount } from './quarters';

export type SummaryJson = z.infer<typeof summaryComponent>;

export interface SummaryCounts {
  opened: readonly QuarterCount[];
  closed: readonly QuarterCount[];
  previousOpened: number;
  previousClosed: number;
}

/** Counts per quarter-hour → one series point per bucket of the period. */
export function seriesByBucket(period: ResolvedPeriod, counts: readonly QuarterCount[]): number[] {
  const bucketOf = quarterBucketMapper(period);
  const perBucket = new Array<number>(period.buckets.length).fill(0);
  for (const { quarter, count } of counts) {
    const b = bucketOf(quarter);
    if (b >= 0) perBucket[b]! += count;
  }
  return perBucket;
}

/**
 * What the period is compared with (issue 13: today so far against a whole yesterday read
 * "-73%"): while the period runs, the previous period's same elapsed part; once it is over, the
 * whole previous period.
 */
export function comparisonSpan(period: ResolvedPeriod, now: number): { startMs: number; endMs: number; basis: 'whole_period' | 'same_elapsed' } {
  const { previous } = period;
  if (now >= period.endMs) return { startMs: previous.startMs, endMs: previous.endMs, basis: 'whole_period' };
  const elapsed = Math.max(0, now - period.startMs);
  return { startMs: previous.startMs, endMs: Math.min(previous.endMs, previous.startMs + elapsed), basis: 'same_elapsed' };
}

export function summaryJson(period: ResolvedPeriod, counts: SummaryCounts): SummaryJson {
  const opened = sumCounts(counts.opened);
  const closed = sumCounts(counts.closed);
  if (opened === 0 && closed === 0) return { status: 'no_data' };
  const openedSeries = seriesByBucket(period, counts.opened);
  const closedSeries = seriesByBucket(period, counts.closed);
  return {
    status: 'ok',
    opened,
    closed,
    previous: { opened: counts.previousOpened, closed: counts.previousClosed },
    series: period.buckets.map((bucket, i) => ({ bucket: bucket.key, opened: openedSeries[i]!, closed: closedSeries[i]! })),
  };
}
