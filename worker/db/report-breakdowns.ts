// The breakdowns' counts (product.md §4); worker/reports/breakdowns.ts shapes the rows.
//
// Each breakdown is an entry of shared/breakdowns.ts. One query per side groups by (bucket, the
// properties of that side's breakdowns): a single index range scan feeds all of them. The series are grouped by the period's own buckets
// in SQL (their instants, from shared/time.ts resolvePeriod, travel as one JSON parameter and
// each bucket is an index range), so the answer is buckets × keys rows, not quarter-hours × keys
// (tens of thousands for a month); it is as exact across DST and +05:30 as the buckets are.
import { count, sql, type SQL } from 'drizzle-orm';
import { BREAKDOWNS as BREAKDOWN_TABLE, type Breakdown } from '../../shared/breakdowns';
import { FILTERS, type Filter, type FilterParam, type ReportFilters } from '../../shared/report';
import type { ResolvedPeriod } from '../../shared/time';
import type { Database } from '../app';
import { conversations as c } from './schema';
import { filterConditions, NONE, sideColumn, type Side } from './report-filters';

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
 * property is NULL (NONE, the answer's NONE_KEY) unless the breakdown names a key for it.
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
      value: b.missingKey === NONE ? column : sql<string | null>`COALESCE(${column}, ${b.missingKey})`,
      ...('nameColumn' in b ? { name: sql<string | null>`MAX(${readName(b.nameColumn)})` } : {}),
    });
  }
  return [...dimensions.values()];
}

/** The row property holding a `named` breakdown's item names. */
export type NameColumn = Extract<Breakdown, { nameColumn: string }>['nameColumn'];

export const filterOf = (param: FilterParam): Filter => FILTERS.find((f) => f.param === param)!;

/** Columns a side's breakdown query selects: the bucket, each dimension, the names, the count. */
export function dimensionColumns(dimensions: readonly BreakdownDimension[]): Record<string, SQL<string | null>> {
  return Object.fromEntries(
    dimensions.flatMap((d) => [[d.key, d.value] as const, ...(d.name ? [[`${d.key}${NAME_SUFFIX}`, d.name] as const] : [])]),
  );
}
export const NAME_SUFFIX = ':name';

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
