// The Conversations list's own filters beyond the twelve: `missed_target` and `agent`.
//
// `missed_target` (product.md §7 targets): conversations whose
// first response or resolution took longer than the workspace's target. The first-response target
// is measured in the request's hours, as the timings count it; the resolution target in its own.
import { or, sql, type SQL } from 'drizzle-orm';
import { conversations as c } from '../db/schema';
import type { ValidationIssue } from '../../shared/events';
import type { HoursMode, MissedTarget } from '../../shared/report';
import type { WorkspaceRow } from '../db/workspaces';
import { durationColumn } from './durations';

export function missedTargetCondition(
  missed: readonly MissedTarget[],
  hours: HoursMode,
  ws: Pick<WorkspaceRow, 'firstResponseTargetMs' | 'resolutionTargetMs' | 'resolutionTargetHours'>,
): { ok: true; where: SQL | undefined } | { ok: false; issue: ValidationIssue } {
  const parts: SQL[] = [];
  for (const target of missed) {
    if (target === 'first_response') {
      if (ws.firstResponseTargetMs === null) return noTarget('first-response');
      parts.push(sql`${durationColumn('first_response_time_ms', hours)} > ${ws.firstResponseTargetMs}`);
    } else {
      if (ws.resolutionTargetMs === null) return noTarget('resolution');
      parts.push(sql`${durationColumn('resolution_time_ms', ws.resolutionTargetHours)} > ${ws.resolutionTargetMs}`);
    }
  }
  return { ok: true, where: parts.length === 0 ? undefined : or(...parts) };
}

const noTarget = (which: string) => ({
  ok: false as const,
  issue: { path: 'missed_target', message: `the workspace has no ${which} target; set one with PATCH /v1/workspaces/{id}` },
});

/**
 * `agent`: the conversations a person's row of GET /v1/reports/agents counts (product.md §7): an
 * assignment held at any time, the first response or a response sent, or a close by the user.
 * One bound JSON array whatever the number of ids (D1's 100-parameter limit, see filters.ts).
 */
export function agentCondition(userIds: readonly string[]): SQL | undefined {
  if (userIds.length === 0) return undefined;
  const ids = sql`(SELECT value FROM json_each(${JSON.stringify(userIds)}))`;
  return sql`(${c.firstResponseById} IN ${ids}
    OR (${c.closedSource} = 'user' AND ${c.closedById} IN ${ids})
    OR EXISTS (SELECT 1 FROM json_each(${c.assignmentHistory}) AS a WHERE a.value ->> '$.assignee.id' IN ${ids})
    OR EXISTS (SELECT 1 FROM json_each(${c.responders}) AS r WHERE r.value ->> '$.id' IN ${ids}))`;
}
