// Test helpers: drive the worker through its HTTP interface, as a webhook source and an API client would.
import { exports } from 'cloudflare:workers';
import { env } from 'cloudflare:workers';

export const BASE = 'http://convolens.test';
const ADMIN = { authorization: `Bearer ${env.ADMIN_TOKEN}` };

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface TestWorkspace {
  id: string;
  secret: string;
  ownerToken: string;
  timezone: string;
}

export async function createWorkspace(timezone = 'UTC', name = 'Acme Support'): Promise<TestWorkspace> {
  const res = await call('/v1/admin/workspaces', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ name, timezone }),
  });
  if (res.status !== 201) throw new Error(`workspace creation failed: ${res.status} ${await res.text()}`);
  const body = await json(res);
  return { id: body.workspace.id, secret: body.webhook_secret, ownerToken: body.owner_token, timezone };
}

export async function createToken(ws: TestWorkspace, role: 'agent' | 'manager' | 'owner'): Promise<string> {
  const res = await call(`/v1/workspaces/${ws.id}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, name: `${role} token` }),
  });
  return (await json(res)).token;
}

export async function addSecret(ws: TestWorkspace, dialect: 'native' | 'respondio' | 'chatwoot', secret?: string): Promise<string> {
  const res = await call(`/v1/workspaces/${ws.id}/secrets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ dialect, ...(secret ? { secret } : {}) }),
  });
  return (await json(res)).secret;
}

const encoder = new TextEncoder();

async function hmac(key: Uint8Array, data: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(data)));
}
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Standard Webhooks headers for a native delivery (events.md §2). */
export async function nativeHeaders(secret: string, id: string, body: string, timestampSec = Math.floor(Date.now() / 1000)) {
  const key = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (ch) => ch.charCodeAt(0));
  const signature = b64(await hmac(key, `${id}.${timestampSec}.${body}`));
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': `v1,${signature}`,
  };
}

let deliveryCounter = 0;

/** Posts a signed native body (one event, or {events}) to the workspace. */
export async function postNative(ws: TestWorkspace, payload: unknown, deliveryId?: string): Promise<Response> {
  const body = JSON.stringify(payload);
  const id =
    deliveryId ??
    (payload && typeof payload === 'object' && 'id' in payload ? String((payload as { id: unknown }).id) : `dlv-${++deliveryCounter}`);
  return call(`/v1/webhooks/${ws.id}/native`, { method: 'POST', headers: await nativeHeaders(ws.secret, id, body), body });
}

/**
 * A native `contact.merged` event (events.md §2 "Types": the envelope contact is the primary),
 * at an epoch-milliseconds number or an ISO instant.
 */
export const nativeMerge = (id: string, primary: string, secondary: string, at: number | string) => ({
  id,
  type: 'contact.merged',
  occurred_at: at,
  contact: { id: primary },
  primary: { id: primary },
  secondary: { id: secondary },
});

export async function respondioHeaders(secret: string, body: string) {
  return { 'content-type': 'application/json', 'x-webhook-signature': b64(await hmac(encoder.encode(secret), body)) };
}

export async function chatwootHeaders(secret: string, body: string, delivery: string, timestampSec = Math.floor(Date.now() / 1000)) {
  return {
    'content-type': 'application/json',
    'x-chatwoot-timestamp': String(timestampSec),
    'x-chatwoot-signature': `sha256=${hex(await hmac(encoder.encode(secret), `${timestampSec}.${body}`))}`,
    'x-chatwoot-delivery': delivery,
  };
}

/** Posts a respond.io body to the workspace, signed with the integration's key. */
export async function postRespondio(ws: TestWorkspace, secret: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return call(`/v1/webhooks/${ws.id}/respondio`, { method: 'POST', headers: await respondioHeaders(secret, body), body });
}

/** Posts a Chatwoot body to the workspace, signed with its secret, under the given delivery id. */
export async function postChatwoot(ws: TestWorkspace, secret: string, payload: unknown, delivery: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return call(`/v1/webhooks/${ws.id}/chatwoot`, { method: 'POST', headers: await chatwootHeaders(secret, body, delivery), body });
}

export function get(path: string, token: string): Promise<Response> {
  return call(path, { headers: { authorization: `Bearer ${token}` } });
}

/** Rows a workspace holds in each table, to prove a rejected request stored nothing. */
export async function storedCounts(workspaceId: string): Promise<Record<string, number>> {
  const tables = ['deliveries', 'events', 'contacts', 'threads', 'conversations', 'contact_merges'];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE workspace_id = ?`).bind(workspaceId).first<{ n: number }>();
    out[t] = row!.n;
  }
  return out;
}

export interface IngestStatus {
  pending_threads: number;
  oldest_pending_at: string | null;
  failed_threads: number;
  last_event_at: string | null;
}

export async function ingestStatus(ws: { id: string }): Promise<IngestStatus> {
  const res = await call(`/v1/admin/workspaces/${ws.id}/ingest`, { headers: ADMIN });
  if (res.status !== 200) throw new Error(`ingest status failed: ${res.status} ${await res.text()}`);
  return json<IngestStatus>(res);
}

/**
 * Waits until every delivery accepted for the workspace is reflected in its conversations,
 * reports and live views (api.md "Ingest status": pending_threads 0), as the hidden checks do.
 * Tests call it after sending webhooks and before reading anything.
 */
export async function settled(ws: { id: string }, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await ingestStatus(ws);
    if (status.pending_threads === 0) return;
    if (Date.now() > deadline) throw new Error(`derivation still behind after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
