// shared/duration-values.ts: the value index's rows of a conversation, and the delta of a change.
import { describe, expect, it } from 'vitest';
import { DURATION_FIELDS } from '../../shared/api';
import { aggregateDurationValues, DURATION_VALUE_CODES, durationValueDelta } from '../../shared/duration-values';
import type { DurationRollupConversation, DurationValues } from '../../shared/rollups';

const Q = 900_000;
const none = Object.fromEntries(DURATION_FIELDS.map((f) => [f, null])) as DurationValues;
// Closed 10 s into quarter 104: resolution 20 min, first response 3 min (business hours: 1 min, no resolution).
const closed: DurationRollupConversation = {
  closedAt: 104 * Q + 10_000,
  calendar: { ...none, resolution_time_ms: 1_200_000, first_response_time_ms: 180_000 },
  business: { ...none, first_response_time_ms: 60_000 },
};
const rows = (c: ReturnType<typeof durationValueDelta>) => c.map((x) => [x.hours, x.field, x.value, x.quarter, x.conversations]);

describe('durationValueDelta', () => {
  it("holds each of a closed conversation's values once, in its close's quarter-hour; an open one holds none", () => {
    expect(rows(aggregateDurationValues([closed]))).toEqual([
      ['calendar', 'first_response_time_ms', 180_000, 104, 1],
      ['calendar', 'resolution_time_ms', 1_200_000, 104, 1],
      ['business', 'first_response_time_ms', 60_000, 104, 1],
    ]);
    expect(aggregateDurationValues([{ ...closed, closedAt: null }])).toEqual([]);
  });

  it('two conversations with the same value closed in the same quarter-hour share a row', () => {
    const twin = { ...closed, closedAt: 104 * Q + 899_999, calendar: { ...none, first_response_time_ms: 180_000 }, business: none };
    expect(rows(aggregateDurationValues([closed, twin]))[0]).toEqual(['calendar', 'first_response_time_ms', 180_000, 104, 2]);
    // Removing one of them leaves the other counted.
    expect(rows(durationValueDelta([closed, twin], [closed]))).toEqual([['calendar', 'first_response_time_ms', 180_000, 104, -1]]);
  });

  it('an unchanged conversation moves nothing; a changed one removes its old values and adds its new ones', () => {
    expect(durationValueDelta([closed], [{ ...closed }])).toEqual([]);
    // No longer closed (its thread derived again without that close): every value leaves.
    expect(rows(durationValueDelta([closed], [{ ...closed, closedAt: null }])).map((r) => r[4])).toEqual([-1, -1, -1]);
    // A late reply makes the first response 2 min: only that value moves.
    const answeredEarlier = { ...closed, calendar: { ...closed.calendar, first_response_time_ms: 120_000 } };
    expect(rows(durationValueDelta([closed], [answeredEarlier]))).toEqual([
      ['calendar', 'first_response_time_ms', 180_000, 104, -1],
      ['calendar', 'first_response_time_ms', 120_000, 104, 1],
    ]);
  });

  it('every duration has its own stored code', () => {
    expect(new Set(Object.values(DURATION_VALUE_CODES)).size).toBe(DURATION_FIELDS.length);
  });
});
