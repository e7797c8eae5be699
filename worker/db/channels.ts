// The channel directory's statements (shared/channels.ts). Written in the store's batch: each
// upsert merges a delivery's sightings with the stored entry by the same rule as
// mergeChannelEntries (latest name by occurred_at, then event id), so deliveries landing in any
// order, or at once, leave the same entry. Read whole per request: a workspace has few channels.
import { eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { channelDisplayName, channelSightings } from '../../shared/channels';
import type { CanonicalEvent } from '../../shared/events';
import type { Database } from '../app';
import { chunk, rowsPerStatement } from '../ingest/limits';
import { channels } from './schema';

/** Whether excluded's (`at`, `event`) columns are later than the stored ones. */
const later = (at: string, event: string) =>
  sql.raw(
    `excluded.${at} IS NOT NULL AND (channels.${at} IS NULL OR excluded.${at} > channels.${at} ` +
      `OR (excluded.${at} = channels.${at} AND excluded.${event} > COALESCE(channels.${event}, '')))`,
  );
const nameWins = later('name_at', 'name_event_id');
const kindWins = later('kind_at', 'kind_event_id');
const dialectWins = sql.raw(
  `excluded.last_seen_at > channels.last_seen_at OR (excluded.last_seen_at = channels.last_seen_at AND excluded.dialect > channels.dialect)`,
);

/** The directory upserts of a delivery's events, for the store's batch. */
export function channelDirectoryWrites(
  db: Database,
  workspaceId: string,
  dialect: string,
  incoming: readonly CanonicalEvent[],
): BatchItem<'sqlite'>[] {
  const rows = channelSightings(incoming, dialect).map((entry) => ({ workspaceId, ...entry }));
  if (rows.length === 0) return [];
  return chunk(rows, rowsPerStatement(rows[0]!)).map((part) =>
    db
      .insert(channels)
      .values(part)
      .onConflictDoUpdate({
        target: [channels.workspaceId, channels.id],
        set: {
          name: sql`CASE WHEN ${nameWins} THEN excluded.name ELSE channels.name END`,
          nameAt: sql`CASE WHEN ${nameWins} THEN excluded.name_at ELSE channels.name_at END`,
          nameEventId: sql`CASE WHEN ${nameWins} THEN excluded.name_event_id ELSE channels.name_event_id END`,
          kind: sql`CASE WHEN ${kindWins} THEN excluded.kind ELSE channels.kind END`,
          kindAt: sql`CASE WHEN ${kindWins} THEN excluded.kind_at ELSE channels.kind_at END`,
          kindEventId: sql`CASE WHEN ${kindWins} THEN excluded.kind_event_id ELSE channels.kind_event_id END`,
          dialect: sql`CASE WHEN ${dialectWins} THEN excluded.dialect ELSE channels.dialect END`,
          firstSeenAt: sql`MIN(channels.first_seen_at, excluded.first_seen_at)`,
          lastSeenAt: sql`MAX(channels.last_seen_at, excluded.last_seen_at)`,
        },
      }),
  );
}

/** Display names by channel id: what every view shows for a channel. */
export class ChannelNames {
  constructor(private readonly entries: ReadonlyMap<string, { name: string | null; kind: string | null }>) {}

  static empty = new ChannelNames(new Map());

  /** The channel's one display name; a channel the directory lacks is named by what the row says. */
  nameOf(id: string, fallback: { name: string | null; kind: string | null } = { name: null, kind: null }): string {
    const entry = this.entries.get(id);
    return channelDisplayName({ id, name: entry?.name ?? fallback.name, kind: entry?.kind ?? fallback.kind });
  }

  kindOf(id: string, fallback: string | null = null): string | null {
    return this.entries.get(id)?.kind ?? fallback;
  }
}

/** The workspace's directory, as a statement for a read batch; `toChannelNames` turns its rows into names. */
export function channelDirectoryQuery(db: Database, workspaceId: string) {
  return db.select({ id: channels.id, name: channels.name, kind: channels.kind }).from(channels).where(eq(channels.workspaceId, workspaceId));
}

export function toChannelNames(rows: ReadonlyArray<{ id: string; name: string | null; kind: string | null }>): ChannelNames {
  return new ChannelNames(new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }])));
}

export async function channelNames(db: Database, workspaceId: string): Promise<ChannelNames> {
  return toChannelNames(await channelDirectoryQuery(db, workspaceId));
}
