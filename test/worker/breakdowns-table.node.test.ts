// shared/breakdowns.ts is the one list of breakdowns: this test adds an entry to it ("closed by
// channel": conversations closed in the period, by the channel they opened on) and checks that,
// with no other edit, the report's components and their filter rule, the API's schema, the row
// query and the rollup query (both group the closed side by the channel) and the answer's shape
// (items named by the channel, "-" for none, drill-down by open_channel) carry it. The extension's
// sections follow the same table (test/extension/breakdowns-table.test.tsx).
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/breakdowns', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/breakdowns')>();
  const { closedByChannel } = await import('../fixtures/breakdown-closed-by-channel');
  return { ...actual, BREAKDOWNS: [...actual.BREAKDOWNS, closedByChannel] };
});

const { componentApplies, REPORT_COMPONENTS } = await import('../../shared/report');
const { reportResponse } = await import('../../shared/api');
const { breakdownJson, BREAKDOWNS } = await import('../../worker/reports/breakdowns');
const { breakdownRowsQuery } = await import('../../worker/db/report-breakdowns');
const { rollupBreakdownRowsQuery } = await import('../../worker/db/rollups');
const { resolvePeriod } = await import('../../shared/time');
const schema = await import('../../worker/db/schema');

// Two days in UTC: buckets 2026-11-19 and 2026-11-20.
const period = resolvePeriod({ from: '2026-11-19', to: '2026-11-20' }, 'UTC', Date.parse('2026-11-21T00:00:00Z'));
// Only statements are built here, never run: a D1 binding is not needed for toSQL().
const db = drizzle({} as D1Database, { schema });

describe('a breakdown added to shared/breakdowns.ts reaches every layer', () => {
  it('is a closed-side component of the report, accepting every filter', () => {
    expect(REPORT_COMPONENTS.map((c) => c.key)).toContain('closed_by_channel');
    expect(REPORT_COMPONENTS.find((c) => c.key === ('closed_by_channel' as string))).toMatchObject({ heading: 'Closed by channel', countsBy: 'closed' });
    expect(componentApplies('closed_by_channel' as never, { category: ['billing'], first_assignee: ['u1'] })).toBe(true);
  });

  it("is part of the API's report schema", () => {
    expect(Object.keys(reportResponse.shape.components.shape)).toContain('closed_by_channel');
  });

  it('the closed side groups by the channel, from the rows and from the rollups', () => {
    expect(Object.keys(BREAKDOWNS)).toContain('closed_by_channel');
    const rows = breakdownRowsQuery(db, 'ws', 'closed', period, {}).toSQL().sql;
    expect(rows).toMatch(/group by bucket\.key, .*"open_channel_id"/i);
    expect(rows).toMatch(/MAX\("conversations"\."open_channel_name"\)/);
    const rollups = rollupBreakdownRowsQuery(db, 'ws', 'closed', period, {}).toSQL().sql;
    expect(rollups).toMatch(/NULLIF\("report_rollups"\."open_channel_id", ''\)/);
  });

  it('answers its items named by the channel, "-" for none, per bucket', () => {
    // Closed on the 19th: 3 on WhatsApp, 1 without a channel; on the 20th: 2 on WhatsApp.
    const rows = [
      { bucket: 0, category: null, closed_source: 'user', contact_type: 'new', open_channel: 'wa', 'open_channel:name': 'WhatsApp', count: 3 },
      { bucket: 0, category: null, closed_source: 'user', contact_type: 'new', open_channel: null, 'open_channel:name': null, count: 1 },
      { bucket: 1, category: null, closed_source: 'user', contact_type: 'new', open_channel: 'wa', 'open_channel:name': 'WhatsApp', count: 2 },
    ];
    // 5 of 6 on WhatsApp = 83.3%, 1 of 6 without = 16.7%; largest first.
    expect(breakdownJson(period, 'closed_by_channel' as never, rows)).toEqual({
      status: 'ok',
      total: 6,
      items: [
        { key: 'wa', label: 'WhatsApp', count: 5, percent: 83.3 },
        { key: 'none', label: '-', count: 1, percent: 16.7 },
      ],
      series: [
        { bucket: '2026-11-19', counts: { wa: 3, none: 1 } },
        { bucket: '2026-11-20', counts: { wa: 2, none: 0 } },
      ],
    });
  });
});
