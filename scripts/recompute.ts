// `npm run recompute -- <workspace id> [--server http://127.0.0.1:8787]`: recomputes a workspace's
// conversations from its stored events (after a fix of the model), page by page.
// Reads ADMIN_TOKEN from the environment or from .dev.vars.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { server: { type: 'string', default: 'http://127.0.0.1:8787' } },
});
const workspaceId = positionals[0];
if (!workspaceId) {
  console.error('usage: npm run recompute -- <workspace id> [--server URL]');
  process.exit(2);
}
const token =
  process.env.ADMIN_TOKEN ??
  (existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8').match(/^ADMIN_TOKEN=(.+)$/m)?.[1]?.trim() : undefined);
if (!token) {
  console.error('ADMIN_TOKEN: set it in the environment (or run npm start once to create .dev.vars)');
  process.exit(2);
}

let after: string | null = null;
let threads = 0;
let conversations = 0;
do {
  const url = new URL(`/v1/admin/workspaces/${encodeURIComponent(workspaceId)}/recompute`, values.server);
  if (after !== null) url.searchParams.set('after', after);
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
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
