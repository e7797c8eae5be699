// Conversation reads for the agents' views (api.md, Conversations): one conversation, a contact's
// conversations, and the live dashboard's counts (product.md §5).
import { and, asc, count, desc, eq, gt, gte, lt, min, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../app';
import type { ConversationRow } from './conversation-rows';
import { conversations } from './schema';

export async function findConversation(db: Database, workspaceId: string, conversationId: string): Promise<ConversationRow | undefined> {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)))
    .get();
}

/** A contact's conversations: the open one first, then the rest newest first. */
export async function contactConversations(db: Database, workspaceId: string, contactId: string, limit: number): Promise<ConversationRow[]> {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.contactId, contactId)))
    .orderBy(sql`${conversations.status} = 'open' DESC`, desc(conversations.openedAt))
    .limit(limit);
}

export interface LiveCounts {
  open: number;
  unassigned: number;
  waitingFirstResponse: number;
  /** When the longest current wait began, or null when nobody waits. */
  earliestWaitingSince: number | null;
  longestWaitConversationId: string | null;
  openedToday: number;
  closedToday: number;
}

/** The live dashboard's figures, in one round trip (one read transaction: they agree with each other). */
export async function liveCounts(db: Database, workspaceId: string, dayStart: number, now: number): Promise<LiveCounts> {
  const inWorkspace = eq(conversations.workspaceId, workspaceId);
  const [openRows, longest, openedToday, closedToday] = await db.batch([
    db
      .select({
        open: count(),
        unassigned: sql<number>`COALESCE(SUM(${conversations.lastAssigneeId} IS NULL), 0)`,
        waitingFirst: sql<number>`COALESCE(SUM(${conversations.firstResponseAt} IS NULL), 0)`,
        earliestWait: min(conversations.waitingSince),
      })
      .from(conversations)
      .where(and(inWorkspace, eq(conversations.status, 'open'))),
    db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(inWorkspace, eq(conversations.status, 'open'), sql`${conversations.waitingSince} IS NOT NULL`))
      .orderBy(asc(conversations.waitingSince))
      .limit(1),
    db.select({ n: count() }).from(conversations).where(and(inWorkspace, gte(conversations.openedAt, dayStart), lt(conversations.openedAt, now + 1))),
    db.select({ n: count() }).from(conversations).where(and(inWorkspace, gte(conversations.closedAt, dayStart), lt(conversations.closedAt, now + 1))),
  ]);
  const open = openRows[0]!;
  return {
    open: open.open,
    unassigned: Number(open.unassigned),
    waitingFirstResponse: Number(open.waitingFirst),
    earliestWaitingSince: open.earliestWait,
    longestWaitConversationId: longest[0]?.id ?? null,
    openedToday: openedToday[0]!.n,
    closedToday: closedToday[0]!.n,
  };
}

/** A page of a workspace's conversations in id order, after `after` ('' for the first page). */
export async function conversationPage(db: Database, workspaceId: string, after: string, limit: number): Promise<ConversationRow[]> {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), gt(conversations.id, after)))
    .orderBy(asc(conversations.id))
    .limit(limit);
}

/** Writes new column values (e.g. business-hours durations) to conversations, in one batch. */
export async function updateConversationColumns(
  db: Database,
  workspaceId: string,
  updates: ReadonlyArray<{ id: string; columns: Record<string, number | null | SQL> }>,
): Promise<void> {
  const statements: BatchItem<'sqlite'>[] = updates.map(({ id, columns }) =>
    db
      .update(conversations)
      .set(columns)
      .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id))),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}
