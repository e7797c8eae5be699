// The ingest pipeline: store first (durable before acknowledged, events.md §1), then derive the
// affected threads' conversations with the shared model.
//
// NOTE: D1 has no interactive transactions; `batch()` runs its statements atomically, and a
// statement binds at most 100 parameters, so multi-row inserts are chunked below that.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  applyEvent,
  buildThread,
  compareKeys,
  contactType,
  eventKey,
  orderEvents,
  rehomeEvent,
  type ContactMerge,
  type ConversationRecord,
  type ThreadState,
} from '../shared/conversation';
import type { CanonicalEvent } from '../shared/events';
import type { Database } from './app';
import { businessMeasure } from './db/workspaces';
import { toConversationRow, type ConversationInsert } from './db/conversation-rows';
import { contactMerges, contacts, conversations, deliveries, events, threads, workspaces } from './db/schema';
import type { DialectName } from './dialects/types';

type WorkspaceRow = typeof workspaces.$inferSelect;

export interface Delivery {
  dialect: DialectName;
  deliveryId: string;
  bodyHash: string;
  rawBody: string;
  receivedAt: number;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

// NOTE: D1 binds at most 100 parameters per statement; a batch of 500 events can name 500
// contacts and threads, so every `IN (…)` and multi-row insert below is chunked.
const MAX_PARAMS = 100;
/** Ids per `IN (…)` list, leaving room for the workspace id and a few more parameters. */
const IDS_PER_STATEMENT = 90;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs a query once per chunk of ids (an `IN (…)` list under D1's limit) and joins the rows. */
async function selectIn<T>(ids: readonly string[], query: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(chunk(ids, IDS_PER_STATEMENT).map(query))).flat();
}

/** Multi-row insert chunks that stay under D1's bound-parameter limit. */
function rowsPerStatement(row: object): number {
  return Math.max(1, Math.floor(MAX_PARAMS / Object.keys(row).length));
}

/** Merges that apply to these contacts, followed through chains (a merged into b into c). */
async function loadMerges(db: Database, workspaceId: string, contactIds: Iterable<string>): Promise<ContactMerge[]> {
  const found = new Map<string, ContactMerge>();
  let pending = [...new Set(contactIds)];
  for (let depth = 0; depth < 8 && pending.length > 0; depth++) {
    const rows = await selectIn(pending, (ids) =>
      db
        .select()
        .from(contactMerges)
        .where(and(eq(contactMerges.workspaceId, workspaceId), inArray(contactMerges.secondaryId, ids))),
    );
    pending = [];
    for (const r of rows) {
      if (found.has(r.secondaryId)) continue;
      found.set(r.secondaryId, { secondaryId: r.secondaryId, primaryId: r.primaryId, at: r.mergedAt });
      pending.push(r.primaryId);
    }
  }
  return [...found.values()];
}

/**
 * Stores a delivery and its canonical events atomically, then derives conversations.
 * Returns how many events were new and how many were repeats.
 */
export async function ingest(
  db: Database,
  workspace: WorkspaceRow,
  delivery: Delivery,
  incoming: CanonicalEvent[],
): Promise<IngestResult> {
  const workspaceId = workspace.id;
  const batchMerges: ContactMerge[] = incoming.flatMap((e) =>
    e.type === 'contact.merged' ? [{ secondaryId: e.secondary.id, primaryId: e.primary.id, at: e.occurredAt }] : [],
  );
  const storedMerges = await loadMerges(
    db,
    workspaceId,
    [...incoming.map((e) => e.contact.id), ...batchMerges.map((m) => m.primaryId)],
  );
  const merges = [...batchMerges, ...storedMerges.filter((m) => !batchMerges.some((b) => b.secondaryId === m.secondaryId))];
  const rehomed = incoming.map((e) => rehomeEvent(e, merges));

  // ---- store (one atomic batch) -------------------------------------------------------------
  const eventRows = rehomed.map((e, i) => ({
    workspaceId,
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    threadId: e.threadId,
    contactId: e.contact.id,
    secondaryContactId: e.type === 'contact.merged' ? e.secondary.id : null,
    dialect: delivery.dialect,
    deliveryId: delivery.deliveryId,
    receivedAt: delivery.receivedAt,
    payload: JSON.stringify(incoming[i]),
  }));
  const writes: BatchItem<'sqlite'>[] = [];
  const deliveryInsert = db
    .insert(deliveries)
    .values({
      workspaceId,
      dialect: delivery.dialect,
      deliveryId: delivery.deliveryId,
      bodyHash: delivery.bodyHash,
      receivedAt: delivery.receivedAt,
      rawBody: delivery.rawBody,
      eventCount: incoming.length,
    })
    .onConflictDoNothing()
    .returning({ deliveryId: deliveries.deliveryId });
  const eventInserts =
    eventRows.length === 0
      ? []
      : chunk(eventRows, rowsPerStatement(eventRows[0]!)).map((rows) =>
          db.insert(events).values(rows).onConflictDoNothing().returning({ id: events.id }),
        );
  const contactRows = contactUpserts(workspaceId, incoming);
  const threadRows = [...new Set(rehomed.map((e) => e.threadId))].map((id) => ({
    workspaceId,
    id,
    state: null,
    version: 1,
    derivedVersion: 0,
    updatedAt: delivery.receivedAt,
  }));
  const threadUpserts = chunk(threadRows, rowsPerStatement(threadRows[0] ?? {})).map((rows) =>
    db
      .insert(threads)
      .values(rows)
      .onConflictDoUpdate({ target: [threads.workspaceId, threads.id], set: { version: sql`${threads.version} + 1` } })
      .returning({ id: threads.id, version: threads.version }),
  );
  writes.push(
    ...contactRows.map((row) =>
      db
        .insert(contacts)
        .values(row)
        .onConflictDoUpdate({
          target: [contacts.workspaceId, contacts.id],
          set: {
            // A late, older rename must not overwrite a newer one.
            name: sql`CASE WHEN excluded.name_set_at IS NOT NULL AND (contacts.name_set_at IS NULL OR excluded.name_set_at >= contacts.name_set_at) THEN excluded.name ELSE contacts.name END`,
            nameSetAt: sql`MAX(COALESCE(contacts.name_set_at, 0), COALESCE(excluded.name_set_at, 0))`,
            sourceCreatedAt: sql`COALESCE(excluded.source_created_at, contacts.source_created_at)`,
          },
        }),
    ),
    ...batchMerges.map((m) =>
      db
        .insert(contactMerges)
        .values({ workspaceId, secondaryId: m.secondaryId, primaryId: m.primaryId, mergedAt: m.at })
        .onConflictDoNothing(),
    ),
  );
  if (incoming.length > 0) {
    const earliest = Math.min(...incoming.map((e) => e.occurredAt));
    writes.push(
      db
        .update(workspaces)
        .set({ historyStartedAt: sql`MIN(${workspaces.historyStartedAt}, ${earliest})` })
        .where(eq(workspaces.id, workspaceId)),
    );
  }
  const results = await db.batch([deliveryInsert, ...eventInserts, ...threadUpserts, ...writes] as [
    BatchItem<'sqlite'>,
    ...BatchItem<'sqlite'>[],
  ]);
  const deliveryIsNew = (results[0] as unknown[]).length > 0;
  const newIds = new Set(
    (results.slice(1, 1 + eventInserts.length) as { id: string }[][]).flat().map((r) => r.id),
  );
  const storedVersions = new Map(
    (results.slice(1 + eventInserts.length, 1 + eventInserts.length + threadUpserts.length) as { id: string; version: number }[][])
      .flat()
      .map((r) => [r.id, r.version]),
  );

  // Native answers count events; the other dialects send one event per request, so a delivery
  // is new if any of its events is (or, translating to none, if the delivery itself is).
  const deliveryAccepted = incoming.length > 0 ? newIds.size > 0 : deliveryIsNew;
  const accepted = delivery.dialect === 'native' ? newIds.size : deliveryAccepted ? 1 : 0;
  const duplicates = delivery.dialect === 'native' ? incoming.length - newIds.size : deliveryAccepted ? 0 : 1;
  const fresh = rehomed.filter((e) => newIds.has(e.id));
  if (fresh.length > 0) {
    try {
      // The batch above may have moved the workspace's history start earlier.
      const historyStartedAt = Math.min(workspace.historyStartedAt, ...incoming.map((e) => e.occurredAt));
      await derive(db, { ...workspace, historyStartedAt }, fresh, batchMerges, storedVersions);
    } catch (err) {
      // The events are stored and their threads' derived version stays behind: the next event
      // or a recompute rebuilds them. Never fail an accepted delivery over derivation.
      console.error('derivation failed; threads left for rebuild', err);
    }
  }
  return { accepted, duplicates };
}

function contactUpserts(workspaceId: string, incoming: CanonicalEvent[]) {
  const byId = new Map<string, typeof contacts.$inferInsert>();
  for (const e of incoming) {
    const prev = byId.get(e.contact.id);
    const named = e.contact.name !== undefined;
    const newer = named && (prev?.nameSetAt == null || e.occurredAt >= prev.nameSetAt);
    byId.set(e.contact.id, {
      workspaceId,
      id: e.contact.id,
      name: newer ? e.contact.name! : (prev?.name ?? null),
      nameSetAt: newer ? e.occurredAt : (prev?.nameSetAt ?? null),
      sourceCreatedAt: e.contact.createdAt ?? prev?.sourceCreatedAt ?? null,
    });
  }
  return [...byId.values()];
}

// ---- derive ---------------------------------------------------------------------------------

interface StoredEventRow {
  threadId: string;
  contactId: string;
  payload: string;
}

/** A stored event as the model sees it: its payload, re-homed to the thread and contact stored. */
function storedEvent(row: StoredEventRow): CanonicalEvent {
  const event = JSON.parse(row.payload) as CanonicalEvent;
  return { ...event, threadId: row.threadId, contact: { ...event.contact, id: row.contactId } };
}

/** Every event of a thread, plus the merges that close its contacts' conversations. */
async function loadThreadEvents(db: Database, workspaceId: string, threadId: string): Promise<CanonicalEvent[]> {
  const rows = await db
    .select({ threadId: events.threadId, contactId: events.contactId, payload: events.payload })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.threadId, threadId)));
  const contactIds = [...new Set(rows.map((r) => r.contactId))];
  const mergeRows =
    contactIds.length === 0
      ? []
      : await db
          .select({ threadId: events.threadId, contactId: events.contactId, payload: events.payload })
          .from(events)
          .where(and(eq(events.workspaceId, workspaceId), inArray(events.secondaryContactId, contactIds)));
  return [...rows, ...mergeRows].map(storedEvent);
}

/** Re-homes a merged-away contact's stored events and returns the threads that must be rebuilt. */
export async function rehomeStoredEvents(db: Database, workspaceId: string, merge: ContactMerge): Promise<string[]> {
  const affected = await db
    .selectDistinct({ threadId: events.threadId })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.contactId, merge.secondaryId)));
  await db
    .update(events)
    .set({
      contactId: merge.primaryId,
      threadId: sql`CASE WHEN ${events.threadId} = ${merge.secondaryId} THEN ${merge.primaryId} ELSE ${events.threadId} END`,
    })
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        eq(events.contactId, merge.secondaryId),
        sql`${events.occurredAt} >= ${merge.at}`,
        sql`${events.type} <> 'contact.merged'`,
      ),
    );
  return [...affected.map((r) => r.threadId), merge.primaryId];
}

/** Derives the threads touched by newly stored events. */
export async function derive(
  db: Database,
  workspace: WorkspaceRow,
  fresh: CanonicalEvent[],
  newMerges: ContactMerge[],
  storedVersions: Map<string, number>,
): Promise<void> {
  const workspaceId = workspace.id;
  const rebuildAll = new Set<string>();
  for (const merge of newMerges) for (const t of await rehomeStoredEvents(db, workspaceId, merge)) rebuildAll.add(t);

  const freshByThread = new Map<string, CanonicalEvent[]>();
  for (const e of fresh) {
    const list = freshByThread.get(e.threadId) ?? [];
    list.push(e);
    freshByThread.set(e.threadId, list);
  }
  await deriveThreads(db, workspace, freshByThread, rebuildAll, storedVersions);
}

/** Rebuilds these threads in full from their stored events; returns how many conversations they hold. */
export async function rebuildThreads(db: Database, workspace: WorkspaceRow, threadIds: string[]): Promise<number> {
  return deriveThreads(db, workspace, new Map(), new Set(threadIds), new Map());
}

async function deriveThreads(
  db: Database,
  workspace: WorkspaceRow,
  freshByThread: Map<string, CanonicalEvent[]>,
  rebuildAll: Set<string>,
  storedVersions: Map<string, number>,
  attempt = 1,
): Promise<number> {
  const workspaceId = workspace.id;
  const threadIds = [...new Set([...freshByThread.keys(), ...rebuildAll])];
  const threadRows = await selectIn(threadIds, (ids) =>
    db
      .select()
      .from(threads)
      .where(and(eq(threads.workspaceId, workspaceId), inArray(threads.id, ids))),
  );
  const rowById = new Map(threadRows.map((r) => [r.id, r]));

  const touched: ConversationRecord[] = [];
  const rebuilt: Array<{ threadId: string; maxCycle: number }> = [];
  const states: Array<{ threadId: string; state: ThreadState; version: number }> = [];
  for (const threadId of threadIds) {
    const row = rowById.get(threadId);
    const newEvents = orderEvents(freshByThread.get(threadId) ?? []);
    // The version this derivation brings the thread to: the one our delivery's store returned,
    // or (rebuilding) the one read just now, before its events are loaded.
    const version = storedVersions.get(threadId) ?? row?.version ?? 0;
    // The stored state is usable only if it reflects every delivery before ours.
    const state = row?.state && storedVersions.has(threadId) && row.derivedVersion === version - 1 ? (JSON.parse(row.state) as ThreadState) : null;
    // Common case: every new event is ordered after the last one applied; apply just those.
    // Otherwise (late, shuffled, merged, or a thread left behind) rebuild it from its events.
    const inOrder =
      state !== null &&
      !rebuildAll.has(threadId) &&
      newEvents.length > 0 &&
      (state.lastKey === null || compareKeys(eventKey(newEvents[0]!), state.lastKey) > 0);
    if (inOrder) {
      const seen = new Map<string, ConversationRecord>();
      for (const e of newEvents) for (const c of applyEvent(state, e)) seen.set(c.id, c);
      touched.push(...seen.values());
      states.push({ threadId, state, version });
    } else {
      const built = buildThread(threadId, await loadThreadEvents(db, workspaceId, threadId));
      touched.push(...built.conversations);
      rebuilt.push({ threadId, maxCycle: built.state.cycles });
      states.push({ threadId, state: built.state, version });
    }
  }
  await writeConversations(db, workspace, touched, rebuilt, states);

  // Another delivery may have stored events of these threads while we derived, and its own
  // derivation may have written before ours: whoever sees a newer version after writing
  // rebuilds that thread from everything stored, so the last write always holds every event.
  const versionRows = await selectIn(threadIds, (ids) =>
    db
      .select({ id: threads.id, version: threads.version })
      .from(threads)
      .where(and(eq(threads.workspaceId, workspaceId), inArray(threads.id, ids))),
  );
  const written = new Map(states.map((s) => [s.threadId, s.version]));
  const overtaken = versionRows.filter((r) => r.version !== written.get(r.id)).map((r) => r.id);
  if (overtaken.length > 0 && attempt < 4) {
    await deriveThreads(db, workspace, new Map(), new Set(overtaken), new Map(), attempt + 1);
  }
  return touched.length;
}

function excludedSet(row: ConversationInsert): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const key of Object.keys(row)) {
    if (key === 'workspaceId' || key === 'id' || key === 'contactType') continue;
    const column = conversations[key as keyof typeof conversations.$inferInsert];
    set[key] = sql.raw(`excluded.${column.name}`);
  }
  return set;
}

async function writeConversations(
  db: Database,
  workspace: WorkspaceRow,
  touched: ConversationRecord[],
  rebuilt: Array<{ threadId: string; maxCycle: number }>,
  states: Array<{ threadId: string; state: ThreadState; version: number }>,
): Promise<void> {
  const workspaceId = workspace.id;
  const measure = businessMeasure(workspace);
  const contactIds = [...new Set(touched.map((c) => c.contactId))];
  const names = new Map<string, string | null>();
  const nameRows = await selectIn(contactIds, (ids) =>
    db
      .select({ id: contacts.id, name: contacts.name })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids))),
  );
  for (const r of nameRows) names.set(r.id, r.name);
  const rows = touched.map((c) => toConversationRow(workspaceId, c, measure, names.get(c.contactId) ?? null));
  const statements: BatchItem<'sqlite'>[] = [];
  for (const row of rows) {
    statements.push(
      db
        .insert(conversations)
        .values(row)
        .onConflictDoUpdate({ target: [conversations.workspaceId, conversations.id], set: excludedSet(row) }),
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
  for (const { threadId, maxCycle } of rebuilt) {
    statements.push(
      db
        .delete(conversations)
        .where(
          and(
            eq(conversations.workspaceId, workspaceId),
            eq(conversations.threadId, threadId),
            sql`${conversations.cycle} > ${maxCycle}`,
          ),
        ),
    );
  }
  for (const { threadId, state, version } of states) {
    statements.push(
      db
        .update(threads)
        .set({ state: JSON.stringify(state), derivedVersion: version, contactId: state.contactId, updatedAt: Date.now() })
        .where(and(eq(threads.workspaceId, workspaceId), eq(threads.id, threadId))),
    );
  }
  if (statements.length > 0) await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  await settleContacts(db, workspace, contactIds);
}

/**
 * Contact type (product.md §2) and name for every conversation of these contacts: the contact's
 * earliest conversation is by a new contact, unless the source says the contact existed before
 * the workspace's history began.
 */
export async function settleContacts(db: Database, workspace: WorkspaceRow, contactIds: string[]): Promise<void> {
  if (contactIds.length === 0) return;
  const workspaceId = workspace.id;
  const statements: BatchItem<'sqlite'>[] = [];
  for (const ids of chunk(contactIds, IDS_PER_STATEMENT)) {
    const [rows, contactRows] = await db.batch([
      db
        .select({
          id: conversations.id,
          contactId: conversations.contactId,
          openedAt: conversations.openedAt,
          contactType: conversations.contactType,
          contactName: conversations.contactName,
        })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.contactId, ids))),
      db
        .select()
        .from(contacts)
        .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids))),
    ]);
    const contactById = new Map(contactRows.map((r) => [r.id, r]));
    const earliest = new Map<string, { openedAt: number; id: string }>();
    for (const r of rows) {
      const e = earliest.get(r.contactId);
      if (!e || r.openedAt < e.openedAt || (r.openedAt === e.openedAt && r.id < e.id)) {
        earliest.set(r.contactId, { openedAt: r.openedAt, id: r.id });
      }
    }
    for (const r of rows) {
      const contact = contactById.get(r.contactId);
      const type = contactType({
        isFirstConversationOfContact: earliest.get(r.contactId)?.id === r.id,
        contactCreatedAt: contact?.sourceCreatedAt ?? null,
        historyStartedAt: workspace.historyStartedAt,
      });
      const name = contact?.name ?? r.contactName;
      if (type !== r.contactType || name !== r.contactName) {
        statements.push(
          db
            .update(conversations)
            .set({ contactType: type, contactName: name })
            .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, r.id))),
        );
      }
    }
  }
  for (const part of chunk(statements, 200)) await db.batch(part as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}
