// Report rollups (product.md §4: a report answers in well under a second at any size): how many
// conversations opened, and how many closed, per workspace, UTC quarter-hour and the properties
// the report groups and filters by without naming a person (contact type, open source, open
// channel; closed source and category on the closed side). Every zone offset is a multiple of 15
// minutes, so quarter-hours map exactly to local hours and days (shared/time.ts), +05:30 and
// +05:45 included.
//
// The rollups are a sum of one contribution per conversation, so a conversation that changes
// subtracts its old contribution and adds its new one: `rollupDelta(before, after)`.

import { BREAKDOWNS, type Breakdown, type BreakdownKey } from './breakdowns';
import { FILTERS, type FilterDefinition } from './filters';
import { FIRST_RESPONSE_BUCKETS, firstResponseBucket, HOURS_MODES, type HoursMode } from './report';
import { addToHistogram, histogramBucket, type Histogram } from './statistics';
import { DAY_MS, HOUR_MS, offsetLookup, QUARTER_MS } from './time';
import { DURATION_FIELDS, type DurationField } from './vocabulary';

export type RollupSide = 'opened' | 'closed';

/** The properties of a conversation its contribution depends on (a conversation row has them all). */
export interface RollupConversation {
  openedAt: number;
  closedAt: number | null;
  contactType: string;
  openSource: string;
  openChannelId: string | null;
  openChannelName: string | null;
  closedSource: string | null;
  category: string | null;
}

/**
 * One rollup cell. A missing property is '' (SQLite treats NULLs in a key as all distinct, so
 * a key with NULLs could never be updated in place); the opened side has '' for the closed-side
 * properties.
 */
export interface RollupKey {
  side: RollupSide;
  quarter: number;
  contactType: string;
  openSource: string;
  openChannelId: string;
  closedSource: string;
  category: string;
}

export interface RollupChange extends RollupKey {
  /** Conversations added to (negative: removed from) the cell. */
  conversations: number;
  /** The channel's name as last seen, for opened_by_channel's labels. */
  openChannelName: string | null;
}

export const NO_VALUE = '';

const quarterOf = (ms: number) => Math.floor(ms / QUARTER_MS);

/** The cells a conversation counts in: its open's, and its close's once closed. */
export function rollupKeys(c: RollupConversation): RollupKey[] {
  const opened: RollupKey = {
    side: 'opened',
    quarter: quarterOf(c.openedAt),
    contactType: c.contactType,
    openSource: c.openSource,
    openChannelId: c.openChannelId ?? NO_VALUE,
    closedSource: NO_VALUE,
    category: NO_VALUE,
  };
  if (c.closedAt === null) return [opened];
  return [
    opened,
    { ...opened, side: 'closed', quarter: quarterOf(c.closedAt), closedSource: c.closedSource ?? NO_VALUE, category: c.category ?? NO_VALUE },
  ];
}

export const rollupKeyString = (k: RollupKey): string =>
  JSON.stringify([k.side, k.quarter, k.contactType, k.openSource, k.openChannelId, k.closedSource, k.category]);

/**
 * What changes in the rollups when `before` (the stored conversations) become `after`: one
 * change per cell whose count moves, none for a conversation that did not change.
 */
export function rollupDelta(before: readonly RollupConversation[], after: readonly RollupConversation[]): RollupChange[] {
  const changes = new Map<string, RollupChange>();
  const add = (c: RollupConversation, n: number) => {
    for (const key of rollupKeys(c)) {
      const id = rollupKeyString(key);
      const change = changes.get(id) ?? { ...key, conversations: 0, openChannelName: null };
      change.conversations += n;
      if (n > 0 && c.openChannelName !== null) change.openChannelName = c.openChannelName;
      changes.set(id, change);
    }
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  return [...changes.values()].filter((c) => c.conversations !== 0);
}

/** The rollups of a set of conversations, from nothing (what a rebuild writes). */
export const aggregateRollups = (conversations: readonly RollupConversation[]): RollupChange[] => rollupDelta([], conversations);

// ---------------------------------------------------------------------------------------------
// Duration rollups (product.md §4 timings): for every §3 duration, in calendar and business
// hours, the exact count and sum of the values and their log-bucket histogram
// (shared/statistics.ts), per UTC quarter-hour AND per UTC day of the close. A report's range
// reads day cells for the whole UTC days inside it and quarter-hour cells for the partial days
// at its edges (at most 2 × 95 quarter cells a metric, whatever the range's length). Also the
// first-response-time buckets (fixed thresholds, counted exactly) as one more metric.
// Keyed by time and hours mode only: a report with any filter reads the rows instead.

/** The metric holding the first-response buckets' counts (bucket = index in FIRST_RESPONSE_BUCKETS). */
export const FIRST_RESPONSE_BUCKETS_METRIC = 'first_response_buckets';
export type DurationMetric = DurationField | typeof FIRST_RESPONSE_BUCKETS_METRIC;
/** The UTC grains rollup cells come in, finest first; a cell is floor(ms / GRAIN_MS[grain]). */
export const GRAINS = ['quarter', 'hour', 'day'] as const;
export type Grain = (typeof GRAINS)[number];
export const GRAIN_MS: Record<Grain, number> = { quarter: QUARTER_MS, hour: HOUR_MS, day: DAY_MS };
export const DURATION_GRAINS = ['quarter', 'day'] as const satisfies readonly Grain[];
export type DurationGrain = (typeof DURATION_GRAINS)[number];

export type DurationValues = Record<DurationField, number | null>;

/** What a conversation's duration contribution depends on (a conversation row has it all). */
export interface DurationRollupConversation {
  closedAt: number | null;
  calendar: DurationValues;
  business: DurationValues;
}

export interface DurationRollupKey {
  hours: HoursMode;
  grain: DurationGrain;
  /** floor(closed_at / GRAIN_MS[grain]) */
  cell: number;
  metric: DurationMetric;
}

export interface DurationRollupChange extends DurationRollupKey {
  /** Values added (negative: removed). */
  count: number;
  sum: number;
  /** Bucket → values added (negative: removed); no zero entries. */
  buckets: Histogram;
}

const durationKeyString = (k: DurationRollupKey) => `${k.hours}|${k.grain}|${k.cell}|${k.metric}`;

/** The index of a first response time's bucket in FIRST_RESPONSE_BUCKETS. */
export const firstResponseBucketIndex = (ms: number): number => FIRST_RESPONSE_BUCKETS.findIndex((b) => b.key === firstResponseBucket(ms));

/**
 * What changes in the duration rollups when `before` becomes `after`. An open conversation
 * contributes nothing (timings count closed conversations, product.md §4); an unchanged one
 * cancels out, so a write that moves no closed duration writes no duration cell.
 */
export function durationRollupDelta(
  before: readonly DurationRollupConversation[],
  after: readonly DurationRollupConversation[],
): DurationRollupChange[] {
  const changes = new Map<string, DurationRollupChange>();
  const cell = (key: DurationRollupKey) => {
    const id = durationKeyString(key);
    let change = changes.get(id);
    if (!change) changes.set(id, (change = { ...key, count: 0, sum: 0, buckets: new Map() }));
    return change;
  };
  const add = (c: DurationRollupConversation, n: number) => {
    if (c.closedAt === null) return;
    for (const grain of DURATION_GRAINS) {
      const at = Math.floor(c.closedAt / GRAIN_MS[grain]);
      for (const hours of HOURS_MODES) {
        for (const field of DURATION_FIELDS) {
          const v = c[hours][field];
          if (v === null) continue;
          const metrics: Array<[DurationMetric, number]> = [[field, histogramBucket(v)]];
          if (field === 'first_response_time_ms') metrics.push([FIRST_RESPONSE_BUCKETS_METRIC, firstResponseBucketIndex(v)]);
          for (const [metric, bucket] of metrics) {
            const change = cell({ hours, grain, cell: at, metric });
            change.count += n;
            change.sum += n * v;
            addToHistogram(change.buckets, bucket, n);
          }
        }
      }
    }
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  return [...changes.values()].filter((c) => c.count !== 0 || c.sum !== 0 || c.buckets.size > 0);
}

/** The duration rollups of a set of conversations, from nothing (what a rebuild writes). */
export const aggregateDurationRollups = (conversations: readonly DurationRollupConversation[]): DurationRollupChange[] =>
  durationRollupDelta([], conversations);

/** A cell's key as text (tests compare stored cells with a fresh aggregation). */
export const durationRollupKeyString = durationKeyString;

/** A half-open range of cells of one grain: cells from ≤ cell < to. */
export interface CellRange<G extends Grain = Grain> {
  grain: G;
  from: number;
  to: number;
}

/**
 * The fewest cells that cover a span of whole quarter-hours, given the grains a table keeps
 * (finest first, the finest being 'quarter'): the coarsest grain's whole cells inside the span,
 * and the parts before and after them covered the same way by the finer grains. With quarter,
 * hour and day: quarters up to the first whole UTC hour, hours up to the first whole UTC day, the
 * days, then hours and quarters to the end. In time order; an empty span has no ranges.
 */
export function cellRanges<G extends Grain>(span: { startMs: number; endMs: number }, grains: readonly G[]): Array<CellRange<G>> {
  if (span.endMs <= span.startMs) return [];
  const grain = grains[grains.length - 1]!;
  const size = GRAIN_MS[grain];
  const finer = grains.slice(0, -1);
  if (finer.length === 0) {
    // Only the finest grain is left: the span is made of its whole cells.
    return [{ grain, from: span.startMs / size, to: span.endMs / size }];
  }
  const first = Math.ceil(span.startMs / size);
  const end = Math.floor(span.endMs / size);
  if (first >= end) return cellRanges(span, finer);
  return [
    ...cellRanges({ startMs: span.startMs, endMs: first * size }, finer),
    { grain, from: first, to: end },
    ...cellRanges({ startMs: end * size, endMs: span.endMs }, finer),
  ];
}

/** The duration cells that cover a span: whole UTC days from day cells, the edges from quarter cells. */
export const durationCellRanges = (span: { startMs: number; endMs: number }): Array<CellRange<DurationGrain>> => cellRanges(span, DURATION_GRAINS);

// ---------------------------------------------------------------------------------------------
// Breakdown rollups: the same counts projected on one property at a time, per breakdown
// (product.md §4) and UTC quarter-hour, hour and day. The cells above are keyed by every property
// at once, so a busy quarter-hour spreads over hundreds of combinations; an unfiltered report reads
// these instead: a few cells per breakdown and cell, and each report bucket from the coarsest
// cells inside it (cellRanges), so a day bucket in a whole-hour zone reads 24 hour cells, not 96.

/** A breakdown's cells are keyed by the breakdown (shared/breakdowns.ts). */
export type BreakdownDimension = BreakdownKey;

/** The grains breakdown cells are kept at. */
export const DIMENSION_GRAINS = GRAINS;

/** The rollup property a breakdown counts by: the column its filter matches (shared/filters.ts). */
export const breakdownProperty = (b: Breakdown): keyof RollupKey =>
  (FILTERS as readonly FilterDefinition[]).find((f) => f.param === b.filter)!.match.column as keyof RollupKey;

/** Every conversation has a contact type: these breakdowns' cells sum to a side's counts. */
export const SIDE_TOTAL_DIMENSION: Record<RollupSide, BreakdownDimension> = { opened: 'opened_by_contact_type', closed: 'closed_by_contact_type' };

export interface DimensionChange {
  dimension: BreakdownDimension;
  grain: Grain;
  /** floor(instant / GRAIN_MS[grain]) */
  cell: number;
  /** The property's cell value ('' for none, as in RollupKey). */
  value: string;
  conversations: number;
  openChannelName: string | null;
}

/**
 * The breakdown cells a set of rollup changes moves: each change projected on each of its side's
 * breakdowns, at every grain (its quarter-hour, and the hour and day holding it).
 */
export function dimensionChanges(changes: readonly RollupChange[]): DimensionChange[] {
  const out = new Map<string, DimensionChange>();
  for (const change of changes) {
    for (const b of BREAKDOWNS as readonly Breakdown[]) {
      if (b.side !== change.side) continue;
      const value = String(change[breakdownProperty(b)]);
      for (const grain of DIMENSION_GRAINS) {
        const cellOf = Math.floor((change.quarter * QUARTER_MS) / GRAIN_MS[grain]);
        const id = JSON.stringify([b.key, grain, cellOf, value]);
        const cell = out.get(id) ?? { dimension: b.key, grain, cell: cellOf, value, conversations: 0, openChannelName: null };
        cell.conversations += change.conversations;
        if ('nameColumn' in b && change.openChannelName !== null) cell.openChannelName = change.openChannelName;
        out.set(id, cell);
      }
    }
  }
  return [...out.values()].filter((c) => c.conversations !== 0);
}

/**
 * The grain whose cells answer a span's per-quarter-hour counts exactly in a zone, where they are
 * only ever added up by local hour, local day and bucket (the heatmaps, the summary's series):
 * 'hour' when the span's edges are whole UTC hours and the zone's offset is a whole number of
 * hours, the same all through each UTC hour of the span (so every local hour is one UTC hour);
 * 'quarter' otherwise (+05:30, +05:45, a half-hour DST such as Lord Howe's).
 */
export function countsGrain(tz: string, span: { startMs: number; endMs: number }): 'quarter' | 'hour' {
  if (span.startMs % HOUR_MS !== 0 || span.endMs % HOUR_MS !== 0) return 'quarter';
  const offsetAt = offsetLookup(tz);
  for (let ms = span.startMs; ms < span.endMs; ms += HOUR_MS) {
    const offset = offsetAt(ms);
    if (offset % HOUR_MS !== 0 || offsetAt(ms + HOUR_MS - 1) !== offset) return 'quarter';
  }
  return 'hour';
}
