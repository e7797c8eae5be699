// Team performance (product.md §7, api.md GET /v1/reports/agents): the conversations CLOSED in the
// period that match the filters (all twelve apply, as for the Conversations report's closed side),
// read with one index range scan; shared/team.ts turns them into people, teams and the automation's
// share with the same exact statistics as the timings.
// NOTE: like the timings, this holds one small record per closed conversation in memory (its
// assignment history and response authors included): a month of 100,000 closes is a few tens of MB
// at most, within a Worker's 128 MB.
import { desc } from 'drizzle-orm';
import type { AgentsResponse } from '../../shared/api';
import type { DurationMeasure } from '../../shared/conversation';
import type { Ref } from '../../shared/events';
import type { HoursMode, ReportQuery } from '../../shared/report';
import { teamPerformance, type TeamConversation } from '../../shared/team';
import type { Database } from '../app';
import { parseAssignmentHistory } from '../db/conversation-rows';
import { conversations as c } from '../db/schema';
import { reportWhere, type Span } from './filters';
import type { ReportFilters } from '../../shared/report';

export function agentRowsQuery(db: Database, workspaceId: string, period: Span, filters: ReportFilters) {
  return db
    .select({
      contactId: c.contactId,
      closedAt: c.closedAt,
      closedSource: c.closedSource,
      closedById: c.closedById,
      closedByName: c.closedByName,
      closedByTeamId: c.closedByTeamId,
      closedByTeamName: c.closedByTeamName,
      firstResponseAt: c.firstResponseAt,
      firstResponseById: c.firstResponseById,
      firstResponseByName: c.firstResponseByName,
      firstResponseTimeMs: c.firstResponseTimeMs,
      bhFirstResponseTimeMs: c.bhFirstResponseTimeMs,
      resolutionTimeMs: c.resolutionTimeMs,
      bhResolutionTimeMs: c.bhResolutionTimeMs,
      assignmentHistory: c.assignmentHistory,
      responseWaits: c.responseWaits,
      responders: c.responders,
    })
    .from(c)
    .where(reportWhere(workspaceId, 'closed', period, filters))
    // Newest first, so a person's or team's name is the one most recently recorded.
    .orderBy(desc(c.closedAt));
}

export type AgentSourceRow = Awaited<ReturnType<typeof agentRowsQuery>>[number];

const ref = (id: string | null, name: string | null): Ref | null =>
  id === null ? null : name === null ? { id } : { id, name };

export interface AgentsContext {
  hours: HoursMode;
  /** Business-hours measure of the workspace (calendar time without a schedule). */
  businessMeasure: DurationMeasure;
  firstResponseTargetMs: number | null;
  resolutionTargetMs: number | null;
  resolutionTargetHours: HoursMode;
}

/** A row as shared/team.ts reads it, every duration in the requested hours. */
export function teamConversation(row: AgentSourceRow, ctx: AgentsContext): TeamConversation {
  const business = ctx.hours === 'business';
  const waits = JSON.parse(row.responseWaits) as Array<[number, number]>;
  const responders = JSON.parse(row.responders) as Array<Ref | null>;
  return {
    contactId: row.contactId,
    closedAt: row.closedAt ?? 0,
    closedSource: row.closedSource,
    closedBy: ref(row.closedById, row.closedByName),
    closedByTeam: ref(row.closedByTeamId, row.closedByTeamName),
    answeredByPerson: row.firstResponseAt !== null,
    firstResponder: ref(row.firstResponseById, row.firstResponseByName),
    firstResponseMs: business ? row.bhFirstResponseTimeMs : row.firstResponseTimeMs,
    resolutionMs: business ? row.bhResolutionTimeMs : row.resolutionTimeMs,
    resolutionForTargetMs: ctx.resolutionTargetHours === 'business' ? row.bhResolutionTimeMs : row.resolutionTimeMs,
    assignments: parseAssignmentHistory(row),
    // Each response's wait runs from the earliest unanswered incoming message (product.md §2).
    responses: waits.map(([from, to], i) => ({
      by: responders[i] ?? null,
      waitMs: business ? ctx.businessMeasure(from, to) : to - from,
    })),
  };
}

/**
 * The §7 report. `onlyUserId`: an agent reads their own row only (api.md), and no team rows.
 */
export async function agentsReport(
  db: Database,
  workspaceId: string,
  query: ReportQuery,
  ctx: Omit<AgentsContext, 'hours'>,
  onlyUserId: string | null,
): Promise<AgentsResponse> {
  const { period, filters, hours } = query;
  const rows = await agentRowsQuery(db, workspaceId, period, filters);
  const context = { ...ctx, hours };
  const result = teamPerformance(
    rows.map((row) => teamConversation(row, context)),
    { firstResponseMs: ctx.firstResponseTargetMs, resolutionMs: ctx.resolutionTargetMs },
  );
  return {
    range: { from: period.from, to: period.to, tz: period.tz, bucket: period.bucket, buckets: period.buckets.map((b) => b.key) },
    hours,
    agents: onlyUserId === null ? result.agents : result.agents.filter((a) => a.agent.id === onlyUserId),
    teams: onlyUserId === null ? result.teams : [],
    unassigned: result.unassigned,
    automation: result.automation,
    targets: {
      first_response_ms: ctx.firstResponseTargetMs,
      resolution_ms: ctx.resolutionTargetMs,
      resolution_hours: ctx.resolutionTargetHours,
    },
  };
}
