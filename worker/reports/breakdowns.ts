// The breakdowns (product.md §4): counts by a property of the conversation, with totals,
// percentages and a series per bucket. Opened-side ones count conversations opened in the
// period, closed-side ones conversations closed in it.
//
// Each breakdown is an entry of shared/breakdowns.ts. One query per side groups by (bucket, the
// properties of that side's breakdowns): a single index range scan feeds all of them. The series are grouped by the period's own buckets
// in SQL (their instants, from shared/time.ts resolvePeriod, travel as one JSON parameter and
// each bucket is an index range), so the answer is buckets × keys rows, not quarter-hours × keys
// (tens of thousands for a month); it is as exact across DST and +05:30 as the buckets are.
import { count, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { breakdownComponent } from '../../shared/api';
import { BREAKDOWNS as BREAKDOWN_TABLE, type Breakdown, type BreakdownDefinition, type BreakdownKey } from '../../shared/breakdowns';
import { FILTERS, type Filter, type FilterDefinition, type FilterParam, type ReportFilters } from '../../shared/report';
import type { ResolvedPeriod } from '../../shared/time';
import type { Database } from '../app';
import type { ChannelNames } from '../db/channels';
import { conversations as c } from '../db/schema';
import { filterConditions, NONE, sideColumn, type Side } from '../db/report-filters';

export type BreakdownJson = z.infer<typeof breakdownComponent>;

/** The key of conversations without the property (opened by a user: no channel; closed without a category). */
export const NONE_KEY = NONE;
/** product.md §2: a conversation opened by a user has channel "-". */
const NONE_LABEL = '-';

export type { BreakdownKey } from '../../shared/breakdowns';

/** shared/breakdowns.ts's entries by component key (the report shapes each from its side's rows). */
export const BREAKDOWNS = Object.fromEntries(BREAKDOWN_TABLE.map((b) => [b.key, b])) as { [K in BreakdownKey]: Extract<Breakdown, { key: K }> };

/** The property a breakdown counts by and its name (for `named` items), as SQL over some table's columns. */
export interface BreakdownDimension {
  /** The row's key for the property: the filter's query parameter. */
  key: FilterParam;
  value: SQL<string | null>;
  /** `MAX(name)` of named items, else absent. */
  name?: SQL<string | null>;
}

/**
 * The distinct properties the breakdowns of a side count by (shared/breakdowns.ts), each read
 * through `read(column)`: the rows' columns here, the rollups' in worker/db/rollups.ts. A missing
 * property is NULL (NONE_KEY in the answer) unless the breakdown names a key for it.
 */
export function sideDimensions(
  side: Side,
  read: (column: Filter['match']['column']) => SQL<string | null>,
  readName: (column: NameColumn) => SQL<string | null>,
): BreakdownDimension[] {
  const dimensions = new Map<FilterParam, BreakdownDimension>();
  for (const b of BREAKDOWN_TABLE as readonly Breakdown[]) {
    if (b.side !== side || dimensions.has(b.filter)) continue;
    const column = read(filterOf(b.filter).match.column);
    dimensions.set(b.filter, {
      key: b.filter,
      value: b.missingKey === NONE_KEY ? column : sql<string | null>`COALESCE(${column}, ${b.missingKey})`,
      ...('nameColumn' in b ? { name: sql<string | null>`MAX(${readName(b.nameColumn)})` } : {}),
    });
  }
  return [...dimensions.values()];
}

/** The row property holding a `named` breakdown's item names. */
export type NameColumn = Extract<Breakdown, { nameColumn: string }>['nameColumn'];

const filterOf = (param: FilterParam): Filter => FILTERS.find((f) => f.param === param)!;

/** Columns a side's breakdown query selects: the bucket, each dimension, the names, the count. */
export function dimensionColumns(dimensions: readonly BreakdownDimension[]): Record<string, SQL<string | null>> {
  return Object.fromEntries(
    dimensions.flatMap((d) => [[d.key, d.value] as const, ...(d.name ? [[`${d.key}${NAME_SUFFIX}`, d.name] as const] : [])]),
  );
}
const NAME_SUFFIX = ':name';

export type BreakdownRow = {
  /** Index into period.buckets. */
  bucket: number;
  count: number;
} & Record<string, string | number | null>;

/**
 * Counts per (bucket, the side's properties) of conversations opened (or closed) in the period.
 * The buckets tile [startMs, endMs) exactly, so the rows add up to the side's total.
 */
export function breakdownRowsQuery(db: Database, workspaceId: string, side: Side, period: ResolvedPeriod, filters: ReportFilters) {
  const dimensions = sideDimensions(side, (column) => sql`${c[column]}`, (column) => sql`${c[column]}`);
  const at = sideColumn(side);
  const bounds = JSON.stringify(period.buckets.map((b) => [b.startMs, b.endMs]));
  const bucket = sql<number>`bucket.key`;
  return (
    db
      .select({ bucket: bucket.mapWith(Number), ...dimensionColumns(dimensions), count: count() })
      // CROSS JOIN keeps the buckets outermost: one (workspace_id, opened_at) index range per bucket.
      .from(sql`json_each(${bounds}) AS bucket CROSS JOIN ${c}`)
      .where(
        sql.join(
          [
            sql`${c.workspaceId} = ${workspaceId}`,
            sql`${at} >= bucket.value ->> 0`,
            sql`${at} < bucket.value ->> 1`,
            ...filterConditions(filters),
          ],
          sql` AND `,
        ),
      )
      .groupBy(bucket, ...dimensions.map((d) => d.value))
  );
}

/** opened_by_channel's labels from the channel directory, the names every other view shows. */
export function withChannelNames(json: BreakdownJson, channels: ChannelNames): BreakdownJson {
  if (json.status !== 'ok') return json;
  return {
    ...json,
    items: json.items.map((item) =>
      item.key === NONE_KEY ? item : { ...item, label: channels.nameOf(item.key, { name: item.label === item.key ? null : (item.label ?? null), kind: null }) },
    ),
  };
}

const percentOf = (n: number, total: number) => Math.round((n * 1000) / total) / 10;

export function breakdownJson(period: ResolvedPeriod, breakdown: BreakdownKey, rows: readonly BreakdownRow[]): BreakdownJson {
  const def: BreakdownDefinition = BREAKDOWNS[breakdown];
  // A vocabulary's keys are all listed (zeros included), in its order; others are the keys found.
  const fixedKeys = def.items === 'vocabulary' ? (filterOf(def.filter) as FilterDefinition).values : undefined;
  const labelled = def.items === 'named';
  const totals = new Map<string, number>((fixedKeys ?? []).map((k) => [k, 0]));
  const labels = new Map<string, string>();
  const perBucket = period.buckets.map(() => new Map<string, number>());
  let total = 0;
  for (const row of rows) {
    const value = row[def.filter] as string | null;
    const key = value ?? NONE_KEY;
    total += row.count;
    totals.set(key, (totals.get(key) ?? 0) + row.count);
    const name = row[`${def.filter}${NAME_SUFFIX}`] as string | null | undefined;
    if (labelled) labels.set(key, value === null ? NONE_LABEL : (name ?? labels.get(key) ?? key));
    const counts = perBucket[row.bucket];
    if (counts) counts.set(key, (counts.get(key) ?? 0) + row.count);
  }
  if (total === 0) return { status: 'no_data' };
  const keys = fixedKeys
    ? [...totals.keys()]
    : [...totals.keys()].sort((x, y) => totals.get(y)! - totals.get(x)! || (x < y ? -1 : x > y ? 1 : 0));
  return {
    status: 'ok',
    total,
    items: keys.map((key) => ({
      key,
      ...(labelled ? { label: labels.get(key) ?? key } : {}),
      count: totals.get(key)!,
      percent: percentOf(totals.get(key)!, total),
    })),
    series: period.buckets.map((bucket, i) => ({
      bucket: bucket.key,
      counts: Object.fromEntries(keys.map((key) => [key, perBucket[i]!.get(key) ?? 0])),
    })),
  };
}
