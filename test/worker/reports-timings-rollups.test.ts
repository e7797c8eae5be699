// Timings of an unfiltered report come from the duration rollups (worker/reports/timings.ts
// timingsFromRollups): counts, sums, averages, first-response buckets and the target's met/missed
// exact; medians and p90 exact (the values of the few buckets holding them) up to the exact
// limit, above it from the histograms within 1 % and `approximate: true` (product.md §4). The limit is lowered
// through the report's own option instead of writing 100,000 rows.
import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DURATION_FIELDS } from '../../shared/api';
import { type HoursMode } from '../../shared/report';
import { parseReportQuery } from '../../shared/report-query';
import { database } from '../../worker/app';
import { conversations } from '../../worker/db/schema';
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

  it('reads the rollups, not the rows, and a filter sends it back to the rows', async () => {
    const before = await timings('calendar', 100);
    // Rows changed behind the rollups' back (as no write path does): the rollups' answer stays.
    await database(env).update(conversations).set({ resolutionTimeMs: 1 }).where(eq(conversations.workspaceId, ws.id));
    try {
      expect((await timings('calendar', 100)).resolution_time_ms).toEqual(before.resolution_time_ms);
      // The exact path notices that the values in a bucket disagree with the rollups and reads every row.
      expect((await timings('calendar', N)).resolution_time_ms).toEqual({ avg: 1, median: 1, p90: 1, count: N });
      // A filter the duration rollups do not key reads the rows: now every resolution is 1 ms.
      const filtered = await timings('calendar', 100, { open_source: 'contact' });
      expect(filtered.resolution_time_ms).toMatchObject({ avg: 1, count: N, approximate: true });
    } finally {
      // Every seeded resolution is its close minus its open.
      await database(env)
        .update(conversations)
        .set({ resolutionTimeMs: sql`${conversations.closedAt} - ${conversations.openedAt}` })
        .where(eq(conversations.workspaceId, ws.id));
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
