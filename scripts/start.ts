// `npm start`: a working ConvoLens on this machine, with demo data.
//   1. applies the D1 migrations to the local database and starts the worker (`wrangler dev`) on
//      127.0.0.1, with a generated ADMIN_TOKEN kept in the git-ignored .dev.vars;
//   2. on the first run, creates the demo workspace and sends it 60 days of generated traffic
//      through the real webhook endpoints (native batches and signed Chatwoot deliveries);
//   3. builds the extension (`wxt build`) and serves the demo inbox (Chatwoot-shaped) on loopback;
//   4. prints the URLs, tokens and webhook secrets, and writes them to .convolens/local.json.
// Later runs reuse the data while that workspace still answers.
//   npm start -- --port 9000         the worker's port (default 8787, or a free one if it is taken)
//   npm start -- --inbox-port 9001   the demo inbox's port (default 8788, or a free one)
//   npm start -- --reset             forget the local database and the demo, and make them anew
// Ctrl-C stops the worker and the demo inbox.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildChromeExtension, CHROME_EXTENSION_DIR } from './build-extension.ts';
import { startDemoInbox, type DemoInbox } from './demo/inbox-server.ts';
import { seedDemo, type DemoWebhook, type SeededWorkspace, type SeedProgress } from './demo/seed.ts';
import { generateDemoTraffic, type InboxThread } from './demo/traffic.ts';
import { applyLocalMigrations, freePort, portInUse, startLocalWorker, type LocalWorker } from './local-worker.ts';

// The repository root (URL-based, so it also works when Vitest loads this module).
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATE_DIR = join(ROOT, '.convolens');
const LOCAL_JSON = join(STATE_DIR, 'local.json');
/** The demo inbox's conversations, kept so a second run shows the same ones. */
const INBOX_JSON = join(STATE_DIR, 'demo-inbox.json');
const DEV_VARS = join(ROOT, '.dev.vars');
const D1_STATE = join(ROOT, '.wrangler', 'state');

/** .convolens/local.json: what the browser tests and other tools read. */
export interface LocalJson {
  server: string;
  demo_inbox_url: string;
  extension_dir: string;
  workspace_id: string;
  workspace_name: string;
  tokens: { owner: string; manager: string; agent: string };
  webhooks: DemoWebhook[];
  seeded_at: string;
}

const started = performance.now();
const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'inbox-port': { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});

function portArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--${name}: expected a port number, got "${value}"`);
    process.exit(2);
  }
  return port;
}

/** The asked-for port, the default if it is free, or else any free one. */
async function choosePort(asked: number | undefined, preferred: number, what: string): Promise<number> {
  if (asked !== undefined) {
    if (await portInUse(asked)) {
      console.error(`Port ${asked} is in use; choose another with --${what === 'worker' ? 'port' : 'inbox-port'}.`);
      process.exit(1);
    }
    return asked;
  }
  if (!(await portInUse(preferred))) return preferred;
  const port = await freePort();
  console.log(`Port ${preferred} is in use; the ${what} takes ${port} instead.`);
  return port;
}

/** The local ADMIN_TOKEN lives in .dev.vars (git-ignored), which wrangler dev reads. */
function adminToken(): string {
  const existing = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8').match(/^ADMIN_TOKEN=(.+)$/m)?.[1] : undefined;
  if (existing) return existing.trim();
  const token = `adm_${randomBytes(24).toString('base64url')}`;
  const rest = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8') : '';
  writeFileSync(DEV_VARS, `${rest}${rest && !rest.endsWith('\n') ? '\n' : ''}ADMIN_TOKEN=${token}\n`, { mode: 0o600 });
  return token;
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The previous run's demo, if its workspace still answers on this database. */
async function previousDemo(server: string): Promise<{ local: LocalJson; threads: InboxThread[] } | null> {
  const local = readJson<LocalJson>(LOCAL_JSON);
  const threads = readJson<InboxThread[]>(INBOX_JSON);
  if (!local?.tokens?.owner || !threads) return null;
  try {
    const res = await fetch(`${server}/v1/me`, { headers: { authorization: `Bearer ${local.tokens.owner}` } });
    const me = (await res.json()) as { workspace?: { id: string } };
    return res.ok && me.workspace?.id === local.workspace_id ? { local, threads } : null;
  } catch {
    return null;
  }
}

function progressLine(): (p: SeedProgress) => void {
  let lastPrinted = 0;
  return (p) => {
    const line = `  ${p.phase === 'native' ? 'native events     ' : 'Chatwoot webhooks '} ${p.sent}/${p.total}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line}${p.sent === p.total ? '\n' : ''}`);
    } else if (p.sent === p.total || performance.now() - lastPrinted > 5000) {
      lastPrinted = performance.now();
      console.log(line);
    }
  };
}

const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------

if (args.reset) {
  rmSync(D1_STATE, { recursive: true, force: true });
  rmSync(LOCAL_JSON, { force: true });
  rmSync(INBOX_JSON, { force: true });
  console.log('Reset: the local database and the demo are gone; making them anew.');
}
mkdirSync(STATE_DIR, { recursive: true });
const admin = adminToken();
const workerPort = await choosePort(portArg('port', args.port), 8787, 'worker');
const inboxPort = await choosePort(portArg('inbox-port', args['inbox-port']), workerPort === 8787 ? 8788 : workerPort + 1, 'demo inbox');

let worker: LocalWorker | null = null;
let inbox: DemoInbox | null = null;
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled([inbox?.close(), worker?.stop()]);
  }
  process.exit(code);
}
process.on('SIGINT', () => {
  // npm passes the terminal's Ctrl-C on as well: say it once.
  if (!stopping) console.log('\nStopping the worker and the demo inbox…');
  void stopAll(0);
});
process.on('SIGTERM', () => void stopAll(0));

try {
  console.log('Applying the D1 migrations and starting the worker…');
  // The extension builds while the worker starts and fills (wxt is quick; both fit two cores).
  const extensionBuild = buildChromeExtension();
  extensionBuild.catch(() => undefined);
  await applyLocalMigrations();
  worker = await startLocalWorker({ port: workerPort });
  // No --var: wrangler dev reads ADMIN_TOKEN from .dev.vars, as it will for anyone running it by hand.
  void worker.exited.then((code) => {
    if (stopping) return;
    console.error(`The worker stopped unexpectedly (exit ${code}).\n${worker?.recentOutput().slice(-4000) ?? ''}`);
    void stopAll(1);
  });
  console.log(`Worker up on ${worker.url} (${seconds()} s).`);

  let demo = await previousDemo(worker.url);
  let seeded: SeededWorkspace;
  let threads: InboxThread[];
  if (demo) {
    console.log(`Reusing the demo workspace ${demo.local.workspace_id} (npm start -- --reset makes it anew).`);
    const { workspace_id, workspace_name, tokens, webhooks } = demo.local;
    // The worker may be on another port this time.
    seeded = { workspace_id, workspace_name, tokens, webhooks: webhooks.map((h) => ({ ...h, url: `${worker!.url}/v1/webhooks/${workspace_id}/${h.dialect}` })) };
    threads = demo.threads;
  } else {
    const traffic = generateDemoTraffic({ now: Date.now() });
    const { stats } = traffic;
    console.log(
      `Creating the demo workspace: ${stats.conversations} conversations over 60 days (${stats.openNow} open now, ${stats.waitingNow} waiting), ` +
        `${traffic.native.length} native events and ${traffic.chatwoot.length} Chatwoot webhooks…`,
    );
    seeded = await seedDemo({ server: worker.url, adminToken: admin, traffic, onProgress: progressLine() });
    threads = traffic.inbox;
    writeFileSync(INBOX_JSON, JSON.stringify(threads));
  }

  // A broken extension build should not take the worker and the demo inbox down with it.
  const extensionDir = await extensionBuild.catch((error: unknown) => {
    console.error(`\nThe extension did not build; the worker and the demo inbox run anyway.\n${error instanceof Error ? error.message : String(error)}`);
    return `${CHROME_EXTENSION_DIR} (not built: see the error above)`;
  });
  inbox = await startDemoInbox({ threads, port: inboxPort, workspaceName: seeded.workspace_name.replace(/ \(demo\)$/, '') });
  // From here on, the worker's errors and logs, but not every successful request (the badges poll).
  const routine = /^\[wrangler:info\] [A-Z]+ \S+ [123]\d\d /;
  worker.follow((text) => {
    const lines = text.split('\n').filter((line) => line.trim() !== '' && !routine.test(line));
    if (lines.length > 0) process.stdout.write(`${lines.map((line) => `[worker] ${line}`).join('\n')}\n`);
  });

  const local: LocalJson = {
    server: worker.url,
    demo_inbox_url: inbox.dashboardUrl,
    extension_dir: extensionDir,
    workspace_id: seeded.workspace_id,
    workspace_name: seeded.workspace_name,
    tokens: seeded.tokens,
    webhooks: seeded.webhooks,
    seeded_at: demo?.local.seeded_at ?? new Date().toISOString(),
  };
  writeFileSync(LOCAL_JSON, `${JSON.stringify(local, null, 2)}\n`, { mode: 0o600 });
  const firstOpen = threads.find((t) => t.status !== 'resolved');
  const hook = (dialect: DemoWebhook['dialect']) => local.webhooks.find((h) => h.dialect === dialect);
  const pad = (text: string, width: number) => text.padEnd(width);
  console.log(`
ConvoLens is ready (${seconds()} s).

  Worker (API)      ${local.server}    (API description: ${local.server}/v1/openapi.json)
  Demo inbox        ${local.demo_inbox_url}${firstOpen ? `\n                    an open conversation: ${inbox.conversationUrl(firstOpen.displayId)}` : ''}
                    every card's wait (Chatwoot's expanded layout): ${inbox.expandedDashboardUrl}
  Extension folder  ${local.extension_dir}
                    chrome://extensions → Developer mode → Load unpacked → this folder;
                    then on its options page paste the worker URL and a token below.

  Workspace "${local.workspace_name}" (${local.workspace_id})
    owner token     ${local.tokens.owner}
    manager token   ${local.tokens.manager}    (live dashboard and report)
    agent token     ${local.tokens.agent}    (side panel and badges; no report)

  Webhooks (the secret signs each delivery; see README "Your own inbox")
${(['native', 'chatwoot', 'respondio'] as const)
  .map((d) => hook(d))
  .filter((h) => h !== undefined)
  .map((h) => `    ${pad(h.dialect === 'respondio' ? 'respond.io' : h.dialect === 'chatwoot' ? 'Chatwoot' : 'native', 11)} ${h.url}\n                secret ${h.secret}`)
  .join('\n')}

  Admin token (in .dev.vars)  ${admin}
  All of the above is in .convolens/local.json. Ctrl-C stops the worker and the demo inbox.
`);
} catch (error) {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
