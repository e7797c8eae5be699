// Timings read in slices (worker/reports/timings.ts timingsInSlices): the same exact answer
// whatever the slice size, and above the exact limit counts and averages still exact, medians
// and p90 within 1 % and marked approximate (product.md §4).
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReportQuery } from '../../shared/report-query';
import { summarize } from '../../shared/statistics';
import { database } from '../../worker/app';
import { countsByQuarterQuery } from '../../worker/db/report-counts';
import { sliceSpans, timingsInSlices } from '../../worker/reports/timings';
import { insertConversations, reportWorkspace } from './reports-helpers';

// 600 conversations closed across 2026-11-10 (UTC), one every 2 minutes from 00:00; first
// response time (i × 7919) mod 3,600,000 ms, none for every 10th; resolution 60 s + i s.
const N = 600;
const DAY = Date.UTC(2026, 10, 10);
const rows = Array.from({ length: N }, (_, i) => ({
  id: `c-${i}`,
  openedAt: DAY + i * 120_000,
  closedAt: DAY + i * 120_000 + 60_000 + i * 1_000,
  resolutionTimeMs: 60_000 + i * 1_000,
  firstResponseTimeMs: i % 10 === 0 ? null : (i * 7919) % 3_600_000,
}));

let ws: { id: string };
beforeAll(async () => {
  ({ ws } = await reportWorkspace('UTC'));
  await insertConversations(ws.id, rows);
});

async function timings(slice: number, exactMax: number) {
  const db = database(env);
  const parsed = parseReportQuery({ from: '2026-11-10', to: '2026-11-10' }, { timezone: 'UTC' }, Date.UTC(2026, 10, 20));
  if (!parsed.ok) throw new Error('bad query');
  const closed = await countsByQuarterQuery(db, ws.id, 'closed', parsed.value.period, {});
  return { result: (await timingsInSlices(db, ws.id, parsed.value, closed, 300_000, slice, exactMax)) as any, closed, period: parsed.value.period };
}

describe('timings in slices', () => {
  it('spans tile the period and hold at most the slice size each', async () => {
    const { closed, period } = await timings(N, N);
    const spans = sliceSpans(period, closed, 50);
    expect(spans[0]!.startMs).toBe(period.startMs);
    expect(spans.at(-1)!.endMs).toBe(period.endMs);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.startMs).toBe(spans[i - 1]!.endMs);
    // 600 closes, ≤ 50 a slice: at least 12 slices.
    expect(spans.length).toBeGreaterThanOrEqual(12);
  });

  it('exact and identical whatever the slice size', async () => {
    const whole = (await timings(N, N)).result;
    const sliced = (await timings(37, N)).result;
    expect(sliced).toEqual(whole);
    expect(whole.first_response_time_ms).toEqual(summarize(rows.map((r) => r.firstResponseTimeMs)));
    expect(whole.resolution_time_ms).toEqual(summarize(rows.map((r) => r.resolutionTimeMs)));
    expect(whole.first_response_time_ms.approximate).toBeUndefined();
  });

  it('above the exact limit: counts, averages and buckets exact; median and p90 within 1 %, approximate', async () => {
    const exact = (await timings(N, N)).result;
    const approx = (await timings(37, 100)).result;
    for (const field of ['first_response_time_ms', 'resolution_time_ms'] as const) {
      expect(approx[field].approximate).toBe(true);
      expect(approx[field].count).toBe(exact[field].count);
      expect(approx[field].avg).toBe(exact[field].avg);
      expect(Math.abs(approx[field].median - exact[field].median) / exact[field].median).toBeLessThan(0.01);
      expect(Math.abs(approx[field].p90 - exact[field].p90) / exact[field].p90).toBeLessThan(0.01);
    }
    expect(approx.first_response_buckets).toEqual(exact.first_response_buckets);
    expect(approx.first_response_target).toEqual(exact.first_response_target);
    // No values at all: null statistics, no approximate flag needed.
    expect(approx.time_to_first_assignment_ms).toEqual({ avg: null, median: null, p90: null, count: 0 });
  });
});
