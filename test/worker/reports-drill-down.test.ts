// Drill-down (product.md §8): the list filtered to exactly what was clicked — a bar (a bucket), a
// slice or breakdown row (a filter value), a heatmap cell (a local weekday or date, and an hour) —
// totals the clicked number. Conversations are inserted straight into the derived table; every
// expectation is worked out by hand from the UTC instants next to them, then every number of the
// report is checked against its drill-down.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BREAKDOWNS } from '../../shared/breakdowns';
import { get, json } from './helpers';
import { insertConversations, parseCsv, reportWorkspace } from './reports-helpers';

const utc = (iso: string) => Date.parse(iso);
const FRI = 4;
const SAT = 5;
const SUN = 6;

// Asia/Kolkata (+05:30), Friday 2026-11-20 and Saturday 2026-11-21.
const KOLKATA = [
  // 11-20 00:00 IST (Fri h0), closed 00:10 (Fri h0).
  { id: 'k1', openedAt: utc('2026-11-19T18:30:00Z'), openChannelId: 'wa', openChannelName: 'WhatsApp', category: 'billing' },
  // 10:15 IST (Fri h10), opened by a user: channel "-"; closed 10:50 (Fri h10) without a category.
  { id: 'k2', openedAt: utc('2026-11-20T04:45:00Z'), closedAt: utc('2026-11-20T05:20:00Z'), openSource: 'user' as const },
  // 10:59 IST (Fri h10), still open.
  { id: 'k3', openedAt: utc('2026-11-20T05:29:00Z'), closedAt: null, openChannelId: 'tg', openChannelName: 'Telegram' },
  // 11:00 IST (Fri h11), closed 11-21 00:05 IST (Sat h0) by auto-close, returning.
  { id: 'k4', openedAt: utc('2026-11-20T05:30:00Z'), closedAt: utc('2026-11-20T18:35:00Z'), openChannelId: 'wa', openChannelName: 'WhatsApp', category: 'billing', closedSource: 'auto_close' as const, contactType: 'returning' as const },
  // 23:59 IST (Fri h23), channel "-", closed 11-21 00:01 (Sat h0) by a merge, no category.
  { id: 'k5', openedAt: utc('2026-11-20T18:29:00Z'), closedAt: utc('2026-11-20T18:31:00Z'), openSource: 'user' as const, closedSource: 'merge' as const },
  // 11-19 23:59 IST (Thursday: before the period), closed 05:30 IST (Fri h5).
  { id: 'k6', openedAt: utc('2026-11-19T18:29:00Z'), closedAt: utc('2026-11-20T00:00:00Z'), openChannelId: 'wa', openChannelName: 'WhatsApp', category: 'sales' },
  // 11-21 23:59 IST (Sat h23), still open.
  { id: 'k7', openedAt: utc('2026-11-21T18:29:00Z'), closedAt: null, openChannelId: 'wa', openChannelName: 'WhatsApp' },
  // 11-22 00:00 IST: after the period.
  { id: 'k8', openedAt: utc('2026-11-21T18:30:00Z'), closedAt: null, openChannelId: 'wa', openChannelName: 'WhatsApp' },
];
const PERIOD = 'from=2026-11-20&to=2026-11-21';

async function kolkata() {
  const setup = await reportWorkspace('Asia/Kolkata');
  await insertConversations(setup.ws.id, KOLKATA);
  const total = async (query: string): Promise<number> => (await setup.report(`/v1/reports/conversations/list?${query}`)).total;
  const ids = async (query: string): Promise<string[]> =>
    ((await setup.report(`/v1/reports/conversations/list?${query}&limit=500`)).rows as Array<{ conversation_id: string }>).map((r) => r.conversation_id).sort();
  return { ...setup, total, ids };
}

describe('drill-down in Asia/Kolkata (+05:30)', () => {
  it('each clicked number, worked out by hand, is the list total of its drill-down', async () => {
    const { ids, total, report } = await kolkata();
    const body = await report(`/v1/reports/conversations?${PERIOD}`);
    const { summary, opened_heatmap, closed_heatmap, opened_by_channel, closed_by_category } = body.components;
    // Opened in the period: k1–k5, k7; closed in it: k1, k2, k6 (Friday), k4, k5 (Saturday).
    expect(summary.series).toEqual([
      { bucket: '2026-11-20', opened: 5, closed: 3 },
      { bucket: '2026-11-21', opened: 1, closed: 2 },
    ]);
    expect(await ids(`${PERIOD}&basis=opened`)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k7']);
    expect(await ids(`${PERIOD}`)).toEqual(['k1', 'k2', 'k4', 'k5', 'k6']);
    // Written straight into the derived table, no stored event names their inbox.
    expect((await report(`/v1/reports/conversations/list?${PERIOD}&limit=1`)).rows[0].inbox).toBeNull();
    // A summary bar: one day of one side.
    expect(await ids(`${PERIOD}&basis=opened&bucket=2026-11-20`)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    expect(await ids(`${PERIOD}&basis=closed&bucket=2026-11-21`)).toEqual(['k4', 'k5']);

    // Opened heatmap Friday 10:00–11:00 IST: k2 (10:15) and k3 (10:59, still open); k4 at 11:00 is the next hour.
    expect(opened_heatmap.weekday_hour[FRI][10]).toBe(2);
    expect(await ids(`${PERIOD}&basis=opened&weekday=${FRI}&hour=10`)).toEqual(['k2', 'k3']);
    // Closed heatmap Saturday 00:00–01:00 IST: k4 (00:05) and k5 (00:01).
    expect(closed_heatmap.weekday_hour[SAT][0]).toBe(2);
    expect(await ids(`${PERIOD}&weekday=${SAT}&hour=0`)).toEqual(['k4', 'k5']);
    // Friday 00:00 IST is 18:30 UTC the day before: k1 opened exactly then.
    expect(await ids(`${PERIOD}&basis=opened&weekday=${FRI}&hour=0`)).toEqual(['k1']);
    // A date × hour cell: that date as the period, and the hour.
    expect(opened_heatmap.date_hour[0]).toMatchObject({ date: '2026-11-20' });
    expect(opened_heatmap.date_hour[0].hours[23]).toBe(1);
    expect(await ids('from=2026-11-20&to=2026-11-20&basis=opened&hour=23')).toEqual(['k5']);
    // An hour on every day of the period: Friday's and Saturday's 00:00–01:00, nothing between them.
    expect(await ids(`${PERIOD}&basis=opened&hour=10`)).toEqual(['k2', 'k3']);
    expect(await ids(`${PERIOD}&hour=0`)).toEqual(['k1', 'k4', 'k5']);
    // An empty cell lists nothing.
    expect(await total(`${PERIOD}&basis=opened&weekday=${SAT}&hour=10`)).toBe(0);

    // The channel "-" (opened by a user) and no category are values to click too.
    expect(opened_by_channel.items.find((i: any) => i.key === 'none')).toMatchObject({ count: 2, label: '-' });
    expect(await ids(`${PERIOD}&basis=opened&open_channel=none`)).toEqual(['k2', 'k5']);
    expect(opened_by_channel.items.find((i: any) => i.key === 'wa').count).toBe(3); // k1, k4, k7
    expect(await ids(`${PERIOD}&basis=opened&open_channel=wa`)).toEqual(['k1', 'k4', 'k7']);
    expect(closed_by_category.items.find((i: any) => i.key === 'none').count).toBe(2); // k2, k5
    expect(await ids(`${PERIOD}&category=none`)).toEqual(['k2', 'k5']);
    // A breakdown's bar: its key on one day.
    expect(await ids(`${PERIOD}&category=billing&bucket=2026-11-21`)).toEqual(['k4']);
  });

  it('every number of the report equals the total of its drill-down', async () => {
    const { total, report } = await kolkata();
    const body = await report(`/v1/reports/conversations?${PERIOD}`);
    const { summary } = body.components;
    const checks: Array<[string, number]> = [];
    for (const point of summary.series) {
      checks.push([`basis=opened&bucket=${point.bucket}`, point.opened], [`basis=closed&bucket=${point.bucket}`, point.closed]);
    }
    for (const basis of ['opened', 'closed'] as const) {
      const heatmap = body.components[`${basis}_heatmap`];
      heatmap.weekday_hour.forEach((row: number[], weekday: number) =>
        row.forEach((count, hour) => count > 0 && checks.push([`basis=${basis}&weekday=${weekday}&hour=${hour}`, count])),
      );
      for (const { date, hours } of heatmap.date_hour) {
        hours.forEach((count: number, hour: number) => count > 0 && checks.push([`from=${date}&to=${date}&basis=${basis}&hour=${hour}`, count]));
      }
    }
    for (const { key, side: basis, filter } of BREAKDOWNS) {
      const component = body.components[key];
      for (const item of component.items) checks.push([`basis=${basis}&${filter}=${item.key}`, item.count]);
      for (const point of component.series) {
        for (const [value, count] of Object.entries(point.counts) as Array<[string, number]>) checks.push([`basis=${basis}&${filter}=${value}&bucket=${point.bucket}`, count]);
      }
    }
    expect(checks.length).toBeGreaterThan(40);
    const found: Array<[string, number]> = [];
    for (const [query] of checks) found.push([query, await total(query.startsWith('from=') ? query : `${PERIOD}&${query}`)]);
    expect(found).toEqual(checks);
    // About 60 list requests: more than the default 5 s on a busy machine.
  }, 60_000);

  it('the CSV export takes the same parameters', async () => {
    const { manager } = await kolkata();
    const res = await get(`/v1/reports/conversations/export.csv?${PERIOD}&basis=opened&weekday=${FRI}&hour=10`, manager);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(await res.text());
    const id = header!.indexOf('Conversation ID');
    expect(id).toBeGreaterThanOrEqual(0);
    expect(rows.map((r) => r[id]).sort()).toEqual(['k2', 'k3']);
  });
});

describe('drill-down across the end of DST in America/New_York (2026-11-01: 02:00 EDT → 01:00 EST)', () => {
  const CONVERSATIONS = [
    { id: 'n1', openedAt: utc('2026-11-01T05:30:00Z') }, // 01:30 EDT (the first 01:00 hour)
    { id: 'n2', openedAt: utc('2026-11-01T06:30:00Z') }, // 01:30 EST (the repeated 01:00 hour)
    { id: 'n3', openedAt: utc('2026-11-01T06:50:00Z') }, // 01:50 EST
    { id: 'n4', openedAt: utc('2026-11-01T07:30:00Z') }, // 02:30 EST
  ];

  it('each of the two 01:00 bars lists its own conversations; the heatmap hour lists both', async () => {
    const { ws, report } = await reportWorkspace('America/New_York');
    await insertConversations(ws.id, CONVERSATIONS);
    const DAY = 'from=2026-11-01&to=2026-11-01';
    const body = await report(`/v1/reports/conversations?${DAY}`);
    // Each closes 10 minutes later: n1 01:40 EDT, n2 01:40 EST, n3 02:00 EST, n4 02:40 EST.
    expect(body.components.summary.series.slice(1, 4)).toEqual([
      { bucket: '2026-11-01T01:00-04:00', opened: 1, closed: 1 },
      { bucket: '2026-11-01T01:00-05:00', opened: 2, closed: 1 },
      { bucket: '2026-11-01T02:00', opened: 1, closed: 2 },
    ]);
    const rows = async (query: string) =>
      ((await report(`/v1/reports/conversations/list?${DAY}&${query}`)).rows as Array<{ conversation_id: string }>).map((r) => r.conversation_id).sort();
    expect(await rows(`basis=opened&bucket=${encodeURIComponent('2026-11-01T01:00-04:00')}`)).toEqual(['n1']);
    expect(await rows(`basis=opened&bucket=${encodeURIComponent('2026-11-01T01:00-05:00')}`)).toEqual(['n2', 'n3']);
    expect(body.components.opened_heatmap.weekday_hour[SUN][1]).toBe(3);
    expect(await rows(`basis=opened&weekday=${SUN}&hour=1`)).toEqual(['n1', 'n2', 'n3']);
    expect(await rows('basis=opened&hour=2')).toEqual(['n4']);
    expect(await rows(`bucket=${encodeURIComponent('2026-11-01T01:00-05:00')}`)).toEqual(['n2']);
    expect(await rows(`bucket=${encodeURIComponent('2026-11-01T02:00')}`)).toEqual(['n3', 'n4']);
  });
});

describe('bad drill-down parameters → 400 naming the parameter', () => {
  it.each([
    ['basis=both', 'basis'],
    ['weekday=7', 'weekday'],
    ['weekday=monday', 'weekday'],
    ['hour=24', 'hour'],
    ['hour=-1', 'hour'],
    ['hour=1.5', 'hour'],
    ['bucket=2026-12-01', 'bucket'],
    // A one-day period has hour buckets, not the day itself.
    ['bucket=2026-11-20&to=2026-11-20', 'bucket'],
  ])('%s → path %s, on the list and the export', async (query, param) => {
    const { manager } = await reportWorkspace('Asia/Kolkata');
    const q = query.includes('to=') ? `from=2026-11-20&${query}` : `${PERIOD}&${query}`;
    for (const path of ['/v1/reports/conversations/list', '/v1/reports/conversations/export.csv']) {
      const res = await get(`${path}?${q}`, manager);
      expect(res.status).toBe(400);
      const body = (await json(res)) as { error: { code: string; message: string; path: string } };
      expect(body.error.path).toBe(param);
      expect(body.error.message).toContain(param);
    }
  });
});

describe('each list row names the inbox its thread came from (for its link, product.md §8)', () => {
  /** A stored event of a thread, as a delivery of that dialect leaves it (only the columns the list reads matter). */
  const storeEvent = (workspaceId: string, threadId: string, dialect: string, occurredAt: number) =>
    env.DB.prepare(
      'INSERT INTO events (workspace_id, id, type, occurred_at, thread_id, contact_id, secondary_contact_id, dialect, delivery_id, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)',
    ).bind(workspaceId, `${dialect}:${threadId}:${occurredAt}`, 'message.created', occurredAt, threadId, 'c', dialect, 'd', occurredAt, '{}');

  it('the dialect of the thread’s first stored event, in its own workspace; none without events', async () => {
    const { ws, report } = await reportWorkspace('UTC');
    const other = await reportWorkspace('UTC');
    const at = utc('2026-11-20T10:00:00Z');
    await insertConversations(ws.id, [
      { id: 'cw', openedAt: at, threadId: '1:42' },
      { id: 'rio', openedAt: at + 1000, threadId: '5551' },
      { id: 'nat', openedAt: at + 2000, threadId: 'n-1' },
      { id: 'bare', openedAt: at + 3000, threadId: 'no-events' },
    ]);
    await env.DB.batch([
      storeEvent(ws.id, '1:42', 'chatwoot', at),
      storeEvent(ws.id, '5551', 'respondio', at),
      storeEvent(ws.id, 'n-1', 'native', at),
      // Earlier events of other threads and of another workspace's same thread name nothing here.
      storeEvent(ws.id, 'elsewhere', 'native', at - 60_000),
      storeEvent(other.ws.id, '1:42', 'native', at - 60_000),
      storeEvent(other.ws.id, 'no-events', 'chatwoot', at - 60_000),
    ]);
    const { rows } = await report('/v1/reports/conversations/list?from=2026-11-20&to=2026-11-20&sort=opened_at&order=asc');
    expect(rows.map((r: { conversation_id: string; inbox: string | null }) => [r.conversation_id, r.inbox])).toEqual([
      ['cw', 'chatwoot'],
      ['rio', 'respondio'],
      ['nat', 'native'],
      ['bare', null],
    ]);
  });
});
