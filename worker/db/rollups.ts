// Report rollups in D1 (shared/rollups.ts). Every statement that writes them is built here:
// - `rollupWrites`: the delta of a conversation write, to run in the SAME batch as the
//   conversation rows it accounts for (D1 runs a batch atomically, so rows and rollups never
//   disagree after a crash). It reads the stored rows first: under one writer per workspace
//   (worker/ingest/deriver.ts) nothing changes them between that read and the batch.
// - `rebuildRollups`: a workspace's rollups aggregated afresh from its rows (npm run recompute).
// - `rollupCountsQuery`: what the report reads instead of the rows when no filter names a person.
import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { componentApplies, FILTERS, FIRST_RESPONSE_BUCKETS, HOURS_MODES, type Filter, type FilterParam, type HoursMode, type ReportFilters } from '../../shared/report';
import { DURATION_FIELDS, type DurationField } from '../../shared/api';
import { BREAKDOWNS as BREAKDOWN_TABLE, type Breakdown } from '../../shared/breakdowns';
import {
  durationCellRanges,
  durationRollupDelta,
  FIRST_RESPONSE_BUCKETS_METRIC,
  GRAIN_MS,
  breakdownProperty,
  cellRanges,
  DIMENSION_GRAINS,
  dimensionChanges,
  NO_VALUE,
  rollupDelta,
  SIDE_TOTAL_DIMENSION,
  type BreakdownDimension,
  type DimensionChange,
  type DurationMetric,
  type DurationRollupChange,
  type DurationRollupConversation,
  type DurationValues,
  type Grain,
  type RollupChange,
  type RollupConversation,
  type RollupSide,
} from '../../shared/rollups';
import { BUCKET_EPSILON, LN_GAMMA } from '../../shared/statistics';
import { QUARTER_MS, type ResolvedPeriod } from '../../shared/time';
import { dimensionColumns, sideDimensions } from './report-breakdowns';
import { totalQuery } from './report-counts';
import { durationColumn } from '../reports/durations';
import { NONE, type Span } from './report-filters';
import type { Database } from '../app';
import type { ConversationInsert } from './conversation-rows';
import { jsonCell, jsonRowSlices } from './json-rows';
import { conversations, reportBreakdownRollups, reportDurationRollups, reportDurationValues, reportRollups } from './schema';
import { durationValueDelta } from '../../shared/duration-values';
import { applyDurationValueChanges, durationValuesSqlText } from './duration-values';

// NOTE: D1 binds at most 100 parameters per statement: thread ids are read 90 at a time, and the
// cells written travel as one bound JSON array (worker/db/json-rows.ts).
const THREADS_PER_QUERY = 90;

/** The upsert that applies rollup changes (counts add up; a cell that reaches 0 stays, counting nothing). */
export function applyRollupChanges(db: Database, workspaceId: string, changes: readonly RollupChange[]): BatchItem<'sqlite'>[] {
  return jsonRowSlices(changes, (c) => [c.side, c.quarter, c.contactType, c.openSource, c.openChannelId, c.closedSource, c.category, c.conversations, c.openChannelName]).map(
    ({ rows }) =>
      db
        .insert(reportRollups)
        .select(
          db
            .select({
              workspaceId: sql<string>`${workspaceId}`.as('workspace_id'),
              side: sql<RollupSide>`${jsonCell(0)}`.as('side'),
              quarter: sql<number>`${jsonCell(1)}`.as('quarter'),
              contactType: sql<string>`${jsonCell(2)}`.as('contact_type'),
              openSource: sql<string>`${jsonCell(3)}`.as('open_source'),
              openChannelId: sql<string>`${jsonCell(4)}`.as('open_channel_id'),
              closedSource: sql<string>`${jsonCell(5)}`.as('closed_source'),
              category: sql<string>`${jsonCell(6)}`.as('category'),
              conversations: sql<number>`${jsonCell(7)}`.as('conversations'),
              openChannelName: sql<string | null>`${jsonCell(8)}`.as('open_channel_name'),
            })
            .from(rows)
            // SQLite needs a WHERE before ON CONFLICT (worker/db/json-rows.ts).
            .where(sql`true`),
        )
        .onConflictDoUpdate({
          target: [
            reportRollups.workspaceId,
            reportRollups.side,
            reportRollups.quarter,
            reportRollups.contactType,
            reportRollups.openSource,
            reportRollups.openChannelId,
            reportRollups.closedSource,
            reportRollups.category,
          ],
          set: {
            conversations: sql`${reportRollups.conversations} + excluded.conversations`,
            openChannelName: sql`COALESCE(excluded.open_channel_name, ${reportRollups.openChannelName})`,
          },
        }),
  );
}

const durationColumns = (hours: HoursMode) =>
  Object.fromEntries(DURATION_FIELDS.map((f) => [f, durationColumn(f, hours)])) as Record<DurationField, SQLiteColumn>;

/** The conversation row's key of a duration's column (ConversationInsert's property). */
const INSERT_KEY = new Map(Object.entries(getTableColumns(conversations)).map(([key, column]) => [column as SQLiteColumn, key]));
const insertDurations = (row: ConversationInsert, hours: HoursMode): DurationValues =>
  Object.fromEntries(
    DURATION_FIELDS.map((f) => [f, (row[INSERT_KEY.get(durationColumn(f, hours)) as keyof ConversationInsert] as number | null | undefined) ?? null]),
  ) as DurationValues;

/** A stored conversation's rollup properties (the write reads them; tests aggregate them afresh). */
export const rollupConversationColumns = {
  calendar: durationColumns('calendar'),
  business: durationColumns('business'),
  openedAt: conversations.openedAt,
  closedAt: conversations.closedAt,
  contactType: conversations.contactType,
  openSource: conversations.openSource,
  openChannelId: conversations.openChannelId,
  openChannelName: conversations.openChannelName,
  closedSource: conversations.closedSource,
  category: conversations.category,
};

const rollupColumns = {
  id: conversations.id,
  threadId: conversations.threadId,
  cycle: conversations.cycle,
  ...rollupConversationColumns,
};
type StoredRollupRow = RollupConversation & DurationRollupConversation & { id: string; threadId: string; cycle: number };

/**
 * The rollup statements of one conversation write (worker/db/derivation.ts conversationWrites,
 * same arguments): rows upserted (with their settled contact type), rows of a renamed cycle
 * deleted, cycles beyond a rebuilt thread's last deleted, and other conversations' contact types
 * settled. "Before" is every stored row the write can touch; "after" is what the write leaves.
 * Runs in the workspace's single writer, so nothing changes those rows between this read and the
 * write batch it joins.
 */
export async function rollupWrites(
  db: Database,
  workspaceId: string,
  derived: { rows: readonly ConversationInsert[]; rebuilt: ReadonlyArray<{ threadId: string; maxCycle: number }> },
  resettled: ReadonlyArray<{ id: string; contactType: string }>,
): Promise<BatchItem<'sqlite'>[]> {
  const { rows: upserted, rebuilt } = derived;
  const threadIds = [...new Set([...upserted.map((r) => r.threadId), ...rebuilt.map((r) => r.threadId)])];
  const ids = [...new Set([...upserted.map((r) => r.id), ...resettled.map((r) => r.id)])];
  const reads = [];
  const where = (condition: SQL) => db.select(rollupColumns).from(conversations).where(and(eq(conversations.workspaceId, workspaceId), condition));
  for (let i = 0; i < threadIds.length; i += THREADS_PER_QUERY) reads.push(where(inArray(conversations.threadId, threadIds.slice(i, i + THREADS_PER_QUERY))));
  for (let i = 0; i < ids.length; i += THREADS_PER_QUERY) reads.push(where(inArray(conversations.id, ids.slice(i, i + THREADS_PER_QUERY))));
  const [first, ...rest] = reads;
  const stored = new Map<string, StoredRollupRow>();
  if (first) for (const r of (await db.batch([first, ...rest])).flat()) stored.set(r.id, r as StoredRollupRow);

  // Replay the write's statements, in their order, on the stored rows.
  const after = new Map<string, StoredRollupRow>(stored);
  for (const row of upserted) {
    after.set(row.id, {
      id: row.id,
      threadId: row.threadId,
      cycle: row.cycle,
      openedAt: row.openedAt,
      closedAt: row.closedAt ?? null,
      contactType: row.contactType ?? stored.get(row.id)?.contactType ?? 'new',
      openSource: row.openSource,
      openChannelId: row.openChannelId ?? null,
      openChannelName: row.openChannelName ?? null,
      closedSource: row.closedSource ?? null,
      category: row.category ?? null,
      calendar: insertDurations(row, 'calendar'),
      business: insertDurations(row, 'business'),
    });
    // A cycle renamed leaves no row under its old id.
    for (const [id, r] of after) if (r.threadId === row.threadId && r.cycle === row.cycle && id !== row.id) after.delete(id);
  }
  const maxCycle = new Map(rebuilt.map((r) => [r.threadId, r.maxCycle]));
  for (const [id, r] of after) {
    const max = maxCycle.get(r.threadId);
    if (max !== undefined && r.cycle > max) after.delete(id);
  }
  for (const { id, contactType } of resettled) {
    const r = after.get(id);
    if (r) after.set(id, { ...r, contactType });
  }
  const before = [...stored.values()];
  const now = [...after.values()];
  const changes = rollupDelta(before, now);
  return [
    ...applyRollupChanges(db, workspaceId, changes),
    ...applyDimensionChanges(db, workspaceId, dimensionChanges(changes)),
    ...applyDurationRollupChanges(db, workspaceId, durationRollupDelta(before, now)),
    ...applyDurationValueChanges(db, workspaceId, durationValueDelta(before, now)),
  ];
}


/** A workspace's rollups aggregated afresh from its conversation rows, in one atomic batch. */
export async function rebuildRollups(db: Database, workspaceId: string): Promise<void> {
  const c = conversations;
  const aggregate = (side: RollupSide) => {
    const closed = side === 'closed';
    const quarter = sql<number>`${closed ? c.closedAt : c.openedAt} / ${sql.raw(String(QUARTER_MS))}`;
    const channel = sql<string>`COALESCE(${c.openChannelId}, '')`;
    const closedSource = closed ? sql<string>`COALESCE(${c.closedSource}, '')` : sql<string>`''`;
    const category = closed ? sql<string>`COALESCE(${c.category}, '')` : sql<string>`''`;
    return db.insert(reportRollups).select(
      db
        .select({
          workspaceId: c.workspaceId,
          side: sql<RollupSide>`${side}`.as('side'),
          quarter: quarter.as('quarter'),
          contactType: c.contactType,
          openSource: c.openSource,
          openChannelId: channel.as('open_channel_id'),
          closedSource: closedSource.as('closed_source'),
          category: category.as('category'),
          conversations: sql<number>`count(*)`.as('conversations'),
          openChannelName: sql<string | null>`MAX(${c.openChannelName})`.as('open_channel_name'),
        })
        .from(c)
        .where(and(eq(c.workspaceId, workspaceId), closed ? sql`${c.closedAt} IS NOT NULL` : undefined))
        .groupBy(quarter, c.contactType, c.openSource, channel, closedSource, category),
    );
  };
  await db.batch([
    db.delete(reportRollups).where(eq(reportRollups.workspaceId, workspaceId)),
    aggregate('opened'),
    aggregate('closed'),
    db.delete(reportBreakdownRollups).where(eq(reportBreakdownRollups.workspaceId, workspaceId)),
    ...BREAKDOWN_TABLE.map((breakdown) =>
      db.insert(reportBreakdownRollups).select(boundWorkspace(dimensionRollupsSqlText(breakdown.key, '$WORKSPACE'), workspaceId)),
    ),
    ...COARSER_DIMENSION_GRAINS.map((grain) =>
      db.insert(reportBreakdownRollups).select(boundWorkspace(dimensionCoarserRollupsSqlText(grain, '$WORKSPACE'), workspaceId)),
    ),
    db.delete(reportDurationRollups).where(eq(reportDurationRollups.workspaceId, workspaceId)),
    db.insert(reportDurationRollups).select(durationQuarterRollupsSql(workspaceId)),
    db.insert(reportDurationRollups).select(durationDayRollupsSql(workspaceId)),
    db.delete(reportDurationValues).where(eq(reportDurationValues.workspaceId, workspaceId)),
    db.insert(reportDurationValues).select(boundWorkspace(durationValuesSqlText('$WORKSPACE'), workspaceId)),
  ]);
}

/** Every non-empty rollup cell of a workspace (tests compare it with a fresh aggregation). */
export function allRollupsQuery(db: Database, workspaceId: string) {
  return db
    .select()
    .from(reportRollups)
    .where(and(eq(reportRollups.workspaceId, workspaceId), sql`${reportRollups.conversations} <> 0`));
}

// ---------------------------------------------------------------------------------------------
// Reading: the report's counts from the rollups (worker/reports/report.ts decides when).

/** Filters the rollups can answer (shared/report.ts `inRollups`): every other filter names a person, a contact or a conversation. */
type RollupFilter = Extract<Filter, { inRollups: true }>;
const isRollupFilter = (f: Filter): f is RollupFilter => 'inRollups' in f;
export const ROLLUP_FILTERS: readonly RollupFilter['param'][] = FILTERS.filter(isRollupFilter).map((f) => f.param);

/**
 * Whether the rollups answer this request: no filter outside their keys, and a span made of
 * whole quarter-hours (every zone's midnight is one; a span that is not falls back to the rows).
 */
export function rollupsAnswer(filters: ReportFilters, spans: readonly Span[]): boolean {
  const outside = (Object.keys(filters) as FilterParam[]).some(
    (p) => (filters[p]?.length ?? 0) > 0 && !(ROLLUP_FILTERS as readonly string[]).includes(p),
  );
  return !outside && spans.every((s) => s.startMs % QUARTER_MS === 0 && s.endMs % QUARTER_MS === 0);
}

const r = reportRollups;

/**
 * The rollup cells of a side in a span matching the filters. A cell keeps '' for no channel or no
 * category, so the filters' `none` (filters.ts NONE, the rows' IS NULL) is '' here; '' never
 * equals any other filter value, as NULL never does.
 */
function rollupWhere(workspaceId: string, side: RollupSide, span: Span | null, filters: ReportFilters): SQL {
  const conditions = [sql`${r.workspaceId} = ${workspaceId}`, sql`${r.side} = ${side}`, sql`${r.conversations} <> 0`];
  if (span) conditions.push(sql`${r.quarter} >= ${span.startMs / QUARTER_MS}`, sql`${r.quarter} < ${span.endMs / QUARTER_MS}`);
  // A cell keeps each filter's property under the row's column name.
  for (const { param, match } of FILTERS.filter(isRollupFilter)) {
    const values = filters[param];
    if (!values || values.length === 0) continue;
    const cellValues = match.kind === 'value_or_none' ? values.map((v) => (v === NONE ? NO_VALUE : v)) : values;
    conditions.push(sql`${r[match.column]} IN (SELECT value FROM json_each(${JSON.stringify(cellValues)}))`);
  }
  return and(...conditions)!;
}

/** Conversations opened (or closed) per quarter-hour of the span: the same rows as countsByQuarterQuery. */
export function rollupCountsByQuarterQuery(db: Database, workspaceId: string, side: RollupSide, span: Span, filters: ReportFilters) {
  return db
    .select({ quarter: r.quarter, count: sql<number>`SUM(${r.conversations})`.mapWith(Number) })
    .from(r)
    .where(rollupWhere(workspaceId, side, span, filters))
    .groupBy(r.quarter);
}

/** Conversations opened (or closed) in the span: the previous period's figures. */
export function rollupTotalQuery(db: Database, workspaceId: string, side: RollupSide, span: Span, filters: ReportFilters) {
  return db
    .select({ count: sql<number>`COALESCE(SUM(${r.conversations}), 0)`.mapWith(Number) })
    .from(r)
    .where(rollupWhere(workspaceId, side, span, filters));
}

/**
 * Conversations opened (or closed) in a span under the filters, from the fewest rows that answer:
 * the breakdown cells when nothing filters, the rollup cells when they answer the filters, else
 * the conversations. The opened side's cells keep '' for the closed-side properties, so on that
 * side they answer only the filters the opened heatmap accepts.
 */
export function sideTotalQuery(db: Database, workspaceId: string, side: RollupSide, span: Span, filters: ReportFilters) {
  if (dimensionRollupsAnswer(filters, [span])) return dimensionTotalQuery(db, workspaceId, side, span);
  if (rollupsAnswer(filters, [span]) && (side === 'closed' || componentApplies('opened_heatmap', filters))) {
    return rollupTotalQuery(db, workspaceId, side, span, filters);
  }
  return totalQuery(db, workspaceId, side, span, filters);
}

/** A rollup cell's properties, under the conversation row's names (shared/rollups.ts RollupKey). */
type RollupColumn = RollupFilter['match']['column'] | 'openChannelName';
type BreakdownColumn = Extract<Filter, { param: Breakdown['filter'] }>['match']['column'];
/** Every property a breakdown counts by must be a rollup key (shared/rollups.ts): this fails to compile otherwise. */
const breakdownsInRollups: [Exclude<BreakdownColumn, RollupColumn>] extends [never] ? true : never = true;
void breakdownsInRollups;

/**
 * The breakdowns' counts per (bucket, property) as worker/db/report-breakdowns.ts reads them from
 * the rows (the same dimensions, from shared/breakdowns.ts): a missing property ('' in a cell) is
 * NULL, or the key the breakdown names for it (a closed conversation without a source: `unknown`).
 */
export function rollupBreakdownRowsQuery(db: Database, workspaceId: string, side: RollupSide, period: ResolvedPeriod, filters: ReportFilters) {
  const bounds = JSON.stringify(period.buckets.map((b) => [b.startMs / QUARTER_MS, b.endMs / QUARTER_MS]));
  const bucket = sql<number>`bucket.key`;
  const dimensions = sideDimensions(side, (column) => sql`NULLIF(${r[column as RollupColumn]}, '')`, (column) => sql`${r[column]}`);
  return db
    .select({ bucket: bucket.mapWith(Number), ...dimensionColumns(dimensions), count: sql<number>`SUM(${r.conversations})`.mapWith(Number) })
    .from(sql`json_each(${bounds}) AS bucket CROSS JOIN ${r}`)
    .where(
      and(
        // Only the bucket's bounds: SQLite keeps one lower and one upper bound of a range, and the
        // period's would make every bucket scan the whole period.
        rollupWhere(workspaceId, side, null, filters),
        sql`${r.quarter} >= bucket.value ->> 0`,
        sql`${r.quarter} < bucket.value ->> 1`,
      ),
    )
    .groupBy(bucket, ...dimensions.map((d) => d.value));
}

// ---------------------------------------------------------------------------------------------
// Duration rollups (shared/rollups.ts durationRollupDelta): one row per (hours, grain, cell,
// metric) with the exact count and sum and the histogram as a JSON object {bucket: count}.

const d = reportDurationRollups;

/**
 * The upsert that applies duration changes: counts and sums add up, and the histograms merge
 * bucket by bucket in SQL (json_each of both, summed, empty buckets dropped), so a write needs no
 * read of the cells it changes. Same batch as the conversation rows (rollupWrites).
 */
export function applyDurationRollupChanges(db: Database, workspaceId: string, changes: readonly DurationRollupChange[]): BatchItem<'sqlite'>[] {
  return jsonRowSlices(changes, (c) => [c.hours, c.grain, c.cell, c.metric, c.count, c.sum, JSON.stringify(Object.fromEntries(c.buckets))]).map(
    ({ rows }) =>
      db
        .insert(d)
        .select(
          db
            .select({
              workspaceId: sql<string>`${workspaceId}`.as('workspace_id'),
              hours: sql<HoursMode>`${jsonCell(0)}`.as('hours'),
              grain: sql<'quarter' | 'day'>`${jsonCell(1)}`.as('grain'),
              cell: sql<number>`${jsonCell(2)}`.as('cell'),
              metric: sql<string>`${jsonCell(3)}`.as('metric'),
              count: sql<number>`${jsonCell(4)}`.as('count'),
              sum: sql<number>`${jsonCell(5)}`.as('sum'),
              buckets: sql<string>`${jsonCell(6)}`.as('buckets'),
            })
            .from(rows)
            .where(sql`true`),
        )
        .onConflictDoUpdate({
          target: [d.workspaceId, d.hours, d.grain, d.cell, d.metric],
          set: {
            count: sql`${d.count} + excluded.count`,
            sum: sql`${d.sum} + excluded.sum`,
            buckets: sql`(SELECT COALESCE(json_group_object(merged.key, merged.n), '{}') FROM (
              SELECT key, SUM(value) AS n FROM (
                SELECT key, value FROM json_each(report_duration_rollups.buckets)
                UNION ALL SELECT key, value FROM json_each(excluded.buckets)
              ) GROUP BY key HAVING SUM(value) <> 0) AS merged)`,
          },
        }),
  );
}

/** shared/statistics.ts histogramBucket in SQL, the same operations in the same order. */
function histogramBucketSql(v: string): string {
  const positive = (m: string) => `MAX(1, CAST(ceil(ln(${m}) / ${LN_GAMMA} - ${BUCKET_EPSILON}) AS INTEGER))`;
  return `(CASE WHEN ${v} = 0 THEN 0 WHEN ${v} > 0 THEN ${positive(v)} ELSE -${positive(`-${v}`)} END)`;
}

/** shared/report.ts firstResponseBucket's index in SQL (a negative time counts as the first bucket). */
function firstResponseBucketSql(v: string): string {
  const whens = FIRST_RESPONSE_BUCKETS.map((b, i) => (b.maxMs === null ? '' : `WHEN ${v} < ${b.maxMs} THEN ${i} `)).join('');
  return `(CASE ${whens}ELSE ${FIRST_RESPONSE_BUCKETS.length - 1} END)`;
}

/**
 * A workspace's quarter-hour duration cells aggregated from its rows: one pass per (hours,
 * metric) over the closed conversations with a value, grouped by quarter and bucket. Plain SQL
 * text: `workspaceIdLiteral` is a quoted id, a bound parameter, or the row's own column for
 * every workspace (the migration that added the table).
 */
export function durationQuarterRollupsSqlText(workspaceIdLiteral: string): string {
  // One pass over the rows joined with the metric list (D1 allows few terms in a compound SELECT).
  const metrics: Array<[HoursMode, DurationMetric, string]> = [];
  for (const hours of HOURS_MODES) {
    for (const field of DURATION_FIELDS) {
      const column = `c."${durationColumn(field, hours).name}"`;
      metrics.push([hours, field, column]);
      if (field === 'first_response_time_ms') metrics.push([hours, FIRST_RESPONSE_BUCKETS_METRIC, column]);
    }
  }
  const list = JSON.stringify(metrics.map(([hours, metric]) => [hours, metric]));
  const value = `CASE m.key ${metrics.map(([, , column], i) => `WHEN ${i} THEN ${column}`).join(' ')} END`;
  return `SELECT workspace_id, hours, 'quarter', cell, metric, SUM(n), SUM(s), json_group_object(bucket, n) FROM (
      SELECT workspace_id, hours, cell, metric,
        CASE WHEN metric = '${FIRST_RESPONSE_BUCKETS_METRIC}' THEN ${firstResponseBucketSql('v')} ELSE ${histogramBucketSql('v')} END AS bucket,
        COUNT(*) AS n, SUM(v) AS s
      FROM (
        SELECT c.workspace_id AS workspace_id, m.value ->> 0 AS hours, c.closed_at / ${GRAIN_MS.quarter} AS cell, m.value ->> 1 AS metric, ${value} AS v
        FROM conversations AS c, json_each('${list}') AS m
        WHERE c.workspace_id = ${workspaceIdLiteral} AND c.closed_at IS NOT NULL
      ) WHERE v IS NOT NULL
      GROUP BY workspace_id, hours, cell, metric, bucket
    ) GROUP BY workspace_id, hours, cell, metric`;
}

/** The column list both SELECTs fill, in order (the migration writes it; drizzle's insert…select names the table's columns). */
export const DURATION_ROLLUP_INSERT = 'INSERT INTO report_duration_rollups (workspace_id, hours, grain, cell, metric, count, sum, buckets)';

/** The day cells merged from a workspace's quarter cells (inserted after durationQuarterRollupsSqlText's). */
export function durationDayRollupsSqlText(workspaceIdLiteral: string): string {
  const perDay = GRAIN_MS.day / GRAIN_MS.quarter;
  return `SELECT q.workspace_id, q.hours, 'day', q.cell / ${perDay}, q.metric, SUM(q.count), SUM(q.sum),
      (SELECT COALESCE(json_group_object(k, n), '{}') FROM (
        SELECT b.key AS k, SUM(b.value) AS n FROM report_duration_rollups AS p, json_each(p.buckets) AS b
        WHERE p.workspace_id = q.workspace_id AND p.hours = q.hours AND p.grain = 'quarter'
          AND p.cell >= (q.cell / ${perDay}) * ${perDay} AND p.cell < (q.cell / ${perDay} + 1) * ${perDay} AND p.metric = q.metric
        GROUP BY b.key HAVING SUM(b.value) <> 0))
    FROM report_duration_rollups AS q WHERE q.workspace_id = ${workspaceIdLiteral} AND q.grain = 'quarter'
    GROUP BY q.workspace_id, q.hours, q.cell / ${perDay}, q.metric`;
}

// The workspace id travels as one bound parameter, repeated where the text names it.
const boundWorkspace = (text: string, workspaceId: string): SQL => {
  const pieces = text.split('$WORKSPACE');
  return sql.join(pieces.map((piece, i) => (i === 0 ? sql.raw(piece) : sql`${workspaceId}${sql.raw(piece)}`)), sql``);
};
const durationQuarterRollupsSql = (workspaceId: string) => boundWorkspace(durationQuarterRollupsSqlText('$WORKSPACE'), workspaceId);
const durationDayRollupsSql = (workspaceId: string) => boundWorkspace(durationDayRollupsSqlText('$WORKSPACE'), workspaceId);

/** Every non-empty duration cell of a workspace (tests compare it with a fresh aggregation). */
export function allDurationRollupsQuery(db: Database, workspaceId: string) {
  return db
    .select()
    .from(d)
    .where(and(eq(d.workspaceId, workspaceId), sql`(${d.count} <> 0 OR ${d.sum} <> 0 OR ${d.buckets} <> '{}')`));
}

/** Day cells a statement reads at most: ≤ 31 × 9 metrics × ~10 KB of packed buckets, far below D1's result limit. */
const DAYS_PER_READ = 31;

/**
 * The duration cells covering a span (shared/rollups.ts durationCellRanges), each metric's count,
 * sum and packed histogram, one statement per index range (long ranges in slices of
 * DAYS_PER_READ days). The histograms are merged by the caller: SQLite's GROUP BY over the
 * unpacked buckets sorts every (metric, bucket) entry, ~100 ms for a 30-day range at any size.
 */
export function durationCellsQueries(db: Database, workspaceId: string, hours: HoursMode, span: Span) {
  const ranges = durationCellRanges(span).flatMap((r) => {
    if (r.grain !== 'day') return [r];
    const slices = [];
    for (let from = r.from; from < r.to; from += DAYS_PER_READ) slices.push({ ...r, from, to: Math.min(r.to, from + DAYS_PER_READ) });
    return slices;
  });
  return ranges.map((r) =>
    db
      .select({ metric: sql<DurationMetric>`${d.metric}`, count: d.count, sum: d.sum, buckets: d.buckets })
      .from(d)
      .where(and(eq(d.workspaceId, workspaceId), eq(d.hours, hours), eq(d.grain, r.grain), sql`${d.cell} >= ${r.from}`, sql`${d.cell} < ${r.to}`)),
  );
}

// ---------------------------------------------------------------------------------------------
// Breakdown rollups (shared/rollups.ts dimensionChanges): what an unfiltered report reads, at
// quarter-hour, hour and day cells.

const b = reportBreakdownRollups;

/** The upsert that applies breakdown-cell changes (counts add up, as applyRollupChanges). */
export function applyDimensionChanges(db: Database, workspaceId: string, changes: readonly DimensionChange[]): BatchItem<'sqlite'>[] {
  return jsonRowSlices(changes, (c) => [c.dimension, c.grain, c.cell, c.value, c.conversations, c.openChannelName]).map(
    ({ rows }) =>
      db
        .insert(b)
        .select(
          db
            .select({
              workspaceId: sql<string>`${workspaceId}`.as('workspace_id'),
              dimension: sql<string>`${jsonCell(0)}`.as('dimension'),
              grain: sql<Grain>`${jsonCell(1)}`.as('grain'),
              cell: sql<number>`${jsonCell(2)}`.as('cell'),
              propertyValue: sql<string>`${jsonCell(3)}`.as('property_value'),
              conversations: sql<number>`${jsonCell(4)}`.as('conversations'),
              openChannelName: sql<string | null>`${jsonCell(5)}`.as('open_channel_name'),
            })
            .from(rows)
            .where(sql`true`),
        )
        .onConflictDoUpdate({
          target: [b.workspaceId, b.dimension, b.grain, b.cell, b.propertyValue],
          set: {
            conversations: sql`${b.conversations} + excluded.conversations`,
            openChannelName: sql`COALESCE(excluded.open_channel_name, ${b.openChannelName})`,
          },
        }),
  );
}

const breakdownOf = (key: BreakdownDimension): Breakdown => BREAKDOWN_TABLE.find((x) => x.key === key)!;

/** The grains above the quarter-hour: a rebuild (and the migration) sums them from the quarter cells. */
export const COARSER_DIMENSION_GRAINS = DIMENSION_GRAINS.filter((g) => g !== 'quarter');

/**
 * A breakdown's quarter cells summed from report_rollups (rebuilt first in the same batch). Plain
 * SQL text as the duration rollups' (`workspaceIdLiteral`: a bound id, or `workspace_id` for
 * every workspace).
 */
export function dimensionRollupsSqlText(dimension: BreakdownDimension, workspaceIdLiteral: string): string {
  const breakdown = breakdownOf(dimension);
  const column = getTableColumns(reportRollups)[breakdownProperty(breakdown) as keyof typeof reportRollups.$inferSelect].name;
  const label = 'nameColumn' in breakdown ? 'MAX(open_channel_name)' : 'NULL';
  return `SELECT workspace_id, '${dimension}', 'quarter', quarter, ${column}, SUM(conversations), ${label} FROM report_rollups
    WHERE workspace_id = ${workspaceIdLiteral} AND side = '${breakdown.side}' GROUP BY workspace_id, quarter, ${column} HAVING SUM(conversations) <> 0`;
}

/** Every breakdown's cells at a coarser grain, summed from its quarter cells (inserted after dimensionRollupsSqlText's). */
export function dimensionCoarserRollupsSqlText(grain: Exclude<Grain, 'quarter'>, workspaceIdLiteral: string): string {
  // Cells are positive, so SQLite's integer division is shared/rollups.ts's floor.
  const quarters = GRAIN_MS[grain] / GRAIN_MS.quarter;
  return `SELECT workspace_id, dimension, '${grain}', cell / ${quarters}, property_value, SUM(conversations), MAX(open_channel_name)
    FROM report_breakdown_rollups WHERE workspace_id = ${workspaceIdLiteral} AND grain = 'quarter'
    GROUP BY workspace_id, dimension, cell / ${quarters}, property_value HAVING SUM(conversations) <> 0`;
}

/** Every non-empty breakdown cell of a workspace (tests compare it with a fresh aggregation). */
export function allDimensionRollupsQuery(db: Database, workspaceId: string) {
  return db
    .select()
    .from(b)
    .where(and(eq(b.workspaceId, workspaceId), sql`${b.conversations} <> 0`));
}

/** Whether the breakdown rollups answer: no filter at all, and whole quarter-hours. */
export function dimensionRollupsAnswer(filters: ReportFilters, spans: readonly Span[]): boolean {
  return Object.values(filters).every((v) => (v?.length ?? 0) === 0) && rollupsAnswer(filters, spans);
}

const dimensionWhere = (workspaceId: string, dimension: BreakdownDimension): SQL =>
  and(sql`${b.workspaceId} = ${workspaceId}`, sql`${b.dimension} = ${dimension}`, sql`${b.conversations} <> 0`)!;

/**
 * The fewest cells covering each span (shared/rollups.ts cellRanges), as one JSON array
 * of [span index, grain, from, to] read with json_each and joined to the table: per range one
 * walk of the primary key's (workspace, dimension, grain, cell) prefix.
 */
function spanCells(spans: readonly Span[]): SQL {
  const ranges = spans.flatMap((span, i) => cellRanges(span, DIMENSION_GRAINS).map((r) => [i, r.grain, r.from, r.to]));
  return sql`json_each(${JSON.stringify(ranges)}) AS part CROSS JOIN ${b}`;
}
const inPart = sql`${b.grain} = part.value ->> 1 AND ${b.cell} >= part.value ->> 2 AND ${b.cell} < part.value ->> 3`;

/**
 * Conversations opened (or closed) per quarter-hour, unfiltered: the side's contact-type cells.
 * At grain 'hour' (shared/rollups.ts countsGrain says when that is exact) each hour's count
 * comes as its first quarter's, a quarter of the rows for the same heatmaps and series.
 */
export function dimensionCountsByQuarterQuery(db: Database, workspaceId: string, side: RollupSide, span: Span, grain: 'quarter' | 'hour' = 'quarter') {
  const size = GRAIN_MS[grain];
  return db
    .select({
      quarter: sql<number>`${b.cell} * ${sql.raw(String(size / QUARTER_MS))}`.mapWith(Number),
      count: sql<number>`SUM(${b.conversations})`.mapWith(Number),
    })
    .from(b)
    .where(
      and(
        dimensionWhere(workspaceId, SIDE_TOTAL_DIMENSION[side]),
        sql`${b.grain} = ${grain}`,
        sql`${b.cell} >= ${span.startMs / size}`,
        sql`${b.cell} < ${span.endMs / size}`,
      ),
    )
    .groupBy(b.cell);
}

/** Conversations opened (or closed) in the span, unfiltered: its coarsest contact-type cells. */
export function dimensionTotalQuery(db: Database, workspaceId: string, side: RollupSide, span: Span) {
  return db
    .select({ count: sql<number>`COALESCE(SUM(${b.conversations}), 0)`.mapWith(Number) })
    .from(spanCells([span]))
    .where(and(dimensionWhere(workspaceId, SIDE_TOTAL_DIMENSION[side]), inPart));
}

/**
 * One breakdown's counts per (bucket, key), unfiltered, each bucket from its coarsest cells, as
 * breakdowns.ts breakdownJson reads a side's rows (the key under its filter's name, a missing
 * value NULL or the breakdown's missingKey, the name of a named item under `<filter>:name`), as
 * rollupBreakdownRowsQuery maps them.
 */
export function dimensionBreakdownRowsQuery(db: Database, workspaceId: string, dimension: BreakdownDimension, period: ResolvedPeriod) {
  const breakdown = breakdownOf(dimension);
  // Cells summed per (range, value) first, grouped on plain columns: grouping every cell on the
  // bucket read out of its range's JSON and on the key's expression took 1.2-1.5× as long (SQLite
  // evaluates both for each cell it sorts); the bucket is read once per range and value here.
  const perRange = db
    .select({
      bucket: sql<number>`part.value ->> 0`.as('bucket'),
      value: sql<string>`${b.propertyValue}`.as('property_value'),
      name: sql<string | null>`MAX(${b.openChannelName})`.as('open_channel_name'),
      conversations: sql<number>`SUM(${b.conversations})`.as('conversations'),
    })
    .from(spanCells(period.buckets))
    .where(and(dimensionWhere(workspaceId, dimension), inPart))
    .groupBy(sql`part.key`, b.propertyValue);
  const [key] = sideDimensions(breakdown.side, () => sql`NULLIF(cells.property_value, '')`, () => sql`cells.open_channel_name`).filter(
    (x) => x.key === breakdown.filter,
  );
  const bucket = sql<number>`cells.bucket`;
  return db
    .select({
      bucket: bucket.mapWith(Number),
      // Aliased: D1's batch returns rows keyed by column name.
      ...Object.fromEntries(Object.entries(dimensionColumns([key!])).map(([name, value]) => [name, sql<string | null>`${value}`.as(name)])),
      count: sql<number>`SUM(cells.conversations)`.mapWith(Number).as('count'),
    })
    .from(sql`(${perRange}) AS cells`)
    .groupBy(bucket, key!.value);
}
