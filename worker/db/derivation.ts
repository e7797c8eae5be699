// The derive step's D1 statements (worker/ingest/derive.ts): the dirty marks and what deriving
// them reads, and the one write batch that records a micro-batch's result.
import { and, asc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { CanonicalEvent } from '../../shared/events';
import type { Database } from '../app';
import type { StoredMerge } from '../ingest/merges';
import { chunk, idChunks, rowsPerStatement } from '../ingest/limits';
import type { ConversationInsert } from './conversation-rows';
import { markColumns } from './store';
import { contactMerges, contacts, conversations, dirtyThreads, events, threads, workspaces } from './schema';

type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
export type WorkspaceRow = typeof workspaces.$inferSelect;
export type DirtyMark = typeof dirtyThreads.$inferSelect;
export type ThreadRow = typeof threads.$inferSelect;

/** A min_occurred_at later than any event: a mark that only asks for the contacts to be re-settled. */
export const SETTLE_ONLY = 8_640_000_000_000_000;

export interface DirtyBatch {
  workspace: WorkspaceRow | undefined;
  marks: DirtyMark[];
  threadRows: ThreadRow[];
  /** Events of the marked threads stored at or after each mark's min_occurred_at, as they arrived. */
  newEvents: CanonicalEvent[];
  mergeCount: number;
}

/**
 * One round trip: the workspace, up to `limit` due marks (oldest first), their threads' state,
 * the events stored since each mark's earliest event, and how many merges the workspace has.
 */
export async function readDirtyBatch(
  db: Database,
  workspaceId: string,
  options: { now: number; limit: number; onlyThreads?: string[] },
): Promise<DirtyBatch> {
  const due = and(
    eq(dirtyThreads.workspaceId, workspaceId),
    lte(dirtyThreads.nextAttemptAt, options.now),
    options.onlyThreads ? inArray(dirtyThreads.threadId, options.onlyThreads) : undefined,
  );
  const markIds = db
    .select({ id: dirtyThreads.threadId })
    .from(dirtyThreads)
    .where(due)
    .orderBy(asc(dirtyThreads.markedAt), asc(dirtyThreads.threadId))
    .limit(options.limit);
  const [ws, marks, threadRows, eventRows, merges] = await db.batch([
    db.select().from(workspaces).where(eq(workspaces.id, workspaceId)),
    db.select().from(dirtyThreads).where(and(eq(dirtyThreads.workspaceId, workspaceId), inArray(dirtyThreads.threadId, markIds))),
    db.select().from(threads).where(and(eq(threads.workspaceId, workspaceId), inArray(threads.id, markIds))),
    db
      .select({ payload: events.payload })
      .from(events)
      .innerJoin(dirtyThreads, and(eq(dirtyThreads.workspaceId, events.workspaceId), eq(dirtyThreads.threadId, events.threadId)))
      .where(
        and(
          eq(events.workspaceId, workspaceId),
          inArray(events.threadId, markIds),
          gte(events.occurredAt, dirtyThreads.minOccurredAt),
        ),
      ),
    db.select({ n: sql<number>`count(*)` }).from(contactMerges).where(eq(contactMerges.workspaceId, workspaceId)),
  ]);
  return {
    workspace: ws[0],
    marks,
    threadRows,
    newEvents: eventRows.map((r) => JSON.parse(r.payload) as CanonicalEvent),
    mergeCount: merges[0]?.n ?? 0,
  };
}

export async function loadMerges(db: Database, workspaceId: string): Promise<StoredMerge[]> {
  const rows = await db.select().from(contactMerges).where(eq(contactMerges.workspaceId, workspaceId));
  return rows.map((r) => ({ secondaryId: r.secondaryId, primaryId: r.primaryId, at: r.mergedAt, eventId: r.eventId }));
}

/** Every stored event that arrived on these threads. */
export async function loadEventsOfThreads(db: Database, workspaceId: string, threadIds: string[]): Promise<CanonicalEvent[]> {
  if (threadIds.length === 0) return [];
  const parts = idChunks(threadIds).map((ids) =>
    db
      .select({ payload: events.payload })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), inArray(events.threadId, ids))),
  );
  const results = await db.batch(parts as unknown as Batch);
  return (results as { payload: string }[][]).flat().map((r) => JSON.parse(r.payload) as CanonicalEvent);
}

export interface SettleRow {
  id: string;
  threadId: string;
  cycle: number;
  contactId: string;
  openedAt: number;
  contactType: 'new' | 'returning';
  contactName: string | null;
}

export interface SettleInputs {
  contactRows: Array<typeof contacts.$inferSelect>;
  /** The stored conversations of these contacts, and every stored conversation of the rebuilt threads. */
  rows: SettleRow[];
  /** Who holds these conversation ids now (a source id seen on two threads keeps its first holder). */
  idOwners: Map<string, string>;
}

const settleColumns = {
  id: conversations.id,
  threadId: conversations.threadId,
  cycle: conversations.cycle,
  contactId: conversations.contactId,
  openedAt: conversations.openedAt,
  contactType: conversations.contactType,
  contactName: conversations.contactName,
};

/** What contact types, names and conversation ids are decided from, in one round trip. */
export async function readSettleInputs(
  db: Database,
  workspaceId: string,
  contactIds: string[],
  rebuiltThreadIds: string[],
  conversationIds: string[],
): Promise<SettleInputs> {
  const statements: BatchItem<'sqlite'>[] = [];
  const contactParts = idChunks(contactIds);
  const rebuiltParts = idChunks(rebuiltThreadIds);
  const idParts = idChunks(conversationIds);
  for (const ids of contactParts) {
    statements.push(db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids))));
  }
  for (const ids of contactParts) {
    statements.push(
      db.select(settleColumns).from(conversations).where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.contactId, ids))),
    );
  }
  for (const ids of rebuiltParts) {
    statements.push(
      db.select(settleColumns).from(conversations).where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.threadId, ids))),
    );
  }
  for (const ids of idParts) {
    statements.push(
      db
        .select({ id: conversations.id, threadId: conversations.threadId })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.id, ids))),
    );
  }
  if (statements.length === 0) return { contactRows: [], rows: [], idOwners: new Map() };
  const results = (await db.batch(statements as Batch)) as unknown[][];
  let at = 0;
  const take = (n: number) => results.slice(at, (at += n)).flat();
  const contactRows = take(contactParts.length) as SettleInputs['contactRows'];
  const rows = [...take(contactParts.length), ...take(rebuiltParts.length)] as SettleRow[];
  const owners = take(idParts.length) as Array<{ id: string; threadId: string }>;
  const unique = new Map(rows.map((r) => [r.id, r]));
  return { contactRows, rows: [...unique.values()], idOwners: new Map(owners.map((o) => [o.id, o.threadId])) };
}

function excludedSet(row: ConversationInsert): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const key of Object.keys(row)) {
    if (key === 'workspaceId' || key === 'id') continue;
    const column = conversations[key as keyof typeof conversations.$inferInsert];
    set[key] = sql.raw(`excluded.${column.name}`);
  }
  return set;
}

/**
 * The conversation write: each derived row (with its settled contact type and name), the rows a
 * thread no longer has, and the settled fields of the contacts' other conversations.
 */
export function conversationWrites(
  db: Database,
  workspaceId: string,
  derived: {
    rows: ConversationInsert[];
    rebuilt: Array<{ threadId: string; maxCycle: number }>;
    /** Rows whose thread and cycle is stored under another id (the cycle was renamed). */
    renamed: ReadonlySet<ConversationInsert>;
  },
  resettled: Array<Pick<SettleRow, 'id' | 'contactType' | 'contactName'>>,
): BatchItem<'sqlite'>[] {
  const statements: BatchItem<'sqlite'>[] = [];
  for (const row of derived.rows) {
    statements.push(
      db
        .insert(conversations)
        .values(row)
        .onConflictDoUpdate({ target: [conversations.workspaceId, conversations.id], set: excludedSet(row) }),
    );
    if (!derived.renamed.has(row)) continue;
    statements.push(
      // A cycle renamed (the source's conversation id arrived) leaves no row under its old id.
      db
        .delete(conversations)
        .where(
          and(
            eq(conversations.workspaceId, workspaceId),
            eq(conversations.threadId, row.threadId),
            eq(conversations.cycle, row.cycle),
            sql`${conversations.id} <> ${row.id}`,
          ),
        ),
    );
  }
  for (const { threadId, maxCycle } of derived.rebuilt) {
    statements.push(
      db
        .delete(conversations)
        .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.threadId, threadId), sql`${conversations.cycle} > ${maxCycle}`)),
    );
  }
  for (const r of resettled) {
    statements.push(
      db
        .update(conversations)
        .set({ contactType: r.contactType, contactName: r.contactName })
        .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, r.id))),
    );
  }
  return statements;
}

/** The threads' new state, upserted. */
export function threadStateWrites(
  db: Database,
  workspaceId: string,
  states: Array<{ threadId: string; contactId: string | null; state: string }>,
  now: number,
): BatchItem<'sqlite'>[] {
  const rows = states.map((s) => ({ workspaceId, id: s.threadId, contactId: s.contactId, state: s.state, updatedAt: now }));
  return chunk(rows, rowsPerStatement(rows[0] ?? {})).map((part) =>
    db
      .insert(threads)
      .values(part)
      .onConflictDoUpdate({
        target: [threads.workspaceId, threads.id],
        set: { contactId: sql`excluded.contact_id`, state: sql`excluded.state`, updatedAt: sql`excluded.updated_at` },
      }),
  );
}

/** Clears the marks this derivation read; a mark bumped by a store since (newer seq) stays. */
export function clearMarks(db: Database, workspaceId: string, marks: Array<Pick<DirtyMark, 'threadId' | 'seq'>>): BatchItem<'sqlite'>[] {
  return chunk(marks, 45).map((part) =>
    db
      .delete(dirtyThreads)
      .where(
        and(
          eq(dirtyThreads.workspaceId, workspaceId),
          or(...part.map((m) => and(eq(dirtyThreads.threadId, m.threadId), eq(dirtyThreads.seq, m.seq)))),
        ),
      ),
  );
}

/**
 * product.md §2: the history start moved, so contacts created in between change type. Their
 * threads are marked (settle only) and the new start recorded, in the derivation's write batch.
 */
export function historyMoveWrites(db: Database, ws: WorkspaceRow, now: number): BatchItem<'sqlite'>[] {
  const previous = ws.derivedHistoryStartedAt;
  const writes: BatchItem<'sqlite'>[] = [
    db.update(workspaces).set({ derivedHistoryStartedAt: ws.historyStartedAt }).where(eq(workspaces.id, ws.id)),
  ];
  if (previous === null || previous === ws.historyStartedAt) return writes;
  const lo = Math.min(previous, ws.historyStartedAt);
  const hi = Math.max(previous, ws.historyStartedAt);
  writes.push(
    db
      .insert(dirtyThreads)
      .select(
        db
          .selectDistinct(markColumns(conversations.workspaceId, conversations.threadId, now, SETTLE_ONLY, false))
          .from(contacts)
          .innerJoin(conversations, and(eq(conversations.workspaceId, contacts.workspaceId), eq(conversations.contactId, contacts.id)))
          .where(and(eq(contacts.workspaceId, ws.id), gte(contacts.sourceCreatedAt, lo), lt(contacts.sourceCreatedAt, hi))),
      )
      .onConflictDoUpdate({ target: [dirtyThreads.workspaceId, dirtyThreads.threadId], set: { seq: sql`${dirtyThreads.seq} + 1` } }),
  );
  return writes;
}

export async function runWrites(db: Database, statements: BatchItem<'sqlite'>[]): Promise<void> {
  if (statements.length > 0) await db.batch(statements as Batch);
}

/** A derivation of these threads failed: keep the marks, try again later (backoff), count the attempt. */
export async function recordFailure(db: Database, workspaceId: string, threadIds: string[], error: string, now: number): Promise<void> {
  const statements = idChunks(threadIds).map((ids) =>
    db
      .update(dirtyThreads)
      .set({
        attempts: sql`${dirtyThreads.attempts} + 1`,
        // 2 s, 4 s, … capped at 10 minutes: a thread that keeps failing is retried, never dropped.
        nextAttemptAt: sql`${now} + MIN(600000, 2000 * (1 << MIN(${dirtyThreads.attempts}, 16)))`,
        lastError: error.slice(0, 500),
      })
      .where(and(eq(dirtyThreads.workspaceId, workspaceId), inArray(dirtyThreads.threadId, ids))),
  );
  // Statement by statement, not a batch: this runs when batches are what failed.
  for (const statement of statements) await statement;
}

/** When the next mark of the workspace is due, or null when none is left. */
export async function nextDue(db: Database, workspaceId: string): Promise<number | null> {
  const row = await db
    .select({ at: sql<number | null>`MIN(${dirtyThreads.nextAttemptAt})` })
    .from(dirtyThreads)
    .where(eq(dirtyThreads.workspaceId, workspaceId))
    .get();
  return row?.at ?? null;
}

/** Workspaces with marks due (the cron sweep wakes their derivers). */
export async function workspacesWithDueMarks(db: Database, now: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: dirtyThreads.workspaceId })
    .from(dirtyThreads)
    .where(lte(dirtyThreads.nextAttemptAt, now));
  return rows.map((r) => r.id);
}

/** A thread counts as failing after this many failed derivations (api.md "Ingest status"). */
export const FAILING_AFTER_ATTEMPTS = 3;

/** How far derivation is behind the stored events (api.md "Ingest status"). */
export async function ingestStatus(db: Database, workspaceId: string) {
  const [marks, ws] = await db.batch([
    db
      .select({
        pending: sql<number>`count(*)`,
        oldest: sql<number | null>`MIN(${dirtyThreads.markedAt})`,
        failed: sql<number>`COALESCE(SUM(${dirtyThreads.attempts} >= ${FAILING_AFTER_ATTEMPTS}), 0)`,
      })
      .from(dirtyThreads)
      .where(eq(dirtyThreads.workspaceId, workspaceId)),
    db.select({ lastEventAt: workspaces.lastEventAt }).from(workspaces).where(eq(workspaces.id, workspaceId)),
  ]);
  return {
    pendingThreads: marks[0]?.pending ?? 0,
    oldestPendingAt: marks[0]?.oldest ?? null,
    failedThreads: marks[0]?.failed ?? 0,
    lastEventAt: ws[0]?.lastEventAt ?? null,
  };
}

/** The due marks' thread ids, oldest first (a failed micro-batch is retried one thread at a time). */
export async function dueThreadIds(db: Database, workspaceId: string, now: number, limit = 100): Promise<string[]> {
  const rows = await db
    .select({ id: dirtyThreads.threadId })
    .from(dirtyThreads)
    .where(and(eq(dirtyThreads.workspaceId, workspaceId), lte(dirtyThreads.nextAttemptAt, now)))
    .orderBy(asc(dirtyThreads.markedAt), asc(dirtyThreads.threadId))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** One page of the thread ids events arrived on, ordered, after `after`. */
export async function threadPage(db: Database, workspaceId: string, after: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ threadId: events.threadId })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), after === null ? undefined : gt(events.threadId, after)))
    .orderBy(asc(events.threadId))
    .limit(limit);
  return rows.map((r) => r.threadId);
}

/** Marks these threads for a rebuild from every event (recompute). */
export async function markForRebuild(db: Database, workspaceId: string, threadIds: string[], now: number): Promise<void> {
  const rows = threadIds.map((threadId) => ({
    workspaceId,
    threadId,
    seq: 1,
    markedAt: now,
    minOccurredAt: 0,
    rebuild: true,
    attempts: 0,
    nextAttemptAt: now,
  }));
  await runWrites(
    db,
    chunk(rows, rowsPerStatement(rows[0] ?? {})).map((part) =>
      db
        .insert(dirtyThreads)
        .values(part)
        .onConflictDoUpdate({
          target: [dirtyThreads.workspaceId, dirtyThreads.threadId],
          set: { seq: sql`${dirtyThreads.seq} + 1`, minOccurredAt: 0, rebuild: true, nextAttemptAt: now },
        }),
    ),
  );
}
