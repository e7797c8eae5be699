// The store step's one D1 batch (worker/ingest/store.ts): a delivery, its canonical events, the
// contacts, channels and merges they name, and a dirty mark for every thread they touch, atomically.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { BatchItem } from 'drizzle-orm/batch';
import type { CanonicalEvent } from '../../shared/events';
import type { Database } from '../app';
import { chunk, rowsPerStatement } from '../ingest/limits';
import { channelDirectoryWrites } from './channels';
import { contactMerges, contacts, deliveries, dirtyThreads, events, workspaces } from './schema';

export interface DeliveryRecord {
  workspaceId: string;
  dialect: string;
  deliveryId: string;
  bodyHash: string;
  receivedAt: number;
  /** The body was put in R2 (worker/ingest/raw.ts derives its key from this row). */
  rawKept: boolean;
}

export interface StoredDelivery {
  deliveryIsNew: boolean;
  newEventIds: Set<string>;
}

type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/** A dirty mark's columns, in table order, for `INSERT … SELECT` over the threads a query finds. */
export function markColumns(workspaceId: SQLiteColumn, threadId: SQLiteColumn, now: number, minOccurredAt: number, rebuild: boolean) {
  return {
    workspaceId,
    threadId,
    seq: sql<number>`1`.as('seq'),
    markedAt: sql<number>`${now}`.as('marked_at'),
    minOccurredAt: sql<number>`${minOccurredAt}`.as('min_occurred_at'),
    rebuild: sql<boolean>`${rebuild ? 1 : 0}`.as('rebuild'),
    attempts: sql<number>`0`.as('attempts'),
    nextAttemptAt: sql<number>`${now}`.as('next_attempt_at'),
    lastError: sql<string | null>`NULL`.as('last_error'),
  };
}

/** A dirty mark's upsert: a new store bumps `seq`, so a derivation that read an older mark keeps this one. */
function markThreads(db: Database, rows: Array<typeof dirtyThreads.$inferInsert>): BatchItem<'sqlite'>[] {
  if (rows.length === 0) return [];
  return chunk(rows, rowsPerStatement(rows[0]!)).map((part) =>
    db
      .insert(dirtyThreads)
      .values(part)
      .onConflictDoUpdate({
        target: [dirtyThreads.workspaceId, dirtyThreads.threadId],
        set: {
          seq: sql`${dirtyThreads.seq} + 1`,
          minOccurredAt: sql`MIN(${dirtyThreads.minOccurredAt}, excluded.min_occurred_at)`,
          rebuild: sql`MAX(${dirtyThreads.rebuild}, excluded.rebuild)`,
          // New events are a reason to try a failing thread again now.
          nextAttemptAt: sql`MIN(${dirtyThreads.nextAttemptAt}, excluded.next_attempt_at)`,
        },
      }),
  );
}

/** The contact rows a delivery names; per contact the latest rename, same-instant ties by event id. */
function contactRows(workspaceId: string, incoming: readonly CanonicalEvent[]) {
  const byId = new Map<string, typeof contacts.$inferInsert>();
  for (const e of incoming) {
    const prev = byId.get(e.contact.id);
    const named = e.contact.name !== undefined;
    const newer =
      named &&
      (prev?.nameSetAt == null ||
        e.occurredAt > prev.nameSetAt ||
        (e.occurredAt === prev.nameSetAt && e.id > (prev.nameEventId ?? '')));
    byId.set(e.contact.id, {
      workspaceId,
      id: e.contact.id,
      name: newer ? e.contact.name! : (prev?.name ?? null),
      nameSetAt: newer ? e.occurredAt : (prev?.nameSetAt ?? null),
      nameEventId: newer ? e.id : (prev?.nameEventId ?? null),
      sourceCreatedAt: e.contact.createdAt ?? prev?.sourceCreatedAt ?? null,
    });
  }
  return [...byId.values()];
}

/** Whether the incoming name (excluded.*) is newer than the stored one: later, or same instant and larger event id. */
const incomingNameWins = sql.raw(
  `excluded.name_set_at IS NOT NULL AND (contacts.name_set_at IS NULL OR excluded.name_set_at > contacts.name_set_at ` +
    `OR (excluded.name_set_at = contacts.name_set_at AND excluded.name_event_id > COALESCE(contacts.name_event_id, '')))`,
);

/** The `events` rows of a delivery's events, as stored (also the benchmark's raw baseline). */
export function eventRowsOf(
  delivery: Pick<DeliveryRecord, 'workspaceId' | 'dialect' | 'deliveryId' | 'receivedAt'>,
  incoming: readonly CanonicalEvent[],
) {
  return incoming.map((e) => ({
    workspaceId: delivery.workspaceId,
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    threadId: e.threadId,
    contactId: e.contact.id,
    secondaryContactId: e.type === 'contact.merged' ? e.secondary.id : null,
    dialect: delivery.dialect,
    deliveryId: delivery.deliveryId,
    receivedAt: delivery.receivedAt,
    payload: JSON.stringify(e),
  }));
}

/**
 * Stores the delivery in one atomic batch (one round trip) and returns what was new.
 * Duplicates mark their threads too: a repeated delivery of an underived batch must get it derived.
 */
export async function storeDeliveryBatch(
  db: Database,
  delivery: DeliveryRecord,
  incoming: readonly CanonicalEvent[],
  /** Replay (after a dialect fix): stored events take the new translation, and their threads are rebuilt. */
  options: { replace?: boolean } = {},
): Promise<StoredDelivery> {
  const { workspaceId, receivedAt } = delivery;
  const deliveryInsert = db
    .insert(deliveries)
    .values({ ...delivery, eventCount: incoming.length })
    .onConflictDoNothing()
    .returning({ deliveryId: deliveries.deliveryId });
  const eventRows = eventRowsOf(delivery, incoming);
  const replace = options.replace === true;
  // Replaying: the threads the events were on before the new translation are rebuilt too.
  const formerThreads = !replace
    ? []
    : chunk(incoming.map((e) => e.id), 90).map((ids) =>
        db
          .insert(dirtyThreads)
          .select(
            db
              .selectDistinct(markColumns(events.workspaceId, events.threadId, receivedAt, 0, true))
              .from(events)
              .where(and(eq(events.workspaceId, workspaceId), inArray(events.id, ids))),
          )
          .onConflictDoUpdate({
            target: [dirtyThreads.workspaceId, dirtyThreads.threadId],
            set: { seq: sql`${dirtyThreads.seq} + 1`, minOccurredAt: 0, rebuild: true, nextAttemptAt: receivedAt },
          }),
      );
  const eventInserts =
    eventRows.length === 0
      ? []
      : chunk(eventRows, rowsPerStatement(eventRows[0]!)).map((rows) => {
          const insert = db.insert(events).values(rows);
          return (
            replace
              ? insert.onConflictDoUpdate({
                  target: [events.workspaceId, events.id],
                  set: {
                    type: sql`excluded.type`,
                    occurredAt: sql`excluded.occurred_at`,
                    threadId: sql`excluded.thread_id`,
                    contactId: sql`excluded.contact_id`,
                    secondaryContactId: sql`excluded.secondary_contact_id`,
                    payload: sql`excluded.payload`,
                  },
                })
              : insert.onConflictDoNothing()
          ).returning({ id: events.id });
        });

  const writes: BatchItem<'sqlite'>[] = [];
  const people = contactRows(workspaceId, incoming);
  if (people.length > 0) {
    for (const rows of chunk(people, rowsPerStatement(people[0]!))) {
      writes.push(
        db
          .insert(contacts)
          .values(rows)
          .onConflictDoUpdate({
            target: [contacts.workspaceId, contacts.id],
            set: {
              name: sql`CASE WHEN ${incomingNameWins} THEN excluded.name ELSE contacts.name END`,
              nameEventId: sql`CASE WHEN ${incomingNameWins} THEN excluded.name_event_id ELSE contacts.name_event_id END`,
              nameSetAt: sql`CASE WHEN ${incomingNameWins} THEN excluded.name_set_at ELSE contacts.name_set_at END`,
              sourceCreatedAt: sql`COALESCE(excluded.source_created_at, contacts.source_created_at)`,
            },
          }),
      );
    }
  }

  // The channels the events name, and the names their sources gave them (shared/channels.ts).
  writes.push(...channelDirectoryWrites(db, workspaceId, delivery.dialect, incoming));

  // Every thread an event arrived on; a merge also dirties both contacts' default threads and
  // every thread holding the merged contact's events, for a rebuild (worker/ingest/merges.ts).
  const marks = new Map<string, typeof dirtyThreads.$inferInsert>();
  const mark = (threadId: string, occurredAt: number, rebuild: boolean) => {
    const prev = marks.get(threadId);
    marks.set(threadId, {
      workspaceId,
      threadId,
      seq: 1,
      markedAt: receivedAt,
      minOccurredAt: Math.min(prev?.minOccurredAt ?? occurredAt, occurredAt),
      rebuild: rebuild || (prev?.rebuild ?? false),
      attempts: 0,
      nextAttemptAt: receivedAt,
    });
  };
  for (const e of incoming) {
    mark(e.threadId, e.occurredAt, replace);
    if (e.type !== 'contact.merged') continue;
    mark(e.primary.id, e.occurredAt, true);
    mark(e.secondary.id, e.occurredAt, true);
    writes.push(
      db
        .insert(contactMerges)
        .values({ workspaceId, secondaryId: e.secondary.id, primaryId: e.primary.id, mergedAt: e.occurredAt, eventId: e.id })
        .onConflictDoNothing(),
      db
        .insert(dirtyThreads)
        .select(
          db
            .selectDistinct(markColumns(events.workspaceId, events.threadId, receivedAt, 0, true))
            .from(events)
            .where(and(eq(events.workspaceId, workspaceId), eq(events.contactId, e.secondary.id))),
        )
        .onConflictDoUpdate({
          target: [dirtyThreads.workspaceId, dirtyThreads.threadId],
          set: { seq: sql`${dirtyThreads.seq} + 1`, minOccurredAt: 0, rebuild: true, nextAttemptAt: receivedAt },
        }),
    );
  }
  writes.push(...markThreads(db, [...marks.values()]));
  if (incoming.length > 0) {
    const times = incoming.map((e) => e.occurredAt);
    writes.push(
      db
        .update(workspaces)
        .set({
          historyStartedAt: sql`MIN(${workspaces.historyStartedAt}, ${Math.min(...times)})`,
          lastEventAt: sql`MAX(COALESCE(${workspaces.lastEventAt}, 0), ${Math.max(...times)})`,
        })
        .where(eq(workspaces.id, workspaceId)),
    );
  }
  const results = await db.batch([deliveryInsert, ...formerThreads, ...eventInserts, ...writes] as Batch);
  const first = 1 + formerThreads.length;
  return {
    deliveryIsNew: (results[0] as unknown[]).length > 0,
    newEventIds: new Set((results.slice(first, first + eventInserts.length) as { id: string }[][]).flat().map((r) => r.id)),
  };
}

export interface KeptDelivery {
  dialect: string;
  deliveryId: string;
  bodyHash: string;
  receivedAt: number;
}

/** One page of a workspace's deliveries received in [from, to) whose raw body is kept, oldest first. */
export async function keptDeliveries(
  db: Database,
  workspaceId: string,
  range: { from: number; to: number; after: [number, string, string, string] | null; limit: number },
): Promise<KeptDelivery[]> {
  const after = range.after ?? [-1, '', '', ''];
  return db
    .select({
      dialect: deliveries.dialect,
      deliveryId: deliveries.deliveryId,
      bodyHash: deliveries.bodyHash,
      receivedAt: deliveries.receivedAt,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.workspaceId, workspaceId),
        eq(deliveries.rawKept, true),
        sql`${deliveries.receivedAt} >= ${range.from}`,
        lt(deliveries.receivedAt, range.to),
        sql`(${deliveries.receivedAt}, ${deliveries.dialect}, ${deliveries.deliveryId}, ${deliveries.bodyHash}) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`,
      ),
    )
    .orderBy(deliveries.receivedAt, deliveries.dialect, deliveries.deliveryId, deliveries.bodyHash)
    .limit(range.limit);
}

/** Raw bodies past their workspace's retention (oldest first, across workspaces). */
export type ExpiredDelivery = KeptDelivery & { workspaceId: string };

export async function expiredRawBodies(db: Database, now: number, limit: number): Promise<ExpiredDelivery[]> {
  return db
    .select({
      workspaceId: deliveries.workspaceId,
      dialect: deliveries.dialect,
      deliveryId: deliveries.deliveryId,
      bodyHash: deliveries.bodyHash,
      receivedAt: deliveries.receivedAt,
    })
    .from(deliveries)
    .innerJoin(workspaces, eq(workspaces.id, deliveries.workspaceId))
    .where(and(eq(deliveries.rawKept, true), sql`${deliveries.receivedAt} < ${now} - ${workspaces.rawRetentionDays} * 86400000`))
    .orderBy(deliveries.receivedAt)
    .limit(limit);
}

/** Records that retention deleted these raw bodies (and drops a legacy body kept in D1). */
export async function forgetRawBodies(db: Database, removed: ExpiredDelivery[]): Promise<void> {
  const statements = removed.map((r) =>
    db
      .update(deliveries)
      .set({ rawKept: false, rawBody: null })
      .where(
        and(
          eq(deliveries.workspaceId, r.workspaceId),
          eq(deliveries.dialect, r.dialect),
          eq(deliveries.deliveryId, r.deliveryId),
          eq(deliveries.bodyHash, r.bodyHash),
        ),
      ),
  );
  for (const part of chunk(statements, 100)) await db.batch(part as unknown as Batch);
}
