// The value index of closed conversations' durations (product.md §4: medians and p90 exact up to
// EXACT_STATISTICS_MAX closes). The duration rollups' histograms (shared/rollups.ts) say which
// bucket holds each needed rank; this index holds every value itself, keyed (hours, metric,
// value, quarter-hour of the close), so a report reads only the few values inside those buckets
// by index range instead of a pass over every close of its range.
//
// A row counts the conversations with that value closed in that quarter-hour: two closes with the
// same value in the same quarter share a row, and a change subtracts its old values and adds its
// new ones exactly, as the rollups do: `durationValueDelta(before, after)`.

import { HOURS_MODES, type HoursMode } from './report';
import { QUARTER_MS } from './time';
import { DURATION_FIELDS, type DurationField } from './vocabulary';
import type { DurationRollupConversation } from './rollups';

/**
 * Each duration's stored code. Stable: a code names stored rows, so a new duration takes the next
 * free code rather than its place in product.md §3's order (TypeScript requires every duration).
 */
export const DURATION_VALUE_CODES: Record<DurationField, number> = {
  time_to_first_assignment_ms: 0,
  first_response_time_ms: 1,
  first_assignment_to_first_response_ms: 2,
  last_assignment_to_response_ms: 3,
  resolution_time_ms: 4,
  first_assignment_to_close_ms: 5,
  last_assignment_to_close_ms: 6,
  average_response_time_ms: 7,
  bot_time_ms: 8,
};

/** Each hours mode's stored code (0 and 1 take no bytes in a SQLite record). */
export const HOURS_CODES: Record<HoursMode, number> = { calendar: 0, business: 1 };

export interface DurationValueKey {
  hours: HoursMode;
  field: DurationField;
  value: number;
  /** floor(closed_at / QUARTER_MS): report ranges are whole quarter-hours in every zone. */
  quarter: number;
}

export interface DurationValueChange extends DurationValueKey {
  /** Conversations added to (negative: removed from) the row. */
  conversations: number;
}

const keyString = (k: DurationValueKey) => `${k.hours}|${k.field}|${k.value}|${k.quarter}`;

/**
 * What changes in the value index when `before` becomes `after`: an open conversation holds no
 * value (timings count closed conversations, product.md §4), an unchanged one cancels out, so a
 * write that moves no closed duration changes no row.
 */
export function durationValueDelta(
  before: readonly DurationRollupConversation[],
  after: readonly DurationRollupConversation[],
): DurationValueChange[] {
  const changes = new Map<string, DurationValueChange>();
  const add = (c: DurationRollupConversation, n: number) => {
    if (c.closedAt === null) return;
    const quarter = Math.floor(c.closedAt / QUARTER_MS);
    for (const hours of HOURS_MODES) {
      for (const field of DURATION_FIELDS) {
        const value = c[hours][field];
        if (value === null) continue;
        const key = { hours, field, value, quarter };
        const id = keyString(key);
        const change = changes.get(id) ?? { ...key, conversations: 0 };
        change.conversations += n;
        changes.set(id, change);
      }
    }
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  return [...changes.values()].filter((c) => c.conversations !== 0);
}

/** The value index of a set of conversations, from nothing (what a rebuild writes). */
export const aggregateDurationValues = (conversations: readonly DurationRollupConversation[]): DurationValueChange[] =>
  durationValueDelta([], conversations);

/** A row's key as text (tests compare stored rows with a fresh aggregation). */
export const durationValueKeyString = keyString;
