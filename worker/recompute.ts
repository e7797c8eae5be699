// Rebuilding stored state from stored events: after a model fix, or when business hours change.
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { conversationDurations } from '../shared/conversation';
import type { Database } from './app';
import { businessColumns, timingInputsFromRow } from './db/conversation-rows';
import { contactMerges, conversations, events } from './db/schema';
import { businessMeasure, type WorkspaceRow } from './db/workspaces';
import { rebuildThreads, rehomeStoredEvents } from './ingest';

/**
 * Rebuilds one page of a workspace's threads (ordered by id, after `after`) from their events.
 * On the first page, merges are re-applied to stored events first.
 */
export async function recomputeWorkspace(
  db: Database,
  ws: WorkspaceRow,
  after: string | null,
  limit: number,
): Promise<{ threads: number; conversations: number; next_after: string | null }> {
  if (after === null) await reapplyMerges(db, ws.id);
  const page = await db
    .selectDistinct({ threadId: events.threadId })
    .from(events)
    .where(and(eq(events.workspaceId, ws.id), after === null ? undefined : gt(events.threadId, after)))
    .orderBy(asc(events.threadId))
    .limit(limit);
  const threadIds = page.map((r) => r.threadId);
  const built = await rebuildThreads(db, ws, threadIds);
  return {
    threads: threadIds.length,
    conversations: built,
    next_after: threadIds.length === limit ? threadIds[threadIds.length - 1]! : null,
  };
}

async function reapplyMerges(db: Database, workspaceId: string): Promise<void> {
  const merges = await db.select().from(contactMerges).where(eq(contactMerges.workspaceId, workspaceId));
  for (const m of merges) {
    await rehomeStoredEvents(db, workspaceId, { secondaryId: m.secondaryId, primaryId: m.primaryId, at: m.mergedAt });
  }
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
    const rows = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, ws.id), gt(conversations.id, after)))
      .orderBy(asc(conversations.id))
      .limit(500);
    if (rows.length === 0) return updated;
    const statements: BatchItem<'sqlite'>[] = rows.map((row) =>
      db
        .update(conversations)
        .set(businessColumns(conversationDurations(timingInputsFromRow(row), measure)) as Record<string, number | null | SQL>)
        .where(and(eq(conversations.workspaceId, ws.id), eq(conversations.id, row.id))),
    );
    await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    updated += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}

