// The report's filters (product.md §4 "Filters") as SQL over the derived `conversations` table:
// values within one filter are OR-ed, different filters AND-ed.
//
// NOTE: D1 binds at most 100 parameters per statement. Each filter's values travel as ONE bound
// JSON array read with `json_each`, so a statement binds at most 3 + 13 parameters whatever the
// number of values selected (the report query schema, shared/report-query.ts, also caps each filter at 100 values).
import { and, sql, type Column, type SQL } from 'drizzle-orm';
import { FILTERS, NONE_VALUES, type Filter, type FilterParam, type ReportFilters } from '../../shared/report';
import { conversations as c } from './schema';

/** first_assignee / last_assignee value meaning "the assignment was an unassignment" (assignee null). */
export const UNASSIGNED = NONE_VALUES.assignee;

/**
 * open_channel / category value meaning "none": the key the breakdowns give conversations without
 * one (worker/reports/breakdowns.ts NONE_KEY), so a slice or row of "-" can be chosen as a filter.
 */
export const NONE = NONE_VALUES.value_or_none;

/** Which instant places a conversation in a period: opened-side components count opens, closed-side closes. */
export type Side = 'opened' | 'closed';

export interface Span {
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

const oneOf = (values: readonly string[]): SQL => sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

/** An assignee filter: ids, and `unassigned` for an assignment whose assignee is null. */
function assigneeMatches(idColumn: Column, atColumn: Column, values: readonly string[]): SQL {
  const ids = values.filter((v) => v !== UNASSIGNED);
  const parts: SQL[] = [];
  if (ids.length > 0) parts.push(sql`${idColumn} IN ${oneOf(ids)}`);
  if (ids.length < values.length) parts.push(sql`(${atColumn} IS NOT NULL AND ${idColumn} IS NULL)`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/** A nullable property: its values, and `none` for no value. */
function valueOrNone(column: Column, values: readonly string[]): SQL {
  const named = values.filter((v) => v !== NONE);
  const parts: SQL[] = [];
  if (named.length > 0) parts.push(sql`${column} IN ${oneOf(named)}`);
  if (named.length < values.length) parts.push(sql`${column} IS NULL`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/**
 * The SQL of each kind of match (shared/report.ts FilterMatch), reading the columns the filter's
 * entry names: a name that is not a column of `conversations` fails to compile here.
 */
function matchSql(match: Filter['match'], v: readonly string[]): SQL {
  switch (match.kind) {
    case 'equals':
      return sql`${c[match.column]} IN ${oneOf(v)}`;
    case 'value_or_none':
      return valueOrNone(c[match.column], v);
    case 'assignee':
      return assigneeMatches(c[match.column], c[match.at], v);
    case 'sender':
      // A responder without an id (an echo) is reported with its type as id (conversationJson).
      return sql`COALESCE(${c[match.column]}, ${c[match.type]}) IN ${oneOf(v)}`;
    case 'contact':
      // By contact id, or by name as a case-insensitive substring (SQLite's lower() folds ASCII only).
      return sql`(${c[match.column]} IN ${oneOf(v)} OR EXISTS (SELECT 1 FROM json_each(${JSON.stringify(v)}) AS wanted WHERE instr(lower(${c[match.name]}), lower(wanted.value)) > 0))`;
  }
}

/** One SQL condition per filter, as its entry of shared/report.ts FILTERS says it matches. */
const FILTER_SQL = new Map<FilterParam, (values: readonly string[]) => SQL>(FILTERS.map((f) => [f.param, (v) => matchSql(f.match, v)]));

export function filterConditions(filters: ReportFilters): SQL[] {
  const conditions: SQL[] = [];
  for (const [param, values] of Object.entries(filters) as Array<[FilterParam, string[] | undefined]>) {
    if (values && values.length > 0) conditions.push(FILTER_SQL.get(param)!(values));
  }
  return conditions;
}

/** The time column of a side. */
export const sideColumn = (side: Side) => (side === 'opened' ? c.openedAt : c.closedAt);

/**
 * Conversations of the workspace whose open (or close) falls in the span, matching every filter.
 * The range predicate is written plainly (`col >= ? AND col < ?`) so SQLite walks the
 * (workspace_id, opened_at) or (workspace_id, closed_at) index.
 */
export function reportWhere(workspaceId: string, side: Side, span: Span, filters: ReportFilters): SQL {
  const column = sideColumn(side);
  return and(
    sql`${c.workspaceId} = ${workspaceId}`,
    sql`${column} >= ${span.startMs}`,
    sql`${column} < ${span.endMs}`,
    ...filterConditions(filters),
  )!;
}
