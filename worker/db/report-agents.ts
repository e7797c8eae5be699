// The closed conversations of the period as Team performance reads them (product.md §7, api.md
// GET /v1/reports/agents; worker/reports/agents.ts assembles the report): one index range scan,
// packed, and the unpacking of what it returns.
import { desc, sql } from 'drizzle-orm';
import type { Ref } from '../../shared/events';
import type { ReportFilters } from '../../shared/report';
import type { Database } from '../app';
import type { StoredAssignment } from './conversation-rows';
import { conversations as c } from './schema';
import { reportWhere, type Span } from './report-filters';

/**
 * The closed conversations packed as JSON, one string per 10 minutes of closes: a row per
 * conversation costs D1 and drizzle far more than JSON.parse of a packed string (the timings pack
 * their values the same way). Each element is the tuple `PackedConversation` below.
 * NOTE: D1 caps a string at 2,000,000 bytes; an element is ~400 bytes, so a 10-minute group stays
 * under it up to ~4,000 closes in 10 minutes (over half a million a day).
 */
export function agentRowsQuery(db: Database, workspaceId: string, period: Span, filters: ReportFilters) {
  return db
    .select({
      // The stored JSON columns are spliced in as they are (the model wrote them as JSON), so
      // SQLite parses no JSON here: json_array only formats the scalars.
      packed: sql<string>`'[' || group_concat(rtrim(json_array(${c.contactId}, ${c.closedAt}, ${c.closedSource}, ${c.closedById},
        ${c.closedByName}, ${c.closedByTeamId}, ${c.closedByTeamName}, ${c.firstResponseAt}, ${c.firstResponseById},
        ${c.firstResponseByName}, ${c.firstResponseTimeMs}, ${c.bhFirstResponseTimeMs}, ${c.resolutionTimeMs},
        ${c.bhResolutionTimeMs}), ']') || ',' || ${c.assignmentHistory} || ',' || ${c.responseWaits} || ',' || ${c.responders} || ']', ',') || ']'`,
    })
    .from(c)
    .where(reportWhere(workspaceId, 'closed', period, filters))
    .groupBy(sql`${c.closedAt} / ${sql.raw(String(PACK_MS))}`)
    // Newest first, so a person's or team's name is the one most recently recorded.
    .orderBy(desc(sql`${c.closedAt} / ${sql.raw(String(PACK_MS))}`));
}

const PACK_MS = 600_000;

export type PackedConversation = [
  contactId: string,
  closedAt: number,
  closedSource: string | null,
  closedById: string | null,
  closedByName: string | null,
  closedByTeamId: string | null,
  closedByTeamName: string | null,
  firstResponseAt: number | null,
  firstResponseById: string | null,
  firstResponseByName: string | null,
  firstResponseTimeMs: number | null,
  bhFirstResponseTimeMs: number | null,
  resolutionTimeMs: number | null,
  bhResolutionTimeMs: number | null,
  assignmentHistory: StoredAssignment[],
  responseWaits: Array<[number, number]>,
  responders: Array<Ref | null>,
];

export function unpackConversations(rows: ReadonlyArray<{ packed: string }>): PackedConversation[] {
  return rows.flatMap((row) => JSON.parse(row.packed) as PackedConversation[]);
}
