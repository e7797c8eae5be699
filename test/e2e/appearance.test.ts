// How the extension looks to a Spanish user whose system is in dark mode (issue 13): every view
// (report, popup, options, side panel, the inbox badges) follows `prefers-color-scheme` with
// readable contrast, the heatmap's scale included; and the Spanish side panel the README shows.
// One browser, launched dark (Chromium's colorScheme context option); a page switched to light
// with emulateMedia is the same page as a light-mode user sees it.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, e2eEnvironment, launchExtensionBrowser, screenshotPath, type ExtensionBrowser } from './browser.ts';

const env = e2eEnvironment();

type Rgb = [number, number, number];
/** `rgb(15, 23, 42)` / `rgba(…)` → [15, 23, 42]. */
function rgb(css: string): Rgb {
  const m = /rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(css);
  if (!m) throw new Error(`not an rgb colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
/** WCAG 2 relative luminance. */
function luminance(css: string): number {
  const [r, g, b] = rgb(css).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** WCAG 2 contrast ratio, 1 to 21. Text needs 4.5, large text and graphics 3. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The page's background and text colours, and the chart colours app.css gives chart.js. */
function pageColours(page: Page) {
  return page.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    const probe = (value: string) => {
      // A custom property's value as a computed colour (rgb()), whatever notation app.css uses.
      const el = document.createElement('span');
      el.style.color = value;
      document.body.append(el);
      const colour = getComputedStyle(el).color;
      el.remove();
      return colour;
    };
    return {
      background: root.backgroundColor,
      text: root.color,
      surface: probe(root.getPropertyValue('--surface').trim()),
      chartText: probe(root.getPropertyValue('--chart-text').trim()),
      chartGrid: probe(root.getPropertyValue('--chart-grid').trim()),
    };
  });
}

/** Every heatmap cell of a grid: its level, background, text colour and count. */
function heatCells(grid: Locator) {
  return grid.locator('[role="cell"]').evaluateAll((cells) =>
    cells.map((c) => {
      const style = getComputedStyle(c);
      return { level: Number(c.getAttribute('data-level')), background: style.backgroundColor, color: style.color, text: c.textContent ?? '' };
    }),
  );
}

/**
 * The heatmap reads on its page: every count against its cell, the hottest cells against the
 * page and against the coldest (WCAG: 4.5 for text, 3 for graphics). Returns the hottest colour.
 */
async function expectReadableHeatmap(grid: Locator, pageBackground: string): Promise<string> {
  const cells = await heatCells(grid);
  expect(cells.length).toBe(7 * 24);
  const top = Math.max(...cells.map((c) => c.level));
  expect(top).toBeGreaterThanOrEqual(3); // a week of demo traffic fills the scale
  const hottest = cells.find((c) => c.level === top)!.background;
  const coldest = cells.find((c) => c.level === 0)?.background ?? cells.find((c) => c.level === 1)!.background;
  expect(contrast(hottest, pageBackground)).toBeGreaterThanOrEqual(3);
  expect(contrast(hottest, coldest)).toBeGreaterThanOrEqual(3);
  for (const cell of cells.filter((c) => c.text !== '')) expect(contrast(cell.color, cell.background), `level ${cell.level}`).toBeGreaterThanOrEqual(4.5);
  return hottest;
}

describe.skipIf(!env)('in Spanish, with the system in dark mode', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir, 'es', 'dark');
    await connect(browser, env!.server, env!.tokens.manager, `Conectado a ${env!.workspaceName} como gerente`, 'es');
  });
  afterAll(async () => browser?.close());

  it('shows the full-page report dark, its heatmap and charts readable, and light again in light mode', async () => {
    const page = await browser.openExtensionPage('report', { width: 1280, height: 1250 });
    await expect.poll(() => page.locator('section[data-component="summary"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    const heatmap = page.locator('section[data-component="opened_heatmap"] [role="table"]');
    await expect.poll(() => heatmap.locator('[role="cell"]').count(), { timeout: 20_000 }).toBe(7 * 24);

    const dark = await pageColours(page);
    expect(luminance(dark.background)).toBeLessThan(0.05);
    expect(contrast(dark.text, dark.background)).toBeGreaterThanOrEqual(7);
    // chart.js draws its axis text and grid in app.css' chart colours, on the cards' surface.
    expect(contrast(dark.chartText, dark.surface)).toBeGreaterThanOrEqual(4.5);
    const hottestDark = await expectReadableHeatmap(heatmap, dark.surface);
    await page.screenshot({ path: screenshotPath(env!.screenshotDir, 'report-dark.png') });

    await page.emulateMedia({ colorScheme: 'light' });
    const light = await pageColours(page);
    expect(luminance(light.background)).toBeGreaterThan(0.8);
    expect(contrast(light.chartText, light.surface)).toBeGreaterThanOrEqual(4.5);
    expect(light.chartText).not.toBe(dark.chartText);
    expect(light.chartGrid).not.toBe(dark.chartGrid);
    const hottestLight = await expectReadableHeatmap(heatmap, light.surface);
    // Light to dark blue on a light page, dark to light on a dark one.
    expect(luminance(hottestLight)).toBeLessThan(luminance(hottestDark));
  });

  it('shows the popup and the options page dark', async () => {
    for (const name of ['popup', 'options'] as const) {
      const page = await browser.openExtensionPage(name, { width: 440, height: 600 });
      await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).not.toBe('');
      const colours = await pageColours(page);
      expect(luminance(colours.background), name).toBeLessThan(0.05);
      expect(contrast(colours.text, colours.background), name).toBeGreaterThanOrEqual(7);
      await page.close();
    }
  });

  it('badges the inbox and shows the side panel dark; the Spanish side panel in light mode for the README', async () => {
    const inbox = await browser.context.newPage();
    await inbox.goto(env!.waiting.url);
    const badge = inbox.locator('.header-actions-wrap convolens-overlay .badge');
    await expect.poll(() => badge.innerText(), { timeout: 20_000 }).toMatch(/Esperando/);
    const badgeColours = () => badge.evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, color: getComputedStyle(b).color }));
    const darkBadge = await badgeColours();
    expect(luminance(darkBadge.background)).toBeLessThan(0.1);
    expect(contrast(darkBadge.color, darkBadge.background)).toBeGreaterThanOrEqual(4.5);
    await inbox.emulateMedia({ colorScheme: 'light' });
    const lightBadge = await badgeColours();
    expect(luminance(lightBadge.background)).toBeGreaterThan(0.5);
    expect(contrast(lightBadge.color, lightBadge.background)).toBeGreaterThanOrEqual(4.5);

    const panel = await browser.openExtensionPage('sidepanel', { width: 420, height: 1100 });
    await expect.poll(() => panel.locator('#conversation-heading').innerText(), { timeout: 20_000 }).toBe(env!.waiting.contactName);
    const heatmap = panel.getByRole('table', { name: 'Mapa de calor de Conversación abierta, últimos 7 días' });
    await expect.poll(() => heatmap.locator('[role="cell"]').count(), { timeout: 20_000 }).toBe(7 * 24);
    const dark = await pageColours(panel);
    expect(luminance(dark.background)).toBeLessThan(0.05);
    await expectReadableHeatmap(heatmap, dark.surface);

    // The Spanish side panel, as the README shows it beside the English one.
    await panel.emulateMedia({ colorScheme: 'light' });
    const detail = (label: string) => panel.locator('.detail').filter({ has: panel.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    await expect(detail('Estado').innerText()).resolves.toBe('Abierta');
    await expect(detail('Espera actual').innerText()).resolves.toMatch(/\d{2}:\d{2}/);
    await expect(detail('Abierto por canal').innerText()).resolves.toBe('Website');
    await panel.screenshot({ path: screenshotPath(env!.screenshotDir, 'side-panel-es.png'), fullPage: true });
  });
});
