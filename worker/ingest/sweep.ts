// The cron (every minute, wrangler.jsonc): no stored event stays underived because a wake-up
// was lost, and raw bodies past their workspace's retention leave R2.
import type { Bindings } from '../app';
import { database } from '../app';
import { workspacesWithDueMarks } from '../db/derivation';
import { expiredRawBodies, forgetRawBodies } from '../db/store';
import { deleteRawBodies, rawKey } from './raw';
import { wakeDeriver } from './store';

/** Wakes the deriver of every workspace with due marks; returns how many it woke. */
export async function sweep(env: Bindings, now = Date.now()): Promise<number> {
  const ids = await workspacesWithDueMarks(database(env), now);
  await Promise.all(ids.map((id) => wakeDeriver(env, id)));
  return ids.length;
}

/** Deletes raw bodies older than their workspace's retention (default 30 days); returns how many. */
export async function enforceRawRetention(env: Bindings, now = Date.now(), pages = 10): Promise<number> {
  const db = database(env);
  let removed = 0;
  for (let page = 0; page < pages; page++) {
    const expired = await expiredRawBodies(db, now, 1000);
    if (expired.length === 0) break;
    // R2 first: a key forgotten in D1 but still in R2 would never be deleted.
    await deleteRawBodies(env, expired.map((e) => rawKey(e.workspaceId, e.dialect, e.receivedAt, e.deliveryId, e.bodyHash)));
    await forgetRawBodies(db, expired);
    removed += expired.length;
  }
  return removed;
}
