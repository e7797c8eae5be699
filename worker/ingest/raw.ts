// Raw webhook bodies live in R2 (binding RAW), written before the answer; D1 keeps the key and
// the hash. Keys sort by workspace, dialect and day, so retention and replay walk them by age.
import type { Bindings } from '../app';

/** `ws/dialect/2026-11-20/<delivery id>.<first 16 of the body hash>` (a reused delivery id stays distinct). */
export function rawKey(workspaceId: string, dialect: string, receivedAt: number, deliveryId: string, bodyHash: string): string {
  const day = new Date(receivedAt).toISOString().slice(0, 10);
  return `${encodeURIComponent(workspaceId)}/${dialect}/${day}/${encodeURIComponent(deliveryId)}.${bodyHash.slice(0, 16)}`;
}

export async function putRawBody(env: Pick<Bindings, 'RAW'>, key: string, body: string, bodyHash: string): Promise<void> {
  await env.RAW.put(key, body, { httpMetadata: { contentType: 'application/json' }, customMetadata: { sha256: bodyHash } });
}

export async function getRawBody(env: Pick<Bindings, 'RAW'>, key: string): Promise<string | null> {
  const object = await env.RAW.get(key);
  return object ? object.text() : null;
}

/** R2 deletes at most 1000 keys per call. */
export async function deleteRawBodies(env: Pick<Bindings, 'RAW'>, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) await env.RAW.delete(keys.slice(i, i + 1000));
}
