// Debian's Chromium with the built extension loaded, driven by playwright-core, and the steps
// every browser test shares (open an extension page, connect on the options page).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM, type E2EEnvironment } from './stack.ts';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** Opens options.html, popup.html, sidepanel.html or report.html as a tab. */
  openExtensionPage(name: 'options' | 'popup' | 'sidepanel' | 'report', viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `lang`: the browser's UI language (`--lang`, what browser.i18n follows) and the pages' locale
 * (`navigator.language`, Intl), so the extension is seen as a Spanish or English user sees it.
 * `colorScheme`: the system's colour scheme the pages see (`prefers-color-scheme`).
 */
export async function launchExtensionBrowser(
  extensionDir: string,
  lang: 'en' | 'es' = 'en',
  colorScheme: 'light' | 'dark' = 'light',
): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'convolens-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    locale: lang === 'es' ? 'es-ES' : 'en-US',
    colorScheme,
    executablePath: CHROMIUM,
    // The new headless mode runs extensions; `headless: true` would pick the old shell without them.
    headless: false,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--lang=${lang === 'es' ? 'es' : 'en-US'}`,
      '--disable-quic',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  // The extension's id is the host of its service worker's URL.
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async openExtensionPage(name, viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(`chrome-extension://${extensionId}/${name}.html`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Connects the extension on its options page, as a user does, and waits for the confirmation.
 * (A plain loop, not expect.poll: this also runs in beforeAll hooks.)
 */
export async function connect(browser: ExtensionBrowser, server: string, token: string, expected: string, lang: 'en' | 'es' = 'en'): Promise<void> {
  const options = await browser.openExtensionPage('options');
  await options.getByLabel(lang === 'es' ? 'URL del servidor' : 'Server URL').fill(server);
  await options.getByLabel(lang === 'es' ? 'Token de API' : 'API token').fill(token);
  await options.getByRole('button', { name: lang === 'es' ? 'Guardar' : 'Save' }).click();
  const status = options.locator('[aria-live="polite"]');
  let shown = '';
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await options.waitForTimeout(100)) {
    shown = (await status.innerText()).trim();
    if (shown === expected) break;
  }
  expect(shown).toBe(expected);
  await options.close();
}

export function screenshotPath(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** The running stack, or null when the browser tests are skipped here (see global-setup.ts). */
export function e2eEnvironment(): E2EEnvironment | null {
  const e2e = inject('e2e');
  return e2e.skip === null ? e2e : null;
}
