// Everything the browser tests run against, started the way `npm start` starts it but isolated:
// the worker on a free loopback port with a fresh local database (temp dir) and a random
// ADMIN_TOKEN, the demo workspace filled through the webhooks with a smaller volume, the
// extension built (or a fresh build reused) and copied aside, and the demo inbox on a free port.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChromeExtension, chromeBuildIsFresh, CHROME_EXTENSION_DIR } from '../../scripts/build-extension.ts';
import { startDemoInbox } from '../../scripts/demo/inbox-server.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { CHATWOOT_ACCOUNT_ID, generateDemoTraffic } from '../../scripts/demo/traffic.ts';
import { applyLocalMigrations, freePort, startLocalWorker } from '../../scripts/local-worker.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null. */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  return `${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) to run the browser tests`;
}

/** What the tests get (plain data: it crosses from Vitest's main process to the test workers). */
export interface E2EEnvironment {
  server: string;
  adminToken: string;
  workspaceId: string;
  workspaceName: string;
  tokens: { owner: string; manager: string; agent: string };
  extensionDir: string;
  inboxDashboardUrl: string;
  /** The same list with Chatwoot's expanded cards (each prints its conversation's id). */
  inboxExpandedDashboardUrl: string;
  /** An open website conversation whose contact is waiting now and has past conversations. */
  waiting: { displayId: number; url: string; contactName: string };
  /** Where screenshots go: docs/ when refreshing the README's, else test-results/. */
  screenshotDir: string;
}

export interface E2EStack {
  env: E2EEnvironment;
  stop(): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url).pathname;

export async function startE2EStack(): Promise<E2EStack> {
  const dir = mkdtempSync(join(tmpdir(), 'convolens-e2e-'));
  const adminToken = `adm_${randomBytes(18).toString('base64url')}`;
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // The extension builds while the worker starts; the tests load a copy, so a concurrent
    // `wxt build` in the working tree cannot change it under them.
    const extension = (chromeBuildIsFresh() ? Promise.resolve(CHROME_EXTENSION_DIR) : buildChromeExtension()).then((built) => {
      const copy = join(dir, 'extension');
      cpSync(built, copy, { recursive: true });
      return copy;
    });
    extension.catch(() => undefined);

    const state = join(dir, 'd1');
    await applyLocalMigrations({ persistTo: state });
    const worker = await startLocalWorker({ port: await freePort(), persistTo: state, adminToken });
    cleanups.push(() => worker.stop());

    // A month of history at a lighter volume than the demo's (the tests need shape, not mass).
    const traffic = generateDemoTraffic({ now: Date.now(), days: 30, conversationsPerWeekday: 24, chatwootDays: 5 });
    const seeded = await seedDemo({ server: worker.url, adminToken, traffic });
    const inbox = await startDemoInbox({ threads: traffic.inbox, port: await freePort() });
    cleanups.push(() => inbox.close());

    // A website conversation whose contact is waiting now and has written before (the side
    // panel lists those): asked of the worker, which is what the extension shows.
    const get = async <T>(path: string) =>
      (await (await fetch(`${worker.url}${path}`, { headers: { authorization: `Bearer ${seeded.tokens.agent}` } })).json()) as T;
    let chosen: (typeof traffic.inbox)[number] | undefined;
    for (const thread of traffic.inbox) {
      if (thread.status === 'resolved') continue;
      const current = await get<{ status?: string; current_wait_ms?: number | null }>(`/v1/threads/${encodeURIComponent(`${CHATWOOT_ACCOUNT_ID}:${thread.displayId}`)}/current`);
      if (current.status !== 'open' || current.current_wait_ms == null) continue;
      const contact = await get<{ conversations?: Array<{ status: string }> }>(`/v1/contacts/${thread.contact.id}/conversations`);
      if (contact.conversations?.some((c) => c.status === 'closed')) {
        chosen = thread;
        break;
      }
    }
    if (!chosen) throw new Error('the demo data has no website conversation whose returning contact is waiting now');

    return {
      env: {
        server: worker.url,
        adminToken,
        workspaceId: seeded.workspace_id,
        workspaceName: seeded.workspace_name,
        tokens: seeded.tokens,
        extensionDir: await extension,
        inboxDashboardUrl: inbox.dashboardUrl,
        inboxExpandedDashboardUrl: inbox.expandedDashboardUrl,
        waiting: { displayId: chosen.displayId, url: inbox.conversationUrl(chosen.displayId), contactName: chosen.contact.name },
        screenshotDir: process.env.CONVOLENS_SCREENSHOTS === 'docs' ? join(ROOT, 'docs') : join(ROOT, 'test-results', 'screenshots'),
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
