// Replay (`npm run replay`): kept raw bodies are translated again (after a dialect fix) and
// stored through the same store batch, replacing their events and marking the threads they were
// and are now on for a rebuild. The deriver does the rest, as for any store.
import type { Bindings, Database } from '../app';
import { keptDeliveries, storeDeliveryBatch } from '../db/store';
import { dialects } from '../dialects';
import type { DialectName } from '../dialects/types';
import { getRawBody, rawKey } from './raw';

/** The header a dialect reads its delivery id from (events.md), rebuilt for a replayed body. */
const DELIVERY_HEADER: Record<DialectName, string | null> = { native: 'webhook-id', chatwoot: 'x-chatwoot-delivery', respondio: null };

export interface ReplayPage {
  deliveries: number;
  events: number;
  /** Bodies gone (retention) or that no longer translate: left as they are. */
  skipped: number;
  next_after: string | null;
}

export async function replayDeliveries(
  env: Pick<Bindings, 'RAW'>,
  db: Database,
  workspaceId: string,
  range: { from: number; to: number; after: string | null; limit: number },
): Promise<ReplayPage> {
  // The cursor is the last row's sort key, as JSON.
  const after = range.after === null ? null : (JSON.parse(range.after) as [number, string, string, string]);
  const page = await keptDeliveries(db, workspaceId, { from: range.from, to: range.to, after, limit: range.limit });
  let events = 0;
  let skipped = 0;
  for (const d of page) {
    const dialect = dialects[d.dialect as DialectName];
    const text = dialect ? await getRawBody(env, rawKey(workspaceId, d.dialect, d.receivedAt, d.deliveryId, d.bodyHash)) : null;
    if (!dialect || text === null) {
      skipped++;
      continue;
    }
    const header = DELIVERY_HEADER[dialect.name];
    const headers = new Headers(header ? { [header]: d.deliveryId } : {});
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      skipped++;
      continue;
    }
    const translated = dialect.translate(body, { headers, receivedAt: d.receivedAt });
    if (!translated.ok) {
      skipped++;
      continue;
    }
    await storeDeliveryBatch(db, { workspaceId, ...d, rawKept: true }, translated.value.events, { replace: true });
    events += translated.value.events.length;
  }
  const last = page[page.length - 1];
  return {
    deliveries: page.length - skipped,
    events,
    skipped,
    next_after: page.length === range.limit && last ? JSON.stringify([last.receivedAt, last.dialect, last.deliveryId, last.bodyHash]) : null,
  };
}
