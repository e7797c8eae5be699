// The data path's guarantees under forced interleavings, in workerd with the real D1 and the
// real Durable Object: nothing stored stays underived, failures heal, merges and contact types
// do not depend on the order in which things are stored or derived.
import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, runDurableObjectAlarm, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { parseNativeBody, type CanonicalEvent } from '../../shared/events';
import worker from '../../worker/index';
import { database } from '../../worker/app';
import { rawKey } from '../../worker/ingest/raw';
import { storeDelivery } from '../../worker/ingest/store';
import type { WorkspaceDeriver } from '../../worker/ingest/deriver';
import { BASE, call, createToken, createWorkspace, get, ingestStatus, json, nativeHeaders, nativeMerge, postNative, settled, storedCounts, type TestWorkspace } from './helpers';

const base = Date.parse('2026-11-20T09:00:00Z');
const MIN = 60_000;

const message = (id: string, contact: string, at: number, direction: 'incoming' | 'outgoing', thread?: string) => ({
  id,
  type: 'message.created',
  occurred_at: at,
  contact: { id: contact },
  ...(thread ? { thread_id: thread } : {}),
  message: {
    id: `m-${id}`,
    direction,
    sender: direction === 'incoming' ? { type: 'contact' } : { type: 'user', id: 'u-1', name: 'Ana' },
  },
});

function canonical(payload: unknown): CanonicalEvent[] {
  const parsed = parseNativeBody(payload);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** Stores a native delivery the way the webhook does, but wakes nobody: a wake-up that was lost. */
async function storeOnly(ws: TestWorkspace, deliveryId: string, payload: unknown, receivedAt = Date.now()) {
  return storeDelivery(
    env,
    database(env),
    ws.id,
    { dialect: 'native', deliveryId, bodyHash: deliveryId, rawBody: JSON.stringify(payload), receivedAt },
    canonical(payload),
  );
}

function deriver(ws: TestWorkspace): DurableObjectStub<WorkspaceDeriver> {
  return env.DERIVER.get(env.DERIVER.idFromName(ws.id));
}

/** Runs one drain of the workspace's deriver now, optionally of some threads only. */
function drain(ws: TestWorkspace, onlyThreads?: string[]) {
  return runInDurableObject(deriver(ws), (instance: WorkspaceDeriver) => instance.drain({ workspaceId: ws.id, onlyThreads }));
}

async function conversationsOf(ws: TestWorkspace, contact: string) {
  const res = await get(`/v1/contacts/${contact}/conversations`, await createToken(ws, 'agent'));
  return res.status === 404 ? [] : (await json(res)).conversations;
}

describe('nothing stored stays underived', () => {
  it('a store whose wake-up was lost is derived by the cron sweep', async () => {
    const ws = await createWorkspace();
    await storeOnly(ws, 'lost', message('l1', 'c', base, 'incoming'));
    expect(await ingestStatus(ws)).toMatchObject({ pending_threads: 1, failed_threads: 0, last_event_at: '2026-11-20T09:00:00.000+00:00' });
    expect(await conversationsOf(ws, 'c')).toEqual([]);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    await settled(ws);
    expect(await conversationsOf(ws, 'c')).toMatchObject([{ opened_at: '2026-11-20T09:00:00.000+00:00', incoming_messages: 1 }]);
  });

  it('a retry of a delivery stored but never derived answers "duplicate" and gets it derived', async () => {
    const ws = await createWorkspace();
    const batch = { events: [message('r1', 'c', base, 'incoming'), message('r2', 'c', base + 2 * MIN, 'outgoing')] };
    expect(await storeOnly(ws, 'crashed', batch)).toEqual({ accepted: 2, duplicates: 0 });
    const retry = await postNative(ws, batch, 'crashed');
    expect(retry.status).toBe(200);
    expect(await json(retry)).toEqual({ accepted: 0, duplicates: 2 });
    await settled(ws);
    // Opened 09:00, answered 09:02.
    expect(await conversationsOf(ws, 'c')).toMatchObject([{ first_response_time_ms: 2 * MIN, responses: 1 }]);
  });

  it('a derivation that throws keeps the mark, is retried with backoff, counted as failing, and heals', async () => {
    const ws = await createWorkspace();
    await storeOnly(ws, 'f', message('f1', 'c', base, 'incoming'));
    const failingDb = {
      prepare: (query: string) => env.DB.prepare(query),
      batch: async () => {
        throw new Error('D1_ERROR: simulated overload');
      },
    };
    for (let attempt = 1; attempt <= 3; attempt++) {
      await runInDurableObject(deriver(ws), async (instance: WorkspaceDeriver) => {
        const real = (instance as unknown as { env: typeof env }).env;
        (instance as unknown as { env: unknown }).env = { ...real, DB: failingDb };
        try {
          await instance.drain({ workspaceId: ws.id });
        } finally {
          (instance as unknown as { env: unknown }).env = real;
        }
      });
      const mark = await env.DB.prepare('SELECT attempts, next_attempt_at, last_error FROM dirty_threads WHERE workspace_id = ?')
        .bind(ws.id)
        .first<{ attempts: number; next_attempt_at: number; last_error: string }>();
      expect(mark).toMatchObject({ attempts: attempt, last_error: 'D1_ERROR: simulated overload' });
      // Backoff: the next attempt is 2 s, 4 s, 8 s later, not at once.
      expect(mark!.next_attempt_at - Date.now()).toBeGreaterThan(2 ** attempt * 1000 - 1500);
      // Time passes (the backoff elapses).
      await env.DB.prepare('UPDATE dirty_threads SET next_attempt_at = 0 WHERE workspace_id = ?').bind(ws.id).run();
    }
    expect(await ingestStatus(ws)).toMatchObject({ pending_threads: 1, failed_threads: 1 });
    await drain(ws);
    expect(await ingestStatus(ws)).toMatchObject({ pending_threads: 0, failed_threads: 0 });
    expect(await conversationsOf(ws, 'c')).toMatchObject([{ incoming_messages: 1 }]);
  });

  it('keeps the alarm set while marks are waiting for their backoff', async () => {
    const ws = await createWorkspace();
    await storeOnly(ws, 'a', message('a1', 'c', base, 'incoming'));
    await env.DB.prepare('UPDATE dirty_threads SET next_attempt_at = ? WHERE workspace_id = ?').bind(Date.now() + 3_600_000, ws.id).run();
    await runInDurableObject(deriver(ws), (instance: WorkspaceDeriver) => instance.wake(ws.id));
    expect(await runDurableObjectAlarm(deriver(ws))).toBe(true);
    // Nothing was due, so nothing was derived, and the next alarm waits for the mark.
    expect(await ingestStatus(ws)).toMatchObject({ pending_threads: 1 });
    const alarm = await runInDurableObject(deriver(ws), (_i: WorkspaceDeriver, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + 3_500_000);
  });
});

describe('one writer per workspace', () => {
  it('a derivation that read before a store never overwrites the one that read after it', async () => {
    const ws = await createWorkspace();
    await storeOnly(ws, 'w1', message('w1', 'c', base, 'incoming'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstRead!: () => void;
    const readDone = new Promise<void>((resolve) => (firstRead = resolve));
    await runInDurableObject(deriver(ws), async (instance: WorkspaceDeriver) => {
      // First derivation: reads w1, then waits before writing.
      const first = instance.drain({
        workspaceId: ws.id,
        hooks: {
          beforeWrite: async () => {
            firstRead();
            await gate;
          },
        },
      });
      await readDone;
      // Meanwhile the reply is stored and a second derivation is asked for.
      await storeOnly(ws, 'w2', message('w2', 'c', base + 3 * MIN, 'outgoing'));
      const second = instance.drain({ workspaceId: ws.id });
      // Let the second one run as far as it can before the first writes (it must wait for it).
      await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      release();
      await Promise.all([first, second]);
    });
    expect(await ingestStatus(ws)).toMatchObject({ pending_threads: 0 });
    // Both events are reflected: opened 09:00, answered 09:03.
    expect(await conversationsOf(ws, 'c')).toMatchObject([{ incoming_messages: 1, outgoing_messages: 1, first_response_time_ms: 3 * MIN }]);
  });
});

describe('merges at read time', () => {
  // s writes at 09:00; s is merged into p at 09:10; s writes again at 09:20 (after the merge).
  // Whatever the order: s's conversation closes by merge at 09:10 with 1 message, and p has an
  // open conversation opened 09:20 with 1 message (product.md §2).
  const expectMerged = async (ws: TestWorkspace) => {
    await settled(ws);
    expect(await conversationsOf(ws, 's')).toMatchObject([
      { closed_source: 'merge', closed_at: '2026-11-20T09:10:00.000+00:00', incoming_messages: 1 },
    ]);
    expect(await conversationsOf(ws, 'p')).toMatchObject([
      { status: 'open', thread_id: 'p', opened_at: '2026-11-20T09:20:00.000+00:00', incoming_messages: 1, contact_type: 'new' },
    ]);
  };

  it('the merge derived before the merged contact\'s later event is stored', async () => {
    const ws = await createWorkspace();
    await storeOnly(ws, 'm1', message('s1', 's', base, 'incoming'));
    await storeOnly(ws, 'm2', nativeMerge('mg', 'p', 's', base + 10 * MIN));
    await drain(ws);
    await storeOnly(ws, 'm3', message('s2', 's', base + 20 * MIN, 'incoming'));
    await drain(ws);
    await expectMerged(ws);
  });

  it('the merged contact\'s later event derived before the merge is stored', async () => {
    const ws = await createWorkspace();
    await storeOnly(ws, 'm1', message('s1', 's', base, 'incoming'));
    await storeOnly(ws, 'm3', message('s2', 's', base + 20 * MIN, 'incoming'));
    await drain(ws);
    // Before the merge is known, both messages are one open conversation of s.
    expect(await conversationsOf(ws, 's')).toMatchObject([{ status: 'open', incoming_messages: 2 }]);
    await storeOnly(ws, 'm2', nativeMerge('mg', 'p', 's', base + 10 * MIN));
    await drain(ws);
    await expectMerged(ws);
  });

  it('everything stored before one derivation', async () => {
    const ws = await createWorkspace();
    await storeOnly(ws, 'm2', nativeMerge('mg', 'p', 's', base + 10 * MIN));
    await storeOnly(ws, 'm3', message('s2', 's', base + 20 * MIN, 'incoming'));
    await storeOnly(ws, 'm1', message('s1', 's', base, 'incoming'));
    await drain(ws);
    await expectMerged(ws);
  });
});

describe('contact type and names from the stored set alone', () => {
  // Contact k has two threads: t-early (09:00) and t-late (11:00). The early one is new.
  async function twoThreads(order: string[]) {
    const ws = await createWorkspace();
    await storeOnly(ws, 'e', message('e1', 'k', base, 'incoming', 't-early'));
    await storeOnly(ws, 'l', message('l1', 'k', base + 2 * 60 * MIN, 'incoming', 't-late'));
    for (const thread of order) await drain(ws, [thread]);
    expect(await ingestStatus(ws)).toMatchObject({ pending_threads: 0 });
    const list = await conversationsOf(ws, 'k');
    return Object.fromEntries(list.map((c: any) => [c.thread_id, c.contact_type]));
  }

  it('two threads of one contact derived early-then-late and late-then-early agree', async () => {
    expect(await twoThreads(['t-early', 't-late'])).toEqual({ 't-early': 'new', 't-late': 'returning' });
    expect(await twoThreads(['t-late', 't-early'])).toEqual({ 't-early': 'new', 't-late': 'returning' });
  });

  it('an early event arriving late moves the history start and re-settles other contacts', async () => {
    const ws = await createWorkspace();
    const created = Date.parse('2026-11-20T08:00:00Z');
    // Contact old was created at 08:00; history starts at the workspace's creation (now), so old is returning.
    await postNative(ws, { ...message('o1', 'old', base, 'incoming'), contact: { id: 'old', created_at: created } });
    await settled(ws);
    expect((await conversationsOf(ws, 'old'))[0].contact_type).toBe('returning');
    // Another contact's event from 07:00 arrives: history now starts at 07:00, before old was created.
    await postNative(ws, message('x1', 'other', created - 60 * MIN, 'incoming'));
    await settled(ws);
    expect((await conversationsOf(ws, 'old'))[0].contact_type).toBe('new');
  });

  it('two renames at the same instant: the larger event id wins, whichever arrives last', async () => {
    const rename = (id: string, name: string) => ({ id, type: 'contact.updated', occurred_at: base, contact: { id: 'n', name } });
    const names: string[] = [];
    for (const order of [['ren-a', 'ren-b'], ['ren-b', 'ren-a']]) {
      const ws = await createWorkspace();
      await postNative(ws, message('n0', 'n', base - MIN, 'incoming'));
      for (const id of order) await postNative(ws, rename(id, id === 'ren-a' ? 'Ana' : 'Bea'));
      await settled(ws);
      names.push((await conversationsOf(ws, 'n'))[0].contact_name);
    }
    expect(names).toEqual(['Bea', 'Bea']);
  });
});

describe('a source conversation id seen on two threads', () => {
  it('a cycle renamed by a later event\'s conversation id leaves no row under its first id', async () => {
    const ws = await createWorkspace();
    await postNative(ws, message('rn1', 'c', base, 'incoming'));
    await settled(ws);
    expect((await conversationsOf(ws, 'c')).map((c: any) => c.conversation_id)).toEqual(['c-1']);
    await postNative(ws, { ...message('rn2', 'c', base + MIN, 'outgoing'), conversation_id: 'src-9' });
    await settled(ws);
    expect((await conversationsOf(ws, 'c')).map((c: any) => c.conversation_id)).toEqual(['src-9']);
  });


  it('never overwrites the other thread\'s conversation', async () => {
    const ws = await createWorkspace();
    const withConversation = (id: string, contact: string, at: number) => ({ ...message(id, contact, at, 'incoming'), conversation_id: 'conv-1' });
    await postNative(ws, withConversation('a1', 'alice', base));
    await postNative(ws, withConversation('b1', 'bob', base + MIN));
    await settled(ws);
    const alice = await conversationsOf(ws, 'alice');
    const bob = await conversationsOf(ws, 'bob');
    expect(alice).toMatchObject([{ conversation_id: 'conv-1', thread_id: 'alice', incoming_messages: 1 }]);
    expect(bob).toMatchObject([{ conversation_id: 'conv-1~bob', thread_id: 'bob', incoming_messages: 1 }]);
  });
});

describe('overload', () => {
  it('answers 503 with Retry-After and stores nothing when D1 refuses the batch; the retry is accepted', async () => {
    const ws = await createWorkspace();
    const busyDb = {
      prepare: (query: string) => env.DB.prepare(query),
      batch: async () => {
        throw new Error('D1_ERROR: Too many requests queued');
      },
    };
    const send = async (event: { id: string }, db: unknown) => {
      const body = JSON.stringify(event);
      const ctx = createExecutionContext();
      const request = new Request(`${BASE}/v1/webhooks/${ws.id}/native`, { method: 'POST', headers: await nativeHeaders(ws.secret, event.id, body), body });
      const res = await worker.fetch(request, { ...env, DB: db as D1Database }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    // A first delivery caches the workspace's secrets, so the next one's only D1 call is the store.
    expect((await send(message('o0', 'c', base - MIN, 'incoming'), env.DB)).status).toBe(202);
    await settled(ws);
    const event = message('o1', 'c', base, 'incoming');
    const before = await storedCounts(ws.id);
    const res = await send(event, busyDb);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await json(res)).error.code).toBe('unavailable');
    expect(await storedCounts(ws.id)).toEqual(before);
    expect(await ingestStatus(ws)).toMatchObject({ pending_threads: 0 });

    const retry = await postNative(ws, event, 'o1');
    expect(retry.status).toBe(202);
    await settled(ws);
    expect(await conversationsOf(ws, 'c')).toMatchObject([{ incoming_messages: 2 }]);
  });
});

describe('raw bodies in R2', () => {
  const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}` };

  it('keeps the body under workspace/dialect/day/delivery, and D1 only the row that names it', async () => {
    const ws = await createWorkspace();
    const event = message('raw1', 'c', base, 'incoming');
    expect((await postNative(ws, event, 'dlv/raw 1')).status).toBe(202);
    const row = await env.DB.prepare('SELECT raw_kept, raw_body, body_hash, received_at FROM deliveries WHERE workspace_id = ?')
      .bind(ws.id)
      .first<{ raw_kept: number; raw_body: string | null; body_hash: string; received_at: number }>();
    expect(row).toMatchObject({ raw_kept: 1, raw_body: null });
    const day = new Date(row!.received_at).toISOString().slice(0, 10);
    const key = `${ws.id}/native/${day}/dlv%2Fraw%201.${row!.body_hash.slice(0, 16)}`;
    expect(rawKey(ws.id, 'native', row!.received_at, 'dlv/raw 1', row!.body_hash)).toBe(key);
    const object = await env.RAW.get(key);
    expect(JSON.parse(await object!.text())).toEqual(event);
    expect(object!.customMetadata).toEqual({ sha256: row!.body_hash });
  });

  it('the cron deletes bodies past the workspace\'s retention and keeps the events', async () => {
    const ws = await createWorkspace();
    // The first delivery was received 31 days ago; the default retention is 30 days.
    await storeOnly(ws, 'old', message('old1', 'c', base, 'incoming'), Date.now() - 31 * 86_400_000);
    await postNative(ws, message('new1', 'c', base + MIN, 'incoming'), 'new');
    await settled(ws);
    type Row = { delivery_id: string; raw_kept: number; body_hash: string; received_at: number };
    const rows = async () =>
      (await env.DB.prepare('SELECT delivery_id, raw_kept, body_hash, received_at FROM deliveries WHERE workspace_id = ? ORDER BY delivery_id').bind(ws.id).all<Row>()).results;
    const keyOf = (r: Row) => rawKey(ws.id, 'native', r.received_at, r.delivery_id, r.body_hash);
    const [fresh, old] = await rows();
    expect(await env.RAW.get(keyOf(old!))).not.toBeNull();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await rows()).map((r) => [r.delivery_id, r.raw_kept])).toEqual([
      ['new', 1],
      ['old', 0],
    ]);
    expect(await env.RAW.get(keyOf(old!))).toBeNull();
    expect(await env.RAW.get(keyOf(fresh!))).not.toBeNull();
    expect(await conversationsOf(ws, 'c')).toMatchObject([{ incoming_messages: 2 }]);
  });

  it('replay translates kept bodies again and rebuilds what they touch', async () => {
    const ws = await createWorkspace();
    await postNative(ws, message('rp1', 'c', base, 'incoming'), 'rp1');
    await postNative(ws, message('rp2', 'c', base + 4 * MIN, 'outgoing'), 'rp2');
    await settled(ws);
    // A translation bug had stored the reply 10 minutes late (09:14 instead of 09:04).
    await env.DB.prepare("UPDATE events SET occurred_at = occurred_at + 600000, payload = json_set(payload, '$.occurredAt', json_extract(payload, '$.occurredAt') + 600000) WHERE workspace_id = ? AND id = 'rp2'")
      .bind(ws.id)
      .run();
    await call(`/v1/admin/workspaces/${ws.id}/recompute`, { method: 'POST', headers: admin });
    expect((await conversationsOf(ws, 'c'))[0].first_response_time_ms).toBe(14 * MIN);

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await call(`/v1/admin/workspaces/${ws.id}/replay?from=${from}&to=${to}`, { method: 'POST', headers: admin });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ deliveries: 2, events: 2, skipped: 0, next_after: null });
    await settled(ws);
    // The kept body says 09:04: answered 4 minutes after 09:00.
    expect((await conversationsOf(ws, 'c'))[0].first_response_time_ms).toBe(4 * MIN);
  });
});
