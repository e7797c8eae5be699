// The Chrome build of the extension (`wxt build` → .output/chrome-mv3), for `npm start` and the
// browser tests. Node built-ins only.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository root (URL-based, so it also works when Vitest loads this module).
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WXT = join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs');
export const CHROME_EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');

/** What the build reads: a change to any of these makes the last build stale. */
const SOURCES = ['extension', 'shared', 'wxt.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether .output/chrome-mv3 was built after the last change to the extension's sources. */
export function chromeBuildIsFresh(): boolean {
  const manifest = join(CHROME_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const built = statSync(manifest).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(ROOT, source)) <= built);
}

/** Runs `wxt build` for Chrome and resolves with the extension folder. */
export function buildChromeExtension(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WXT, 'build', '-b', 'chrome'], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && existsSync(join(CHROME_EXTENSION_DIR, 'manifest.json'))) resolve(CHROME_EXTENSION_DIR);
      else reject(new Error(`wxt build failed (exit ${code})\n${log}`));
    });
  });
}
