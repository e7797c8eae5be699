// `npm start`: ConvoLens on this machine. Applies the D1 migrations to a local database, starts
// the worker with `wrangler dev` on 127.0.0.1, and prints how to use it.
//   npm start -- --port 8787   another port
//   npm start -- --reset       forget the local database first
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { port: { type: 'string', default: '8787' }, reset: { type: 'boolean', default: false } },
});
const port = Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port: expected a port number, got "${args.port}"`);
  process.exit(2);
}
const server = `http://127.0.0.1:${port}`;

/** The local ADMIN_TOKEN lives in .dev.vars (git-ignored), which wrangler dev reads. */
function adminToken(): string {
  const existing = existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8').match(/^ADMIN_TOKEN=(.+)$/m)?.[1] : undefined;
  if (existing) return existing.trim();
  const token = `adm_${randomBytes(24).toString('base64url')}`;
  writeFileSync('.dev.vars', `ADMIN_TOKEN=${token}\n`, { mode: 0o600 });
  return token;
}

function run(command: string, commandArgs: string[]): void {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (args.reset) rmSync('.wrangler/state', { recursive: true, force: true });
const token = adminToken();
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'convolens', '--local']);

const worker = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--local', '--show-interactive-dev-session=false'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: process.env,
});
const stop = () => {
  worker.kill('SIGINT');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
worker.on('exit', (code) => process.exit(code ?? 0));

async function waitForWorker(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${server}/v1/openapi.json`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the worker did not answer on ${server}`);
}

await waitForWorker();
console.log(`
ConvoLens worker: ${server}   (API description: ${server}/v1/openapi.json)
Admin token (in .dev.vars): ${token}

Create a workspace:
  curl -s -X POST ${server}/v1/admin/workspaces \\
    -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\
    -d '{"name": "My support team", "timezone": "America/Mexico_City"}'

It answers with the owner token and the native webhook secret. Point webhooks at:
  native:     ${server}/v1/webhooks/<workspace id>/native
  respond.io: ${server}/v1/webhooks/<workspace id>/respondio   (add each subscription's signing key: POST /v1/workspaces/<id>/secrets)
  Chatwoot:   ${server}/v1/webhooks/<workspace id>/chatwoot    (add the webhook's secret the same way)

Ctrl-C stops the worker.
`);
