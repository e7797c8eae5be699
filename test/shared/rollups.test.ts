// shared/rollups.ts: a conversation's contribution, and the delta of a change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_FIELDS } from '../../shared/api';
import {
  aggregateDurationRollups,
  aggregateRollups,
  cellRanges,
  countsGrain,
  dimensionChanges,
  GRAINS,
  durationCellRanges,
  durationRollupDelta,
  rollupDelta,
  type DurationRollupConversation,
  type DurationValues,
  type RollupConversation,
} from '../../shared/rollups';
import { histogramBucket } from '../../shared/statistics';

const Q = 900_000;
// Opened in quarter 100 on WhatsApp by the contact, closed in quarter 104 by a user, Billing.
const closed: RollupConversation = {
  openedAt: 100 * Q + 5_000,
  closedAt: 104 * Q,
  contactType: 'new',
  openSource: 'contact',
  openChannelId: 'wa',
  openChannelName: 'WhatsApp',
  closedSource: 'user',
  category: 'Billing',
};

describe('rollupDelta', () => {
  it('counts an open conversation once (opened side), a closed one twice (both sides)', () => {
    const open = { ...closed, closedAt: null, closedSource: null, category: null };
    expect(aggregateRollups([open]).map((c) => [c.side, c.quarter, c.conversations])).toEqual([['opened', 100, 1]]);
    expect(aggregateRollups([closed]).map((c) => [c.side, c.quarter, c.closedSource, c.category, c.conversations])).toEqual([
      ['opened', 100, '', '', 1],
      ['closed', 104, 'user', 'Billing', 1],
    ]);
  });

  it('an unchanged conversation moves nothing', () => {
    expect(rollupDelta([closed], [{ ...closed }])).toEqual([]);
  });

  it('a changed conversation subtracts its old cell and adds its new one', () => {
    // Closed later (quarter 110) and by a bot, without a category; the opened cell is untouched.
    const changed = { ...closed, closedAt: 110 * Q, closedSource: 'bot', category: null };
    expect(rollupDelta([closed], [changed]).map((c) => [c.side, c.quarter, c.closedSource, c.category, c.conversations])).toEqual([
      ['closed', 104, 'user', 'Billing', -1],
      ['closed', 110, 'bot', '', 1],
    ]);
  });

  it('a contact type settled later moves both cells', () => {
    const deltas = rollupDelta([closed], [{ ...closed, contactType: 'returning' }]);
    expect(deltas.map((c) => [c.side, c.contactType, c.conversations])).toEqual([
      ['opened', 'new', -1],
      ['closed', 'new', -1],
      ['opened', 'returning', 1],
      ['closed', 'returning', 1],
    ]);
  });
});

describe('durationRollupDelta', () => {
  const none = Object.fromEntries(DURATION_FIELDS.map((f) => [f, null])) as DurationValues;
  // Closed at quarter 104 (day 1: 104 × 15 min = 26 h), first response 3 min calendar, 1 min in business hours.
  const c: DurationRollupConversation = {
    closedAt: 104 * Q,
    calendar: { ...none, first_response_time_ms: 180_000 },
    business: { ...none, first_response_time_ms: 60_000 },
  };

  it('counts a closed duration in its quarter and its UTC day, each hours mode, plus its first-response bucket', () => {
    const cells = aggregateDurationRollups([c]).map((x) => [x.hours, x.grain, x.cell, x.metric, x.count, x.sum, [...x.buckets]]);
    const b = (v: number) => histogramBucket(v);
    expect(cells).toEqual([
      ['calendar', 'quarter', 104, 'first_response_time_ms', 1, 180_000, [[b(180_000), 1]]],
      // 180,000 ms is in 2m_5m: index 2 of FIRST_RESPONSE_BUCKETS.
      ['calendar', 'quarter', 104, 'first_response_buckets', 1, 180_000, [[2, 1]]],
      ['business', 'quarter', 104, 'first_response_time_ms', 1, 60_000, [[b(60_000), 1]]],
      // 60,000 ms is in 30s_2m: index 1.
      ['business', 'quarter', 104, 'first_response_buckets', 1, 60_000, [[1, 1]]],
      ['calendar', 'day', 1, 'first_response_time_ms', 1, 180_000, [[b(180_000), 1]]],
      ['calendar', 'day', 1, 'first_response_buckets', 1, 180_000, [[2, 1]]],
      ['business', 'day', 1, 'first_response_time_ms', 1, 60_000, [[b(60_000), 1]]],
      ['business', 'day', 1, 'first_response_buckets', 1, 60_000, [[1, 1]]],
    ]);
  });

  it('an open conversation counts nothing; an unchanged one moves nothing; a changed one moves its buckets', () => {
    expect(aggregateDurationRollups([{ ...c, closedAt: null }])).toEqual([]);
    expect(durationRollupDelta([c], [{ ...c }])).toEqual([]);
    // The calendar first response becomes 10 s: −1 in 180 s's bucket, +1 in 10 s's; sum −170,000; count unchanged.
    const changed = durationRollupDelta([c], [{ ...c, calendar: { ...none, first_response_time_ms: 10_000 } }]);
    const quarter = changed.find((x) => x.grain === 'quarter' && x.metric === 'first_response_time_ms')!;
    expect([quarter.hours, quarter.count, quarter.sum, [...quarter.buckets].sort((x, y) => x[0] - y[0])]).toEqual([
      'calendar',
      0,
      -170_000,
      [
        [histogramBucket(10_000), 1],
        [histogramBucket(180_000), -1],
      ],
    ]);
    expect(changed.every((x) => x.hours === 'calendar')).toBe(true);
  });
});

describe('cellRanges', () => {
  const H = 3_600_000;
  const DAY = 24 * H;
  const M = 60_000;
  const all = (span: { startMs: number; endMs: number }) => cellRanges(span, GRAINS);
  /** The quarter-hours a set of ranges covers, each once (to check a decomposition is exact). */
  const quarters = (ranges: ReturnType<typeof all>) =>
    ranges.flatMap((r) => {
      const per = { quarter: 1, hour: 4, day: 96 }[r.grain];
      return Array.from({ length: (r.to - r.from) * per }, (_, i) => r.from * per + i);
    });

  it('durations: whole UTC days from day cells, the partial days at the edges from quarter cells', () => {
    // Mexico City days 1–3 (UTC−6): 06:00 UTC on day 1 to 06:00 UTC on day 4.
    expect(durationCellRanges({ startMs: DAY + 6 * H, endMs: 4 * DAY + 6 * H })).toEqual([
      { grain: 'quarter', from: 96 + 24, to: 2 * 96 },
      { grain: 'day', from: 2, to: 4 },
      { grain: 'quarter', from: 4 * 96, to: 4 * 96 + 24 },
    ]);
    // A UTC day exactly: one day cell.
    expect(durationCellRanges({ startMs: DAY, endMs: 2 * DAY })).toEqual([{ grain: 'day', from: 1, to: 2 }]);
    // Less than a whole UTC day: quarters only.
    expect(durationCellRanges({ startMs: DAY + 5.5 * H, endMs: 2 * DAY + 5.5 * H })).toEqual([{ grain: 'quarter', from: 96 + 22, to: 2 * 96 + 22 }]);
  });

  it('a whole-hour zone: a local day is hour cells, three local days take the whole UTC days between', () => {
    // Mexico City day 1 (UTC−6): 06:00 UTC day 1 → 06:00 UTC day 2 = UTC hours 30..54.
    expect(all({ startMs: DAY + 6 * H, endMs: 2 * DAY + 6 * H })).toEqual([{ grain: 'hour', from: 30, to: 54 }]);
    // Days 1–3: hours 30..48 (18), days 2..4, hours 96..102 (6).
    expect(all({ startMs: DAY + 6 * H, endMs: 4 * DAY + 6 * H })).toEqual([
      { grain: 'hour', from: 30, to: 48 },
      { grain: 'day', from: 2, to: 4 },
      { grain: 'hour', from: 96, to: 102 },
    ]);
    // A UTC day and a UTC hour are one cell each; nothing for an empty span.
    expect(all({ startMs: DAY, endMs: 2 * DAY })).toEqual([{ grain: 'day', from: 1, to: 2 }]);
    expect(all({ startMs: 5 * H, endMs: 6 * H })).toEqual([{ grain: 'hour', from: 5, to: 6 }]);
    expect(all({ startMs: DAY, endMs: DAY })).toEqual([]);
  });

  it('+05:30 (Kolkata): a half hour of quarters at each edge, hours between', () => {
    // Kolkata day 1: 18:30 UTC day 0 → 18:30 UTC day 1. Quarters 74, 75 (18:30–19:00); hours
    // 19..42 (19:00 day 0 → 18:00 day 1, 23 hours); quarters 168, 169 (18:00–18:30 day 1).
    expect(all({ startMs: 18.5 * H, endMs: DAY + 18.5 * H })).toEqual([
      { grain: 'quarter', from: 74, to: 76 },
      { grain: 'hour', from: 19, to: 42 },
      { grain: 'quarter', from: 168, to: 170 },
    ]);
    // A Kolkata week (7 days): its edges as above, the 6 whole UTC days between from day cells.
    expect(all({ startMs: 18.5 * H, endMs: 7 * DAY + 18.5 * H })).toEqual([
      { grain: 'quarter', from: 74, to: 76 },
      { grain: 'hour', from: 19, to: 24 },
      { grain: 'day', from: 1, to: 7 },
      { grain: 'hour', from: 7 * 24, to: 7 * 24 + 18 },
      { grain: 'quarter', from: 7 * 96 + 72, to: 7 * 96 + 74 },
    ]);
  });

  it('+05:45 (Kathmandu): 18:15 UTC edges leave three quarters and one quarter', () => {
    // Kathmandu day 1: 18:15 UTC day 0 → 18:15 UTC day 1. Quarters 73..76 (18:15–19:00), hours
    // 19..42, quarter 168 (18:00–18:15 day 1).
    const span = { startMs: 18 * H + 15 * M, endMs: DAY + 18 * H + 15 * M };
    expect(all(span)).toEqual([
      { grain: 'quarter', from: 73, to: 76 },
      { grain: 'hour', from: 19, to: 42 },
      { grain: 'quarter', from: 168, to: 169 },
    ]);
    // 3 + 23 × 4 + 1 = 96 quarters, each once.
    expect(quarters(all(span))).toEqual(Array.from({ length: 96 }, (_, i) => 73 + i));
  });

  it("a DST day (New York's fall-back day, 25 hours) is hour cells", () => {
    // 2026-11-01 in America/New_York: 04:00 UTC (EDT midnight) → 05:00 UTC next day (EST midnight).
    const start = Date.UTC(2026, 10, 1, 4);
    const end = Date.UTC(2026, 10, 2, 5);
    const ranges = all({ startMs: start, endMs: end });
    // No whole UTC day inside it (it starts at 04:00 UTC): one range of 25 hour cells.
    expect(ranges).toEqual([{ grain: 'hour', from: start / H, to: end / H }]);
    expect(end / H - start / H).toBe(25);
  });

  it('covers any span of whole quarter-hours exactly once, with at most 2 ranges of each finer grain', () => {
    // Spans from quarter a to quarter b = a + length, in two years of quarters.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 0, max: 3_000 }), (a, length) => {
        const b = a + length;
        const ranges = all({ startMs: a * 900_000, endMs: b * 900_000 });
        expect(quarters(ranges)).toEqual(Array.from({ length: b - a }, (_, i) => a + i));
        expect(ranges.filter((r) => r.grain === 'quarter').length).toBeLessThanOrEqual(2);
        expect(ranges.filter((r) => r.grain === 'hour').length).toBeLessThanOrEqual(2);
        expect(ranges.filter((r) => r.grain === 'day').length).toBeLessThanOrEqual(1);
        // Within a grain, no range could have been a coarser cell: a quarter range never holds a whole hour.
        for (const r of ranges.filter((x) => x.grain === 'quarter')) expect(Math.ceil(r.from / 4) * 4 + 4 <= r.to).toBe(false);
        for (const r of ranges.filter((x) => x.grain === 'hour')) expect(Math.ceil(r.from / 24) * 24 + 24 <= r.to).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('countsGrain', () => {
  const H = 3_600_000;
  const day = (y: number, m: number, d: number, utcHour: number, hours = 24) => ({ startMs: Date.UTC(y, m - 1, d, utcHour), endMs: Date.UTC(y, m - 1, d, utcHour) + hours * H });
  it('hour cells where every local hour is a UTC hour', () => {
    expect(countsGrain('UTC', day(2026, 11, 10, 0))).toBe('hour');
    // Mexico City (UTC−6 all year), 30 days from 06:00 UTC.
    expect(countsGrain('America/Mexico_City', day(2026, 11, 1, 6, 30 * 24))).toBe('hour');
    // New York's fall-back day (04:00 UTC to 05:00 UTC the next day, 25 hours): −4 then −5 from 06:00 UTC.
    expect(countsGrain('America/New_York', day(2026, 11, 1, 4, 25))).toBe('hour');
  });
  it('quarter cells for half-hour and 45-minute zones, a half-hour DST, or edges off the hour', () => {
    // Kolkata (+05:30) day: 18:30 UTC to 18:30 UTC.
    expect(countsGrain('Asia/Kolkata', { startMs: Date.UTC(2026, 10, 9, 18, 30), endMs: Date.UTC(2026, 10, 10, 18, 30) })).toBe('quarter');
    // Kathmandu (+05:45).
    expect(countsGrain('Asia/Kathmandu', { startMs: Date.UTC(2026, 10, 9, 18, 15), endMs: Date.UTC(2026, 10, 10, 18, 15) })).toBe('quarter');
    // Lord Howe: +11 in summer, +10:30 from the first Sunday of April (2026-04-05, 02:00 local = 15:00 UTC on the 4th).
    // The week around it starts and ends on whole UTC hours, but half of it is at +10:30.
    expect(countsGrain('Australia/Lord_Howe', day(2026, 4, 1, 13, 7 * 24))).toBe('quarter');
    // The same zone in a month entirely at +11 (January): every local hour is a UTC hour.
    expect(countsGrain('Australia/Lord_Howe', day(2026, 1, 10, 13, 24))).toBe('hour');
    // UTC, but a span starting at a quarter past.
    expect(countsGrain('UTC', { startMs: Date.UTC(2026, 10, 10, 0, 15), endMs: Date.UTC(2026, 10, 11) })).toBe('quarter');
  });
});

describe('dimensionChanges', () => {
  it('projects each cell change on each breakdown of its side, at every grain, adding up cells that share a value', () => {
    // Two conversations closed in quarter 104 (hour 26, day 1), both Billing, one by a user and one by a bot.
    const byBot = { ...closed, openedAt: closed.openedAt + 1, closedSource: 'bot' };
    const cells = dimensionChanges(aggregateRollups([closed, byBot])).map((c) => [c.dimension, c.grain, c.cell, c.value, c.conversations]);
    // Opened in quarter 100 = hour 25, day 1.
    const opened = (dimension: string, value: string, n: number) => [
      [dimension, 'quarter', 100, value, n],
      [dimension, 'hour', 25, value, n],
      [dimension, 'day', 1, value, n],
    ];
    const closedAt = (dimension: string, value: string, n: number) => [
      [dimension, 'quarter', 104, value, n],
      [dimension, 'hour', 26, value, n],
      [dimension, 'day', 1, value, n],
    ];
    expect(cells).toEqual([
      ...opened('opened_by_contact_type', 'new', 2),
      ...opened('opened_by_source', 'contact', 2),
      ...opened('opened_by_channel', 'wa', 2),
      ...closedAt('closed_by_category', 'Billing', 2),
      ...closedAt('closed_by_source', 'user', 1),
      ...closedAt('closed_by_contact_type', 'new', 2),
      ...closedAt('closed_by_source', 'bot', 1),
    ]);
    // A change that moves a conversation between cells of one breakdown only leaves the others alone.
    const moved = dimensionChanges(rollupDelta([closed], [{ ...closed, category: 'Shipping' }])).map((c) => [c.dimension, c.grain, c.value, c.conversations]);
    expect(moved).toEqual([
      ['closed_by_category', 'quarter', 'Billing', -1],
      ['closed_by_category', 'hour', 'Billing', -1],
      ['closed_by_category', 'day', 'Billing', -1],
      ['closed_by_category', 'quarter', 'Shipping', 1],
      ['closed_by_category', 'hour', 'Shipping', 1],
      ['closed_by_category', 'day', 'Shipping', 1],
    ]);
    // Closed 15 minutes later (quarter 105, same hour and day): only the quarter cells move.
    const later = dimensionChanges(rollupDelta([closed], [{ ...closed, closedAt: 105 * Q }])).map((c) => [c.dimension, c.grain, c.cell, c.conversations]);
    expect(later).toEqual([
      ['closed_by_category', 'quarter', 104, -1],
      ['closed_by_source', 'quarter', 104, -1],
      ['closed_by_contact_type', 'quarter', 104, -1],
      ['closed_by_category', 'quarter', 105, 1],
      ['closed_by_source', 'quarter', 105, 1],
      ['closed_by_contact_type', 'quarter', 105, 1],
    ]);
  });
});
