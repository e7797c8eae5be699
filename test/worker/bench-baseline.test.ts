// The webhook benchmark's baseline (worker/db/bench.ts) must insert the same event rows as the
// store (worker/db/store.ts), or the figures compare different work.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parseNativeBody } from '../../shared/events';
import { database } from '../../worker/app';
import { insertRawEvents } from '../../worker/db/bench';
import { storeDeliveryBatch } from '../../worker/db/store';
import { createWorkspace, nativeMerge } from './helpers';

const at = Date.parse('2026-11-20T09:00:00Z');

describe('benchmark baseline', () => {
  it('inserts the event rows the store inserts, merges included', async () => {
    const ws = await createWorkspace();
    const parsed = parseNativeBody({
      events: [
        {
          id: 'e1',
          type: 'message.created',
          occurred_at: at,
          contact: { id: 's' },
          message: { id: 'm1', direction: 'incoming', sender: { type: 'contact' } },
        },
        nativeMerge('e2', 'p', 's', at + 60_000),
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const db = database(env);
    const receivedAt = at + 120_000;
    await storeDeliveryBatch(
      db,
      { workspaceId: ws.id, dialect: 'native', deliveryId: 'd1', bodyHash: 'h', receivedAt, rawKept: false },
      parsed.value,
    );
    await insertRawEvents(db, `${ws.id}-baseline`, 'd1', parsed.value, receivedAt);

    const rowsOf = async (workspaceId: string) =>
      (
        await env.DB.prepare('SELECT * FROM events WHERE workspace_id = ? ORDER BY id').bind(workspaceId).all<Record<string, unknown>>()
      ).results.map(({ workspace_id: _, ...rest }) => rest);
    const stored = await rowsOf(ws.id);
    expect(stored).toHaveLength(2);
    // The merge row names its secondary contact (worker/db/schema.ts events.secondary_contact_id).
    expect(stored[1]).toMatchObject({ id: 'e2', type: 'contact.merged', contact_id: 'p', secondary_contact_id: 's', thread_id: 'p' });
    expect(await rowsOf(`${ws.id}-baseline`)).toEqual(stored);
  });
});
