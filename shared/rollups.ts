// Report rollups (product.md §4: a report answers in well under a second at any size): how many
// conversations opened, and how many closed, per workspace, UTC quarter-hour and the properties
// the report groups and filters by without naming a person (contact type, open source, open
// channel; closed source and category on the closed side). Every zone offset is a multiple of 15
// minutes, so quarter-hours map exactly to local hours and days (shared/time.ts), +05:30 and
// +05:45 included.
//
// The rollups are a sum of one contribution per conversation, so a conversation that changes
// subtracts its old contribution and adds its new one: `rollupDelta(before, after)`.

import { QUARTER_MS } from './time';

export type RollupSide = 'opened' | 'closed';

/** The properties of a conversation its contribution depends on (a conversation row has them all). */
export interface RollupConversation {
  openedAt: number;
  closedAt: number | null;
  contactType: string;
  openSource: string;
  openChannelId: string | null;
  openChannelName: string | null;
  closedSource: string | null;
  category: string | null;
}

/**
 * One rollup cell. A missing property is '' (SQLite treats NULLs in a key as all distinct, so
 * a key with NULLs could never be updated in place); the opened side has '' for the closed-side
 * properties.
 */
export interface RollupKey {
  side: RollupSide;
  quarter: number;
  contactType: string;
  openSource: string;
  openChannelId: string;
  closedSource: string;
  category: string;
}

export interface RollupChange extends RollupKey {
  /** Conversations added to (negative: removed from) the cell. */
  conversations: number;
  /** The channel's name as last seen, for opened_by_channel's labels. */
  openChannelName: string | null;
}

export const NO_VALUE = '';

const quarterOf = (ms: number) => Math.floor(ms / QUARTER_MS);

/** The cells a conversation counts in: its open's, and its close's once closed. */
export function rollupKeys(c: RollupConversation): RollupKey[] {
  const opened: RollupKey = {
    side: 'opened',
    quarter: quarterOf(c.openedAt),
    contactType: c.contactType,
    openSource: c.openSource,
    openChannelId: c.openChannelId ?? NO_VALUE,
    closedSource: NO_VALUE,
    category: NO_VALUE,
  };
  if (c.closedAt === null) return [opened];
  return [
    opened,
    { ...opened, side: 'closed', quarter: quarterOf(c.closedAt), closedSource: c.closedSource ?? NO_VALUE, category: c.category ?? NO_VALUE },
  ];
}

export const rollupKeyString = (k: RollupKey): string =>
  JSON.stringify([k.side, k.quarter, k.contactType, k.openSource, k.openChannelId, k.closedSource, k.category]);

/**
 * What changes in the rollups when `before` (the stored conversations) become `after`: one
 * change per cell whose count moves, none for a conversation that did not change.
 */
export function rollupDelta(before: readonly RollupConversation[], after: readonly RollupConversation[]): RollupChange[] {
  const changes = new Map<string, RollupChange>();
  const add = (c: RollupConversation, n: number) => {
    for (const key of rollupKeys(c)) {
      const id = rollupKeyString(key);
      const change = changes.get(id) ?? { ...key, conversations: 0, openChannelName: null };
      change.conversations += n;
      if (n > 0 && c.openChannelName !== null) change.openChannelName = c.openChannelName;
      changes.set(id, change);
    }
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  return [...changes.values()].filter((c) => c.conversations !== 0);
}

/** The rollups of a set of conversations, from nothing (what a rebuild writes). */
export const aggregateRollups = (conversations: readonly RollupConversation[]): RollupChange[] => rollupDelta([], conversations);
