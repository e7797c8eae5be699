// Webhook latency on loopback: starts `wrangler dev` on a free port with a fresh local database,
// creates a workspace, sends single signed native events one at a time, and prints the median
// and p90 answer times next to a baseline (an unauthenticated 404 through the same stack), so
// the ratio holds on a noisy shared machine.
//   node scripts/bench-webhook.ts [--events 300]
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyLocalMigrations, freePort, startLocalWorker } from './local-worker.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '300' } } });
const count = Number(values.events);

const admin = `adm_${randomBytes(16).toString('hex')}`;
const state = mkdtempSync(join(tmpdir(), 'convolens-bench-'));
await applyLocalMigrations({ persistTo: state });
const worker = await startLocalWorker({ port: await freePort(), persistTo: state, adminToken: admin });
const server = worker.url;
const cleanup = async () => {
  await worker.stop();
  rmSync(state, { recursive: true, force: true });
};

const created = (await (
  await fetch(`${server}/v1/admin/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', timezone: 'UTC' }),
  })
).json()) as { workspace: { id: string }; webhook_secret: string };
const key = Buffer.from(created.webhook_secret.replace(/^whsec_/, ''), 'base64');

function signed(id: string, body: string) {
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` };
}

async function timed(fn: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (res.status >= 500) throw new Error(`status ${res.status}`);
  return performance.now() - start;
}

const webhookMs: number[] = [];
const baselineMs: number[] = [];
const t0 = Date.now() - count * 60_000;
for (let i = 0; i < count; i++) {
  // 20 contacts, each event newer than the last: the common, in-order case.
  const contact = `c-${i % 20}`;
  const event = {
    id: `bench-${i}`,
    type: 'message.created',
    occurred_at: t0 + i * 60_000,
    contact: { id: contact, name: `Contact ${i % 20}` },
    message: {
      id: `m-${i}`,
      direction: i % 3 === 2 ? 'outgoing' : 'incoming',
      sender: i % 3 === 2 ? { type: 'user', id: 'u-1', name: 'Agent' } : { type: 'contact' },
    },
  };
  const body = JSON.stringify(event);
  baselineMs.push(await timed(() => fetch(`${server}/v1/nothing-here`)));
  webhookMs.push(await timed(() => fetch(`${server}/v1/webhooks/${created.workspace.id}/native`, { method: 'POST', headers: signed(event.id, body), body })));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const median = pct(webhookMs, 50);
const baseline = pct(baselineMs, 50);
console.log(`single-event native webhook, ${count} requests on loopback (wrangler dev, local D1)`);
console.log(`  webhook   median ${median.toFixed(1)} ms   p90 ${pct(webhookMs, 90).toFixed(1)} ms`);
console.log(`  baseline  median ${baseline.toFixed(1)} ms   (unauthenticated 404 through the same worker)`);
console.log(`  ratio     ${(median / baseline).toFixed(2)}× the baseline`);
await cleanup();
process.exit(0);
