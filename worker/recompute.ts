// Rebuilding stored state from stored events: after a model fix, or when business hours change;
// and the report's rollups from the rebuilt rows. Both run inside the workspace's deriver
// (worker/ingest/deriver.ts), in line with derivations.
import type { SQL } from 'drizzle-orm';
import { conversationDurations } from '../shared/conversation';
import type { Database } from './app';
import { businessColumns, timingInputsFromRow } from './db/conversation-rows';
import { markForRebuild, threadPage } from './db/derivation';
import { conversationPage, updateConversationColumns } from './db/conversations';
import { rebuildRollups } from './db/rollups';
import { businessMeasure, type WorkspaceRow } from './db/workspaces';
import { deriveDueThreads, type DeriverMemory } from './ingest/derive';

/**
 * Rebuilds one page of a workspace's threads (ordered by id, after `after`) from their events:
 * they are marked for a rebuild and derived at once, through the same path as new events.
 */
export async function recomputeWorkspace(
  db: Database,
  workspaceId: string,
  memory: DeriverMemory,
  after: string | null,
  limit: number,
): Promise<{ threads: number; conversations: number; next_after: string | null }> {
  const threadIds = await threadPage(db, workspaceId, after, limit);
  let conversationCount = 0;
  if (threadIds.length > 0) {
    const now = Date.now();
    await markForRebuild(db, workspaceId, threadIds, now);
    conversationCount = (await deriveDueThreads(db, workspaceId, memory, { now, onlyThreads: threadIds, limit: threadIds.length })).conversations;
  }
  const last = threadIds.length < limit;
  // After the last page every row is rebuilt: the report's rollups are aggregated afresh from them.
  if (last) await rebuildRollups(db, workspaceId);
  return {
    threads: threadIds.length,
    conversations: conversationCount,
    next_after: last ? null : threadIds[threadIds.length - 1]!,
  };
}

/**
 * Business-hours durations from each row's stored instants (product.md §6), after the schedule
 * or zone changed. Pages through the workspace's conversations.
 */
export async function recomputeBusinessDurations(db: Database, ws: WorkspaceRow): Promise<number> {
  const measure = businessMeasure(ws);
  let after = '';
  let updated = 0;
  for (;;) {
    const rows = await conversationPage(db, ws.id, after, 500);
    if (rows.length === 0) {
      // The business-hours durations moved behind the rollups' back: rebuild them (product.md §4).
      if (updated > 0) await rebuildRollups(db, ws.id);
      return updated;
    }
    await updateConversationColumns(
      db,
      ws.id,
      rows.map((row) => ({
        id: row.id,
        columns: businessColumns(conversationDurations(timingInputsFromRow(row), measure)) as Record<string, number | null | SQL>,
      })),
    );
    updated += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}
