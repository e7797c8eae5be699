// Team performance (product.md §7, api.md GET /v1/reports/agents) on a hand-computed scenario sent
// through signed native webhooks. Workspace in UTC with business hours Mon–Fri 09:00–17:00 UTC,
// a first-response target of 5 min and a resolution target of 1 h in business hours. The period
// is Thursday 2026-11-19 and Friday 2026-11-20. Every expectation is computed by hand below.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, get, json, postNative, settled, type TestWorkspace } from './helpers';
import { reportWorkspace, setWorkspace } from './reports-helpers';

const SALES = { id: 't-sales', name: 'Sales' };
const SUPPORT = { id: 't-support', name: 'Support' };
const ana = { id: 'u-ana', name: 'Ana', team: SALES };
const bruno = { id: 'u-bruno', name: 'Bruno', team: SUPPORT };
const carla = { id: 'u-carla', name: 'Carla', team: SUPPORT }; // never assigned anything
const WA = { id: 'wa', name: 'WhatsApp', type: 'whatsapp' };

const T = (day: string, hms: string) => `2026-11-${day}T${hms}Z`;
const incoming = { direction: 'incoming', sender: { type: 'contact' }, channel: WA };
const reply = (user: { id: string; name: string }) => ({ direction: 'outgoing', sender: { type: 'user', id: user.id, name: user.name } });
const automated = (type: 'bot' | 'workflow') => ({ direction: 'outgoing', sender: { type, id: `${type}-1`, name: `The ${type}` } });

/** A contact's events as native events; ids are `<contact>-<n>`. */
function timeline(contact: string, steps: Array<[string, string, Record<string, unknown>]>) {
  return steps.map(([day, hms, body], n) => ({
    id: `${contact}-${n + 1}`,
    occurred_at: T(day, hms),
    contact: { id: contact, name: `Contact ${contact}` },
    ...(body.message ? { type: 'message.created', message: { id: `${contact}-m${n + 1}`, ...(body.message as object) } } : body),
  }));
}

const MIN = 60_000;
const HOUR = 60 * MIN;

const SCENARIO = [
  // A (c-1), Thu: reassignment, and a closer who is not the assignee.
  //   10:00 opens · 10:02 Ana (Sales) · 10:04 Ana answers: first response 4:00, response 4:00 by Ana
  //   10:10 incoming · 10:20 reassigned to Bruno (Support) · 10:25 Bruno answers: response 15:00 by Bruno
  //   11:00 Carla (Support) closes it: resolution 1 h (all within business hours), last assignee Bruno.
  ...timeline('c-1', [
    ['19', '10:00:00', { message: incoming }],
    ['19', '10:02:00', { type: 'conversation.assigned', assignee: ana }],
    ['19', '10:04:00', { message: reply(ana) }],
    ['19', '10:10:00', { message: incoming }],
    ['19', '10:20:00', { type: 'conversation.assigned', assignee: bruno }],
    ['19', '10:25:00', { message: reply(bruno) }],
    // 10:40 incoming, 10:45 an echo from the channel's app without a user id: a response by nobody named.
    ['19', '10:40:00', { message: incoming }],
    ['19', '10:45:00', { message: { direction: 'outgoing', sender: { type: 'echo' } } }],
    ['19', '11:00:00', { type: 'conversation.closed', source: 'user', user: carla }],
  ]),
  // B (c-2): a carried-over assignee, and a first response by someone never assigned.
  //   Wed 18th (before the period): opened 09:00, Ana assigned 09:01, Ana closes 09:30 — counts nowhere.
  //   Thu 16:00 opens with Ana carried over (Sales) · 16:03 Carla answers: first response 3:00, response 3:00 by Carla
  //   Thu 16:50 incoming · Fri 09:05 Ana answers: response 16 h 15 min = 58,500,000 ms calendar,
  //     10 min + 5 min = 900,000 ms in business hours
  //   Fri 10:00 Ana closes: resolution 18 h = 64,800,000 ms calendar, 1 h + 1 h = 7,200,000 ms business.
  ...timeline('c-2', [
    ['18', '09:00:00', { message: incoming }],
    ['18', '09:01:00', { type: 'conversation.assigned', assignee: ana }],
    ['18', '09:30:00', { type: 'conversation.closed', source: 'user', user: ana }],
    ['19', '16:00:00', { message: incoming }],
    ['19', '16:03:00', { message: reply(carla) }],
    ['19', '16:50:00', { message: incoming }],
    ['20', '09:05:00', { message: reply(ana) }],
    ['20', '10:00:00', { type: 'conversation.closed', source: 'user', user: ana }],
  ]),
  // C (c-3), Thu: bot only, closed by the bot (the close names Carla: still the bot's, not hers); never assigned.
  ...timeline('c-3', [
    ['19', '12:00:00', { message: incoming }],
    ['19', '12:00:30', { message: automated('bot') }],
    ['19', '12:05:00', { type: 'conversation.closed', source: 'bot', user: carla }],
  ]),
  // D (c-4), Fri: Bruno assigned and first to answer (11:00, over the 5 min target), Ana answers a
  // later message without being assigned (2:00), then it is unassigned and a workflow closes it:
  // no last assignee, so its resolution is nobody's and no team's.
  ...timeline('c-4', [
    ['20', '09:00:00', { message: incoming }],
    ['20', '09:01:00', { type: 'conversation.assigned', assignee: bruno }],
    ['20', '09:11:00', { message: reply(bruno) }],
    ['20', '09:20:00', { message: incoming }],
    ['20', '09:21:00', { message: automated('workflow') }],
    ['20', '09:22:00', { message: reply(ana) }],
    ['20', '09:30:00', { type: 'conversation.assigned', assignee: null }],
    ['20', '09:40:00', { type: 'conversation.closed', source: 'workflow' }],
  ]),
  // E (c-5), Fri: still open — counts nowhere.
  ...timeline('c-5', [
    ['20', '11:00:00', { message: incoming }],
    ['20', '11:01:00', { type: 'conversation.assigned', assignee: ana }],
    ['20', '11:02:00', { message: reply(ana) }],
  ]),
  // G (c-6), Fri: never assigned; Carla answers after 30 min (missed) and closes it.
  ...timeline('c-6', [
    ['20', '13:00:00', { message: incoming }],
    ['20', '13:30:00', { message: reply(carla) }],
    ['20', '14:00:00', { type: 'conversation.closed', source: 'user', user: carla }],
  ]),
  // H (c-7), Fri: Bruno → Ana → Bruno again (each held it: Bruno counts once); Bruno answers at
  // 15:04 (first response and response 4:00) and closes at 15:30 (resolution 30 min, met).
  ...timeline('c-7', [
    ['20', '15:00:00', { message: incoming }],
    ['20', '15:01:00', { type: 'conversation.assigned', assignee: bruno }],
    ['20', '15:02:00', { type: 'conversation.assigned', assignee: ana }],
    ['20', '15:03:00', { type: 'conversation.assigned', assignee: bruno }],
    ['20', '15:04:00', { message: reply(bruno) }],
    ['20', '15:30:00', { type: 'conversation.closed', source: 'user', user: bruno }],
  ]),
];

const PERIOD = 'from=2026-11-19&to=2026-11-20';
const none = { avg: null, median: null, p90: null, count: 0 };
const one = (ms: number) => ({ avg: ms, median: ms, p90: ms, count: 1 });
const weekdays = [{ start: '09:00', end: '17:00' }];

let ws: TestWorkspace;
let manager: string;
let report: (path: string) => Promise<any>;

async function agentToken(userId?: string): Promise<string> {
  const res = await call(`/v1/workspaces/${ws.id}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'agent', name: 'agent', ...(userId ? { user_id: userId } : {}) }),
  });
  expect(res.status).toBe(201);
  return (await json(res)).token;
}

beforeAll(async () => {
  ({ ws, manager, report } = await reportWorkspace('UTC'));
  await setWorkspace(ws, {
    business_hours: { timezone: 'UTC', weekly: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays } },
    first_response_target_ms: 5 * MIN,
    resolution_target_ms: HOUR,
    resolution_target_hours: 'business',
  });
  const res = await postNative(ws, { events: SCENARIO }, 'team-scenario');
  expect(res.status).toBe(202);
  await settled(ws);
});

// ---- Expected rows, calendar hours ------------------------------------------------------------
// Ana: assigned A, B (carried over) and H = 3, contacts c-1 c-2 c-7 = 3; closed B = 1; first response A = 1
// (4:00, met); responses A 240,000, D 120,000, B 58,500,000 = 3 → sorted 120,000 240,000 58,500,000:
// avg 58,860,000 / 3 = 19,620,000, median 240,000, p90 rank ⌈2.7⌉ = 3 → 58,500,000. Last assignee of B:
// resolution 64,800,000; resolution target in business hours 7,200,000 > 3,600,000 → missed.
// Team: her latest assignment (H, Fri 15:02) and close (B, Fri 10:00) are Sales.
// Involved: held A, B, H and answered D = 4 (the drill-down below lists these four).
const anaRow = {
  agent: { id: 'u-ana', name: 'Ana' },
  team: SALES,
  involved: 4,
  assigned: 3,
  closed: 1,
  first_responses: 1,
  responses: 3,
  unique_contacts: 3,
  first_response_time_ms: one(4 * MIN),
  response_time_ms: { avg: 19_620_000, median: 240_000, p90: 58_500_000, count: 3 },
  resolution_time_ms: one(64_800_000),
  first_response_target: { met: 1, missed: 0 },
  resolution_target: { met: 0, missed: 1 },
};
// Bruno: assigned A, D and H (once, though twice assigned) = 3, contacts c-1 c-4 c-7 = 3; closed H = 1;
// first responses D (11:00, missed) and H (4:00, met): avg = median 450,000, p90 rank 2 → 660,000;
// responses A 900,000, D 660,000, H 240,000: avg 600,000, median 660,000, p90 rank 3 → 900,000.
// Last assignee of A (1 h) and H (30 min): avg = median 2,700,000, p90 3,600,000; both within the
// 1 h resolution target (business hours, the same here) → met 2. Involved: held A, D, H = 3.
const brunoRow = {
  agent: { id: 'u-bruno', name: 'Bruno' },
  team: SUPPORT,
  involved: 3,
  assigned: 3,
  closed: 1,
  first_responses: 2,
  responses: 3,
  unique_contacts: 3,
  first_response_time_ms: { avg: 450_000, median: 450_000, p90: 660_000, count: 2 },
  response_time_ms: { avg: 600_000, median: 660_000, p90: 900_000, count: 3 },
  resolution_time_ms: { avg: 2_700_000, median: 2_700_000, p90: 3_600_000, count: 2 },
  first_response_target: { met: 1, missed: 1 },
  resolution_target: { met: 2, missed: 0 },
};
// Carla: never assigned (0 contacts); closed A and G = 2; first responses B (3:00, met) and G (30:00,
// missed): avg = median = 990,000, p90 rank 2 → 1,800,000; the same two are her responses.
// Involved: closed A and G, answered B = 3.
const carlaRow = {
  agent: { id: 'u-carla', name: 'Carla' },
  team: SUPPORT,
  involved: 3,
  assigned: 0,
  closed: 2,
  first_responses: 2,
  responses: 2,
  unique_contacts: 0,
  first_response_time_ms: { avg: 990_000, median: 990_000, p90: 1_800_000, count: 2 },
  response_time_ms: { avg: 990_000, median: 990_000, p90: 1_800_000, count: 2 },
  resolution_time_ms: none,
  first_response_target: { met: 1, missed: 1 },
  resolution_target: { met: 0, missed: 0 },
};
// Sales: last assignment to Sales: B (Ana carried over) → 1, first response 3:00 (met), resolution
// 64,800,000 (business 7,200,000: missed); closed by a member: B → 1.
const salesRow = {
  team: SALES,
  conversations: 1,
  closed: 1,
  first_response_time_ms: one(3 * MIN),
  resolution_time_ms: one(64_800_000),
  first_response_target: { met: 1, missed: 0 },
  resolution_target: { met: 0, missed: 1 },
};
// Support: last assignment to Support: A and H (Bruno) → 2 (D's last assignment is an unassignment);
// first responses 4:00 and 4:00 (both met); resolutions 1 h and 30 min: avg = median 2,700,000,
// p90 3,600,000 (both met); closed by a member: A and G (Carla), H (Bruno) → 3.
const supportRow = {
  team: SUPPORT,
  conversations: 2,
  closed: 3,
  first_response_time_ms: { avg: 4 * MIN, median: 4 * MIN, p90: 4 * MIN, count: 2 },
  resolution_time_ms: { avg: 2_700_000, median: 2_700_000, p90: 3_600_000, count: 2 },
  first_response_target: { met: 2, missed: 0 },
  resolution_target: { met: 2, missed: 0 },
};

describe('GET /v1/reports/agents on the scenario', () => {
  it('every §7 column per person and team, in calendar hours; bots and workflows are no rows; E and B\'s first cycle count nowhere', async () => {
    const body = await report(`/v1/reports/agents?${PERIOD}`);
    expect(body.range).toEqual({ from: '2026-11-19', to: '2026-11-20', tz: 'UTC', bucket: 'day', buckets: ['2026-11-19', '2026-11-20'] });
    expect(body.hours).toBe('calendar');
    expect(body.agents).toEqual([anaRow, brunoRow, carlaRow]);
    expect(body.teams).toEqual([salesRow, supportRow]);
    // Never assigned: C and G. Bot only: C (G had Carla). Closed by the bot: C; by a workflow: D.
    expect(body.unassigned).toBe(2);
    expect(body.automation).toEqual({ bot_only: 1, closed_by_bot: 1, closed_by_workflow: 1 });
    expect(body.targets).toEqual({ first_response_ms: 5 * MIN, resolution_ms: HOUR, resolution_hours: 'business' });
  });

  it('in business hours: Ana\'s overnight wait is 15 min and B\'s resolution 2 h; the rest lies within hours', async () => {
    const body = await report(`/v1/reports/agents?${PERIOD}&hours=business`);
    expect(body.hours).toBe('business');
    // Ana's responses 240,000, 120,000, 900,000: avg 420,000, median 240,000, p90 900,000.
    expect(body.agents).toEqual([
      { ...anaRow, response_time_ms: { avg: 420_000, median: 240_000, p90: 900_000, count: 3 }, resolution_time_ms: one(2 * HOUR) },
      brunoRow,
      carlaRow,
    ]);
    expect(body.teams).toEqual([{ ...salesRow, resolution_time_ms: one(2 * HOUR) }, supportRow]);
  });

  it('applies the filters: closed_source=user keeps A, B, G and H', async () => {
    const body = await report(`/v1/reports/agents?${PERIOD}&closed_source=user`);
    // Bruno loses D: assigned A and H = 2; first response H (4:00, met); responses A 900,000 and
    // H 240,000: avg = median 570,000, p90 900,000; resolutions unchanged.
    // Ana keeps A and B: D's 2:00 response goes; responses 240,000 and 58,500,000: avg = median 29,370,000.
    // Involved: Ana A, B, H = 3; Bruno A, H = 2; Carla unchanged (A, B, G).
    expect(body.agents).toEqual([
      {
        ...anaRow,
        involved: 3,
        responses: 2,
        response_time_ms: { avg: 29_370_000, median: 29_370_000, p90: 58_500_000, count: 2 },
      },
      {
        ...brunoRow,
        involved: 2,
        assigned: 2,
        unique_contacts: 2,
        first_responses: 1,
        responses: 2,
        first_response_time_ms: one(4 * MIN),
        response_time_ms: { avg: 570_000, median: 570_000, p90: 900_000, count: 2 },
        first_response_target: { met: 1, missed: 0 },
      },
      carlaRow,
    ]);
    expect(body.unassigned).toBe(1); // G
    expect(body.automation).toEqual({ bot_only: 0, closed_by_bot: 0, closed_by_workflow: 0 });
  });

  it('an agent token with a user_id reads only its own row; without one, 403', async () => {
    const brunoToken = await agentToken('u-bruno');
    // The extension learns whose row is "my numbers" from /v1/me.
    expect((await json(await get('/v1/me', brunoToken))).user_id).toBe('u-bruno');
    const own = await get(`/v1/reports/agents?${PERIOD}`, brunoToken);
    expect(own.status).toBe(200);
    const body = await json(own);
    expect(body.agents).toEqual([brunoRow]);
    expect(body.teams).toEqual([]);

    const anonymous = await get(`/v1/reports/agents?${PERIOD}`, await agentToken());
    expect(anonymous.status).toBe(403);
    expect((await json(anonymous)).error.code).toBe('forbidden');
    // The Conversations report stays for managers.
    expect((await get(`/v1/reports/conversations?${PERIOD}`, await agentToken('u-bruno'))).status).toBe(403);
  });

  it('a statistic over no values and targets the workspace does not have', async () => {
    await setWorkspace(ws, { first_response_target_ms: null, resolution_target_ms: null });
    try {
      const noTarget = await get(`/v1/reports/conversations/list?${PERIOD}&missed_target=resolution`, manager);
      expect(noTarget.status).toBe(400);
      expect((await json(noTarget)).error.path).toBe('missed_target');
      const body = await report(`/v1/reports/agents?${PERIOD}&conversation_id=nothing-matches`);
      expect(body.agents).toEqual([]);
      expect(body.teams).toEqual([]);
      expect(body.unassigned).toBe(0);
      const carlaOnly = await report(`/v1/reports/agents?${PERIOD}&closed_by_user=u-carla&first_response_by=u-carla`);
      // G alone: Carla closed it and answered first; nobody was its last assignee.
      expect(carlaOnly.agents).toEqual([
        {
          ...carlaRow,
          involved: 1,
          closed: 1,
          first_responses: 1,
          responses: 1,
          first_response_time_ms: one(30 * MIN),
          response_time_ms: one(30 * MIN),
          first_response_target: null,
          resolution_target: null,
        },
      ]);
    } finally {
      await setWorkspace(ws, { first_response_target_ms: 5 * MIN, resolution_target_ms: HOUR });
    }
  });

  it('the Conversations list and export filter the conversations that missed a target', async () => {
    const ids = async (query: string) => {
      const body = await report(`/v1/reports/conversations/list?${PERIOD}&sort=conversation_id&order=asc&${query}`);
      expect(body.total).toBe(body.rows.length);
      return body.rows.map((r: { conversation_id: string }) => r.conversation_id);
    };
    // First responses over 5 min: D 11:00 (c-4-1) and G 30:00 (c-6-1); A and H took 4:00, B 3:00.
    expect(await ids('missed_target=first_response')).toEqual(['c-4-1', 'c-6-1']);
    // Resolutions over 1 h of business time: only B (c-2-2, 2 h); A and G took exactly 1 h.
    expect(await ids('missed_target=resolution')).toEqual(['c-2-2']);
    expect(await ids('missed_target=resolution,first_response')).toEqual(['c-2-2', 'c-4-1', 'c-6-1']);
    // AND-ed with the other filters.
    expect(await ids('missed_target=first_response&closed_by_user=u-carla')).toEqual(['c-6-1']);
    const csv = await (await get(`/v1/reports/conversations/export.csv?${PERIOD}&missed_target=resolution`, manager)).text();
    expect(csv.trim().split('\n')).toHaveLength(2);
    expect(csv).toContain('c-2-2,');

    // A person's drill-down: exactly the conversations their row counts, as many as its `involved`.
    // Carla closed A and G and answered B; Bruno held A, D and H; Ana held A, B, H and answered D
    // (E is open: not listed).
    expect(await ids('agent=u-carla')).toEqual(['c-1-1', 'c-2-2', 'c-6-1']);
    expect(await ids('agent=u-bruno')).toEqual(['c-1-1', 'c-4-1', 'c-7-1']);
    expect(await ids('agent=u-ana')).toEqual(['c-1-1', 'c-2-2', 'c-4-1', 'c-7-1']);
    const csvRows = async (query: string) => (await (await get(`/v1/reports/conversations/export.csv?${PERIOD}&${query}`, manager)).text()).trim().split('\n').length - 1;
    expect(await csvRows('agent=u-ana')).toBe(anaRow.involved);
    expect(await csvRows('agent=u-carla&closed_by_user=u-carla')).toBe(2); // A and G
    expect(await ids('agent=u-carla,u-bruno&missed_target=first_response')).toEqual(['c-4-1', 'c-6-1']);
    expect(await ids('agent=bot-1,workflow-1')).toEqual([]);

    const bad = await get(`/v1/reports/conversations/list?${PERIOD}&missed_target=speed`, manager);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.path).toBe('missed_target');
  });

  it('names the bad parameter', async () => {
    const res = await get(`/v1/reports/agents?${PERIOD}&hours=weekly`, manager);
    expect(res.status).toBe(400);
    expect((await json(res)).error.path).toBe('hours');
  });
});
