// How ingestion derives: big batches within D1's limits, the cheap in-order path, and
// concurrent deliveries to one thread converging to the same conversation.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createToken, createWorkspace, get, ingestStatus, json, postNative, settled } from './helpers';

const base = Date.parse('2026-11-20T09:00:00Z');
const message = (id: string, contact: string, at: number, direction: 'incoming' | 'outgoing') => ({
  id,
  type: 'message.created',
  occurred_at: at,
  contact: { id: contact },
  message: {
    id: `m-${id}`,
    direction,
    sender: direction === 'incoming' ? { type: 'contact' } : { type: 'user', id: 'u-1', name: 'Ana' },
  },
});

describe('ingestion paths', () => {
  it('stores and derives a batch of 500 events naming 500 contacts (chunked under 100 bound parameters)', async () => {
    const ws = await createWorkspace();
    const events = Array.from({ length: 500 }, (_, i) => message(`big-${i}`, `contact-${i}`, base + i * 1000, 'incoming'));
    const res = await postNative(ws, { events }, 'big-batch');
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ accepted: 500, duplicates: 0 });
    await settled(ws);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM conversations WHERE workspace_id = ? AND status = 'open'")
      .bind(ws.id)
      .first<{ n: number }>();
    expect(row!.n).toBe(500);
  }, 30_000); // 500 contacts stored and derived: seconds on a loaded two-core machine

  it('applies an in-order event to the thread\'s saved state without re-reading its events', async () => {
    const ws = await createWorkspace();
    const token = await createToken(ws, 'agent');
    await postNative(ws, message('p1', 'c', base, 'incoming'));
    await settled(ws);
    // Remove the stored incoming message behind the worker's back: only a full rebuild would notice.
    await env.DB.prepare("DELETE FROM events WHERE workspace_id = ? AND id = 'p1'").bind(ws.id).run();
    await postNative(ws, message('p2', 'c', base + 5 * 60_000, 'outgoing'));
    await settled(ws);
    let [c] = (await json(await get('/v1/contacts/c/conversations', token))).conversations;
    // In order: applied to the saved state, which still holds the 09:00 message → a 5:00 response.
    expect(c).toMatchObject({ incoming_messages: 1, responses: 1, first_response_time_ms: 300_000 });
    // A late event (08:59) forces a rebuild from what is stored, which no longer has p1.
    await postNative(ws, message('p0', 'c', base - 60_000, 'incoming'));
    await settled(ws);
    [c] = (await json(await get('/v1/contacts/c/conversations', token))).conversations;
    expect(c).toMatchObject({ opened_at: '2026-11-20T08:59:00.000+00:00', incoming_messages: 1, responses: 1, first_response_time_ms: 360_000 });
  });

  it('concurrent deliveries to one thread converge to the conversation sequential ones give', async () => {
    const timeline = (prefix: string) => [
      message(`${prefix}-1`, 'c', base, 'incoming'),
      message(`${prefix}-2`, 'c', base + 60_000, 'incoming'),
      message(`${prefix}-3`, 'c', base + 3 * 60_000, 'outgoing'),
      message(`${prefix}-4`, 'c', base + 10 * 60_000, 'incoming'),
      message(`${prefix}-5`, 'c', base + 12 * 60_000, 'outgoing'),
      { id: `${prefix}-6`, type: 'conversation.closed', occurred_at: base + 20 * 60_000, contact: { id: 'c' }, source: 'user' },
    ];
    const sequential = await createWorkspace();
    for (const e of timeline('s')) await postNative(sequential, e);
    const concurrent = await createWorkspace();
    const answers = await Promise.all(timeline('s').map((e) => postNative(concurrent, e)));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    const read = async (ws: typeof sequential) => {
      await settled(ws);
      const [c] = (await json(await get('/v1/contacts/c/conversations', await createToken(ws, 'agent')))).conversations;
      return c;
    };
    // Hand-computed: opened 09:00, responses 09:00→09:03 (3:00) and 09:10→09:12 (2:00), closed 09:20.
    const expected = {
      status: 'closed',
      incoming_messages: 3,
      outgoing_messages: 2,
      responses: 2,
      first_response_time_ms: 180_000,
      average_response_time_ms: 150_000,
      resolution_time_ms: 1_200_000,
    };
    expect(await read(sequential)).toMatchObject(expected);
    expect(await read(concurrent)).toMatchObject(expected);
    expect(await ingestStatus(concurrent)).toMatchObject({ pending_threads: 0, failed_threads: 0 });
  });
});
