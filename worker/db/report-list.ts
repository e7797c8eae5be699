// The conversation list's statements (product.md §4, api.md …/list): conversations CLOSED (or
// opened) in the period, keyset-paged on (sort column, id) so a cursor stays exact under any sort
// column, nulls included. worker/reports/list.ts encodes the cursors.
import { and, asc, count, desc, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { DrillDownScope, HoursMode, ListBasis, ListSortColumn, ReportFilters } from '../../shared/report';
import { QUARTER_MS } from '../../shared/time';
import type { Database } from '../app';
import { durationColumn, isDurationField } from '../reports/durations';
import type { ConversationRow } from './conversation-rows';
import { conversations as c, events } from './schema';
import { filterConditions, reportWhere, sideColumn, type Span } from './report-filters';

export type SortOrder = 'asc' | 'desc';
export type SortValue = string | number | null;

export interface ListOrder {
  sort: ListSortColumn;
  order: SortOrder;
  hours: HoursMode;
  /** Conversations closed (default) or opened in the period (product.md §8 drill-down). */
  basis?: ListBasis;
}

/** Where the list resumes: after the row with this sort value and id. */
export interface Keyset {
  value: SortValue;
  id: string;
}

const COLUMNS: Record<Exclude<ListSortColumn, `${string}_ms`>, SQLiteColumn> = {
  closed_at: c.closedAt,
  opened_at: c.openedAt,
  first_assignment_at: c.firstAssignmentAt,
  last_assignment_at: c.lastAssignmentAt,
  first_response_at: c.firstResponseAt,
  assignments: c.assignments,
  incoming_messages: c.incomingMessages,
  outgoing_messages: c.outgoingMessages,
  responses: c.responses,
  contact_name: c.contactName,
  conversation_id: c.id,
  category: c.category,
};

/** Columns never null in the list (closed_at is, within a closed period): no null handling, plain index order. */
const NEVER_NULL: ReadonlySet<ListSortColumn> = new Set([
  'closed_at',
  'opened_at',
  'assignments',
  'incoming_messages',
  'outgoing_messages',
  'responses',
  'conversation_id',
]);

/** Whether the sort column is never null under the list's basis: open conversations have no closed_at. */
function neverNull(order: ListOrder): boolean {
  if (order.sort === 'closed_at') return (order.basis ?? 'closed') === 'closed';
  return NEVER_NULL.has(order.sort);
}

/** Names and categories sort as people read them: 'ana' next to 'Ana', not after 'Zoe'. */
const CASE_INSENSITIVE: ReadonlySet<ListSortColumn> = new Set(['contact_name', 'category']);

/** The sort expression: the column, case-folded for names and categories. */
function sortKey(order: ListOrder): SQL {
  const column = sortColumn(order.sort, order.hours);
  return CASE_INSENSITIVE.has(order.sort) ? sql`${column} COLLATE NOCASE` : sql`${column}`;
}

/** The column a sort key reads; durations follow `hours` (business hours sort by the `bh_` twin). */
export function sortColumn(sort: ListSortColumn, hours: HoursMode): SQLiteColumn {
  return isDurationField(sort) ? durationColumn(sort, hours) : COLUMNS[sort as keyof typeof COLUMNS];
}

const ROW_KEY = new Map<SQLiteColumn, keyof ConversationRow>(
  Object.entries(getTableColumns(c)).map(([key, column]) => [column as SQLiteColumn, key as keyof ConversationRow]),
);

/** The sort value of a row, as the cursor carries it. */
export function sortValueOf(row: ConversationRow, order: ListOrder): SortValue {
  return row[ROW_KEY.get(sortColumn(order.sort, order.hours))!] as SortValue;
}

/**
 * ORDER BY (column, id), nulls last in both directions (rows without the metric come after
 * those with it, whichever way the user sorts).
 */
export function listOrderBy(order: ListOrder): SQL[] {
  const column = sortColumn(order.sort, order.hours);
  const dir = order.order === 'asc' ? asc : desc;
  if (order.sort === 'conversation_id') return [dir(c.id)];
  if (neverNull(order)) return [dir(column), dir(c.id)];
  return [sql`${column} IS NULL`, dir(sortKey(order)), dir(c.id)];
}

/** Rows strictly after the keyset in the list's order. */
export function afterKeyset(order: ListOrder, after: Keyset): SQL {
  const column = sortColumn(order.sort, order.hours);
  const beyond = order.order === 'asc' ? sql.raw('>') : sql.raw('<');
  if (order.sort === 'conversation_id') return sql`${c.id} ${beyond} ${after.id}`;
  if (after.value === null) {
    // Already among the nulls (they come last): only later ids of the nulls remain.
    return sql`(${column} IS NULL AND ${c.id} ${beyond} ${after.id})`;
  }
  const key = sortKey(order);
  const later = sql`(${key} ${beyond} ${after.value} OR (${key} = ${after.value} AND ${c.id} ${beyond} ${after.id}))`;
  if (!neverNull(order)) return sql`(${later} OR ${column} IS NULL)`;
  return later;
}

/**
 * The part of the period a page can still come from. Sorted by closed_at, the cursor's value
 * itself bounds the (workspace_id, closed_at) index range, so a deep page reads what it returns
 * instead of every row before it (SQLite keeps only one upper and one lower bound of a range).
 */
export function remainingSpan(period: Span, order: ListOrder, after: Keyset | null): Span {
  const basisColumn = (order.basis ?? 'closed') === 'closed' ? 'closed_at' : 'opened_at';
  if (after === null || order.sort !== basisColumn || typeof after.value !== 'number') return period;
  return order.order === 'desc'
    ? { startMs: period.startMs, endMs: Math.min(period.endMs, after.value + 1) }
    : { startMs: Math.max(period.startMs, after.value), endMs: period.endMs };
}

/** A page's condition: the basis's span (narrowed by the cursor), the filters, more conditions, after the keyset. */
export function pageWhere(workspaceId: string, period: Span, filters: ReportFilters, order: ListOrder, after: Keyset | null, extra?: SQL): SQL {
  const where = and(reportWhere(workspaceId, order.basis ?? 'closed', remainingSpan(period, order, after), filters), extra)!;
  return after ? and(where, afterKeyset(order, after))! : where;
}

/** What a list page is, whatever it selects: the page's condition, the list's order, a limit. */
export interface ListPage {
  workspaceId: string;
  period: Span;
  filters: ReportFilters;
  order: ListOrder;
  after: Keyset | null;
  limit: number;
  /** More conditions, e.g. the `missed_target` filter (reports/targets.ts). */
  extra?: SQL;
}

function asPage<Q extends SQLiteSelect>(query: Q, p: ListPage): Q {
  return query
    .where(pageWhere(p.workspaceId, p.period, p.filters, p.order, p.after, p.extra))
    .orderBy(...listOrderBy(p.order))
    .limit(p.limit);
}

/** A list page's rows. */
export function listPageQuery(db: Database, page: ListPage) {
  return asPage(db.select().from(c).$dynamic(), page);
}

/**
 * The inbox (webhook dialect) the conversation's thread came from, read from its first stored
 * event through the (workspace_id, thread_id, occurred_at) index: where the list's link to the
 * conversation leads (product.md §8). Only the list's page reads it, not the export.
 */
// The outer row's columns are named with their table: drizzle writes a one-table query's columns
// bare, and a bare `thread_id` inside the subquery would be the events' own.
const outer = (column: SQLiteColumn) => sql`${sql.identifier(getTableName(c))}.${sql.identifier(column.name)}`;
const inboxOfThread = sql<string | null>`(SELECT ${events.dialect} FROM ${events} WHERE ${events.workspaceId} = ${outer(c.workspaceId)} AND ${events.threadId} = ${outer(c.threadId)} ORDER BY ${events.occurredAt} LIMIT 1)`;

/** listPageQuery, each row with its inbox. */
export function listPageWithInboxQuery(db: Database, page: ListPage) {
  return asPage(db.select({ row: getTableColumns(c), inbox: inboxOfThread }).from(c).$dynamic(), page);
}

export function listTotalQuery(db: Database, workspaceId: string, period: Span, filters: ReportFilters, extra?: SQL, basis: ListBasis = 'closed') {
  return db.select({ total: count() }).from(c).where(and(reportWhere(workspaceId, basis, period, filters), extra));
}

/**
 * A drill-down list's total (drillDownScope's quarters, `extra` without drillDownCondition): one
 * index range per run of consecutive quarters, instead of a walk of the whole span that tests
 * each row's quarter (an hour of every day of 30 days at 1M conversations read the 977,000 rows
 * of the span to count 40,810). CROSS JOIN keeps the runs as the outer loop (SQLite's rule for
 * CROSS JOIN), and each run's bounds are the only bounds on the column: given the span's too,
 * SQLite may range over the span once per run.
 */
export function drillDownTotalQuery(db: Database, workspaceId: string, period: Span, quarters: readonly number[], filters: ReportFilters, extra: SQL | undefined, basis: ListBasis) {
  const column = sideColumn(basis);
  const runs = JSON.stringify(quarterRuns(quarters, period));
  return db
    .select({ total: count() })
    .from(sql`json_each(${runs}) AS run CROSS JOIN ${c}`)
    .where(
      and(
        sql`${c.workspaceId} = ${workspaceId}`,
        sql`${column} >= run.value ->> 0`,
        sql`${column} < run.value ->> 1`,
        ...filterConditions(filters),
        extra,
      ),
    );
}

/** Runs of consecutive quarters as [start, end) instants, within the span (quarters ascending). */
export function quarterRuns(quarters: readonly number[], span: Span): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const quarter of quarters) {
    const start = Math.max(span.startMs, quarter * QUARTER_MS);
    const end = Math.min(span.endMs, (quarter + 1) * QUARTER_MS);
    if (start >= end) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === start) last[1] = end;
    else runs.push([start, end]);
  }
  return runs;
}

/**
 * A drill-down's heatmap cell (shared/report.ts drillDownScope): the basis instant's UTC
 * quarter-hour is one of the cell's, tested as the heatmaps group (`instant / 900000`).
 * NOTE: the quarters travel as one bound JSON array (D1's 100-parameter limit).
 */
export function drillDownCondition(scope: DrillDownScope, basis: ListBasis): SQL | undefined {
  if (scope.quarters === null) return undefined;
  if (scope.quarters.length === 0) return sql`0`;
  return sql`(${sideColumn(basis)} / ${sql.raw(String(QUARTER_MS))}) IN (SELECT value FROM json_each(${JSON.stringify(scope.quarters)}))`;
}
