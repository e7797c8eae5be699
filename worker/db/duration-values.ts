// The value index of closed conversations' durations in D1 (shared/duration-values.ts):
// - `applyDurationValueChanges`: a write's changes, in the SAME batch as the conversation rows
//   (worker/db/rollups.ts rollupWrites computes them from the same before/after as the rollups);
// - `durationValuesSqlText`: the index aggregated afresh from the rows (npm run recompute, and
//   the migration that added it);
// - the reads of the exact timings (worker/reports/timings.ts timingsFromRollups): the values
//   inside given buckets, and the first responses near the target.
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { DURATION_FIELDS, type DurationField } from '../../shared/api';
import { DURATION_VALUE_CODES, HOURS_CODES, type DurationValueChange } from '../../shared/duration-values';
import { HOURS_MODES, type HoursMode } from '../../shared/report';
import { QUARTER_MS } from '../../shared/time';
import type { Database } from '../app';
import { durationColumn } from '../reports/durations';
import type { Span } from './report-filters';
import { jsonCell, jsonRowSlices } from './json-rows';
import { reportDurationValues as v } from './schema';


/**
 * The statements that apply a write's changes: counts add up, then the rows a removal left at 0
 * are deleted (a row exists only while some closed conversation has its value).
 */
export function applyDurationValueChanges(db: Database, workspaceId: string, changes: readonly DurationValueChange[]): BatchItem<'sqlite'>[] {
  const statements: BatchItem<'sqlite'>[] = [];
  const key = (c: DurationValueChange) => [HOURS_CODES[c.hours], DURATION_VALUE_CODES[c.field], c.value, c.quarter];
  for (const { items: slice, rows } of jsonRowSlices(changes, (c) => [...key(c), c.conversations])) {
    statements.push(
      db
        .insert(v)
        .select(
          db
            .select({
              workspaceId: sql<string>`${workspaceId}`.as('workspace_id'),
              hours: sql<number>`${jsonCell(0)}`.as('hours'),
              metric: sql<number>`${jsonCell(1)}`.as('metric'),
              value: sql<number>`${jsonCell(2)}`.as('value'),
              quarter: sql<number>`${jsonCell(3)}`.as('quarter'),
              conversations: sql<number>`${jsonCell(4)}`.as('conversations'),
            })
            .from(rows)
            // SQLite needs a WHERE before ON CONFLICT (worker/db/json-rows.ts).
            .where(sql`true`),
        )
        .onConflictDoUpdate({
          target: [v.workspaceId, v.hours, v.metric, v.value, v.quarter],
          set: { conversations: sql`${v.conversations} + excluded.conversations` },
        }),
    );
    // Only a removal can bring a row to 0.
    const removed = slice.filter((c) => c.conversations < 0).map(key);
    if (removed.length > 0) {
      statements.push(
        db
          .delete(v)
          .where(
            and(
              eq(v.workspaceId, workspaceId),
              sql`(${v.hours}, ${v.metric}, ${v.value}, ${v.quarter}) IN (SELECT ${jsonCell(0)}, ${jsonCell(1)}, ${jsonCell(2)}, ${jsonCell(3)} FROM json_each(${JSON.stringify(removed)}) AS cell)`,
              eq(v.conversations, 0),
            ),
          ),
      );
    }
  }
  return statements;
}

/**
 * A workspace's value index aggregated from its rows: one pass over the closed conversations
 * joined with the (hours, duration) list, grouped by value and quarter-hour. Plain SQL text, as
 * worker/db/rollups.ts durationQuarterRollupsSqlText: `workspaceIdLiteral` is a bound parameter,
 * or the row's own column for every workspace (the migration that added the table).
 */
export function durationValuesSqlText(workspaceIdLiteral: string): string {
  const series: Array<[number, number, string]> = [];
  for (const hours of HOURS_MODES) {
    for (const field of DURATION_FIELDS) series.push([HOURS_CODES[hours], DURATION_VALUE_CODES[field], `c."${durationColumn(field, hours).name}"`]);
  }
  const list = JSON.stringify(series.map(([hours, metric]) => [hours, metric]));
  const value = `CASE m.key ${series.map(([, , column], i) => `WHEN ${i} THEN ${column}`).join(' ')} END`;
  return `SELECT workspace_id, hours, metric, v, quarter, COUNT(*) FROM (
      SELECT c.workspace_id AS workspace_id, m.value ->> 0 AS hours, m.value ->> 1 AS metric, ${value} AS v, c.closed_at / ${QUARTER_MS} AS quarter
      FROM conversations AS c, json_each('${list}') AS m
      WHERE c.workspace_id = ${workspaceIdLiteral} AND c.closed_at IS NOT NULL
    ) WHERE v IS NOT NULL
    GROUP BY workspace_id, hours, metric, v, quarter`;
}

/** The column list durationValuesSqlText fills, in order (the migration writes it). */
export const DURATION_VALUES_INSERT = 'INSERT INTO report_duration_values (workspace_id, hours, metric, value, quarter, conversations)';

/** Every row of a workspace's value index, zeros included (tests compare it with a fresh aggregation). */
export function allDurationValuesQuery(db: Database, workspaceId: string) {
  return db.select().from(v).where(eq(v.workspaceId, workspaceId));
}

/** A span of whole quarter-hours (what the rollups answer) as quarters [from, to). */
const quarters = (span: Span) => ({ from: Math.floor(span.startMs / QUARTER_MS), to: Math.ceil(span.endMs / QUARTER_MS) });

/**
 * The values closed in the span within each of the given integer ranges [lo, hi]: per range
 * (`range` = its index; a range without values has no row) how many conversations it holds and
 * their values packed as "v,v*n,…" (`v*n`: n conversations with value v in one quarter-hour), as
 * unpackCountedValues reads them. One statement: the ranges travel as one JSON array, each one
 * primary-key range. Packed because D1 hands every result row to the isolate as an object: at
 * 100k closes in 30 days the ~16 ranges hold ~10,000 values, whose rows cost ~50 ms to return
 * where the whole SQL takes ~5 ms (scripts/bench-reports.ts at 100,000).
 * NOTE: D1 caps a string at 2,000,000 bytes; the exact path reads at most EXACT_STATISTICS_MAX
 * closes, so a range packs at most 100,000 values of ≤ 10 characters (≈ 1.1 MB).
 */
export function valuesInRangesQuery(
  db: Database,
  workspaceId: string,
  hours: HoursMode,
  span: Span,
  ranges: ReadonlyArray<{ field: DurationField; lo: number; hi: number }>,
) {
  const { from, to } = quarters(span);
  const list = JSON.stringify(ranges.map((r) => [DURATION_VALUE_CODES[r.field], Math.trunc(r.lo), Math.trunc(r.hi)]));
  // Qualified by hand: drizzle names a selected column bare, and json_each has a `value` too.
  const value = sql.raw('report_duration_values.value');
  const conversations = sql.raw('report_duration_values.conversations');
  return (
    db
      .select({
        range: sql<number>`r.key`.mapWith(Number).as('range'),
        found: sql<number>`SUM(${conversations})`.mapWith(Number).as('found'),
        values: sql<string>`group_concat(CASE WHEN ${conversations} = 1 THEN ${value} ELSE ${value} || '*' || ${conversations} END)`.as('packed'),
      })
      // CROSS JOIN keeps the ranges the outer loop: each is then a seek into the primary key.
      .from(sql`json_each(${list}) AS r CROSS JOIN ${v}`)
      .where(
        and(
          eq(v.workspaceId, workspaceId),
          eq(v.hours, HOURS_CODES[hours]),
          sql`${v.metric} = r.value ->> 0`,
          sql`${v.value} >= r.value ->> 1`,
          sql`${v.value} <= r.value ->> 2`,
          sql`${v.quarter} >= ${from}`,
          sql`${v.quarter} < ${to}`,
        ),
      )
      .groupBy(sql`r.key`)
  );
}

/** valuesInRangesQuery's packed values as [value, conversations] pairs, in value order. */
export function unpackCountedValues(packed: string | null): Array<[number, number]> {
  if (packed === null || packed === '') return [];
  const pairs = packed.split(',').map((entry): [number, number] => {
    const star = entry.indexOf('*');
    return star < 0 ? [Number(entry), 1] : [Number(entry.slice(0, star)), Number(entry.slice(star + 1))];
  });
  return pairs.sort((a, b) => a[0] - b[0]);
}

/**
 * First responses closed in the span with a value in (above, atMost]: the met/missed split of the
 * one histogram bucket holding the target (a bucket is ~1 % of its values' magnitude wide).
 */
export function firstResponsesBetweenQuery(db: Database, workspaceId: string, hours: HoursMode, span: Span, above: number, atMost: number) {
  const { from, to } = quarters(span);
  return db
    .select({ count: sql<number>`COALESCE(SUM(${v.conversations}), 0)`.mapWith(Number) })
    .from(v)
    .where(
      and(
        eq(v.workspaceId, workspaceId),
        eq(v.hours, HOURS_CODES[hours]),
        eq(v.metric, DURATION_VALUE_CODES.first_response_time_ms),
        sql`${v.value} > ${above}`,
        sql`${v.value} <= ${atMost}`,
        sql`${v.quarter} >= ${from}`,
        sql`${v.quarter} < ${to}`,
      ),
    );
}
