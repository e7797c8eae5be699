// Migration 0003 (team performance): conversations derived before it have no responders and no
// assignment history. Its hand-written statement marks every derived thread for a rebuild, and the
// deriver fills the new columns from the stored events: nothing is guessed, nothing left stale.
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { sweep } from '../../worker/ingest/sweep';
import { postNative, settled } from './helpers';
import { reportWorkspace } from './reports-helpers';

const ana = { id: 'u-ana', name: 'Ana', team: { id: 't-sales', name: 'Sales' } };
const T = (hms: string) => `2026-11-19T${hms}Z`;
const contact = { id: 'c-1', name: 'Alice' };

it('rebuilds conversations derived before the migration, so their people are counted', async () => {
  const { ws, report } = await reportWorkspace('UTC');
  const events = [
    { id: 'e1', type: 'message.created', occurred_at: T('10:00:00'), contact, message: { id: 'm1', direction: 'incoming', sender: { type: 'contact' } } },
    { id: 'e2', type: 'conversation.assigned', occurred_at: T('10:01:00'), contact, assignee: ana },
    { id: 'e3', type: 'message.created', occurred_at: T('10:02:00'), contact, message: { id: 'm2', direction: 'outgoing', sender: { type: 'user', id: 'u-ana', name: 'Ana' } } },
    { id: 'e4', type: 'conversation.closed', occurred_at: T('10:30:00'), contact, source: 'user', user: ana },
  ];
  expect((await postNative(ws, { events }, 'migration-scenario')).status).toBe(202);
  await settled(ws);
  const path = '/v1/reports/agents?from=2026-11-19&to=2026-11-19';
  // One conversation: Ana held it, answered it (2:00 after the open) and closed it.
  const expected = { assigned: 1, closed: 1, first_responses: 1, responses: 1, unique_contacts: 1 };
  expect((await report(path)).agents).toMatchObject([expected]);

  // As a row derived before the migration: the new columns at their defaults.
  await env.DB.prepare(`UPDATE conversations SET assignment_history = '[]', responders = '[]' WHERE workspace_id = ?`).bind(ws.id).run();
  expect((await report(path)).agents).toMatchObject([{ assigned: 0, responses: 0, closed: 1, first_responses: 1 }]);

  const migration = env.TEST_MIGRATIONS.find((m) => m.name.includes('team_performance'))!;
  const handWritten = migration.queries.find((q) => q.includes('dirty_threads'))!;
  await env.DB.prepare(handWritten).run();
  const mark = await env.DB.prepare('SELECT rebuild FROM dirty_threads WHERE workspace_id = ?').bind(ws.id).first<{ rebuild: number }>();
  expect(mark?.rebuild).toBe(1);

  await sweep(env); // the minute cron wakes the deriver of every workspace with due marks
  await settled(ws);
  expect((await report(path)).agents).toMatchObject([expected]);
});
