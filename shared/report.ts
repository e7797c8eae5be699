// The Conversations report's definitions, shared by the worker (queries) and the extension
// (filter pickers, headings, messages): filters and which components accept them (product.md §4),
// the report query's parsed form (its zod schema: shared/report-query.ts), list paging, first-response buckets and the
// exact statistics shown next to every average (product.md §6).
import { BREAKDOWNS } from './breakdowns';
import { FILTER_PARAMS, FILTERS, type FilterParam, type ReportFilters } from './filters';
import { DURATION_FIELDS, type ParseResult } from './vocabulary';
import { localQuarterMapper, QUARTER_MS, type ResolvedPeriod } from './time';

// ---------------------------------------------------------------------------------------------
// Filters (product.md §4 "Filters"): shared/filters.ts.

export {
  CONTACT_TYPES,
  FILTER_PARAMS,
  FILTERS,
  filterDefinition,
  NONE_VALUES,
  type Filter,
  type FilterDefinition,
  type FilterMatch,
  type FilterParam,
  type ReportFilters,
} from './filters';
/**
 * NOTE: D1 allows 100 bound parameters per query; a multi-select never needs more values than
 * that, and refusing them here keeps every report query within the limit.
 */
export const MAX_FILTER_VALUES = 100;

// ---------------------------------------------------------------------------------------------
// Components (product.md §4 "Components and which filters apply to each").

export const REPORT_COMPONENTS = [
  { key: 'summary', heading: 'Opened vs closed', countsBy: 'both' },
  { key: 'opened_heatmap', heading: 'Opened heatmap', countsBy: 'opened' },
  { key: 'closed_heatmap', heading: 'Closed heatmap', countsBy: 'closed' },
  // Every breakdown of shared/breakdowns.ts, in its order.
  ...BREAKDOWNS.map((b) => ({ key: b.key, heading: b.heading, countsBy: b.side })),
  { key: 'timings', heading: 'Timings', countsBy: 'closed' },
  { key: 'conversation_list', heading: 'Conversation list', countsBy: 'closed' },
] as const satisfies ReadonlyArray<{ key: string; heading: string; countsBy: 'opened' | 'closed' | 'both' }>;
export type ReportComponentKey = (typeof REPORT_COMPONENTS)[number]['key'];

/** What the extension shows for each non-ok state (product.md §4). */
export const COMPONENT_STATUS_MESSAGES = {
  not_applicable: 'The selected filters are not applicable here',
  no_data: 'The selected filters have no applicable data',
} as const;

const OPENED_SIDE_FILTERS: ReadonlySet<FilterParam> = new Set(
  FILTERS.filter((f) => f.side === 'opened').map((f) => f.param),
);

/** Filters a component accepts: closed-side components take all; the rest (summary too) only opened-side ones. */
export function acceptedFilters(componentKey: ReportComponentKey): readonly FilterParam[] {
  const component = REPORT_COMPONENTS.find((c) => c.key === componentKey);
  if (!component) throw new RangeError(`unknown report component: ${componentKey}`);
  return component.countsBy === 'closed' ? FILTER_PARAMS : FILTER_PARAMS.filter((p) => OPENED_SIDE_FILTERS.has(p));
}

/** false (→ `not_applicable`) when any selected filter is one the component does not accept. */
export function componentApplies(componentKey: ReportComponentKey, filters: ReportFilters): boolean {
  const accepted = new Set(acceptedFilters(componentKey));
  return FILTER_PARAMS.every((param) => (filters[param]?.length ?? 0) === 0 || accepted.has(param));
}

// ---------------------------------------------------------------------------------------------
// Report query parameters (api.md "Reports").

export const HOURS_MODES = ['calendar', 'business'] as const;
export type HoursMode = (typeof HOURS_MODES)[number];

/** Parsed by shared/report-query.ts (the report query's zod schema, which the worker imports). */
export interface ReportQuery {
  period: ResolvedPeriod;
  filters: ReportFilters;
  hours: HoursMode;
}

/** product.md §4 has no limit; a year (leap years included) keeps report queries bounded. */
export const MAX_PERIOD_DAYS = 366;

// ---------------------------------------------------------------------------------------------
// The conversation list's paging (api.md "…/list?limit=&cursor=&sort=&order=").

/** Columns the list can be sorted (and cursor-paged) by: every §3 timestamp, duration and count. */
export const LIST_SORT_COLUMNS = [
  'closed_at',
  'opened_at',
  'first_assignment_at',
  'last_assignment_at',
  'first_response_at',
  ...DURATION_FIELDS,
  'assignments',
  'incoming_messages',
  'outgoing_messages',
  'responses',
  'contact_name',
  'conversation_id',
  'category',
] as const;
export type ListSortColumn = (typeof LIST_SORT_COLUMNS)[number];

export const DEFAULT_LIST_LIMIT = 50;
/** api.md: `limit` at most 500. */
export const MAX_LIST_LIMIT = 500;

/**
 * The list's `missed_target` filter (product.md §7 targets): conversations whose first response
 * or resolution took longer than the workspace's target; several values are OR-ed.
 */
export const MISSED_TARGETS = ['first_response', 'resolution'] as const;
export type MissedTarget = (typeof MISSED_TARGETS)[number];

/**
 * Which instant places a listed conversation in the period (product.md §8 drill-down): `closed`
 * (api.md's list, the default) or `opened`, for the opened-side components, open ones included.
 */
export const LIST_BASES = ['closed', 'opened'] as const;
export type ListBasis = (typeof LIST_BASES)[number];

/** `weekday=` values: 0 = Monday … 6 = Sunday, as the heatmaps' rows (api.md `weekday_hour`). */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

export interface ListQuery {
  /** The list's basis; the period, bucket, weekday and hour apply to this side's instant. */
  basis: ListBasis;
  /** One key of the period's `range.buckets`: a bar of the summary or of a breakdown. Null: the whole period. */
  bucket: string | null;
  /** Local weekdays (0 = Monday) of the basis's instant, OR-ed; empty: any. A heatmap row. */
  weekday: number[];
  /** Local hours (0–23) of the basis's instant, OR-ed; empty: any. A heatmap column. */
  hour: number[];
  /** Empty: not filtered. */
  missedTarget: MissedTarget[];
  /**
   * User ids (OR-ed): the conversations a person's team-performance row counts (product.md §7,
   * §8 drill-down): held an assignment, sent the first response or a response, or closed it.
   */
  agent: string[];
  limit: number;
  /** Opaque: the worker encodes the last row's sort key and id in it. */
  cursor: string | null;
  sort: ListSortColumn;
  order: 'asc' | 'desc';
}

// ---------------------------------------------------------------------------------------------
// Drill-down (product.md §8): the part of the period a clicked bar or heatmap cell covers.

/**
 * Where the listed conversations' basis instant must fall: `span` (within the period), and when
 * a weekday or hour is asked, only the UTC quarter-hours of the span whose local weekday and hour
 * match. The heatmaps count by the same quarter → local cell mapping (shared/time.ts
 * localQuarterMapper), so a cell's list holds exactly the cell's count, on DST days and in
 * +05:30 zones too. `quarters` is null when every quarter of the span counts.
 */
export interface DrillDownScope {
  startMs: number;
  /** Exclusive. */
  endMs: number;
  quarters: number[] | null;
}

export function drillDownScope(period: ResolvedPeriod, list: Pick<ListQuery, 'bucket' | 'weekday' | 'hour'>): ParseResult<DrillDownScope> {
  let startMs = period.startMs;
  let endMs = period.endMs;
  if (list.bucket !== null) {
    const bucket = period.buckets.find((b) => b.key === list.bucket);
    if (!bucket) {
      const keys = period.buckets.map((b) => b.key);
      const sample = keys.length > 3 ? `${keys.slice(0, 3).join(', ')}, …` : keys.join(', ');
      return { ok: false, issues: [{ path: 'bucket', message: `"${list.bucket}" is not a bucket of the period (${period.from} – ${period.to}); expected one of range.buckets: ${sample}` }] };
    }
    ({ startMs, endMs } = bucket);
  }
  if (list.weekday.length === 0 && list.hour.length === 0) return { ok: true, value: { startMs, endMs, quarters: null } };
  const weekdays = new Set(list.weekday);
  const hours = new Set(list.hour);
  const local = localQuarterMapper(period.tz, startMs, endMs);
  const quarters: number[] = [];
  for (let q = Math.floor(startMs / QUARTER_MS); q * QUARTER_MS < endMs; q++) {
    const cell = local(q);
    if ((weekdays.size === 0 || weekdays.has(cell.weekday)) && (hours.size === 0 || hours.has(cell.hour))) quarters.push(q);
  }
  // Narrowed to the matching quarters, so the range predicate reads only their part of the index.
  if (quarters.length > 0) {
    startMs = Math.max(startMs, quarters[0]! * QUARTER_MS);
    endMs = Math.min(endMs, (quarters[quarters.length - 1]! + 1) * QUARTER_MS);
  } else endMs = startMs;
  return { ok: true, value: { startMs, endMs, quarters } };
}

// ---------------------------------------------------------------------------------------------
// First-response-time buckets (product.md §6). Each bucket is [minMs, maxMs): a value exactly on
// a bound belongs to the bucket above it (30 s → 30s–2m, 1 h → >1h).

export const FIRST_RESPONSE_BUCKETS = [
  { key: 'lt_30s', label: '<30s', minMs: 0, maxMs: 30_000 },
  { key: '30s_2m', label: '30s–2m', minMs: 30_000, maxMs: 120_000 },
  { key: '2m_5m', label: '2–5m', minMs: 120_000, maxMs: 300_000 },
  { key: '5m_10m', label: '5–10m', minMs: 300_000, maxMs: 600_000 },
  { key: '10m_30m', label: '10–30m', minMs: 600_000, maxMs: 1_800_000 },
  { key: '30m_1h', label: '30m–1h', minMs: 1_800_000, maxMs: 3_600_000 },
  { key: 'gt_1h', label: '>1h', minMs: 3_600_000, maxMs: null },
] as const satisfies ReadonlyArray<{ key: string; label: string; minMs: number; maxMs: number | null }>;
export type FirstResponseBucketKey = (typeof FIRST_RESPONSE_BUCKETS)[number]['key'];

/**
 * The bucket of a first response time; null when there was no first response (product.md §3:
 * an empty metric is not 0). A negative time (clock skew between sources) counts as <30s.
 */
export function firstResponseBucket(ms: number | null | undefined): FirstResponseBucketKey | null {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return null;
  for (const bucket of FIRST_RESPONSE_BUCKETS) {
    if (bucket.maxMs === null || ms < bucket.maxMs) return bucket.key;
  }
  return 'gt_1h';
}

// ---------------------------------------------------------------------------------------------
// Statistics (product.md §6: medians and 90th percentiles next to every average): shared/statistics.ts.

export { summarize, type Summary } from './statistics';
