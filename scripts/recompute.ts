// `npm run recompute -- <workspace id> [--server http://127.0.0.1:8787]`: recomputes a workspace's
// conversations from its stored events (after a fix of the model), page by page.
// Reads ADMIN_TOKEN from the environment or from .dev.vars.
import { adminCommand } from './admin-cli.ts';

const { workspaceId, server, headers } = adminCommand('npm run recompute -- <workspace id> [--server URL]');

let after: string | null = null;
let threads = 0;
let conversations = 0;
do {
  const url = new URL(`/v1/admin/workspaces/${encodeURIComponent(workspaceId)}/recompute`, server);
  if (after !== null) url.searchParams.set('after', after);
  const res = await fetch(url, { method: 'POST', headers });
  if (!res.ok) {
    console.error(`recompute failed: ${res.status} ${await res.text()}`);
    process.exit(1);
  }
  const page = (await res.json()) as { threads: number; conversations: number; next_after: string | null };
  threads += page.threads;
  conversations += page.conversations;
  after = page.next_after;
  process.stdout.write(`\r${threads} threads, ${conversations} conversations rebuilt`);
} while (after !== null);
console.log('\ndone');
