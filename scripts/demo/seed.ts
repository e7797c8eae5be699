// Fills a running worker with the demo workspace: creates it with the ADMIN_TOKEN, sets its
// categories, first-response target and business hours, makes manager and agent tokens and a
// Chatwoot and a respond.io secret, then sends the generated traffic through the real webhook
// endpoints, signed as each source signs (events.md §2 and §4). Node built-ins only.
import { createHmac } from 'node:crypto';
import type { ChatwootDelivery, DemoTraffic, NativeEvent } from './traffic.ts';

export interface DemoWebhook {
  dialect: 'native' | 'chatwoot' | 'respondio';
  url: string;
  secret: string;
}

/** What `npm start` prints and writes to .convolens/local.json (besides the URLs of the inbox and extension). */
export interface SeededWorkspace {
  workspace_id: string;
  workspace_name: string;
  tokens: { owner: string; manager: string; agent: string };
  webhooks: DemoWebhook[];
}

export interface SeedProgress {
  phase: 'native' | 'chatwoot';
  sent: number;
  total: number;
}

export interface SeedOptions {
  server: string;
  adminToken: string;
  traffic: DemoTraffic;
  onProgress?: (progress: SeedProgress) => void;
  /** Chatwoot deliveries in flight at once (one per conversation at a time, as Chatwoot's jobs run). */
  concurrency?: number;
}

/** events.md §2: a native body holds up to 500 events. */
const MAX_BATCH_EVENTS = 500;

async function request<T>(server: string, path: string, token: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Standard Webhooks signature headers (events.md §2). */
export function nativeHeaders(secret: string, deliveryId: string, body: string, nowMs = Date.now()): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', key).update(`${deliveryId}.${timestamp}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'webhook-id': deliveryId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

/** Chatwoot's account-webhook signature headers (events.md §4). */
export function chatwootHeaders(secret: string, deliveryId: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-chatwoot-timestamp': timestamp,
    'x-chatwoot-signature': `sha256=${signature}`,
    'x-chatwoot-delivery': deliveryId,
  };
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 202) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
}

/** Native events in batches: each thread's events together, in order, at most 500 events a batch. */
export function nativeBatches(events: readonly NativeEvent[]): NativeEvent[][] {
  const threadOf = (e: NativeEvent) => String(e.thread_id ?? (e.contact as { id: string }).id);
  const byThread = new Map<string, NativeEvent[]>();
  for (const e of events) {
    const list = byThread.get(threadOf(e));
    if (list) list.push(e);
    else byThread.set(threadOf(e), [e]);
  }
  const batches: NativeEvent[][] = [];
  let batch: NativeEvent[] = [];
  for (const list of byThread.values()) {
    for (let i = 0; i < list.length; i += MAX_BATCH_EVENTS) {
      const part = list.slice(i, i + MAX_BATCH_EVENTS);
      if (batch.length + part.length > MAX_BATCH_EVENTS) {
        batches.push(batch);
        batch = [];
      }
      batch.push(...part);
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

export async function createDemoWorkspace(server: string, adminToken: string, traffic: DemoTraffic): Promise<SeededWorkspace & { nativeSecret: string; chatwootSecret: string }> {
  const settings = traffic.workspace;
  const created = await request<{ workspace: { id: string; name: string }; webhook_secret: string; owner_token: string }>(
    server,
    '/v1/admin/workspaces',
    adminToken,
    'POST',
    { name: settings.name, timezone: settings.timezone },
  );
  const id = created.workspace.id;
  const owner = created.owner_token;
  // Settings before traffic: a business-hours change recomputes every stored conversation.
  await request(server, `/v1/workspaces/${id}`, owner, 'PATCH', {
    categories: settings.categories,
    first_response_target_ms: settings.first_response_target_ms,
    business_hours: settings.business_hours,
  });
  const manager = await request<{ token: string }>(server, `/v1/workspaces/${id}/tokens`, owner, 'POST', { role: 'manager', name: 'Demo manager' });
  const agent = await request<{ token: string }>(server, `/v1/workspaces/${id}/tokens`, owner, 'POST', { role: 'agent', name: 'Sofía Ramírez', user_id: '11' });
  const chatwoot = await request<{ secret: string }>(server, `/v1/workspaces/${id}/secrets`, owner, 'POST', { dialect: 'chatwoot' });
  const respondio = await request<{ secret: string }>(server, `/v1/workspaces/${id}/secrets`, owner, 'POST', { dialect: 'respondio' });
  const hook = (dialect: DemoWebhook['dialect'], secret: string): DemoWebhook => ({ dialect, url: `${server}/v1/webhooks/${id}/${dialect}`, secret });
  return {
    workspace_id: id,
    workspace_name: created.workspace.name,
    tokens: { owner, manager: manager.token, agent: agent.token },
    webhooks: [hook('native', created.webhook_secret), hook('chatwoot', chatwoot.secret), hook('respondio', respondio.secret)],
    nativeSecret: created.webhook_secret,
    chatwootSecret: chatwoot.secret,
  };
}

/** Sends the generated traffic through the workspace's native and Chatwoot webhooks. */
export async function sendDemoTraffic(
  options: SeedOptions & { workspaceId: string; nativeSecret: string; chatwootSecret: string },
): Promise<void> {
  const { server, traffic, workspaceId, onProgress } = options;
  const concurrency = options.concurrency ?? 4;

  const batches = nativeBatches(traffic.native).map((events, i) => ({ events, i }));
  const nativeUrl = `${server}/v1/webhooks/${workspaceId}/native`;
  let sent = 0;
  const sendBatch = async ({ events, i }: { events: NativeEvent[]; i: number }) => {
    const body = JSON.stringify({ events });
    await post(nativeUrl, nativeHeaders(options.nativeSecret, `demo-batch-${traffic.seed}-${i}`, body), body);
    sent += events.length;
    onProgress?.({ phase: 'native', sent, total: traffic.native.length });
  };
  // Batches side by side, except those with merges: they move other threads' events, so they go
  // last, one at a time, once the merged contacts' events are all stored.
  const merging = (b: { events: NativeEvent[] }) => b.events.some((e) => e.type === 'contact.merged');
  await pool(batches.filter((b) => !merging(b)), concurrency, sendBatch);
  await pool(batches.filter(merging), 1, sendBatch);

  // Chatwoot: contacts first, then each conversation's deliveries in order, conversations side by side.
  const chatwootUrl = `${server}/v1/webhooks/${workspaceId}/chatwoot`;
  const send = async (d: ChatwootDelivery) => {
    const body = JSON.stringify(d.payload);
    await post(chatwootUrl, chatwootHeaders(options.chatwootSecret, d.delivery, body), body);
    onProgress?.({ phase: 'chatwoot', sent: ++sent, total: traffic.chatwoot.length });
  };
  sent = 0;
  const byConversation = new Map<number, ChatwootDelivery[]>();
  const contacts: ChatwootDelivery[] = [];
  for (const d of traffic.chatwoot) {
    if (d.displayId === null) contacts.push(d);
    else byConversation.set(d.displayId, [...(byConversation.get(d.displayId) ?? []), d]);
  }
  await pool(contacts, concurrency, send);
  await pool([...byConversation.values()], concurrency, async (deliveries) => {
    for (const d of deliveries) await send(d);
  });
}

/**
 * Waits until every accepted webhook is derived (api.md "Ingest status": pending_threads 0):
 * derivation runs behind the webhook's answer.
 */
export async function waitForDerivation(server: string, workspaceId: string, ownerToken: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await request<{ pending_threads: number; failed_threads: number }>(server, `/v1/workspaces/${workspaceId}/ingest`, ownerToken, 'GET');
    if (status.pending_threads === 0) return;
    if (Date.now() > deadline) throw new Error(`derivation still behind after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates the demo workspace, sends its traffic and waits until all of it is derived. */
export async function seedDemo(options: SeedOptions): Promise<SeededWorkspace> {
  const { nativeSecret, chatwootSecret, ...seeded } = await createDemoWorkspace(options.server, options.adminToken, options.traffic);
  await sendDemoTraffic({ ...options, workspaceId: seeded.workspace_id, nativeSecret, chatwootSecret });
  await waitForDerivation(options.server, seeded.workspace_id, seeded.tokens.owner);
  return seeded;
}
