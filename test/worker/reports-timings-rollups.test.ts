// Timings of an unfiltered report come from the duration rollups (worker/reports/timings.ts
// timingsFromRollups): counts, sums, averages, first-response buckets and the target's met/missed
// exact; medians and p90 exact (the values of the few buckets holding them) up to the exact
// limit, above it from the histograms within 1 % and `approximate: true` (product.md §4). The limit is lowered
// through the report's own option instead of writing 100,000 rows.
import { env } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DURATION_FIELDS } from '../../shared/api';
import { type HoursMode } from '../../shared/report';
import { parseReportQuery } from '../../shared/report-query';
import { database } from '../../worker/app';
import { DURATION_VALUE_CODES, HOURS_CODES } from '../../shared/duration-values';
import { rebuildRollups } from '../../worker/db/rollups';
import { conversations, reportDurationValues } from '../../worker/db/schema';
import { createWorkspace, postNative, settled } from './helpers';
import { conversationsReport } from '../../worker/reports/report';
import { insertConversations, reportWorkspace } from './reports-helpers';

// The report: 2026-11-10 .. 2026-11-12 in America/Mexico_City (UTC−6), i.e. 06:00 UTC on the
// 10th to 06:00 UTC on the 13th: two whole UTC days (day cells) and 18 h + 6 h at the edges
// (quarter cells).
const START = Date.UTC(2026, 10, 10, 6);
const END = Date.UTC(2026, 10, 13, 6);
const N = 900;
const TARGET = 300_000;
// First responses around the target: its histogram bucket (≈ 1 % wide) holds values on both sides.
const NEAR_TARGET = [299_999, TARGET, 300_001, 300_500, 301_000, 298_600];
const frt = (i: number) => (i % 10 === 0 ? null : i < NEAR_TARGET.length * 10 ? NEAR_TARGET[Math.floor(i / 10)]! + (i % 10) - 1 : (i * 7919) % 3_600_000);
const inRange = Array.from({ length: N }, (_, i) => {
  // One close every 288 s across the 3 days (259,200 s / 900).
  const closedAt = START + i * 288_000;
  return {
    id: `c-${i}`,
    openedAt: closedAt - 60_000 - i * 1_000,
    closedAt,
    resolutionTimeMs: 60_000 + i * 1_000,
    bhResolutionTimeMs: Math.floor((60_000 + i * 1_000) / 3),
    firstResponseTimeMs: frt(i),
    bhFirstResponseTimeMs: frt(i) === null ? null : Math.floor(frt(i)! / 2),
  };
});
// Closed just outside the range, on the same UTC days as its edges: counted by no cell it reads.
const outside = [START - 900_000, START - 1, END, END + 900_000].map((closedAt, i) => ({
  id: `out-${i}`,
  openedAt: closedAt - 60_000,
  closedAt,
  resolutionTimeMs: 999_999_000,
  firstResponseTimeMs: 999_999_000,
  bhFirstResponseTimeMs: 999_999_000,
}));

let ws: { id: string };
beforeAll(async () => {
  ({ ws } = await reportWorkspace('America/Mexico_City'));
  await insertConversations(ws.id, [...inRange, ...outside]);
});

async function timings(hours: HoursMode, exactMax: number, filters: Record<string, string> = {}) {
  const parsed = parseReportQuery({ from: '2026-11-10', to: '2026-11-12', hours, ...filters }, { timezone: 'America/Mexico_City' }, Date.UTC(2026, 10, 20));
  if (!parsed.ok) throw new Error('bad query');
  return (await conversationsReport(database(env), ws.id, parsed.value, TARGET, Date.UTC(2026, 10, 20), exactMax)).components.timings as any;
}

describe('timings from the duration rollups', () => {
  for (const hours of ['calendar', 'business'] as const) {
    it(`${hours}: exact from the rollups and a few buckets' values; above the limit median and p90 within 1 % and approximate`, async () => {
      // Every row opened by the contact: the filter matches them all but sends the timings to the rows.
      const exact = await timings(hours, N, { open_source: 'contact' });
      expect(await timings(hours, N)).toEqual(exact);
      const approx = await timings(hours, 100);
      // 900 closes in range; every 10th has no first response: 810 values.
      expect(exact.first_response_time_ms.count).toBe(810);
      expect(exact.resolution_time_ms.count).toBe(N);
      for (const field of DURATION_FIELDS) {
        const e = exact[field];
        const a = approx[field];
        expect(e.approximate, field).toBeUndefined();
        expect(a.count, field).toBe(e.count);
        expect(a.avg, field).toBe(e.avg);
        if (e.count === 0) {
          expect(a, field).toEqual({ avg: null, median: null, p90: null, count: 0 });
          continue;
        }
        expect(a.approximate, field).toBe(true);
        expect(Math.abs(a.median - e.median) / e.median, field).toBeLessThan(0.01);
        expect(Math.abs(a.p90 - e.p90) / e.p90, field).toBeLessThan(0.01);
      }
      expect(approx.first_response_buckets).toEqual(exact.first_response_buckets);
      expect(approx.first_response_target).toEqual(exact.first_response_target);
    });
  }

  it('counts the values in the target bucket on the right side of the target', async () => {
    // Calendar hours: the first 60 rows hold 54 values 298,599 .. 301,008 near the target; the
    // rest are (i × 7919) mod 3,600,000. Missed = values > 300,000, counted by hand from the rows.
    const values = inRange.map((r) => r.firstResponseTimeMs).filter((v): v is number => v !== null);
    const missed = values.filter((v) => v > TARGET).length;
    const approx = await timings('calendar', 100);
    expect(approx.first_response_target).toEqual({ target_ms: TARGET, missed, met: 810 - missed });
    // Values on both sides of the target fall in its bucket (the case the rows settle).
    expect(values.filter((v) => v > TARGET && v <= 301_008).length).toBeGreaterThan(0);
    expect(values.filter((v) => v <= TARGET && v >= 298_599).length).toBeGreaterThan(0);
  });

  it('reads the rollups and the value index, not the rows, and a filter sends it back to the rows', async () => {
    const before = await timings('calendar', 100);
    const exactBefore = await timings('calendar', N);
    // Rows changed behind the rollups' back (as no write path does): the rollups' answer stays.
    await database(env).update(conversations).set({ resolutionTimeMs: 1 }).where(eq(conversations.workspaceId, ws.id));
    try {
      expect((await timings('calendar', 100)).resolution_time_ms).toEqual(before.resolution_time_ms);
      // The exact medians come from the value index, not from the rows.
      expect((await timings('calendar', N)).resolution_time_ms).toEqual(exactBefore.resolution_time_ms);
      // A value index that disagrees with the histograms (its calendar resolutions gone) is noticed:
      // the exact path reads every row instead, where every resolution is now 1 ms.
      await database(env)
        .delete(reportDurationValues)
        .where(
          and(
            eq(reportDurationValues.workspaceId, ws.id),
            eq(reportDurationValues.hours, HOURS_CODES.calendar),
            eq(reportDurationValues.metric, DURATION_VALUE_CODES.resolution_time_ms),
          ),
        );
      expect((await timings('calendar', N)).resolution_time_ms).toEqual({ avg: 1, median: 1, p90: 1, count: N });
      // A filter the duration rollups do not key reads the rows: now every resolution is 1 ms.
      const filtered = await timings('calendar', 100, { open_source: 'contact' });
      expect(filtered.resolution_time_ms).toMatchObject({ avg: 1, count: N, approximate: true });
    } finally {
      // Every seeded resolution is its close minus its open; the rollups and the index follow the rows again.
      await database(env)
        .update(conversations)
        .set({ resolutionTimeMs: sql`${conversations.closedAt} - ${conversations.openedAt}` })
        .where(eq(conversations.workspaceId, ws.id));
      await rebuildRollups(database(env), ws.id);
    }
  });
});

describe('timings from the duration rollups over a long range', () => {
  it('reads the day cells in several statements and answers as the rows', async () => {
    // 2026-09-01 .. 2026-11-09 in UTC: 70 whole UTC days, more than one read's 31 days of cells
    // (worker/db/rollups.ts DAYS_PER_READ): three reads. Three closes a day, values by index.
    const { ws: long } = await reportWorkspace('UTC');
    const first = Date.UTC(2026, 8, 1);
    const rows = Array.from({ length: 70 * 3 }, (_, i) => {
      const closedAt = first + Math.floor(i / 3) * 86_400_000 + (i % 3) * 3_600_000;
      return { id: `l-${i}`, openedAt: closedAt - 1_000, closedAt, resolutionTimeMs: 1_000 + ((i * 7919) % 500_000), firstResponseTimeMs: (i * 104_729) % 900_000 };
    });
    await insertConversations(long.id, rows);
    const report = async (filters: Record<string, string>, exactMax?: number) => {
      const parsed = parseReportQuery({ from: '2026-09-01', to: '2026-11-09', ...filters }, { timezone: 'UTC' }, Date.UTC(2026, 10, 20));
      if (!parsed.ok) throw new Error('bad query');
      return (await conversationsReport(database(env), long.id, parsed.value, TARGET, Date.UTC(2026, 10, 20), exactMax)).components.timings as any;
    };
    const fromRollups = await report({});
    // Every row was opened by the contact: the filter sends the same timings to the rows.
    expect(fromRollups).toEqual(await report({ open_source: 'contact' }));
    // Above the exact limit nothing but the cells answers (the exact path would fall back to the
    // rows if they missed a day): count and average still exact. 210 closes; the average is
    // the sum of their resolutions over 210, computed from the rows here.
    const approx = await report({}, 10);
    expect(approx.resolution_time_ms.approximate).toBe(true);
    expect(approx.resolution_time_ms.count).toBe(210);
    expect(approx.resolution_time_ms.avg).toBe(Math.round(rows.reduce((a, r) => a + r.resolutionTimeMs, 0) / 210));
    expect(approx.first_response_buckets).toEqual(fromRollups.first_response_buckets);
  });
});

/** An unfiltered report's exact timings (2026-11-10, UTC), and the same request answered from the rows. */
async function exactTimings(workspaceId: string) {
  const report = async (filters: Record<string, string>) => {
    const parsed = parseReportQuery({ from: '2026-11-10', to: '2026-11-10', ...filters }, { timezone: 'UTC' }, Date.UTC(2026, 10, 20));
    if (!parsed.ok) throw new Error('bad query');
    return (await conversationsReport(database(env), workspaceId, parsed.value, null, Date.UTC(2026, 10, 20))).components.timings as any;
  };
  // Every conversation below is opened by its contact: the filter keeps them all and reads the rows.
  return { fromIndex: await report({}), fromRows: await report({ open_source: 'contact' }) };
}

describe('exact medians from the value index', () => {
  it('counts a value twice when two conversations have it, closed in the same millisecond', async () => {
    const { ws: dup } = await reportWorkspace('UTC');
    const T = Date.UTC(2026, 10, 10, 9);
    // Resolutions 1, 2, 2, 5 and 10 minutes; the two of 2 minutes both close at 09:30:00.000.
    const closes: Array<[string, number, number]> = [
      ['a', T + 60_000, 60_000],
      ['b', T + 1_800_000, 120_000],
      ['c', T + 1_800_000, 120_000],
      ['d', T + 3_600_000, 300_000],
      ['e', T + 7_200_000, 600_000],
    ];
    await insertConversations(
      dup.id,
      closes.map(([id, closedAt, resolution]) => ({ id, openedAt: closedAt - resolution, closedAt, resolutionTimeMs: resolution, bhResolutionTimeMs: resolution })),
    );
    const { fromIndex, fromRows } = await exactTimings(dup.id);
    // Sorted: 60,000 120,000 120,000 300,000 600,000: median the 3rd (120,000), p90 rank ⌈4.5⌉ = 5th,
    // average 1,200,000 / 5.
    const expected = { avg: 240_000, median: 120_000, p90: 600_000, count: 5 };
    expect(fromIndex.resolution_time_ms).toEqual(expected);
    expect(fromRows.resolution_time_ms).toEqual(expected);
    // Not the rows' answer: rows changed behind the index's back leave it as it was.
    await database(env).update(conversations).set({ resolutionTimeMs: 7 }).where(eq(conversations.workspaceId, dup.id));
    expect((await exactTimings(dup.id)).fromIndex.resolution_time_ms).toEqual(expected);
  });

  it('a conversation that reopens and closes again, then learns of an earlier reply', async () => {
    const re = await createWorkspace('UTC');
    const at = (minute: number) => Date.UTC(2026, 10, 10) + minute * 60_000;
    const contact = { id: 'c-1', name: 'c-1' };
    const incoming = (n: number, minute: number) => ({
      id: `e-${n}`, occurred_at: at(minute), contact, type: 'message.created',
      message: { id: `m-${n}`, direction: 'incoming', sender: { type: 'contact' }, channel: { id: 'wa', name: 'WhatsApp', type: 'whatsapp' } },
    });
    const reply = (n: number, minute: number) => ({
      id: `e-${n}`, occurred_at: at(minute), contact, type: 'message.created',
      message: { id: `m-${n}`, direction: 'outgoing', sender: { type: 'user', id: 'u-ana', name: 'Ana' } },
    });
    const closed = (n: number, minute: number) => ({ id: `e-${n}`, occurred_at: at(minute), contact, type: 'conversation.closed', source: 'user', user: { id: 'u-ana', name: 'Ana' } });
    // 09:00 writes, 09:03 Ana answers, 09:30 closed; 10:00 writes again (a new cycle, open);
    // 10:10 answered, 10:40 closed; then a late delivery: Ana had answered at 09:01 already.
    const deliveries = [[incoming(1, 540), reply(2, 543), closed(3, 570)], [incoming(4, 600)], [reply(5, 610), closed(6, 640)], [reply(7, 541)]];
    for (const [i, events] of deliveries.entries()) {
      expect([200, 202]).toContain((await postNative(re, { events }, `d-${i}`)).status);
      await settled(re);
    }
    const { fromIndex, fromRows } = await exactTimings(re.id);
    // First responses 1 min (09:00 → 09:01) and 10 min (10:00 → 10:10): median their mean, p90 the larger.
    expect(fromIndex.first_response_time_ms).toEqual({ avg: 330_000, median: 330_000, p90: 600_000, count: 2 });
    // Resolutions 30 min and 40 min.
    expect(fromIndex.resolution_time_ms).toEqual({ avg: 2_100_000, median: 2_100_000, p90: 2_400_000, count: 2 });
    expect(fromIndex).toEqual(fromRows);
    await database(env).update(conversations).set({ firstResponseTimeMs: 1 }).where(eq(conversations.workspaceId, re.id));
    expect((await exactTimings(re.id)).fromIndex.first_response_time_ms).toEqual(fromRows.first_response_time_ms);
  });
});
