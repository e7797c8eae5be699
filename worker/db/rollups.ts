// Report rollups in D1 (shared/rollups.ts). Every statement that writes them is built here:
// - `rollupWrites`: the delta of a conversation write, to run in the SAME batch as the
//   conversation rows it accounts for (D1 runs a batch atomically, so rows and rollups never
//   disagree after a crash). It reads the stored rows first: under one writer per workspace
//   (worker/ingest/deriver.ts) nothing changes them between that read and the batch.
// - `rebuildRollups`: a workspace's rollups aggregated afresh from its rows (npm run recompute).
// - `rollupCountsQuery`: what the report reads instead of the rows when no filter names a person.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { FilterParam, ReportFilters } from '../../shared/report';
import { NO_VALUE, rollupDelta, type RollupChange, type RollupConversation, type RollupSide } from '../../shared/rollups';
import { QUARTER_MS, type ResolvedPeriod } from '../../shared/time';
import { NONE, type Span } from '../reports/filters';
import type { Database } from '../app';
import type { ConversationInsert } from './conversation-rows';
import { conversations, reportRollups } from './schema';

// NOTE: D1 binds at most 100 parameters per statement, so the cells travel as ONE bound JSON
// array read with json_each: a single statement per write, whatever the number of cells.
const THREADS_PER_QUERY = 90;
const CELLS_PER_STATEMENT = 2_000;

/** The upsert that applies rollup changes (counts add up; a cell that reaches 0 stays, counting nothing). */
export function applyRollupChanges(db: Database, workspaceId: string, changes: readonly RollupChange[]): BatchItem<'sqlite'>[] {
  const statements: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < changes.length; i += CELLS_PER_STATEMENT) {
    const cells = JSON.stringify(
      changes
        .slice(i, i + CELLS_PER_STATEMENT)
        .map((c) => [c.side, c.quarter, c.contactType, c.openSource, c.openChannelId, c.closedSource, c.category, c.conversations, c.openChannelName]),
    );
    const cell = (n: number) => sql`cell.value ->> ${sql.raw(String(n))}`;
    statements.push(
      db
        .insert(reportRollups)
        .select(
          db
            .select({
              workspaceId: sql<string>`${workspaceId}`.as('workspace_id'),
              side: sql<RollupSide>`${cell(0)}`.as('side'),
              quarter: sql<number>`${cell(1)}`.as('quarter'),
              contactType: sql<string>`${cell(2)}`.as('contact_type'),
              openSource: sql<string>`${cell(3)}`.as('open_source'),
              openChannelId: sql<string>`${cell(4)}`.as('open_channel_id'),
              closedSource: sql<string>`${cell(5)}`.as('closed_source'),
              category: sql<string>`${cell(6)}`.as('category'),
              conversations: sql<number>`${cell(7)}`.as('conversations'),
              openChannelName: sql<string | null>`${cell(8)}`.as('open_channel_name'),
            })
            .from(sql`json_each(${cells}) AS cell`)
            // SQLite needs a WHERE before ON CONFLICT in an INSERT … SELECT (its parsing ambiguity).
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
  return statements;
}

/** A stored conversation's rollup properties (the write reads them; tests aggregate them afresh). */
export const rollupConversationColumns = {
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
type StoredRollupRow = RollupConversation & { id: string; threadId: string; cycle: number };

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
  if (first) for (const r of (await db.batch([first, ...rest])).flat()) stored.set(r.id, r);

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
  return applyRollupChanges(db, workspaceId, rollupDelta([...stored.values()], [...after.values()]));
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
  await db.batch([db.delete(reportRollups).where(eq(reportRollups.workspaceId, workspaceId)), aggregate('opened'), aggregate('closed')]);
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

/** Filters the rollups can answer: every other filter names a person, a contact or a conversation. */
export const ROLLUP_FILTERS = ['contact_type', 'open_source', 'open_channel', 'closed_source', 'category'] as const satisfies readonly FilterParam[];

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
const ROLLUP_COLUMN: Record<(typeof ROLLUP_FILTERS)[number], SQLiteColumn> = {
  contact_type: r.contactType,
  open_source: r.openSource,
  open_channel: r.openChannelId,
  closed_source: r.closedSource,
  category: r.category,
};

/**
 * The rollup cells of a side in a span matching the filters. A cell keeps '' for no channel or no
 * category, so the filters' `none` (filters.ts NONE, the rows' IS NULL) is '' here; '' never
 * equals any other filter value, as NULL never does.
 */
function rollupWhere(workspaceId: string, side: RollupSide, span: Span | null, filters: ReportFilters): SQL {
  const conditions = [sql`${r.workspaceId} = ${workspaceId}`, sql`${r.side} = ${side}`, sql`${r.conversations} <> 0`];
  if (span) conditions.push(sql`${r.quarter} >= ${span.startMs / QUARTER_MS}`, sql`${r.quarter} < ${span.endMs / QUARTER_MS}`);
  for (const param of ROLLUP_FILTERS) {
    const values = filters[param];
    if (!values || values.length === 0) continue;
    const cellValues = param === 'open_channel' || param === 'category' ? values.map((v) => (v === NONE ? NO_VALUE : v)) : values;
    conditions.push(sql`${ROLLUP_COLUMN[param]} IN (SELECT value FROM json_each(${JSON.stringify(cellValues)}))`);
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
 * The breakdowns' counts per (bucket, a, b, c) as worker/reports/breakdowns.ts reads them from
 * the rows: opened (contact type, open source, channel), closed (category, closed source,
 * contact type), missing values as NULL and a closed conversation without a source `unknown`.
 */
export function rollupBreakdownRowsQuery(db: Database, workspaceId: string, side: RollupSide, period: ResolvedPeriod, filters: ReportFilters) {
  const bounds = JSON.stringify(period.buckets.map((b) => [b.startMs / QUARTER_MS, b.endMs / QUARTER_MS]));
  const bucket = sql<number>`bucket.key`;
  const props =
    side === 'opened'
      ? { a: sql<string | null>`${r.contactType}`, b: sql<string | null>`${r.openSource}`, c: sql<string | null>`NULLIF(${r.openChannelId}, '')`, label: sql<string | null>`MAX(${r.openChannelName})` }
      : { a: sql<string | null>`NULLIF(${r.category}, '')`, b: sql<string | null>`COALESCE(NULLIF(${r.closedSource}, ''), 'unknown')`, c: sql<string | null>`${r.contactType}`, label: sql<string | null>`NULL` };
  return db
    .select({ bucket: bucket.mapWith(Number), a: props.a, b: props.b, c: props.c, label: props.label, count: sql<number>`SUM(${r.conversations})`.mapWith(Number) })
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
    .groupBy(bucket, props.a, props.b, props.c);
}
