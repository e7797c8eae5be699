// The Conversations list's `missed_target` filter (product.md §7 targets): conversations whose
// first response or resolution took longer than the workspace's target. The first-response target
// is measured in the request's hours, as the timings count it; the resolution target in its own.
import { or, sql, type SQL } from 'drizzle-orm';
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
