// The popup against the real worker: the live dashboard, the Conversations report with drawn
// charts, a filter that does not apply to the opened-side components, the CSV export, and an
// agent, who sees the live dashboard but no report.
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

describe.skipIf(!env)('popup: live dashboard and report', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir);
    await connect(browser, env!.server, env!.tokens.manager, `Connected to ${env!.workspaceName} as manager`);
  });
  afterAll(async () => browser?.close());

  it('shows the live dashboard and the report with its charts', async () => {
    const popup = await browser.openExtensionPage('popup', { width: 800, height: 1250 });
    const tile = (label: string) => popup.locator('.tile').filter({ has: popup.locator('.tile-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.tile-value');
    // The demo has contacts waiting right now.
    await expect.poll(async () => Number(await tile('Open now').innerText()), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(tile('Waiting for first response').innerText()).resolves.toMatch(/^\d+$/);
    await expect(tile('Longest wait').innerText()).resolves.toMatch(/\d{2}:\d{2}/);

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
    // The top of the popup: what a manager sees first.
    await popup.screenshot({ path: screenshotPath(env!.screenshotDir, 'popup-report.png') });
  });

  it('says a closed-side filter is not applicable to the opened-side components', async () => {
    const popup = await browser.openExtensionPage('popup', { width: 800, height: 900 });
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
    await expect.poll(() => section(popup, 'opened_heatmap').getAttribute('data-status')).toBe('ok');
  });

  it('exports the listed conversations as a CSV with as many rows as the list’s total', async () => {
    const popup = await browser.openExtensionPage('popup', { width: 800, height: 900 });
    const pager = popup.getByRole('navigation', { name: 'Conversation list pages' });
    await expect.poll(() => pager.innerText(), { timeout: 20_000 }).toMatch(/of \d+/);
    const total = Number(/of (\d+)/.exec(await pager.innerText())![1]);
    expect(total).toBeGreaterThan(50); // more than one page: the export is not just what is shown
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export CSV' }).click()]);
    const records = csvRecords(readFileSync((await download.path())!, 'utf8')).filter((r) => r.some((cell) => cell !== ''));
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
    await expect(popup.getByRole('button', { name: 'Open as full page' }).count()).resolves.toBe(0);
    const report = await browser.openExtensionPage('report');
    await expect.poll(() => report.locator('main').innerText(), { timeout: 20_000 }).toContain('The Conversations report is for managers and owners.');
  });
});
