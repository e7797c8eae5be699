// Migration 0003 (events.md §4): Chatwoot threads stored under the bare display id ('128',
// conversations '128', '128-2') become '{account}:{display id}'. The old shape is made by turning
// a freshly derived workspace back into what the previous code stored; the migration must give
// back exactly the rows the new code derives, and the thread must go on deriving afterwards.
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { conversationEvent, messageCreated, type ConversationState, type Message } from '../fixtures/chatwoot/build';
import { addSecret, createToken, createWorkspace, get, json, postChatwoot, postNative, settled, type TestWorkspace } from './helpers';

const T0 = Date.parse('2026-07-28T09:00:00Z');
const MIN = 60_000;
const jane = { id: 42, name: 'Jane Doe' };
const m1: Message = { id: 9811, type: 'incoming', at: T0 + 500, sender: jane };
const m2: Message = { id: 9812, type: 'incoming', at: T0 + 60 * MIN, sender: jane };
const m3: Message = { id: 9813, type: 'incoming', at: T0 + 120 * MIN, sender: jane };
const state: ConversationState = {
  account: { id: 3, name: 'Acme' },
  displayId: 128,
  inbox: { id: 3, name: 'Website', channel: 'Channel::WebWidget' },
  contact: jane,
  status: 'open',
  createdAt: T0,
  updatedAt: T0 + 500,
  messages: [m1],
};

async function post(ws: TestWorkspace, secret: string, payload: unknown, delivery: string) {
  expect((await postChatwoot(ws, secret, payload, delivery)).status).toBe(202);
}

/** What the code before account scoping stored: the same rows named by the bare display id. */
async function toPreviousShape(workspaceId: string) {
  await env.DB.batch([
    env.DB.prepare(
      `UPDATE conversations SET id = substr(id, instr(id, ':') + 1), thread_id = substr(thread_id, instr(thread_id, ':') + 1)
       WHERE workspace_id = ? AND thread_id LIKE '3:%'`,
    ).bind(workspaceId),
    env.DB.prepare(`UPDATE threads SET id = substr(id, instr(id, ':') + 1) WHERE workspace_id = ? AND id LIKE '3:%'`).bind(workspaceId),
    env.DB.prepare(
      `UPDATE events SET thread_id = substr(thread_id, instr(thread_id, ':') + 1),
         payload = json_set(payload, '$.threadId', substr(thread_id, instr(thread_id, ':') + 1), '$.conversationId', substr(thread_id, instr(thread_id, ':') + 1))
       WHERE workspace_id = ? AND thread_id LIKE '3:%'`,
    ).bind(workspaceId),
  ]);
}

async function migrate() {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.includes('_chatwoot_threads_by_account'));
  expect(migration).toBeDefined();
  for (const query of migration!.queries) await env.DB.prepare(query).run();
}

const rows = async (sql: string, workspaceId: string) => (await env.DB.prepare(sql).bind(workspaceId).all()).results;

describe('migration: Chatwoot threads by account', () => {
  it('renames stored threads, conversations and events, leaves other dialects alone, and derivation goes on', async () => {
    const ws = await createWorkspace('UTC');
    const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
    // Cycle 1: opened 09:00, resolved 09:30; cycle 2: the contact writes at 10:00.
    await post(ws, secret, conversationEvent('conversation_created', state), 'd1');
    await post(ws, secret, messageCreated(m1, state), 'd2');
    const resolved = { ...state, status: 'resolved' as const, updatedAt: T0 + 30 * MIN };
    await post(ws, secret, conversationEvent('conversation_updated', resolved, { status: ['open', 'resolved'] }, state.updatedAt), 'd3');
    await post(ws, secret, messageCreated(m2, { ...state, messages: [m1, m2], updatedAt: m2.at }), 'd4');
    // A native thread with a numeric id: not Chatwoot's, never renamed.
    const native = { id: 'n-1', type: 'message.created', occurred_at: T0, contact: { id: '555' }, thread_id: '555', message: { id: 'nm-1', direction: 'incoming', sender: { type: 'contact' } } };
    expect((await postNative(ws, native)).status).toBe(202);
    await settled(ws);

    const conversationsSql = 'SELECT * FROM conversations WHERE workspace_id = ? ORDER BY id';
    const eventsSql = 'SELECT id, thread_id, payload FROM events WHERE workspace_id = ? ORDER BY id';
    const derived = { conversations: await rows(conversationsSql, ws.id), events: await rows(eventsSql, ws.id) };
    expect(derived.conversations.map((r: any) => r.id)).toEqual(['3:128', '3:128-2', '555-1']);

    await toPreviousShape(ws.id);
    expect((await rows(conversationsSql, ws.id)).map((r: any) => r.id)).toEqual(['128', '128-2', '555-1']);
    await migrate();

    expect(await rows(conversationsSql, ws.id)).toEqual(derived.conversations);
    const migrated = await rows(eventsSql, ws.id);
    expect(migrated.map((r: any) => [r.id, r.thread_id, JSON.parse(r.payload)])).toEqual(
      derived.events.map((r: any) => [r.id, r.thread_id, JSON.parse(r.payload)]),
    );
    expect(await rows('SELECT id, state FROM threads WHERE workspace_id = ? ORDER BY id', ws.id)).toEqual([
      { id: '3:128', state: null }, // rebuilt from its events by the deriver
      { id: '555', state: expect.any(String) },
    ]);
    expect(await rows('SELECT thread_id, rebuild FROM dirty_threads WHERE workspace_id = ?', ws.id)).toEqual([{ thread_id: '3:128', rebuild: 1 }]);

    // The next delivery rebuilds the thread under its new name: cycle 2 counts both messages.
    await post(ws, secret, messageCreated(m3, { ...state, messages: [m1, m2, m3], updatedAt: m3.at }), 'd5');
    await settled(ws);
    const token = await createToken(ws, 'agent');
    expect(await json(await get('/v1/threads/3:128/current', token))).toMatchObject({ conversation_id: '3:128-2', incoming_messages: 2 });
    expect(await json(await get('/v1/threads/128/current', token))).toMatchObject({ conversation_id: '3:128-2' });
    expect((await rows(conversationsSql, ws.id)).map((r: any) => r.id)).toEqual(['3:128', '3:128-2', '555-1']);
  });
});
