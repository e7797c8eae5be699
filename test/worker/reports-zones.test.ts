// Time zones in the report (product.md §4, §6): days are calendar days of the zone, a DST day is
// 23 or 25 hours, half-hour offsets land on the right local hour. Conversations are inserted in
// bulk into the derived table; every expectation is worked out by hand from UTC instants.
import { describe, expect, it } from 'vitest';
import { insertConversations, reportWorkspace } from './reports-helpers';

const utc = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const SUN = 6;
const SAT = 5;
const MON = 0;
const FRI = 4;

/** Opened at each instant, closed 10 minutes later (so the closed heatmap shifts by nothing visible here). */
const openedAt = (instants: string[]) => instants.map((iso, i) => ({ id: `z-${i}`, openedAt: utc(iso), closedAt: utc(iso) + 10 * MIN }));

describe('America/New_York across the end of DST (2026-11-01: 02:00 EDT → 01:00 EST)', () => {
  // Local readings (offset) → UTC:
  const CONVERSATIONS = openedAt([
    '2026-11-01T03:50:00Z', // 10-31 23:50 EDT — Saturday, outside the single day
    '2026-11-01T04:30:00Z', // 00:30 EDT
    '2026-11-01T05:30:00Z', // 01:30 EDT (first 01:00 hour)
    '2026-11-01T06:30:00Z', // 01:30 EST (the repeated 01:00 hour)
    '2026-11-01T07:30:00Z', // 02:30 EST
    '2026-11-02T04:40:00Z', // 23:40 EST — still Sunday; a fixed 24 h day would have ended at 04:00Z
    '2026-11-02T05:10:00Z', // 11-02 00:10 EST — Monday
  ]);

  it('the day has 25 hourly buckets; the repeated hour is two buckets and one heatmap hour', async () => {
    const { ws, report } = await reportWorkspace('America/New_York');
    await insertConversations(ws.id, CONVERSATIONS);
    const body = await report('/v1/reports/conversations?from=2026-11-01&to=2026-11-01');
    expect(body.range.bucket).toBe('hour');
    expect(body.range.buckets).toHaveLength(25);
    expect(body.range.buckets.slice(0, 4)).toEqual(['2026-11-01T00:00', '2026-11-01T01:00-04:00', '2026-11-01T01:00-05:00', '2026-11-01T02:00']);
    const { summary, opened_heatmap } = body.components;
    expect(summary.opened).toBe(5); // 00:30, 01:30 EDT, 01:30 EST, 02:30, 23:40
    expect(summary.series.slice(0, 4).map((s: any) => s.opened)).toEqual([1, 1, 1, 1]);
    expect(summary.series[24]).toEqual({ bucket: '2026-11-01T23:00', opened: 1, closed: 1 }); // 23:40 EST, closed 23:50
    const sunday = new Array(24).fill(0);
    sunday[0] = 1;
    sunday[1] = 2; // both 01:30s
    sunday[2] = 1;
    sunday[23] = 1;
    expect(opened_heatmap.weekday_hour[SUN]).toEqual(sunday);
    expect(opened_heatmap.weekday_hour.flat().reduce((a: number, b: number) => a + b)).toBe(5);
    expect(opened_heatmap.date_hour).toEqual([{ date: '2026-11-01', hours: sunday }]);
  });

  it('a week across the change: day buckets follow local midnights (Sunday is 25 h long)', async () => {
    const { ws, report } = await reportWorkspace('America/New_York');
    await insertConversations(ws.id, CONVERSATIONS);
    const body = await report('/v1/reports/conversations?from=2026-10-29&to=2026-11-04');
    expect(body.range.buckets).toEqual(['2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    const opened = body.components.summary.series.map((s: any) => s.opened);
    expect(opened).toEqual([0, 0, 1, 5, 1, 0, 0]);
    const heat = body.components.opened_heatmap.weekday_hour;
    expect(heat[SAT][23]).toBe(1); // 10-31 23:50 EDT
    expect(heat[SUN][1]).toBe(2);
    expect(heat[SUN][23]).toBe(1); // 23:40 EST, not Monday 00
    expect(heat[MON][0]).toBe(1); // 11-02 00:10 EST
    // Breakdown series use the same local days.
    expect(body.components.opened_by_contact_type.series.map((s: any) => s.counts.new)).toEqual([0, 0, 1, 5, 1, 0, 0]);
    // Closed 10 minutes later: 10-31 23:50 EDT closes 11-01 00:00 EDT (Sunday); 23:40 EST closes 23:50 (Sunday).
    expect(body.components.summary.series.map((s: any) => s.closed)).toEqual([0, 0, 0, 6, 1, 0, 0]);
  });
});

describe('Asia/Kolkata (+05:30)', () => {
  const CONVERSATIONS = openedAt([
    '2026-11-19T18:29:00Z', // 11-19 23:59 IST — before the period
    '2026-11-19T18:30:00Z', // 11-20 00:00 IST — Friday hour 0
    '2026-11-20T04:45:00Z', // 11-20 10:15 IST
    '2026-11-20T05:29:00Z', // 11-20 10:59 IST
    '2026-11-20T05:30:00Z', // 11-20 11:00 IST
    '2026-11-20T18:29:00Z', // 11-20 23:59 IST
    '2026-11-20T18:30:00Z', // 11-21 00:00 IST — Saturday hour 0
    '2026-11-21T18:30:00Z', // 11-22 00:00 IST — after the period
  ]);

  it('days start at 18:30 UTC and hours at half past the UTC hour', async () => {
    const { ws, report } = await reportWorkspace('Asia/Kolkata');
    await insertConversations(ws.id, CONVERSATIONS);
    const body = await report('/v1/reports/conversations?from=2026-11-20&to=2026-11-21');
    const { summary, opened_heatmap, closed_heatmap, opened_by_source } = body.components;
    expect(summary.series).toEqual([
      // Closes: 11-19 23:59 → 11-20 00:09 (in); 00:00 → 00:10; 10:25; 11:09; 11:10; then 23:59 → 11-21 00:09 and 11-21 00:00 → 00:10.
      { bucket: '2026-11-20', opened: 5, closed: 5 },
      { bucket: '2026-11-21', opened: 1, closed: 2 },
    ]);
    const friday = new Array(24).fill(0);
    friday[0] = 1;
    friday[10] = 2;
    friday[11] = 1;
    friday[23] = 1;
    expect(opened_heatmap.weekday_hour[FRI]).toEqual(friday);
    expect(opened_heatmap.weekday_hour[SAT][0]).toBe(1);
    expect(opened_heatmap.date_hour.map((d: any) => d.date)).toEqual(['2026-11-20', '2026-11-21']);
    expect(opened_heatmap.date_hour[0].hours).toEqual(friday);
    // Closed 10 minutes later: 00:09 (the one opened 23:59 the day before), 00:10, 10:25, 11:09, 11:10 on Friday; 00:09 and 00:10 on Saturday.
    expect(closed_heatmap.weekday_hour[FRI][0]).toBe(2);
    expect(closed_heatmap.weekday_hour[FRI][10]).toBe(1);
    expect(closed_heatmap.weekday_hour[FRI][11]).toBe(2);
    expect(closed_heatmap.weekday_hour[SAT][0]).toBe(2);
    expect(opened_by_source.series.map((s: any) => s.counts.contact)).toEqual([5, 1]);
  });

  it('a single day: 24 hourly buckets keyed by local hour', async () => {
    const { ws, report } = await reportWorkspace('Asia/Kolkata');
    await insertConversations(ws.id, CONVERSATIONS);
    const body = await report('/v1/reports/conversations?from=2026-11-20&to=2026-11-20');
    expect(body.range.buckets).toHaveLength(24);
    const series = body.components.summary.series;
    expect(series[0]).toMatchObject({ bucket: '2026-11-20T00:00', opened: 1 });
    expect(series[10]).toMatchObject({ bucket: '2026-11-20T10:00', opened: 2 });
    expect(series[11]).toMatchObject({ bucket: '2026-11-20T11:00', opened: 1 });
    expect(series[23]).toMatchObject({ bucket: '2026-11-20T23:00', opened: 1 });
  });
});
