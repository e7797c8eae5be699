// Step 2 of the data path, behind the answer, run only by the workspace's deriver (deriver.ts):
//
//   INVARIANT: a thread is either derived from every stored event or marked dirty.
//
// The store writes events and their thread's mark in one batch; a derivation reads marks,
// state and events in one batch, and writes the conversations, the state and the removal of
// exactly the marks it read (same `seq`) in one batch. A store that lands in between bumps
// the mark's seq, so its mark survives and the thread is derived again. Only one derivation
// per workspace runs at a time (the deriver serialises them): two could otherwise write in
// the opposite order they read, leaving a thread behind its events with no mark.
import {
  applyEvent,
  buildThread,
  contactType,
  orderEvents,
  type ConversationRecord,
  type ThreadState,
} from '../../shared/conversation';
import type { CanonicalEvent } from '../../shared/events';
import type { Database } from '../app';
import { toConversationRow, type ConversationInsert } from '../db/conversation-rows';
import { rollupWrites } from '../db/rollups';
import {
  clearMarks,
  conversationWrites,
  historyMoveWrites,
  loadEventsOfThreads,
  loadMerges,
  readDirtyBatch,
  readSettleInputs,
  runWrites,
  threadStateWrites,
  type SettleRow,
} from '../db/derivation';
import { businessMeasure } from '../db/workspaces';
import { MergeIndex, threadEvents } from './merges';

/** Marks per micro-batch: one read and one write batch each. */
export const MARKS_PER_BATCH = 100;

/** What a deriver keeps between micro-batches: the workspace's merges, re-read when their count changes. */
export interface DeriverMemory {
  merges: MergeIndex | null;
}

/** Test seam: runs between a derivation's reads and its write (interleaving tests, derive.test.ts). */
export interface DeriveHooks {
  beforeWrite?: () => Promise<void>;
}

interface ThreadResult {
  threadId: string;
  state: ThreadState;
  records: ConversationRecord[];
  /** Rebuilt from every event: rows of higher cycles go. */
  rebuiltMaxCycle: number | null;
}

function parseState(json: string | null): ThreadState | null {
  return json === null ? null : (JSON.parse(json) as ThreadState);
}

/**
 * Derives one micro-batch of the workspace's due marks. Returns how many marks it covered
 * (0: nothing due) and how many conversations it wrote. Throws if anything fails; the marks
 * then stay (the invariant holds).
 */
export async function deriveDueThreads(
  db: Database,
  workspaceId: string,
  memory: DeriverMemory,
  options: { now: number; limit?: number; onlyThreads?: string[]; hooks?: DeriveHooks },
): Promise<{ marks: number; conversations: number }> {
  const batch = await readDirtyBatch(db, workspaceId, { now: options.now, limit: options.limit ?? MARKS_PER_BATCH, onlyThreads: options.onlyThreads });
  const ws = batch.workspace;
  if (!ws || batch.marks.length === 0) return { marks: 0, conversations: 0 };
  if (!memory.merges || memory.merges.size !== batch.mergeCount) memory.merges = new MergeIndex(await loadMerges(db, workspaceId));
  const merges = memory.merges;

  const markById = new Map(batch.marks.map((m) => [m.threadId, m]));
  const rowById = new Map(batch.threadRows.map((r) => [r.id, r]));
  const newByThread = new Map<string, CanonicalEvent[]>();
  for (const e of batch.newEvents) {
    const list = newByThread.get(e.threadId) ?? [];
    list.push(e);
    newByThread.set(e.threadId, list);
  }

  // The threads to derive: every marked one, and the thread a merged contact's events now feed.
  const targets = new Set<string>();
  for (const id of markById.keys()) {
    targets.add(id);
    if (merges.bySecondary.has(id)) targets.add(merges.finalPrimary(id));
  }

  const results: ThreadResult[] = [];
  const rebuild: string[] = [];
  for (const threadId of [...targets].sort()) {
    const mark = markById.get(threadId);
    const state = parseState(rowById.get(threadId)?.state ?? null);
    const fresh = orderEvents(newByThread.get(threadId) ?? []);
    // Incremental only when every new event comes after the state's last one and no merge
    // re-homes anything into or out of this thread; otherwise rebuild from every event.
    const incremental =
      mark !== undefined &&
      !mark.rebuild &&
      state !== null &&
      (state.lastKey === null || mark.minOccurredAt > state.lastKey[0]) &&
      !merges.involves(threadId) &&
      (state.contactId === null || !merges.involves(state.contactId)) &&
      !fresh.some((e) => merges.involves(e.contact.id)) &&
      // events.md §4: a thread whose source now names another contact (a Chatwoot merge sends no
      // merge event) moves its past conversations too, which only a rebuild reaches.
      !fresh.some((e) => e.type !== 'contact.merged' && state.contactId !== null && e.contact.id !== state.contactId);
    if (!incremental) {
      rebuild.push(threadId);
      continue;
    }
    const touched = new Set<ConversationRecord>();
    for (const e of fresh) for (const c of applyEvent(state, e)) touched.add(c);
    results.push({ threadId, state, records: [...touched], rebuiltMaxCycle: null });
  }

  if (rebuild.length > 0) {
    const sources = [...new Set(rebuild.flatMap((t) => [t, ...merges.mergedInto(t)]))];
    const stored = await loadEventsOfThreads(db, workspaceId, sources);
    const byArrival = new Map<string, CanonicalEvent[]>();
    for (const e of stored) {
      const list = byArrival.get(e.threadId) ?? [];
      list.push(e);
      byArrival.set(e.threadId, list);
    }
    for (const threadId of rebuild) {
      const candidates = [threadId, ...merges.mergedInto(threadId)].flatMap((t) => byArrival.get(t) ?? []);
      const built = buildThread(threadId, threadEvents(threadId, candidates, merges));
      results.push({ threadId, state: built.state, records: built.conversations, rebuiltMaxCycle: built.state.cycles });
    }
  }

  // ---- settle contact type, names and ids across the contacts' conversations (product.md §2)
  const contactIds = new Set<string>();
  for (const r of results) {
    if (r.state.contactId) contactIds.add(r.state.contactId);
    for (const c of r.records) contactIds.add(c.contactId);
  }
  const rebuiltIds = results.filter((r) => r.rebuiltMaxCycle !== null).map((r) => r.threadId);
  const sourceIds = results.flatMap((r) => r.records.filter((c) => c.sourceConversationId !== null).map((c) => c.id));
  let inputs = await readSettleInputs(db, workspaceId, [...contactIds], rebuiltIds, sourceIds);
  // A rebuilt thread's old rows may belong to contacts it no longer has (a merge): settle them too.
  const missing = inputs.rows.map((r) => r.contactId).filter((id) => !contactIds.has(id));
  if (missing.length > 0) {
    for (const id of missing) contactIds.add(id);
    inputs = await readSettleInputs(db, workspaceId, [...contactIds], rebuiltIds, sourceIds);
  }

  const measure = businessMeasure(ws);
  const names = new Map(inputs.contactRows.map((k) => [k.id, k]));
  // A source conversation id already held by another thread's conversation stays with it; this
  // one is stored under an id qualified by its thread (never overwriting the other).
  const claimed = new Map(inputs.idOwners);
  const rows: ConversationInsert[] = [];
  for (const r of results) {
    for (const c of r.records) {
      const holder = claimed.get(c.id);
      const id = holder !== undefined && holder !== c.threadId ? `${c.id}~${c.threadId}` : c.id;
      claimed.set(id, c.threadId);
      rows.push({ ...toConversationRow(workspaceId, c, measure, names.get(c.contactId)?.name ?? null), id });
    }
  }

  // The contacts' conversations as they will be after this write.
  const rebuiltSet = new Set(rebuiltIds);
  const writtenIds = new Set(rows.map((r) => r.id));
  const writtenCycles = new Set(rows.map((r) => `${r.threadId}\u0000${r.cycle}`));
  const after: SettleRow[] = inputs.rows.filter(
    (r) => !rebuiltSet.has(r.threadId) && !writtenIds.has(r.id) && !writtenCycles.has(`${r.threadId}\u0000${r.cycle}`),
  );
  const kept = new Set(after.map((r) => r.id));
  // Rows stored under another id for the same thread and cycle (renamed cycles): deleted when written.
  const storedCycles = new Map(inputs.rows.map((r) => [`${r.threadId}\u0000${r.cycle}`, r.id]));
  const renamed = new Set(
    rows.filter((row) => {
      const held = storedCycles.get(`${row.threadId}\u0000${row.cycle}`);
      return held !== undefined && held !== row.id;
    }),
  );
  for (const row of rows) {
    after.push({
      id: row.id!,
      threadId: row.threadId,
      cycle: row.cycle,
      contactId: row.contactId,
      openedAt: row.openedAt,
      contactType: 'new',
      contactName: row.contactName ?? null,
    });
  }
  const earliest = new Map<string, SettleRow>();
  for (const r of after) {
    const e = earliest.get(r.contactId);
    if (!e || r.openedAt < e.openedAt || (r.openedAt === e.openedAt && r.id < e.id)) earliest.set(r.contactId, r);
  }
  const settled = (r: SettleRow) => {
    const contact = names.get(r.contactId);
    return {
      contactType: contactType({
        isFirstConversationOfContact: earliest.get(r.contactId)?.id === r.id,
        contactCreatedAt: contact?.sourceCreatedAt ?? null,
        historyStartedAt: ws.historyStartedAt,
      }),
      contactName: contact?.name ?? r.contactName,
    };
  };
  const rowSettled = new Map(after.map((r) => [r.id, settled(r)]));
  for (const row of rows) Object.assign(row, rowSettled.get(row.id!));
  const resettled = inputs.rows
    .filter((r) => kept.has(r.id))
    .map((r) => ({ before: r, now: { id: r.id, ...rowSettled.get(r.id)! } }))
    .filter(({ before, now }) => before.contactType !== now.contactType || before.contactName !== now.contactName)
    .map(({ now }) => now);

  const derived = { rows, rebuilt: results.filter((r) => r.rebuiltMaxCycle !== null).map((r) => ({ threadId: r.threadId, maxCycle: r.rebuiltMaxCycle! })) };
  const statements = [
    ...conversationWrites(db, workspaceId, { ...derived, renamed }, resettled),
    // The report's rollups move with the rows, in the same atomic batch.
    ...(await rollupWrites(db, workspaceId, derived, resettled)),
    ...threadStateWrites(
      db,
      workspaceId,
      results.map((r) => ({ threadId: r.threadId, contactId: r.state.contactId, state: JSON.stringify(r.state) })),
      options.now,
    ),
    ...clearMarks(db, workspaceId, batch.marks),
    ...(ws.derivedHistoryStartedAt === ws.historyStartedAt ? [] : historyMoveWrites(db, ws, options.now)),
  ];
  await options.hooks?.beforeWrite?.();
  await runWrites(db, statements);
  return { marks: batch.marks.length, conversations: rows.length };
}
