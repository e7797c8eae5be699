import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, createToken, createWorkspace, get, json, nativeMerge, postNative, settled, type TestWorkspace } from './helpers';

const incoming = (id: string, contact: string, at: string) => ({
  id,
  type: 'message.created',
  occurred_at: at,
  contact: { id: contact, name: contact.toUpperCase() },
  message: { id: `m-${id}`, direction: 'incoming', sender: { type: 'contact' } },
});
const reply = (id: string, contact: string, at: string) => ({
  id,
  type: 'message.created',
  occurred_at: at,
  contact: { id: contact },
  message: { id: `m-${id}`, direction: 'outgoing', sender: { type: 'user', id: 'u-1', name: 'Ana' } },
});

/** The contact's conversations once every webhook sent so far is derived. */
async function conversationsOf(ws: TestWorkspace, contact: string, token?: string) {
  await settled(ws);
  const res = await get(`/v1/contacts/${contact}/conversations`, token ?? (await createToken(ws, 'agent')));
  return res.status === 404 ? [] : (await json(res)).conversations;
}

describe('contact merge through the endpoint', () => {
  it('closes the secondary\'s open conversation and moves its later messages to the primary', async () => {
    const ws = await createWorkspace();
    const token = await createToken(ws, 'agent');
    await postNative(ws, incoming('s1', 's', '2026-11-20T09:00:00Z'));
    await postNative(ws, incoming('s2', 's', '2026-11-20T09:20:00Z')); // arrives before the merge, occurred after it
    await postNative(ws, nativeMerge('mg', 'p', 's', '2026-11-20T09:10:00Z'));
    const secondary = await conversationsOf(ws, 's', token);
    expect(secondary).toHaveLength(1);
    expect(secondary[0]).toMatchObject({ closed_source: 'merge', closed_at: '2026-11-20T09:10:00.000+00:00', incoming_messages: 1 });
    const primary = await conversationsOf(ws, 'p', token);
    expect(primary).toHaveLength(1);
    expect(primary[0]).toMatchObject({ status: 'open', thread_id: 'p', opened_at: '2026-11-20T09:20:00.000+00:00', incoming_messages: 1 });
    // After the merge, the secondary's new events go straight to the primary.
    await postNative(ws, reply('s3', 's', '2026-11-20T09:25:00Z'));
    expect((await conversationsOf(ws, 'p', token))[0]).toMatchObject({ first_response_time_ms: 5 * 60_000, responses: 1 });
  });
});

describe('business hours', () => {
  it('measures every duration in the workspace\'s schedule, and follows a change of schedule', async () => {
    const ws = await createWorkspace('UTC');
    const token = await createToken(ws, 'agent');
    // Friday 16:30 the contact writes; Monday 09:30 Ana answers.
    await postNative(ws, incoming('b1', 'c', '2026-11-20T16:30:00Z'));
    await postNative(ws, reply('b2', 'c', '2026-11-23T09:30:00Z'));
    let [c] = await conversationsOf(ws, 'c', token);
    // No schedule yet: business time is calendar time. 2 days 17 hours = 234,000,000 ms.
    expect(c.first_response_time_ms).toBe(234_000_000);
    expect(c.business_hours.first_response_time_ms).toBe(234_000_000);

    const weekdays = [{ start: '09:00', end: '17:00' }];
    const res = await call(`/v1/workspaces/${ws.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        business_hours: { timezone: 'UTC', weekly: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays } },
        first_response_target_ms: 300_000,
      }),
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ first_response_target_ms: 300_000 });
    [c] = await conversationsOf(ws, 'c', token);
    // Friday 16:30–17:00 + Monday 09:00–09:30 = 1 hour of business time.
    expect(c.first_response_time_ms).toBe(234_000_000);
    expect(c.business_hours.first_response_time_ms).toBe(3_600_000);
    expect(c.business_hours.average_response_time_ms).toBe(3_600_000);
  });

  it('rejects a malformed schedule naming the field, and keeps the old one', async () => {
    const ws = await createWorkspace('UTC');
    const res = await call(`/v1/workspaces/${ws.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ business_hours: { timezone: 'UTC', weekly: { mon: [{ start: '09:00', end: '25:00' }] } } }),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.path).toBe('business_hours.weekly.mon[0].end');
    expect((await json(await get('/v1/me', ws.ownerToken))).workspace.business_hours).toBeNull();
  });
});

describe('recompute', () => {
  it('rebuilds conversations from the stored events', async () => {
    const ws = await createWorkspace('UTC');
    const token = await createToken(ws, 'agent');
    await postNative(ws, incoming('r1', 'c', '2026-11-20T10:00:00Z'));
    await postNative(ws, reply('r2', 'c', '2026-11-20T10:02:00Z'));
    await postNative(ws, incoming('r3', 'd', '2026-11-20T11:00:00Z'));
    const before = await conversationsOf(ws, 'c', token);
    // Damage the derived table, as a bug in an earlier version might have.
    await env.DB.prepare('UPDATE conversations SET first_response_time_ms = 1, responses = 0 WHERE workspace_id = ?').bind(ws.id).run();
    const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
    const page1 = await json(await call(`/v1/admin/workspaces/${ws.id}/recompute?limit=1`, { method: 'POST', headers: admin }));
    expect(page1).toEqual({ threads: 1, conversations: 1, next_after: 'c' });
    const page2 = await json(await call(`/v1/admin/workspaces/${ws.id}/recompute?limit=1&after=c`, { method: 'POST', headers: admin }));
    expect(page2).toEqual({ threads: 1, conversations: 1, next_after: 'd' });
    const page3 = await json(await call(`/v1/admin/workspaces/${ws.id}/recompute?limit=1&after=d`, { method: 'POST', headers: admin }));
    expect(page3).toEqual({ threads: 0, conversations: 0, next_after: null });
    const after = await conversationsOf(ws, 'c', token);
    // Everything but the ticking live values is as it was before the damage.
    const stable = ({ time_open_ms: _t, current_wait_ms: _w, ...c }: any) => c;
    expect(after.map(stable)).toEqual(before.map(stable));
    expect(after[0].first_response_time_ms).toBe(120_000);
  });

  it('needs the admin token', async () => {
    const ws = await createWorkspace('UTC');
    const res = await call(`/v1/admin/workspaces/${ws.id}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${ws.ownerToken}` } });
    expect(res.status).toBe(401);
  });
});

describe('contact type', () => {
  it('marks a contact\'s first conversation new and later ones returning, even when they arrive in reverse', async () => {
    const ws = await createWorkspace('UTC');
    const token = await createToken(ws, 'agent');
    const close = (id: string, at: string) => ({ id, type: 'conversation.closed', occurred_at: at, contact: { id: 'k' }, source: 'user' });
    // The second conversation arrives first; then the first one.
    await postNative(ws, incoming('k3', 'k', '2026-11-20T12:00:00Z'));
    await postNative(ws, incoming('k1', 'k', '2026-11-20T09:00:00Z'));
    await postNative(ws, close('k2', '2026-11-20T09:30:00Z'));
    const list = await conversationsOf(ws, 'k', token);
    expect(list.map((c: any) => [c.opened_at, c.contact_type])).toEqual([
      ['2026-11-20T12:00:00.000+00:00', 'returning'],
      ['2026-11-20T09:00:00.000+00:00', 'new'],
    ]);
  });

  it('treats a contact the source created before the workspace\'s history as returning', async () => {
    const ws = await createWorkspace('UTC');
    const token = await createToken(ws, 'agent');
    // Workspace history starts at the first event (2026-11-20); the contact existed in 2024.
    // Both in the first delivery, which itself moves the history start back to 09:00.
    await postNative(ws, {
      events: [
        { ...incoming('o1', 'old', '2026-11-20T09:00:00Z'), contact: { id: 'old', created_at: '2024-01-01T00:00:00Z' } },
        { ...incoming('n1', 'fresh', '2026-11-20T10:00:00Z'), contact: { id: 'fresh', created_at: '2026-11-20T09:59:00Z' } },
      ],
    });
    expect((await conversationsOf(ws, 'old', token))[0].contact_type).toBe('returning');
    expect((await conversationsOf(ws, 'fresh', token))[0].contact_type).toBe('new');
  });
});
