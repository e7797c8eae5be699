// Team performance (product.md §7, api.md GET /v1/reports/agents): the conversations CLOSED in the
// period that match the filters (all twelve apply, as for the Conversations report's closed side),
// read with one index range scan; shared/team.ts turns them into people, teams and the automation's
// share with the same exact statistics as the timings.
// NOTE: like the timings, this holds one small record per closed conversation in memory (its
// assignment history and response authors included): a month of 100,000 closes is a few tens of MB
// at most, within a Worker's 128 MB.
import type { AgentsResponse } from '../../shared/api';
import type { DurationMeasure } from '../../shared/conversation';
import type { Ref } from '../../shared/events';
import type { HoursMode, ReportQuery } from '../../shared/report';
import { teamPerformance, type TeamConversation } from '../../shared/team';
import type { Database } from '../app';
import { agentRowsQuery, unpackConversations, type PackedConversation } from '../db/report-agents';

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

/** A packed conversation as shared/team.ts reads it, every duration in the requested hours. */
export function teamConversation(p: PackedConversation, ctx: AgentsContext): TeamConversation {
  const business = ctx.hours === 'business';
  const [contactId, closedAt, closedSource, closedById, closedByName, closedByTeamId, closedByTeamName] = p;
  const [firstResponseAt, firstResponseById, firstResponseByName, frt, bhFrt, resolution, bhResolution] = p.slice(7, 14) as [
    number | null, string | null, string | null, number | null, number | null, number | null, number | null,
  ];
  const [assignments, waits, responders] = [p[14], p[15], p[16]];
  return {
    contactId,
    closedAt,
    closedSource,
    closedBy: ref(closedById, closedByName),
    closedByTeam: ref(closedByTeamId, closedByTeamName),
    answeredByPerson: firstResponseAt !== null,
    firstResponder: ref(firstResponseById, firstResponseByName),
    firstResponseMs: business ? bhFrt : frt,
    resolutionMs: business ? bhResolution : resolution,
    resolutionForTargetMs: ctx.resolutionTargetHours === 'business' ? bhResolution : resolution,
    assignments,
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
    unpackConversations(rows).map((row) => teamConversation(row, context)),
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
