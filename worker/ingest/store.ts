// Step 1 of the data path, before the answer: store the delivery's canonical events and a dirty
// mark per touched thread in one D1 batch, then wake the workspace's deriver (derive.ts).
import type { CanonicalEvent } from '../../shared/events';
import type { Bindings, Database } from '../app';
import { putRawBody, rawKey } from './raw';
import { storeDeliveryBatch } from '../db/store';
import { webhookCredentials } from '../db/workspaces';
import type { DialectName } from '../dialects/types';
import { unavailable } from '../http';

export interface Delivery {
  dialect: DialectName;
  deliveryId: string;
  bodyHash: string;
  rawBody: string;
  receivedAt: number;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

// Workspace existence and secrets, per isolate: a webhook then costs one D1 round trip (the
// store). A signature that fails against cached secrets re-reads them once, so a secret added
// a moment ago is honoured at once; a cached entry older than a minute is re-read anyway.
const CREDENTIALS_TTL_MS = 60_000;
const credentials = new Map<string, { secrets: string[]; at: number }>();

/** The workspace's secrets for the dialect, or null when the workspace does not exist. */
export async function webhookSecrets(
  db: Database,
  workspaceId: string,
  dialect: DialectName,
  options: { fresh?: boolean; now: number },
): Promise<string[] | null> {
  const key = `${workspaceId}/${dialect}`;
  const cached = credentials.get(key);
  if (cached && !options.fresh && options.now - cached.at < CREDENTIALS_TTL_MS) return cached.secrets;
  const found = await webhookCredentials(db, workspaceId, dialect);
  if (!found.exists) {
    credentials.delete(key);
    return null;
  }
  if (credentials.size > 10_000) credentials.clear();
  credentials.set(key, { secrets: found.secrets, at: options.now });
  return found.secrets;
}

/** Whether a secret list came from the cache, i.e. a failed check deserves one fresh read. */
export function hasCachedSecrets(workspaceId: string, dialect: DialectName): boolean {
  return credentials.has(`${workspaceId}/${dialect}`);
}

/**
 * Stores a delivery atomically and says how many events were new. A storage failure stores
 * nothing (one batch) and answers 503 with Retry-After, so the source retries (events.md §1).
 */
export async function storeDelivery(
  env: Pick<Bindings, 'RAW'>,
  db: Database,
  workspaceId: string,
  delivery: Delivery,
  incoming: CanonicalEvent[],
): Promise<IngestResult> {
  let stored;
  try {
    // The body first: a delivery in D1 always has its raw bytes; a body without its rows (the
    // batch failed) is overwritten by the source's retry, or goes with retention.
    const key = rawKey(workspaceId, delivery.dialect, delivery.receivedAt, delivery.deliveryId, delivery.bodyHash);
    await putRawBody(env, key, delivery.rawBody, delivery.bodyHash);
    const { rawBody: _body, ...record } = delivery;
    stored = await storeDeliveryBatch(db, { workspaceId, ...record, rawKept: true }, incoming);
  } catch (err) {
    console.error('store failed; answering 503', err);
    throw unavailable('storage is busy; nothing was stored, retry the delivery');
  }
  const newIds = stored.newEventIds;
  // Native answers count events; the other dialects send one event per request, so a delivery
  // is new if any of its events is (or, translating to none, if the delivery itself is).
  const deliveryAccepted = incoming.length > 0 ? newIds.size > 0 : stored.deliveryIsNew;
  if (delivery.dialect === 'native') return { accepted: newIds.size, duplicates: incoming.length - newIds.size };
  return deliveryAccepted ? { accepted: 1, duplicates: 0 } : { accepted: 0, duplicates: 1 };
}

/** Tells the workspace's deriver that marks are waiting (the cron sweep is the backstop if this is lost). */
export async function wakeDeriver(env: Bindings, workspaceId: string): Promise<void> {
  try {
    await env.DERIVER.get(env.DERIVER.idFromName(workspaceId)).wake(workspaceId);
  } catch (err) {
    console.error('deriver wake-up failed; the sweep will pick the marks up', err);
  }
}
