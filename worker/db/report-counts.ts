// Conversations counted per UTC quarter-hour: the one grouping every report chart starts from.
// Every zone offset is a multiple of 15 minutes, so a quarter-hour lies in exactly one local
// hour and one bucket; shared/time.ts maps quarters to local cells (DST and +05:30 included).
import { count, sql, type SQL } from 'drizzle-orm';
import type { ReportFilters } from '../../shared/report';
import { QUARTER_MS } from '../../shared/time';
import type { Database } from '../app';
import { conversations } from './schema';
import { reportWhere, sideColumn, type Side, type Span } from './report-filters';

/** `opened_at / 900000` (integer division in SQLite), with the constant inlined so SELECT and GROUP BY match. */
export function quarterOf(side: Side): SQL<number> {
  return sql<number>`${sideColumn(side)} / ${sql.raw(String(QUARTER_MS))}`;
}

/** How many conversations opened (or closed) in each quarter-hour of the span. */
export function countsByQuarterQuery(db: Database, workspaceId: string, side: Side, span: Span, filters: ReportFilters) {
  const quarter = quarterOf(side);
  return db
    .select({ quarter: quarter.mapWith(Number), count: count() })
    .from(conversations)
    .where(reportWhere(workspaceId, side, span, filters))
    .groupBy(quarter);
}

/** How many conversations opened (or closed) in the span: the previous-period figures. */
export function totalQuery(db: Database, workspaceId: string, side: Side, span: Span, filters: ReportFilters) {
  return db.select({ count: count() }).from(conversations).where(reportWhere(workspaceId, side, span, filters));
}

/** When the workspace's first conversation opened (null: none yet); the opened index answers it. */
export function historyStartQuery(db: Database, workspaceId: string) {
  return db
    .select({ first: sql<number | null>`MIN(${conversations.openedAt})`.mapWith((v) => (v === null ? null : Number(v))) })
    .from(conversations)
    .where(sql`${conversations.workspaceId} = ${workspaceId}`);
}
