// A thread's current conversation (api.md: the open one, or else the latest), one at a time or in
// bulk for inbox badges. Chatwoot threads are `{account}:{display id}` (events.md §4); a bare
// display id still finds its thread where only one account has it.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../app';
import type { ConversationRow } from './conversation-rows';
import { conversations } from './schema';

// NOTE: D1 binds at most 100 parameters per statement: ids per IN list, plus the workspace id.
const IDS_PER_STATEMENT = 90;

const isBareDisplayId = (id: string) => /^\d+$/.test(id);

/** The latest cycle of each thread: the open conversation when there is one (a thread has at most one). */
const latestCycle = sql`${conversations.cycle} = (
  SELECT MAX(c2.cycle) FROM conversations c2
  WHERE c2.workspace_id = ${conversations.workspaceId} AND c2.thread_id = ${conversations.threadId}
)`;

/** The current conversation of every thread named exactly. */
async function byThreadIds(db: Database, workspaceId: string, ids: string[]): Promise<Map<string, ConversationRow>> {
  const found = new Map<string, ConversationRow>();
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const rows = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.threadId, ids.slice(i, i + IDS_PER_STATEMENT)), latestCycle));
    for (const row of rows) found.set(row.threadId, row);
  }
  return found;
}

/**
 * Bare Chatwoot display ids → the current conversations of `{account}:{id}` threads, per id.
 * NOTE: this scans the workspace's account-scoped thread ids (no index serves a suffix); it runs
 * only for bare ids that matched no thread exactly.
 */
async function byDisplayIds(db: Database, workspaceId: string, displayIds: string[]): Promise<Map<string, ConversationRow[]>> {
  const found = new Map<string, ConversationRow[]>();
  for (let i = 0; i < displayIds.length; i += IDS_PER_STATEMENT) {
    const part = displayIds.slice(i, i + IDS_PER_STATEMENT);
    const rows = await db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          sql`${conversations.threadId} GLOB '[0-9]*:[0-9]*'`,
          inArray(sql`substr(${conversations.threadId}, instr(${conversations.threadId}, ':') + 1)`, part),
          latestCycle,
        ),
      );
    for (const row of rows) {
      const displayId = row.threadId.slice(row.threadId.indexOf(':') + 1);
      found.set(displayId, [...(found.get(displayId) ?? []), row]);
    }
  }
  return found;
}

export type ThreadLookup = { row: ConversationRow } | { ambiguous: string[] } | null;

/** The current conversation of each asked thread, in the order asked. */
export async function currentConversations(db: Database, workspaceId: string, asked: string[]): Promise<ThreadLookup[]> {
  const unique = [...new Set(asked)];
  const exact = await byThreadIds(db, workspaceId, unique);
  const bare = unique.filter((id) => !exact.has(id) && isBareDisplayId(id));
  const scoped = bare.length > 0 ? await byDisplayIds(db, workspaceId, bare) : new Map<string, ConversationRow[]>();
  return asked.map((id) => {
    const row = exact.get(id);
    if (row) return { row };
    const candidates = scoped.get(id) ?? [];
    if (candidates.length === 1) return { row: candidates[0]! };
    if (candidates.length > 1) return { ambiguous: candidates.map((c) => c.threadId).sort() };
    return null;
  });
}
