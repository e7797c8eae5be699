// The cron backstop: no stored event stays underived because a wake-up was lost.
import type { Bindings } from '../app';
import { database } from '../app';
import { workspacesWithDueMarks } from '../db/derivation';
import { wakeDeriver } from './store';

/** Wakes the deriver of every workspace with due marks; returns how many it woke. */
export async function sweep(env: Bindings, now = Date.now()): Promise<number> {
  const ids = await workspacesWithDueMarks(database(env), now);
  await Promise.all(ids.map((id) => wakeDeriver(env, id)));
  return ids.length;
}
