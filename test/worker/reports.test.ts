// The Conversations report on a small scenario sent through signed native webhooks, every
// expectation computed by hand next to it. The workspace is in America/Mexico_City (UTC-6 all
// year, no DST); the period is Thursday 2026-11-19 and Friday 2026-11-20.
import { beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../shared/report';
import { formatInstant, resolvePeriod } from '../../shared/time';
import { comparisonSpan } from '../../worker/reports/summary';
import { get, postNative, settled, type TestWorkspace } from './helpers';
import { insertConversations, parseCsv, reportWorkspace, setWorkspace } from './reports-helpers';

const T = (date: string, hms: string) => `2026-11-${date}T${hms}-06:00`;
const WA = { id: 'wa', name: 'WhatsApp', type: 'whatsapp' };
const EMAIL = { id: 'em', name: 'Email', type: 'email' };
const ana = { id: 'u-ana', name: 'Ana', team: { id: 't-sales', name: 'Sales' } };
const bruno = { id: 'u-bruno', name: 'Bruno', team: { id: 't-support', name: 'Support' } };
const alice = { id: 'c-alice', name: 'Alice Smith' };

const incoming = (channel?: object) => ({ direction: 'incoming', sender: { type: 'contact' }, ...(channel ? { channel } : {}) });
const reply = (user: { id: string; name: string }) => ({ direction: 'outgoing', sender: { type: 'user', id: user.id, name: user.name } });

/** Each conversation as native events; ids are `<conversation>-<n>`. */
function conversation(id: string, contact: { id: string; name: string }, steps: Array<[string, string, Record<string, unknown>]>) {
  return steps.map(([date, hms, body], n) => ({
    id: `${id}-${n + 1}`,
    occurred_at: T(date, hms),
    contact,
    conversation_id: id,
    ...(body.message ? { type: 'message.created', message: { id: `${id}-m${n + 1}`, ...(body.message as object) } } : body),
  }));
}

const SCENARIO = [
  // A: Alice on WhatsApp, Thu 09:00; Ana assigned 09:02, answers 09:05; Ana closes Thu 10:00 (Billing).
  ...conversation('conv-A', alice, [
    ['19', '09:00:00', { message: incoming(WA) }],
    ['19', '09:02:00', { type: 'conversation.assigned', assignee: ana }],
    ['19', '09:05:00', { message: reply(ana) }],
    ['19', '10:00:00', { type: 'conversation.closed', source: 'user', user: ana, category: 'Billing', summary: 'Refund issued' }],
  ]),
  // B: Bob by email, Thu 22:30; Bruno assigned 22:31, answers 23:00; Bruno closes Fri 00:15 (Shipping):
  // after local midnight, so it lands on Friday hour 0 of the closed heatmap.
  ...conversation('conv-B', { id: 'c-bob', name: 'Bob Jones' }, [
    ['19', '22:30:00', { message: incoming(EMAIL) }],
    ['19', '22:31:00', { type: 'conversation.assigned', assignee: bruno }],
    ['19', '23:00:00', { message: reply(bruno) }],
    ['20', '00:15:00', { type: 'conversation.closed', source: 'user', user: bruno, category: 'Shipping' }],
  ]),
  // C: Ana opens a conversation with Carla herself (source user, no channel), Fri 10:00; assigns
  // herself 10:01, writes 10:20, unassigns 10:30; a workflow closes it 11:00.
  ...conversation('conv-C', { id: 'c-carla', name: 'Carla Díaz' }, [
    ['20', '10:00:00', { type: 'conversation.opened', source: 'user', user: ana }],
    ['20', '10:01:00', { type: 'conversation.assigned', assignee: ana }],
    ['20', '10:20:00', { message: reply(ana) }],
    ['20', '10:30:00', { type: 'conversation.assigned', assignee: null }],
    ['20', '11:00:00', { type: 'conversation.closed', source: 'workflow' }],
  ]),
  // D: Alice again (returning), Fri 14:00 on WhatsApp; Ana is still the thread's assignee (carried
  // over: first assignment at the open, time to first assignment "-"); she answers 14:00:20;
  // auto-closed 15:00.
  ...conversation('conv-D', alice, [
    ['20', '14:00:00', { message: incoming(WA) }],
    ['20', '14:00:20', { message: reply(ana) }],
    ['20', '15:00:00', { type: 'conversation.closed', source: 'auto_close' }],
  ]),
  // E: Dan on WhatsApp, Fri 16:00, still open.
  ...conversation('conv-E', { id: 'c-dan', name: 'Dan Brown' }, [['20', '16:00:00', { message: incoming(WA) }]]),
  // F: the API opens one for Eve on Wed 11-18 12:00 (previous period); a bot closes it Thu 08:00.
  ...conversation('conv-F', { id: 'c-eve', name: 'Eve Adams' }, [
    ['18', '12:00:00', { type: 'conversation.opened', source: 'api' }],
    ['19', '08:00:00', { type: 'conversation.closed', source: 'bot' }],
  ]),
  // G: Gus on WhatsApp, Tue 11-17 10:00–11:00, closed by Ana: wholly in the previous period.
  ...conversation('conv-G', { id: 'c-gus', name: 'Gus Lee' }, [
    ['17', '10:00:00', { message: incoming(WA) }],
    ['17', '11:00:00', { type: 'conversation.closed', source: 'user', user: ana }],
  ]),
];

const PERIOD = 'from=2026-11-19&to=2026-11-20';
const MIN = 60_000;

/** A 7 × 24 grid (Monday first) with the given [weekday, hour, count] cells. */
function grid(cells: Array<[number, number, number]>): number[][] {
  const rows = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const [weekday, hour, n] of cells) rows[weekday]![hour] = n;
  return rows;
}
const hours = (cells: Array<[number, number]>) => {
  const row = new Array<number>(24).fill(0);
  for (const [hour, n] of cells) row[hour] = n;
  return row;
};
const THU = 3;
const FRI = 4;

let ws: TestWorkspace;
let report: (path: string) => Promise<any>;

beforeAll(async () => {
  ({ ws, report } = await reportWorkspace('America/Mexico_City'));
  const res = await postNative(ws, { events: SCENARIO }, 'scenario');
  expect(res.status).toBe(202);
  await settled(ws);
  // product.md §6: a first-response target of 5 minutes.
  await setWorkspace(ws, { first_response_target_ms: 5 * MIN });
});

describe('GET /v1/reports/conversations on the scenario', () => {
  it('resolves the range in the workspace zone, bucketed by day', async () => {
    const body = await report(`/v1/reports/conversations?${PERIOD}`);
    expect(body.range).toEqual({ from: '2026-11-19', to: '2026-11-20', tz: 'America/Mexico_City', bucket: 'day', buckets: ['2026-11-19', '2026-11-20'] });
    expect(body.hours).toBe('calendar');
  });

  it('summary: opened A B (Thu) C D E (Fri), closed F A (Thu) B C D (Fri); previous period opened F G, closed G', async () => {
    const { summary } = (await report(`/v1/reports/conversations?${PERIOD}`)).components;
    expect(summary).toEqual({
      status: 'ok',
      opened: 5,
      closed: 5,
      previous: { opened: 2, closed: 1 },
      series: [
        { bucket: '2026-11-19', opened: 2, closed: 2 },
        { bucket: '2026-11-20', opened: 3, closed: 3 },
      ],
    });
  });

  it('heatmaps: weekday × hour and date × hour; B closing at 00:15 lands on Friday hour 0', async () => {
    const { opened_heatmap, closed_heatmap } = (await report(`/v1/reports/conversations?${PERIOD}`)).components;
    expect(opened_heatmap).toEqual({
      status: 'ok',
      weekday_hour: grid([[THU, 9, 1], [THU, 22, 1], [FRI, 10, 1], [FRI, 14, 1], [FRI, 16, 1]]),
      date_hour: [
        { date: '2026-11-19', hours: hours([[9, 1], [22, 1]]) },
        { date: '2026-11-20', hours: hours([[10, 1], [14, 1], [16, 1]]) },
      ],
    });
    expect(closed_heatmap).toEqual({
      status: 'ok',
      weekday_hour: grid([[THU, 8, 1], [THU, 10, 1], [FRI, 0, 1], [FRI, 11, 1], [FRI, 15, 1]]),
      date_hour: [
        { date: '2026-11-19', hours: hours([[8, 1], [10, 1]]) },
        { date: '2026-11-20', hours: hours([[0, 1], [11, 1], [15, 1]]) },
      ],
    });
  });

  it('opened breakdowns: 4 new + 1 returning (D); 4 by the contact, 1 by a user (C); WhatsApp 3, Email 1, none 1', async () => {
    const c = (await report(`/v1/reports/conversations?${PERIOD}`)).components;
    expect(c.opened_by_contact_type).toEqual({
      status: 'ok',
      total: 5,
      items: [
        { key: 'new', count: 4, percent: 80 },
        { key: 'returning', count: 1, percent: 20 },
      ],
      series: [
        { bucket: '2026-11-19', counts: { new: 2, returning: 0 } },
        { bucket: '2026-11-20', counts: { new: 2, returning: 1 } },
      ],
    });
    expect(c.opened_by_source.total).toBe(5);
    expect(c.opened_by_source.items).toEqual([
      { key: 'user', count: 1, percent: 20 },
      { key: 'contact', count: 4, percent: 80 },
      { key: 'workflow', count: 0, percent: 0 },
      { key: 'api', count: 0, percent: 0 },
      { key: 'zapier', count: 0, percent: 0 },
      { key: 'make', count: 0, percent: 0 },
    ]);
    expect(c.opened_by_source.series[1]).toEqual({ bucket: '2026-11-20', counts: { user: 1, contact: 2, workflow: 0, api: 0, zapier: 0, make: 0 } });
    expect(c.opened_by_channel).toEqual({
      status: 'ok',
      total: 5,
      // Largest first; ties by key. C was opened by a user: no channel, shown "-".
      items: [
        { key: 'wa', label: 'WhatsApp', count: 3, percent: 60 },
        { key: 'em', label: 'Email', count: 1, percent: 20 },
        { key: 'none', label: '-', count: 1, percent: 20 },
      ],
      series: [
        { bucket: '2026-11-19', counts: { wa: 1, em: 1, none: 0 } },
        { bucket: '2026-11-20', counts: { wa: 2, em: 0, none: 1 } },
      ],
    });
  });

  it('closed breakdowns: Billing A, Shipping B, no category C D F; user A B, bot F, workflow C, auto_close D', async () => {
    const c = (await report(`/v1/reports/conversations?${PERIOD}`)).components;
    expect(c.closed_by_category).toEqual({
      status: 'ok',
      total: 5,
      items: [
        { key: 'none', count: 3, percent: 60 },
        { key: 'Billing', count: 1, percent: 20 },
        { key: 'Shipping', count: 1, percent: 20 },
      ],
      series: [
        { bucket: '2026-11-19', counts: { none: 1, Billing: 1, Shipping: 0 } },
        { bucket: '2026-11-20', counts: { none: 2, Billing: 0, Shipping: 1 } },
      ],
    });
    expect(c.closed_by_source.items).toEqual([
      { key: 'user', count: 2, percent: 40 },
      { key: 'bot', count: 1, percent: 20 },
      { key: 'workflow', count: 1, percent: 20 },
      { key: 'api', count: 0, percent: 0 },
      { key: 'zapier', count: 0, percent: 0 },
      { key: 'make', count: 0, percent: 0 },
      { key: 'auto_close', count: 1, percent: 20 },
      { key: 'merge', count: 0, percent: 0 },
      { key: 'unknown', count: 0, percent: 0 },
    ]);
    expect(c.closed_by_source.series[0].counts).toMatchObject({ user: 1, bot: 1 });
    expect(c.closed_by_contact_type).toMatchObject({
      status: 'ok',
      total: 5,
      items: [
        { key: 'new', count: 4, percent: 80 },
        { key: 'returning', count: 1, percent: 20 },
      ],
    });
  });

  it('percentages keep one decimal', async () => {
    // closed with open_channel=wa,em: A (Billing), B (Shipping), D (none) → 33.3 % each.
    const c = (await report(`/v1/reports/conversations?${PERIOD}&open_channel=wa,em`)).components;
    expect(c.closed_by_category.items.map((i: any) => i.percent)).toEqual([33.3, 33.3, 33.3]);
  });

  it('timings over the five conversations closed in the period (E is open, G closed before)', async () => {
    const { timings } = (await report(`/v1/reports/conversations?${PERIOD}`)).components;
    expect(timings.status).toBe('ok');
    // First response: A 5:00, B 30:00, C 20:00 (opened by Ana, her first message), D 0:20; F none.
    // Sorted 0:20, 5:00, 20:00, 30:00 → avg 13:50, median (5:00 + 20:00) / 2 = 12:30, p90 rank ⌈3.6⌉ = 4th.
    expect(timings.first_response_time_ms).toEqual({ avg: 830_000, median: 750_000, p90: 30 * MIN, count: 4 });
    // Resolution: F 20 h, A 1 h, B 1 h 45 m, C 1 h, D 1 h → avg 89.1 M / 5, median 1 h, p90 rank ⌈4.5⌉ = 5th = 20 h.
    expect(timings.resolution_time_ms).toEqual({ avg: 17_820_000, median: 60 * MIN, p90: 20 * 60 * MIN, count: 5 });
    // Time to first assignment: A 2:00, B 1:00, C 1:00; D carried over ("-"), F never assigned.
    expect(timings.time_to_first_assignment_ms).toEqual({ avg: 80_000, median: MIN, p90: 2 * MIN, count: 3 });
    // First assignment → first response: A 3:00, B 29:00, C 19:00, D 0:20 (from the carried-over assignment at the open).
    expect(timings.first_assignment_to_first_response_ms).toEqual({ avg: 770_000, median: 660_000, p90: 29 * MIN, count: 4 });
    // Buckets are [min, max): D 20 s <30s; A exactly 5:00 → 5–10m; C 20:00 → 10–30m; B exactly 30:00 → 30m–1h.
    expect(timings.first_response_buckets).toEqual([
      { key: 'lt_30s', count: 1 },
      { key: '30s_2m', count: 0 },
      { key: '2m_5m', count: 0 },
      { key: '5m_10m', count: 1 },
      { key: '10m_30m', count: 1 },
      { key: '30m_1h', count: 1 },
      { key: 'gt_1h', count: 0 },
    ]);
    // Target 5:00: B and C took longer; A (exactly 5:00) and D met it; F had no first response.
    expect(timings.first_response_target).toEqual({ target_ms: 5 * MIN, missed: 2, met: 2 });
  });

  it('every duration is exact: the same as summarize() over the listed rows', async () => {
    const { timings } = (await report(`/v1/reports/conversations?${PERIOD}`)).components;
    const { rows } = await report(`/v1/reports/conversations/list?${PERIOD}`);
    for (const field of [
      'time_to_first_assignment_ms',
      'first_response_time_ms',
      'first_assignment_to_first_response_ms',
      'last_assignment_to_response_ms',
      'resolution_time_ms',
      'first_assignment_to_close_ms',
      'last_assignment_to_close_ms',
      'average_response_time_ms',
    ]) {
      expect(timings[field], field).toEqual(summarize(rows.map((r: any) => r[field])));
    }
  });

  it('the list: conversations closed in the period, newest close first, in the API conversation shape', async () => {
    const list = await report(`/v1/reports/conversations/list?${PERIOD}`);
    expect(list.total).toBe(5);
    expect(list.next_cursor).toBeNull();
    expect(list.rows.map((r: any) => r.conversation_id)).toEqual(['conv-D', 'conv-C', 'conv-B', 'conv-A', 'conv-F']);
    expect(list.rows[2]).toMatchObject({
      conversation_id: 'conv-B',
      status: 'closed',
      contact_id: 'c-bob',
      contact_name: 'Bob Jones',
      opened_at: '2026-11-19T22:30:00.000-06:00',
      closed_at: '2026-11-20T00:15:00.000-06:00',
      open_channel: EMAIL,
      closed_by: { id: 'u-bruno', name: 'Bruno' },
      closed_by_team: { id: 't-support', name: 'Support' },
      first_response_time_ms: 30 * MIN,
      resolution_time_ms: 105 * MIN,
      category: 'Shipping',
    });
    // C's last assignment was an unassignment: "Unassigned" is last_assignee null with the time set.
    expect(list.rows[1]).toMatchObject({ conversation_id: 'conv-C', last_assignee: null, last_assignment_at: '2026-11-20T10:30:00.000-06:00' });
  });

  it('tz= shows the same period in another zone: UTC days move the cut-offs', async () => {
    // In UTC, 2026-11-19..20 runs 11-19T00:00Z..11-21T00:00Z = Wed 18:00..Fri 18:00 in Mexico City:
    // opened A, B, C, D, E (E at Fri 22:00Z) and closed F (14:00Z), A, B, C, D.
    const body = await report(`/v1/reports/conversations?${PERIOD}&tz=UTC`);
    expect(body.range.tz).toBe('UTC');
    expect(body.components.summary).toMatchObject({ opened: 5, closed: 5 });
    // B opened Thu 22:30 -06:00 = Fri 04:30 UTC.
    expect(body.components.opened_heatmap.weekday_hour[FRI][4]).toBe(1);
    const list = await report(`/v1/reports/conversations/list?${PERIOD}&tz=UTC&conversation_id=conv-B`);
    expect(list.rows[0].opened_at).toBe('2026-11-20T04:30:00.000+00:00');
  });
});

describe('filters on the scenario', () => {
  /** Closed-side set through the list, and whether the opened side answered. */
  async function filtered(query: string) {
    const body = await report(`/v1/reports/conversations?${PERIOD}&${query}`);
    const list = await report(`/v1/reports/conversations/list?${PERIOD}&${query}`);
    return { c: body.components, closedIds: list.rows.map((r: any) => r.conversation_id).sort(), total: list.total };
  }

  const OPENED_SIDE = ['summary', 'opened_heatmap', 'opened_by_contact_type', 'opened_by_source', 'opened_by_channel'];
  const CLOSED_SIDE = ['closed_heatmap', 'closed_by_category', 'closed_by_source', 'closed_by_contact_type', 'timings'];

  it.each([
    // opened-side filters: every component applies
    ['open_channel=wa', ['conv-A', 'conv-D', 'conv-E'], ['conv-A', 'conv-D']],
    ['open_source=user', ['conv-C'], ['conv-C']],
    ['contact_type=returning', ['conv-D'], ['conv-D']],
    ['contact=ALICE', ['conv-A', 'conv-D'], ['conv-A', 'conv-D']], // by name, case-insensitive substring
    ['contact=c-bob', ['conv-B'], ['conv-B']], // by contact id
    ['contact=ice%20sm,c-eve', ['conv-A', 'conv-D'], ['conv-A', 'conv-D', 'conv-F']],
    ['conversation_id=conv-A,conv-F', ['conv-A'], ['conv-A', 'conv-F']],
    ['open_source=contact&open_channel=em,wa', ['conv-A', 'conv-B', 'conv-D', 'conv-E'], ['conv-A', 'conv-B', 'conv-D']],
  ])('%s (opened-side)', async (query, opened, closed) => {
    const { c, closedIds, total } = await filtered(query);
    for (const key of [...OPENED_SIDE, ...CLOSED_SIDE]) expect(c[key].status, key).toBe('ok');
    expect(c.summary.opened).toBe(opened.length);
    expect(c.opened_by_source.total).toBe(opened.length);
    expect(c.closed_by_source.total).toBe(closed.length);
    expect(c.timings.resolution_time_ms.count).toBe(closed.length);
    expect(closedIds).toEqual(closed);
    expect(total).toBe(closed.length);
  });

  it.each([
    ['closed_source=bot', ['conv-F']],
    ['closed_source=bot,workflow', ['conv-C', 'conv-F']],
    ['first_assignee=u-ana', ['conv-A', 'conv-C', 'conv-D']],
    ['first_assignee=unassigned', []],
    ['first_response_by=u-bruno', ['conv-B']],
    ['last_assignee=unassigned', ['conv-C']],
    ['last_assignee=u-ana', ['conv-A', 'conv-D']],
    ['last_assignee=u-ana,unassigned', ['conv-A', 'conv-C', 'conv-D']],
    ['closed_by_team=t-sales', ['conv-A']],
    ['closed_by_user=u-bruno', ['conv-B']],
    ['category=Billing,Shipping', ['conv-A', 'conv-B']],
    ['open_channel=wa&closed_source=auto_close', ['conv-D']], // AND across filters
  ])('%s (closed-side): opened-side components are not_applicable', async (query, closed) => {
    const { c, closedIds } = await filtered(query);
    for (const key of OPENED_SIDE) expect(c[key], key).toEqual({ status: 'not_applicable' });
    expect(closedIds).toEqual(closed);
    for (const key of CLOSED_SIDE) expect(c[key].status, key).toBe(closed.length > 0 ? 'ok' : 'no_data');
    if (closed.length > 0) {
      expect(c.closed_by_source.total).toBe(closed.length);
      expect(c.closed_heatmap.weekday_hour.flat().reduce((a: number, b: number) => a + b, 0)).toBe(closed.length);
    }
  });

  it('no_data when the filters apply but nothing matches; not_applicable and no_data carry no data', async () => {
    const none = (await filtered('open_channel=telegram')).c;
    for (const key of [...OPENED_SIDE, ...CLOSED_SIDE]) expect(none[key], key).toEqual({ status: 'no_data' });
    const mixed = (await filtered('category=Nothing')).c;
    for (const key of OPENED_SIDE) expect(mixed[key], key).toEqual({ status: 'not_applicable' });
    for (const key of CLOSED_SIDE) expect(mixed[key], key).toEqual({ status: 'no_data' });
  });

  it('none picks conversations without a channel or a category, as the breakdowns key them', async () => {
    // Opened in the period without a channel: C (user-opened); F was opened by the API on Wed,
    // before the period. Closed without a category in the period: C, D, F.
    const noChannel = (await filtered('open_channel=none')).c;
    expect(noChannel.opened_by_channel.items).toEqual([{ key: 'none', label: '-', count: 1, percent: 100 }]);
    expect(noChannel.summary).toMatchObject({ opened: 1, closed: 2 }); // C and F closed in the period, neither with a channel
    const noCategory = (await filtered('category=none')).c;
    expect(noCategory.closed_by_category.items).toEqual([{ key: 'none', count: 3, percent: 100 }]);
    const either = (await filtered('category=none,Billing')).c;
    expect(either.closed_by_category.total).toBe(4); // C, D, F and A
  });

  it('the previous period uses the same filters', async () => {
    // open_channel=wa: previous period opened and closed G only (F had no channel).
    const { c } = await filtered('open_channel=wa');
    expect(c.summary.previous).toEqual({ opened: 1, closed: 1 });
  });
});

describe('comparisons (issue 13: like with like, and no earlier data)', () => {
  it('a finished period compares with the whole previous one, and says when that began before the history', async () => {
    // 19–20 Nov against 17–18 Nov: the first conversation (G) opened Tue 17 at 10:00, after the
    // previous period began at 00:00, so its figures (opened F G, closed G) are partial.
    const partial = await report(`/v1/reports/conversations?${PERIOD}`);
    expect(partial.comparison).toEqual({ opened: 2, closed: 1, basis: 'whole_period', earlier_data: false });
    // 20 Nov against the 19th, wholly after the history began: opened A B, closed F A.
    const friday = await report('/v1/reports/conversations?from=2026-11-20&to=2026-11-20');
    expect(friday.comparison).toEqual({ opened: 2, closed: 2, basis: 'whole_period', earlier_data: true });
    expect(friday.components.summary.previous).toEqual({ opened: 2, closed: 2 }); // api.md's field is unchanged
  });

  it('a running period compares with the same elapsed part of the previous one', () => {
    // Today (Fri 20 Nov, Mexico City) at 09:30 local: yesterday from 00:00 to 09:30.
    const now = Date.parse('2026-11-20T09:30:00-06:00');
    const today = resolvePeriod({ preset: 'today' }, 'America/Mexico_City', now);
    expect(comparisonSpan(today, now)).toEqual({
      startMs: Date.parse('2026-11-19T00:00:00-06:00'),
      endMs: Date.parse('2026-11-19T09:30:00-06:00'),
      basis: 'same_elapsed',
    });
    const yesterday = resolvePeriod({ preset: 'yesterday' }, 'America/Mexico_City', now);
    expect(comparisonSpan(yesterday, now)).toEqual({ startMs: yesterday.previous.startMs, endMs: yesterday.previous.endMs, basis: 'whole_period' });
  });
});

describe('periods and hours', () => {
  it('date_hour only for ranges of at most 31 days', async () => {
    const month = await report('/v1/reports/conversations?from=2026-10-21&to=2026-11-20'); // 31 days
    expect(month.components.opened_heatmap.date_hour).toHaveLength(31);
    const longer = await report('/v1/reports/conversations?from=2026-10-20&to=2026-11-20'); // 32 days
    expect(longer.components.opened_heatmap.status).toBe('ok');
    expect(longer.components.opened_heatmap).not.toHaveProperty('date_hour');
    expect(longer.components.opened_heatmap.weekday_hour[THU][9]).toBe(1);
  });

  it('presets resolve in the workspace zone: last_30_days ends today and includes it', async () => {
    const body = await report('/v1/reports/conversations?preset=last_30_days');
    const today = formatInstant(Date.now(), 'America/Mexico_City').slice(0, 10);
    expect(body.range.to).toBe(today);
    expect(body.range.buckets).toHaveLength(30);
    expect(body.range.bucket).toBe('day');
    const single = await report('/v1/reports/conversations?preset=today');
    expect(single.range).toMatchObject({ from: today, to: today, bucket: 'hour' });
  });
});

describe('hours=business', () => {
  it('timings, first-response buckets and the target use the business-hours durations', async () => {
    const { ws: bhWs, report: bhReport, manager } = await reportWorkspace('UTC');
    await setWorkspace(bhWs, { first_response_target_ms: 5 * MIN });
    const opened = Date.parse('2026-11-19T17:50:00Z');
    // Calendar: first responses 15 h and 20 s. Business hours (the night left out): 20 min and 20 s.
    await insertConversations(bhWs.id, [
      { id: 'bh-1', openedAt: opened, closedAt: opened + 16 * 60 * MIN, firstResponseTimeMs: 15 * 60 * MIN, bhFirstResponseTimeMs: 20 * MIN, resolutionTimeMs: 16 * 60 * MIN, bhResolutionTimeMs: 80 * MIN },
      { id: 'bh-2', openedAt: opened, closedAt: opened + 60 * MIN, firstResponseTimeMs: 20_000, bhFirstResponseTimeMs: 20_000, resolutionTimeMs: 60 * MIN, bhResolutionTimeMs: 60 * MIN },
    ]);
    const calendar = (await bhReport(`/v1/reports/conversations?${PERIOD}`)).components.timings;
    expect(calendar.first_response_time_ms).toEqual({ avg: 27_010_000, median: 27_010_000, p90: 15 * 60 * MIN, count: 2 });
    expect(calendar.first_response_buckets.find((b: any) => b.key === 'gt_1h').count).toBe(1);
    const business = await bhReport(`/v1/reports/conversations?${PERIOD}&hours=business`);
    expect(business.hours).toBe('business');
    const timings = business.components.timings;
    expect(timings.first_response_time_ms).toEqual({ avg: 610_000, median: 610_000, p90: 20 * MIN, count: 2 });
    expect(timings.resolution_time_ms).toEqual({ avg: 70 * MIN, median: 70 * MIN, p90: 80 * MIN, count: 2 });
    expect(timings.first_response_buckets.find((b: any) => b.key === '10m_30m').count).toBe(1);
    expect(timings.first_response_target).toEqual({ target_ms: 5 * MIN, missed: 1, met: 1 });
    // The export labels and fills the business-hours columns.
    const csv = await (await get(`/v1/reports/conversations/export.csv?${PERIOD}&hours=business&sort=conversation_id&order=asc`, manager)).text();
    const [header, first] = parseCsv(csv);
    expect(first![header!.indexOf('First response time (business hours)')]).toBe('00:20:00');
  });
});
