// The data path on loopback (wrangler dev: local D1 and the real Durable Object), each figure
// next to a baseline measured in the same run and the target of issue 10:
//   1. single-event native webhooks at concurrency 1, 8 and 32: answered/s and p50/p99, against
//      a route that verifies the same signature and inserts the same row raw; events derived/s
//      over the run and the time from an answer until its event is derived (p50/p99);
//   2. batches of 500 events (500 new threads each): stored/s and derived/s, against raw
//      multi-row inserts of the same rows;
//   3. D1 round trips before the answer, per in-order event (counted by the worker);
//   4. bytes per conversation in D1 for native, respond.io and Chatwoot traffic, and
//      conversations per 10 GB database.
//   node scripts/bench-webhook.ts [--scale 1]
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDemoWorkspace, sendDemoTraffic, waitForDerivation } from './demo/seed.ts';
import { generateDemoTraffic } from './demo/traffic.ts';
import { applyLocalMigrations, freePort, startLocalWorker } from './local-worker.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);

const admin = `adm_${randomBytes(16).toString('hex')}`;
const state = mkdtempSync(join(tmpdir(), 'convolens-bench-'));
await applyLocalMigrations({ persistTo: state });
const worker = await startLocalWorker({ port: await freePort(), persistTo: state, adminToken: admin, vars: { BENCH_ROUTES: '1' } });
const server = worker.url;

interface Ws {
  id: string;
  secret: string;
  owner: string;
}

async function createWorkspace(name: string): Promise<Ws> {
  const res = await fetch(`${server}/v1/admin/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, timezone: 'UTC' }),
  });
  const body = (await res.json()) as { workspace: { id: string }; webhook_secret: string; owner_token: string };
  return { id: body.workspace.id, secret: body.webhook_secret, owner: body.owner_token };
}

function signed(ws: Ws, id: string, body: string) {
  const key = Buffer.from(ws.secret.replace(/^whsec_/, ''), 'base64');
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` };
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

interface Sample {
  at: number;
  pending: number;
  oldest: number | null;
}

/** Polls the ingest status while `until` runs; then until nothing is pending. */
async function watchIngest(ws: Ws, until: Promise<unknown>): Promise<{ samples: Sample[]; derivedAt: number }> {
  const samples: Sample[] = [];
  let done = false;
  void until.finally(() => (done = true));
  for (;;) {
    const res = await fetch(`${server}/v1/workspaces/${ws.id}/ingest`, { headers: { authorization: `Bearer ${ws.owner}` } });
    const s = (await res.json()) as { pending_threads: number; oldest_pending_at: string | null };
    const at = Date.now();
    samples.push({ at, pending: s.pending_threads, oldest: s.oldest_pending_at === null ? null : Date.parse(s.oldest_pending_at) });
    if (done && s.pending_threads === 0) return { samples, derivedAt: at };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** When an event answered at `answeredAt` was derived: no mark left that is as old as its answer. */
function derivedLag(samples: Sample[], answeredAt: number): number {
  const hit = samples.find((s) => s.at >= answeredAt && (s.pending === 0 || (s.oldest !== null && s.oldest > answeredAt)));
  return hit ? hit.at - answeredAt : NaN;
}

const message = (prefix: string, i: number, t0: number, contacts: number) => ({
  id: `${prefix}-${i}`,
  type: 'message.created',
  occurred_at: t0 + i * 1000,
  contact: { id: `${prefix}-c-${i % contacts}`, name: `Contact ${i % contacts}` },
  message: {
    id: `m-${prefix}-${i}`,
    direction: i % 3 === 2 ? 'outgoing' : 'incoming',
    sender: i % 3 === 2 ? { type: 'user', id: 'u-1', name: 'Agent' } : { type: 'contact' },
  },
});

// ---- 1. single events -------------------------------------------------------------------------
console.log('ConvoLens data path benchmark (wrangler dev on loopback; ratios are to baselines of this run)\n');
console.log('1. single-event native webhooks (20 contacts, every event after the last: the in-order case)');
const roundTrips: number[] = [];
for (const concurrency of [1, 8, 32]) {
  const count = Math.round((concurrency === 1 ? 150 : 400) * scale);
  const t0 = Date.now() - 2 * 86_400_000;
  const ws = await createWorkspace(`single-${concurrency}`);
  const run = async (url: string, prefix: string, record: (ms: number, answeredAt: number, res: Response) => void) => {
    const events = Array.from({ length: count }, (_, i) => message(prefix, i, t0, 20));
    const started = Date.now();
    await pool(events, concurrency, async (event) => {
      const body = JSON.stringify(event);
      const sent = performance.now();
      const res = await fetch(url, { method: 'POST', headers: signed(ws, event.id, body), body });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${url} answered ${res.status}`);
      record(performance.now() - sent, Date.now(), res);
    });
    return { started, ended: Date.now() };
  };
  const baseMs: number[] = [];
  const base = await run(`${server}/v1/bench/${ws.id}/raw-insert`, 'b', (ms) => baseMs.push(ms));
  const hookMs: number[] = [];
  const answers: number[] = [];
  const hooks = run(`${server}/v1/webhooks/${ws.id}/native`, 'w', (ms, at, res) => {
    hookMs.push(ms);
    answers.push(at);
    if (concurrency === 1) roundTrips.push(Number(res.headers.get('x-d1-round-trips')));
  });
  const watched = await watchIngest(ws, hooks);
  const hook = await hooks;
  const answeredPerS = count / ((hook.ended - hook.started) / 1000);
  const basePerS = count / ((base.ended - base.started) / 1000);
  const derivedPerS = count / ((watched.derivedAt - hook.started) / 1000);
  const lags = answers.map((a) => derivedLag(watched.samples, a)).filter((x) => !Number.isNaN(x));
  console.log(
    `  c=${String(concurrency).padEnd(2)} webhook  ${f0(answeredPerS).padStart(5)} answered/s  p50 ${f1(pct(hookMs, 50))} ms  p99 ${f1(pct(hookMs, 99))} ms` +
      `   derived ${f0(derivedPerS)}/s (all derived ${f0(watched.derivedAt - hook.ended)} ms after the last answer)` +
      `   answer→derived p50 ${f0(pct(lags, 50))} ms p99 ${f0(pct(lags, 99))} ms (±20 ms polling)`,
  );
  console.log(
    `       baseline ${f0(basePerS).padStart(5)} answered/s  p50 ${f1(pct(baseMs, 50))} ms  p99 ${f1(pct(baseMs, 99))} ms` +
      `   ratio ${f0((100 * answeredPerS) / basePerS)}%${concurrency === 8 ? '   (target ≥ 70% at c=8, derived/s ≥ answered/s, p99 < 1 s)' : ''}`,
  );
}

// ---- 2. batches of 500 ------------------------------------------------------------------------
console.log('\n2. batches of 500 events, each naming 500 new threads, one batch at a time');
{
  const batches = Math.max(2, Math.round(6 * scale));
  const ws = await createWorkspace('batches');
  const t0 = Date.now() - 86_400_000;
  const bodies = (prefix: string) =>
    Array.from({ length: batches }, (_, b) => ({
      id: `${prefix}-batch-${b}`,
      body: JSON.stringify({ events: Array.from({ length: 500 }, (_, i) => message(`${prefix}${b}`, i, t0, 500)) }),
    }));
  const send = async (url: string, list: Array<{ id: string; body: string }>) => {
    const started = Date.now();
    for (const { id, body } of list) {
      const res = await fetch(url, { method: 'POST', headers: signed(ws, id, body), body });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${url} answered ${res.status}`);
    }
    return Date.now() - started;
  };
  const baseMs = await send(`${server}/v1/bench/${ws.id}/raw-insert`, bodies('b'));
  const started = Date.now();
  const storing = send(`${server}/v1/webhooks/${ws.id}/native`, bodies('w'));
  const watched = await watchIngest(ws, storing);
  const storeMs = await storing;
  const events = batches * 500;
  const stored = events / (storeMs / 1000);
  const base = events / (baseMs / 1000);
  console.log(`  webhook   ${f0(stored)} events/s stored, ${f0(events / ((watched.derivedAt - started) / 1000))} events/s derived (${events} events)`);
  console.log(`  baseline  ${f0(base)} events/s raw multi-row inserts of the same rows   ratio ${f0((100 * stored) / base)}%   (target ≥ 20,000/s and ≥ 60%)`);
}

// ---- 3. round trips ---------------------------------------------------------------------------
console.log('\n3. D1 round trips before the answer, per in-order single-event webhook');
console.log(`  median ${pct(roundTrips, 50)}, max ${Math.max(...roundTrips)} over ${roundTrips.length} requests   (target 1; the first request of an isolate also reads the secrets)`);

// ---- 4. bytes per conversation ----------------------------------------------------------------
console.log('\n4. bytes per conversation in D1 (rows of the workspace: values + ~40 B per row for header and key)');
interface Bytes {
  conversations: number;
  tables: Record<string, number>;
  database_bytes: number | null;
}
const bytesOf = async (id: string) => (await (await fetch(`${server}/v1/bench/${id}/bytes`)).json()) as Bytes;
const report = (label: string, b: Bytes, dbDelta: number | null) => {
  const total = Object.values(b.tables).reduce((a, x) => a + x, 0);
  const per = total / Math.max(1, b.conversations);
  const parts = Object.entries(b.tables)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${f1(v / Math.max(1, b.conversations) / 1024)}`)
    .join(', ');
  const pages = dbDelta === null ? '' : `; database pages grew ${f1(dbDelta / Math.max(1, b.conversations) / 1024)} KB/conversation incl. indexes`;
  console.log(`  ${label.padEnd(10)} ${f1(per / 1024)} KB/conversation (${b.conversations} conversations; KB: ${parts}${pages})`);
  const perForCapacity = dbDelta === null ? per : Math.max(per, dbDelta / Math.max(1, b.conversations));
  console.log(`             ≈ ${f1(10e9 / perForCapacity / 1e6)} M conversations per 10 GB database   (target ≤ 8 KB/conversation)`);
};
const now = Date.now();
const demo = generateDemoTraffic({ now, days: 14, conversationsPerWeekday: Math.round(24 * scale), chatwootDays: 7 });
for (const dialect of ['native', 'chatwoot'] as const) {
  const before = (await bytesOf('none')).database_bytes;
  const traffic = { ...demo, native: dialect === 'native' ? demo.native : [], chatwoot: dialect === 'chatwoot' ? demo.chatwoot : [] };
  const seeded = await createDemoWorkspace(server, admin, traffic);
  await sendDemoTraffic({ server, adminToken: admin, traffic, workspaceId: seeded.workspace_id, nativeSecret: seeded.nativeSecret, chatwootSecret: seeded.chatwootSecret });
  await waitForDerivation(server, seeded.workspace_id, seeded.tokens.owner);
  const b = await bytesOf(seeded.workspace_id);
  report(dialect, b, before === null || b.database_bytes === null ? null : b.database_bytes - before);
}
{
  // respond.io: its sample payloads (test/fixtures/respondio, from heboai/hebo's aikit-respond-io
  // types) re-dated and re-numbered, four webhooks per conversation.
  const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/respondio/${name}.json`, import.meta.url), 'utf8'));
  const received = fixture('message.received');
  const opened = fixture('conversation.opened');
  const sent = fixture('message.sent');
  const closed = fixture('conversation.closed');
  const ws = await createWorkspace('respondio');
  const key = randomBytes(24).toString('base64url');
  await fetch(`${server}/v1/workspaces/${ws.id}/secrets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.owner}`, 'content-type': 'application/json' },
    body: JSON.stringify({ dialect: 'respondio', secret: key }),
  });
  const before = (await bytesOf('none')).database_bytes;
  const conversations = Math.round(150 * scale);
  const t0 = Math.floor(Date.now() / 1000) - 3 * 86_400;
  await pool(Array.from({ length: conversations }, (_, i) => i), 8, async (i) => {
    const t = t0 + i * 600;
    const contact = { ...received.contact, id: 5000 + i };
    const payloads = [
      { ...received, event_id: `rx-${i}`, contact, message: { ...received.message, messageId: 9000 + i, timestamp: t } },
      { ...opened, event_id: `op-${i}`, contact: { ...opened.contact, id: 5000 + i }, conversation: { ...opened.conversation, conversationOpenedAt: t } },
      { ...sent, event_id: `tx-${i}`, contact: { ...sent.contact, id: 5000 + i }, message: { ...sent.message, messageId: 19000 + i, timestamp: (t + 60) * 1000 } },
      { ...closed, event_id: `cl-${i}`, contact: { ...closed.contact, id: 5000 + i }, conversation: { ...closed.conversation, openedTime: t, closedTime: t + 300 } },
    ];
    for (const p of payloads) {
      const body = JSON.stringify(p);
      const signature = createHmac('sha256', key).update(body).digest('base64');
      const res = await fetch(`${server}/v1/webhooks/${ws.id}/respondio`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-signature': signature }, body });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`respond.io webhook answered ${res.status}`);
    }
  });
  await waitForDerivation(server, ws.id, ws.owner);
  const b = await bytesOf(ws.id);
  report('respond.io', b, before === null || b.database_bytes === null ? null : b.database_bytes - before);
}

await worker.stop();
rmSync(state, { recursive: true, force: true });
process.exit(0);
