// `npm run replay -- <workspace id> --from 2026-11-01T00:00:00Z --to 2026-11-08T00:00:00Z [--server URL]`:
// translates the workspace's kept raw webhook bodies received in [from, to) again (after a fix of
// a dialect) and stores them through the same path as live webhooks, page by page; derivation
// follows behind, and this waits for it. Reads ADMIN_TOKEN from the environment or .dev.vars.
import { adminCommand } from './admin-cli.ts';

const { workspaceId, server, values, headers } = adminCommand(
  'npm run replay -- <workspace id> --from <ISO instant> --to <ISO instant> [--server URL]',
  ['from', 'to'],
);

let after: string | null = null;
let deliveries = 0;
let events = 0;
let skipped = 0;
do {
  const url = new URL(`/v1/admin/workspaces/${encodeURIComponent(workspaceId)}/replay`, server);
  url.searchParams.set('from', values.from);
  url.searchParams.set('to', values.to);
  if (after !== null) url.searchParams.set('after', after);
  const res = await fetch(url, { method: 'POST', headers });
  if (!res.ok) {
    console.error(`replay failed: ${res.status} ${await res.text()}`);
    process.exit(1);
  }
  const page = (await res.json()) as { deliveries: number; events: number; skipped: number; next_after: string | null };
  deliveries += page.deliveries;
  events += page.events;
  skipped += page.skipped;
  after = page.next_after;
  process.stdout.write(`\r${deliveries} deliveries, ${events} events replayed, ${skipped} skipped`);
} while (after !== null);

// Derivation runs behind the store: wait until it has caught up (api.md "Ingest status").
for (;;) {
  const res = await fetch(new URL(`/v1/admin/workspaces/${encodeURIComponent(workspaceId)}/ingest`, server), { headers });
  const status = (await res.json()) as { pending_threads: number; failed_threads: number };
  if (status.pending_threads === 0) break;
  process.stdout.write(`\rderiving… ${status.pending_threads} threads pending   `);
  await new Promise((r) => setTimeout(r, 500));
}
console.log('\ndone');
