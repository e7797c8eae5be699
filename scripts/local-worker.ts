// The worker on this machine, as `npm start`, the webhook benchmark and the browser tests run it:
// `wrangler d1 migrations apply --local` then `wrangler dev` on a loopback port, with the local D1
// database in a directory of the caller's choosing. Node built-ins only (scripts run as plain
// TypeScript under Node 22).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository root (URL-based, so it also works when Vitest loads this module).
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
/** No prompts, no telemetry, no update checks: these runs are unattended. */
const QUIET_ENV = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' };

/** A port nothing listens on right now (another engineer's worker may hold 8787). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(false)));
  });
}

function wrangler(args: string[], output: 'inherit' | 'quiet'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: ROOT,
      env: QUIET_ENV,
      stdio: output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout?.on('data', (chunk) => (log += chunk));
    child.stderr?.on('data', (chunk) => (log += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler ${args.slice(0, 3).join(' ')} failed (exit ${code})\n${log}`)),
    );
  });
}

export interface LocalWorkerOptions {
  port: number;
  /** Where the local D1 database lives; wrangler's default is .wrangler/state. */
  persistTo?: string;
  /** Passed as a variable; without it the worker reads ADMIN_TOKEN from .dev.vars. */
  adminToken?: string;
  /** 'inherit' shows wrangler's own output (npm start); 'quiet' keeps it for the error message. */
  output?: 'inherit' | 'quiet';
  /** More worker variables (name → value). */
  vars?: Record<string, string>;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
  /** Another entry module than wrangler.jsonc's `main` (the report bench wraps the worker). */
  script?: string;
}

export interface LocalWorker {
  url: string;
  port: number;
  /** Stops wrangler and its workerd, and waits until they are gone. */
  stop(): Promise<void>;
  /** Resolves when wrangler exits, for whatever reason. */
  exited: Promise<number | null>;
  /** From now on, pass wrangler's output (request lines, errors) to `write` (output 'quiet' only). */
  follow(write: (text: string) => void): void;
  /** wrangler's recent output (output 'quiet' only). */
  recentOutput(): string;
}

/** Applies the D1 migrations to the local database (idempotent). */
export function applyLocalMigrations(options: Pick<LocalWorkerOptions, 'persistTo' | 'output'> = {}): Promise<void> {
  const persist = options.persistTo ? ['--persist-to', options.persistTo] : [];
  return wrangler(['d1', 'migrations', 'apply', 'convolens', '--local', ...persist], options.output ?? 'quiet');
}

/** Waits until the worker answers its API description. */
export async function waitForWorker(url: string, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited?.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(`${url}/v1/openapi.json`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(gone ? 'wrangler dev exited before the worker answered' : `the worker did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Starts `wrangler dev` and resolves once the worker answers. wrangler runs in its own process
 * group, so `stop()` ends it and its workerd together (and a Ctrl-C in the terminal reaches the
 * caller, which decides the order things stop in).
 */
export async function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker> {
  const { port, persistTo, adminToken, output = 'quiet', startTimeoutMs = 90_000, script } = options;
  const inspectorPort = await freePort();
  const args = [
    'dev',
    ...(script ? [script] : []),
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--local',
    '--show-interactive-dev-session=false',
    ...(persistTo ? ['--persist-to', persistTo] : []),
    ...(adminToken ? ['--var', `ADMIN_TOKEN:${adminToken}`] : []),
    ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child: ChildProcess = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: QUIET_ENV,
    detached: true,
    stdio: output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let forward: ((text: string) => void) | null = null;
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    forward?.(chunk.toString());
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // If this process ends without stopping it (an error, a test runner's exit), take it along.
  const orphanGuard = () => signalGroup('SIGKILL');
  process.once('exit', orphanGuard);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup('SIGINT');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      // workerd may outlive wrangler by a moment; make sure the group is gone.
      signalGroup('SIGKILL');
      process.off('exit', orphanGuard);
    })());

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForWorker(url, startTimeoutMs, exited);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${log}`);
  }
  return {
    url,
    port,
    stop,
    exited,
    follow: (write) => {
      forward = write;
    },
    recentOutput: () => log,
  };
}
