// The popup and the full-page report against the real worker: the live dashboard and compact
// summary, the Conversations report with drawn charts, a filter that does not apply to the
// opened-side components, the CSV export, and an agent, who sees the live dashboard but no report.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, e2eEnvironment, launchExtensionBrowser, screenshotPath, type ExtensionBrowser } from './browser.ts';

const env = e2eEnvironment();
const NOT_APPLICABLE = 'The selected filters are not applicable here';

/** CSV records (RFC 4180: quoted fields may hold commas, quotes and line breaks), read by csv-parse. */
function csvRecords(text: string): string[][] {
  return parse(text, { skip_empty_lines: true }) as string[][];
}

/** A report card by its component key (data-component), as the user sees it. */
const section = (page: Page, key: string) => page.locator(`section[data-component="${key}"]`);

/** Whether a canvas has anything drawn on it: a chart, not an empty box. */
const drawnCanvases = (page: Page, key: string) =>
  section(page, key)
    .locator('canvas')
    .evaluateAll((canvases) =>
      canvases.filter((c) => {
        const canvas = c as HTMLCanvasElement;
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
        return false;
      }).length,
    );

describe.skipIf(!env)('popup and full-page report', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir);
    await connect(browser, env!.server, env!.tokens.manager, `Connected to ${env!.workspaceName} as manager`);
  });
  afterAll(async () => browser?.close());

  it('shows the live dashboard and a compact summary, the full report one click away', async () => {
    const popup = await browser.openExtensionPage('popup', { width: 440, height: 600 });
    const tile = (label: string) => popup.locator('.tile').filter({ has: popup.locator('.tile-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.tile-value');
    // The demo has contacts waiting right now.
    await expect.poll(async () => Number(await tile('Open now').innerText()), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(tile('Waiting for first response').innerText()).resolves.toMatch(/^\d+$/);
    await expect(tile('Longest wait').innerText()).resolves.toMatch(/\d{2}:\d{2}/);
    await expect.poll(() => popup.locator('.compact-summary .figure-compare').count(), { timeout: 20_000 }).toBe(2);
    await expect(popup.getByRole('button', { name: 'Open the full report' }).count()).resolves.toBe(1);
    // The popup fits 800×600 without the ten-screen scroll.
    expect(await popup.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(600);
    await popup.screenshot({ path: screenshotPath(env!.screenshotDir, 'popup.png') });
  });

  it('shows the report with its charts on its own page', async () => {
    const popup = await browser.openExtensionPage('report', { width: 1280, height: 1250 });
    // The report (last 7 days by default): opened and closed counts with a drawn bar chart.
    const summary = section(popup, 'summary');
    await expect.poll(() => summary.getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    const opened = Number((await summary.locator('.figure', { hasText: 'Opened' }).locator('.figure-value').innerText()).replace(/\D/g, ''));
    expect(opened).toBeGreaterThan(0);
    await expect.poll(() => drawnCanvases(popup, 'summary')).toBeGreaterThan(0);
    await expect.poll(() => drawnCanvases(popup, 'opened_by_channel')).toBeGreaterThan(0);
    await expect.poll(() => drawnCanvases(popup, 'closed_by_category')).toBeGreaterThan(0);
    // Heatmaps and timings are there with data too.
    await expect(section(popup, 'opened_heatmap').getAttribute('data-status')).resolves.toBe('ok');
    await expect(section(popup, 'timings').getAttribute('data-status')).resolves.toBe('ok');
    // The top of the report: what a manager sees first.
    await popup.screenshot({ path: screenshotPath(env!.screenshotDir, 'report.png') });
  });

  it('says a closed-side filter is not applicable to the opened-side components', async () => {
    const popup = await browser.openExtensionPage('report', { width: 1280, height: 900 });
    await expect.poll(() => section(popup, 'opened_heatmap').getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    const category = popup.locator('details.multi-select[data-filter="category"]');
    await category.locator('summary').click();
    await category.getByLabel('Shipping').check();
    for (const key of ['opened_heatmap', 'opened_by_contact_type', 'opened_by_source', 'opened_by_channel']) {
      await expect.poll(() => section(popup, key).innerText(), { timeout: 20_000 }).toContain(NOT_APPLICABLE);
    }
    // The closed side still answers, now only with Shipping.
    const byCategory = section(popup, 'closed_by_category');
    await expect.poll(() => byCategory.getAttribute('data-status')).toBe('ok');
    await expect(byCategory.locator('table.counts tbody tr').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^Shipping\t\d+\t100(\.0)?\s*%$/)]);
    // Clear all brings the opened side back.
    await popup.getByRole('button', { name: 'Clear all' }).click();
    await expect.poll(() => section(popup, 'opened_heatmap').getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
  });

  it('exports the listed conversations as a CSV with as many rows as the list’s total', async () => {
    const popup = await browser.openExtensionPage('report', { width: 1280, height: 900 });
    const pager = popup.getByRole('navigation', { name: 'Conversation list pages' });
    await expect.poll(() => pager.innerText(), { timeout: 20_000 }).toMatch(/of \d+/);
    const total = Number(/of (\d+)/.exec(await pager.innerText())![1]);
    expect(total).toBeGreaterThan(50); // more than one page: the export is not just what is shown
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export CSV' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark: Excel reads accents right
    const records = csvRecords(bytes.toString('utf8').replace(/^\uFEFF/, '')).filter((r) => r.some((cell) => cell !== ''));
    expect(records[0]!.join(',')).toContain('Conversation ID'); // the header row
    expect(records.length - 1).toBe(total);
  });
});

describe.skipIf(!env)('popup for an agent', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir);
    await connect(browser, env!.server, env!.tokens.agent, `Connected to ${env!.workspaceName} as agent`);
  });
  afterAll(async () => browser?.close());

  it('shows the live dashboard but no report', async () => {
    const popup = await browser.openExtensionPage('popup', { width: 800, height: 900 });
    await expect.poll(() => popup.locator('.tile').count(), { timeout: 20_000 }).toBe(6);
    await expect.poll(() => popup.locator('.profile').innerText()).toContain('(agent)');
    await expect(popup.locator('section[data-component]').count()).resolves.toBe(0);
    await expect(popup.getByRole('button', { name: 'Open the full report' }).count()).resolves.toBe(0);
    const report = await browser.openExtensionPage('report');
    await expect.poll(() => report.locator('main').innerText(), { timeout: 20_000 }).toContain('The Conversations report is for managers and owners.');
  });
});

describe.skipIf(!env)('in Spanish (--lang=es)', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir, 'es');
    await connect(browser, env!.server, env!.tokens.manager, `Conectado a ${env!.workspaceName} como gerente`, 'es');
  });
  afterAll(async () => browser?.close());

  /** Writes the extension's stored settings as the options page would (a revoked token, a server gone). */
  async function setStored(values: Record<string, unknown>) {
    const page = await browser.openExtensionPage('options');
    await page.evaluate((v) => (globalThis as any).chrome.storage.local.set(v), values);
    await page.close();
  }

  it('shows the report in the seeds’ words, the list’s new columns, and a CSV with accents intact', async () => {
    const page = await browser.openExtensionPage('report', { width: 1280, height: 1250 });
    await expect.poll(() => section(page, 'summary').getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    await expect(page.locator('h2#opened_heatmap-heading').innerText()).resolves.toBe('Mapa de calor de Conversación abierta');
    await expect(page.getByRole('button', { name: 'Borrar todo' }).count()).resolves.toBe(1);
    const header = page.locator('table.list thead');
    await expect.poll(() => header.innerText(), { timeout: 20_000 }).toContain('ID de contacto');
    for (const column of ['Cerrado por equipo', 'Marca de tiempo de la primera asignación', 'Marca de tiempo de primera respuesta', 'Marca de tiempo de la última asignación']) {
      await expect(header.innerText()).resolves.toContain(column);
    }
    await page.screenshot({ path: screenshotPath(env!.screenshotDir, 'report-es.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar CSV' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = csvRecords(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(records[0]).toContain('Categoría de conversación'); // an accented header, read back intact
    expect(records[0]).toContain('Tiempo de resolución');
  });

  it('the popup in Spanish', async () => {
    const popup = await browser.openExtensionPage('popup', { width: 440, height: 600 });
    await expect.poll(() => popup.locator('#live-heading').innerText(), { timeout: 20_000 }).toBe('En vivo');
    await expect.poll(() => popup.locator('.compact-summary .figure-compare').count(), { timeout: 20_000 }).toBe(2);
    await popup.screenshot({ path: screenshotPath(env!.screenshotDir, 'popup-es.png') });
  });

  it('says a rejected token and a server that is down on the full-page report', async () => {
    await setStored({ apiToken: 'tok_revoked', profile: null });
    const rejected = await browser.openExtensionPage('report');
    await expect.poll(() => rejected.getByRole('alert').first().innerText(), { timeout: 20_000 }).toContain('El servidor no aceptó el token de API');
    await setStored({ serverUrl: 'http://127.0.0.1:9', apiToken: env!.tokens.manager });
    const down = await browser.openExtensionPage('report');
    await expect.poll(() => down.getByRole('alert').first().innerText(), { timeout: 20_000 }).toContain('No se puede conectar con el servidor de ConvoLens');
    await expect(down.getByRole('button', { name: 'Reintentar' }).count()).resolves.toBe(1);
  });
});

describe.skipIf(!env)('the full-page report’s errors in English (--lang=en)', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir, 'en');
  });
  afterAll(async () => browser?.close());

  it('says a rejected token and a server that is down', async () => {
    const options = await browser.openExtensionPage('options');
    await options.evaluate((v) => (globalThis as any).chrome.storage.local.set(v), { serverUrl: env!.server, apiToken: 'tok_revoked' });
    const rejected = await browser.openExtensionPage('report');
    await expect.poll(() => rejected.getByRole('alert').first().innerText(), { timeout: 20_000 }).toContain('The server did not accept the API token');
    await options.evaluate((v) => (globalThis as any).chrome.storage.local.set(v), { serverUrl: 'http://127.0.0.1:9', apiToken: env!.tokens.manager });
    const down = await browser.openExtensionPage('report');
    await expect.poll(() => down.getByRole('alert').first().innerText(), { timeout: 20_000 }).toContain('Cannot reach the ConvoLens server');
  });
});
