import { describe, expect, it } from 'vitest';
import { call, createToken, createWorkspace, get, json, nativeHeaders, postNative, settled, storedCounts, type TestWorkspace } from './helpers';

const T = (hms: string) => `2026-11-20T${hms}-06:00`; // a day in America/Mexico_City (UTC-6, no DST)
const contact = { id: 'c-42', name: 'Jane Doe' };
const ana = { id: 'u-ana', name: 'Ana', team: { id: 't-sales', name: 'Sales' } };
const bruno = { id: 'u-bruno', name: 'Bruno', team: { id: 't-support', name: 'Support' } };

/** A conversation told as native events, in order. */
function scenario(prefix: string) {
  const base = { contact, conversation_id: `${prefix}-conv` };
  return [
    { ...base, id: `${prefix}-1`, type: 'message.created', occurred_at: T('09:00:00'), message: { id: 'm1', direction: 'incoming', sender: { type: 'contact' }, channel: { id: 'wa', name: 'WhatsApp', type: 'whatsapp' } } },
    { ...base, id: `${prefix}-2`, type: 'message.created', occurred_at: T('09:01:00'), message: { id: 'm2', direction: 'incoming', sender: { type: 'contact' } } },
    { ...base, id: `${prefix}-3`, type: 'conversation.assigned', occurred_at: T('09:02:00'), assignee: ana },
    { ...base, id: `${prefix}-4`, type: 'message.created', occurred_at: T('09:03:30'), message: { id: 'm3', direction: 'outgoing', sender: { type: 'bot' } } },
    { ...base, id: `${prefix}-5`, type: 'message.created', occurred_at: T('09:04:00'), message: { id: 'm4', direction: 'outgoing', sender: { type: 'user', id: 'u-ana', name: 'Ana' } } },
    { ...base, id: `${prefix}-6`, type: 'conversation.assigned', occurred_at: T('09:10:00'), assignee: bruno },
    { ...base, id: `${prefix}-7`, type: 'message.created', occurred_at: T('09:12:00'), message: { id: 'm5', direction: 'incoming', sender: { type: 'contact' } } },
    { ...base, id: `${prefix}-8`, type: 'message.created', occurred_at: T('09:15:00'), message: { id: 'm6', direction: 'outgoing', sender: { type: 'user', id: 'u-bruno', name: 'Bruno' } } },
    { ...base, id: `${prefix}-9`, type: 'message.created', occurred_at: T('09:16:00'), message: { id: 'n1', direction: 'outgoing', private: true, sender: { type: 'user', id: 'u-bruno' } } },
    { ...base, id: `${prefix}-10`, type: 'conversation.closed', occurred_at: T('09:20:00'), source: 'user', user: bruno, category: 'Billing', summary: 'Refund explained' },
  ];
}

// Hand-computed from the scenario:
//  opened 09:00 by the contact on WhatsApp; Ana assigned 09:02 (time to first assignment 2:00);
//  first response Ana 09:04 (FRT 4:00; from first assignment 2:00; response 1 = 09:00→09:04 = 4:00);
//  Bruno assigned 09:10; contact writes 09:12; Bruno answers 09:15 (response 2 = 3:00;
//  last assignment to response 09:10→09:15 = 5:00); private note ignored; closed 09:20 by Bruno.
const EXPECTED = {
  conversation_id: 'sc-conv',
  status: 'closed',
  contact_id: 'c-42',
  contact_name: 'Jane Doe',
  contact_type: 'new',
  opened_at: '2026-11-20T09:00:00.000-06:00',
  open_source: 'contact',
  open_channel: { id: 'wa', name: 'WhatsApp', type: 'whatsapp' },
  closed_at: '2026-11-20T09:20:00.000-06:00',
  closed_source: 'user',
  closed_by: { id: 'u-bruno', name: 'Bruno' },
  closed_by_team: { id: 't-support', name: 'Support' },
  first_assignee: { id: 'u-ana', name: 'Ana' },
  last_assignee: { id: 'u-bruno', name: 'Bruno' },
  first_response_by: { id: 'u-ana', name: 'Ana', type: 'user' },
  time_to_first_assignment_ms: 120_000,
  first_response_time_ms: 240_000,
  first_assignment_to_first_response_ms: 120_000,
  last_assignment_to_response_ms: 300_000,
  resolution_time_ms: 1_200_000,
  first_assignment_to_close_ms: 1_080_000,
  last_assignment_to_close_ms: 600_000,
  average_response_time_ms: 210_000, // (4:00 + 3:00) / 2
  assignments: 2,
  incoming_messages: 3,
  outgoing_messages: 3, // bot, Ana, Bruno (the private note counts nowhere)
  responses: 2,
  category: 'Billing',
  summary: 'Refund explained',
  waiting_since: null,
  current_wait_ms: null,
  time_open_ms: null,
};

async function conversationOf(ws: TestWorkspace, id: string) {
  await settled(ws);
  const token = await createToken(ws, 'agent');
  const res = await get(`/v1/conversations/${encodeURIComponent(id)}`, token);
  expect(res.status).toBe(200);
  return json(res);
}

describe('native webhooks end to end', () => {
  it('derives every metric of a conversation sent one event per request', async () => {
    const ws = await createWorkspace('America/Mexico_City');
    for (const event of scenario('sc')) {
      const res = await postNative(ws, event);
      expect(res.status).toBe(202);
      expect(await json(res)).toEqual({ accepted: 1, duplicates: 0 });
    }
    expect(await conversationOf(ws, 'sc-conv')).toMatchObject(EXPECTED);
  });

  it('gives the same conversation from a shuffled batch with repeats, and counts the repeats', async () => {
    const ws = await createWorkspace('America/Mexico_City');
    const events = scenario('sc');
    const shuffled = [events[9], events[3], events[0], events[7], events[5], events[1], events[8], events[2], events[6], events[4]];
    const first = await postNative(ws, { events: shuffled.slice(0, 6) }, 'batch-1');
    expect(first.status).toBe(202);
    expect(await json(first)).toEqual({ accepted: 6, duplicates: 0 });
    const second = await postNative(ws, { events: [...shuffled.slice(4), shuffled[0]] }, 'batch-2');
    expect(await json(second)).toEqual({ accepted: 4, duplicates: 3 });
    expect(await conversationOf(ws, 'sc-conv')).toMatchObject(EXPECTED);
  });

  it('answers 200 with duplicates when everything was seen before, and changes nothing', async () => {
    const ws = await createWorkspace('America/Mexico_City');
    const [event] = scenario('dup');
    expect((await postNative(ws, event)).status).toBe(202);
    await settled(ws);
    const before = await storedCounts(ws.id);
    const again = await postNative(ws, event);
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ accepted: 0, duplicates: 1 });
    await settled(ws);
    expect(await storedCounts(ws.id)).toEqual(before);
  });

  it('keeps the raw body of every delivery, even when a sender reuses a delivery id for other events', async () => {
    const ws = await createWorkspace('America/Mexico_City');
    const [a, b] = scenario('reuse');
    expect(await json(await postNative(ws, { events: [a] }, 'same-id'))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await json(await postNative(ws, { events: [b] }, 'same-id'))).toEqual({ accepted: 1, duplicates: 0 });
    const counts = await storedCounts(ws.id);
    expect(counts.deliveries).toBe(2);
    expect(counts.events).toBe(2);
  });

  it('shows an open conversation\'s live values as of now', async () => {
    const ws = await createWorkspace('UTC');
    const sentAt = Date.now() - 90_000;
    await postNative(ws, { id: 'live-1', type: 'message.created', occurred_at: sentAt, contact, message: { id: 'm', direction: 'incoming', sender: { type: 'contact' } } });
    const body = await conversationOf(ws, 'c-42-1');
    expect(body.status).toBe('open');
    expect(body.waiting_since).toBe(new Date(sentAt).toISOString().replace('Z', '+00:00'));
    const now = Date.parse(body.now);
    expect(body.current_wait_ms).toBe(now - sentAt);
    expect(body.time_open_ms).toBe(now - sentAt);
    expect(body.first_response_time_ms).toBeNull();
  });
});

describe('bad input stores nothing', () => {
  const event = scenario('bad')[0]!;

  async function expectNothingStored(ws: TestWorkspace, send: () => Promise<Response>, status: number, code: string, path?: string) {
    await settled(ws);
    const before = await storedCounts(ws.id);
    const res = await send();
    expect(res.status).toBe(status);
    const body = await json(res);
    expect(body.error.code).toBe(code);
    if (path !== undefined) expect(body.error.path).toBe(path);
    expect(await storedCounts(ws.id)).toEqual(before);
  }

  it('a wrong signature is 401', async () => {
    const ws = await createWorkspace();
    const body = JSON.stringify(event);
    const headers = await nativeHeaders('whsec_' + btoa('not the secret at all'), event.id, body);
    await expectNothingStored(ws, () => call(`/v1/webhooks/${ws.id}/native`, { method: 'POST', headers, body }), 401, 'invalid_signature');
  });

  it('a missing signature is 401', async () => {
    const ws = await createWorkspace();
    await expectNothingStored(
      ws,
      () => call(`/v1/webhooks/${ws.id}/native`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) }),
      401,
      'invalid_signature',
    );
  });

  it('a timestamp more than 5 minutes old is 401', async () => {
    const ws = await createWorkspace();
    const body = JSON.stringify(event);
    const headers = await nativeHeaders(ws.secret, event.id, body, Math.floor(Date.now() / 1000) - 6 * 60);
    await expectNothingStored(ws, () => call(`/v1/webhooks/${ws.id}/native`, { method: 'POST', headers, body }), 401, 'invalid_signature');
  });

  it('malformed JSON is 400', async () => {
    const ws = await createWorkspace();
    const body = '{"id": "x", ';
    const headers = await nativeHeaders(ws.secret, 'x', body);
    await expectNothingStored(ws, () => call(`/v1/webhooks/${ws.id}/native`, { method: 'POST', headers, body }), 400, 'malformed_json');
  });

  it('one bad event rejects the whole batch, naming the field', async () => {
    const ws = await createWorkspace();
    const events = scenario('batch');
    const broken = { ...events[3], occurred_at: '20 Nov 2026' };
    await expectNothingStored(
      ws,
      () => postNative(ws, { events: [events[0], events[1], events[2], broken] }, 'b'),
      400,
      'invalid_event',
      'events[3].occurred_at',
    );
  });

  it.each([
    ['an unknown type', { type: 'conversation.snoozed' }, 'type'],
    ['a missing contact', { contact: undefined }, 'contact'],
    ['a wrong-typed source', { type: 'conversation.closed', source: 42 }, 'source'],
    // events.md §1 "Plausible times": a real calendar instant between 2001-01-01 and 2286-11-20.
    ['a 30th of February', { occurred_at: '2026-02-30T10:00:00Z' }, 'occurred_at'],
    ['a 29th of February outside a leap year', { occurred_at: '2026-02-29T10:00:00+01:00' }, 'occurred_at'],
    ['an hour 24', { occurred_at: '2026-03-01T24:00:00Z' }, 'occurred_at'],
    ['an offset of +25:00', { occurred_at: '2026-03-01T10:00:00+25:00' }, 'occurred_at'],
    ['a millisecond before 2001', { occurred_at: 978307199999 }, 'occurred_at'],
    ['a day after 2286-11-20', { occurred_at: '2286-11-21T00:00:00Z' }, 'occurred_at'],
    ['epoch seconds', { occurred_at: 1785232692 }, 'occurred_at'],
    ['a contact created on 2026-04-31', { contact: { id: 'c-1', created_at: '2026-04-31T08:00:00Z' } }, 'contact.created_at'],
  ])('%s is 400 naming the field', async (_, change, path) => {
    const ws = await createWorkspace();
    await expectNothingStored(ws, () => postNative(ws, { ...event, ...change }), 400, 'invalid_event', path);
  });

  it('a body over 1 MiB is 413', async () => {
    const ws = await createWorkspace();
    const body = JSON.stringify({ ...event, padding: 'x'.repeat(1024 * 1024) });
    const headers = await nativeHeaders(ws.secret, event.id, body);
    await expectNothingStored(ws, () => call(`/v1/webhooks/${ws.id}/native`, { method: 'POST', headers, body }), 413, 'payload_too_large');
  });

  it('an unknown workspace is 404', async () => {
    const ws = await createWorkspace();
    const res = await call(`/v1/webhooks/ws_nope/native`, { method: 'POST', headers: await nativeHeaders(ws.secret, 'x', '{}'), body: '{}' });
    expect(res.status).toBe(404);
  });
});

describe('tenancy, roles and CORS', () => {
  it('a token of one workspace never reads another workspace\'s conversation (404)', async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    await postNative(a, scenario('ten')[0]);
    await settled(a);
    const tokenB = await createToken(b, 'owner');
    expect((await get('/v1/conversations/ten-conv', tokenB)).status).toBe(404);
    expect((await get('/v1/contacts/c-42/conversations', tokenB)).status).toBe(404);
    expect((await get('/v1/threads/c-42/current', tokenB)).status).toBe(404);
    const tokenA = await createToken(a, 'agent');
    expect((await get('/v1/conversations/ten-conv', tokenA)).status).toBe(200);
    // Owners of b cannot mint tokens for a either.
    const res = await call(`/v1/workspaces/${a.id}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'owner', name: 'sneaky' }),
    });
    expect(res.status).toBe(404);
  });

  it('agents cannot change settings; a bad token is 401', async () => {
    const ws = await createWorkspace();
    const agent = await createToken(ws, 'agent');
    const patch = await call(`/v1/workspaces/${ws.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timezone: 'Europe/Madrid' }),
    });
    expect(patch.status).toBe(403);
    expect((await get('/v1/me', 'cl_wrong')).status).toBe(401);
    const me = await json(await get('/v1/me', agent));
    expect(me).toMatchObject({ role: 'agent', workspace: { id: ws.id, name: 'Acme Support', timezone: 'UTC' } });
  });

  it('answers CORS for extension origins only', async () => {
    const preflight = (origin: string) =>
      call('/v1/me', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const ext = await preflight('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    const firefox = await preflight('moz-extension://0b1c2d3e-1111-2222-3333-444455556666');
    expect(firefox.headers.get('access-control-allow-origin')).toBe('moz-extension://0b1c2d3e-1111-2222-3333-444455556666');
    const site = await preflight('https://evil.example');
    expect(site.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects a settings change naming the bad field, and changes nothing', async () => {
    const ws = await createWorkspace();
    const res = await call(`/v1/workspaces/${ws.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ categories: ['Billing'], timezone: 'Mars/Olympus_Mons' }),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.path).toBe('timezone');
    const me = await json(await get('/v1/me', ws.ownerToken));
    expect(me.workspace).toMatchObject({ timezone: 'UTC', categories: [] });
  });
});
