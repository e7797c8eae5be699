// The channel directory (product.md §4 "Opened by channel", api.md: channels as {id, name}): one
// display name per channel of a workspace, whatever view shows it. Every event that names a
// channel is a sighting; the name a source gave most recently (by occurred_at, then event id, so
// the result is the same in any arrival order) wins. Pure: the worker stores the entries.
import type { CanonicalEvent, ChannelRef } from './events';

/** What the directory keeps of one channel. */
export interface ChannelEntry {
  id: string;
  /** The latest name a source gave; null until one names it. */
  name: string | null;
  /** occurred_at and id of the event that gave `name`: a late, older payload never renames. */
  nameAt: number | null;
  nameEventId: string | null;
  /** The channel's kind as the source says it (`web_widget`, `whatsapp`), latest likewise. */
  kind: string | null;
  kindAt: number | null;
  kindEventId: string | null;
  /** The dialect of the latest sighting (native, chatwoot, respondio). */
  dialect: string;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** The channel an event names: a conversation's open channel, or a message's. */
export function channelOf(event: CanonicalEvent): ChannelRef | undefined {
  if (event.type === 'conversation.opened') return event.channel;
  if (event.type === 'message.created') return event.message.channel;
  return undefined;
}

/** Whether (at, eventId) is later than (prevAt, prevEventId): later instant, or same instant and larger id. */
export function laterThan(at: number, eventId: string, prevAt: number | null, prevEventId: string | null): boolean {
  return prevAt === null || at > prevAt || (at === prevAt && eventId > (prevEventId ?? ''));
}

/** One entry per channel the events name, merged as the store merges them with what it has. */
export function channelSightings(events: readonly CanonicalEvent[], dialect: string): ChannelEntry[] {
  const byId = new Map<string, ChannelEntry>();
  for (const e of events) {
    const channel = channelOf(e);
    if (!channel) continue;
    const seen: ChannelEntry = {
      id: channel.id,
      name: channel.name ?? null,
      nameAt: channel.name === undefined ? null : e.occurredAt,
      nameEventId: channel.name === undefined ? null : e.id,
      kind: channel.type ?? null,
      kindAt: channel.type === undefined ? null : e.occurredAt,
      kindEventId: channel.type === undefined ? null : e.id,
      dialect,
      firstSeenAt: e.occurredAt,
      lastSeenAt: e.occurredAt,
    };
    const prev = byId.get(channel.id);
    byId.set(channel.id, prev ? mergeChannelEntries(prev, seen) : seen);
  }
  return [...byId.values()];
}

/** Two entries of one channel merged: commutative and associative, so arrival order never matters. */
export function mergeChannelEntries(a: ChannelEntry, b: ChannelEntry): ChannelEntry {
  const nameFromB = b.nameAt !== null && laterThan(b.nameAt, b.nameEventId ?? '', a.nameAt, a.nameEventId);
  const kindFromB = b.kindAt !== null && laterThan(b.kindAt, b.kindEventId ?? '', a.kindAt, a.kindEventId);
  const named = nameFromB ? b : a;
  const kinded = kindFromB ? b : a;
  return {
    id: a.id,
    name: named.name,
    nameAt: named.nameAt,
    nameEventId: named.nameEventId,
    kind: kinded.kind,
    kindAt: kinded.kindAt,
    kindEventId: kinded.kindEventId,
    dialect: b.lastSeenAt > a.lastSeenAt || (b.lastSeenAt === a.lastSeenAt && b.dialect > a.dialect) ? b.dialect : a.dialect,
    firstSeenAt: Math.min(a.firstSeenAt, b.firstSeenAt),
    lastSeenAt: Math.max(a.lastSeenAt, b.lastSeenAt),
  };
}

/**
 * The one name a channel is shown by (chart, filter, list, CSV, side panel): the name its sources
 * gave last, else its kind in words (`web_widget` → "Web widget"), else its id.
 */
export function channelDisplayName(channel: { id: string; name: string | null; kind: string | null }): string {
  if (channel.name) return channel.name;
  if (channel.kind) {
    const words = channel.kind.replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return channel.id;
}
