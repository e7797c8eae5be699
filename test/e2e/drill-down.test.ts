// Drill-down on the full-page report against the real worker and the demo data (product.md §8):
// a click on a heatmap cell opens the list on exactly that cell (its total is the cell's number,
// as drawn), with chips to clear, and the rows of website (Chatwoot) conversations link to them in
// the demo inbox, whose location the extension learned when the inbox page was opened. The cell is
// chosen with the API (one whose first page holds a Chatwoot conversation); every number checked
// is read from the page or the API in the same test.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListResponse, ReportResponse } from '../../shared/api.ts';
import { connect, e2eEnvironment, launchExtensionBrowser, type ExtensionBrowser } from './browser.ts';

const env = e2eEnvironment();

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${env!.server}${path}`, { headers: { authorization: `Bearer ${env!.tokens.manager}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** The opened heatmap's weekday × hour cell with the most conversations whose list's first page holds a Chatwoot one. */
async function cellWithChatwoot(): Promise<{ weekday: number; hour: number; count: number; row: ListResponse['rows'][number] }> {
  const report = await api<ReportResponse>('/v1/reports/conversations?preset=last_7_days');
  const heatmap = report.components.opened_heatmap;
  if (heatmap.status !== 'ok') throw new Error(`opened heatmap: ${heatmap.status}`);
  const cells = heatmap.weekday_hour
    .flatMap((row, weekday) => row.map((count, hour) => ({ weekday, hour, count })))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
  for (const cell of cells) {
    const list = await api<ListResponse>(`/v1/reports/conversations/list?preset=last_7_days&basis=opened&weekday=${cell.weekday}&hour=${cell.hour}&sort=opened_at&limit=50`);
    expect(list.total, `cell ${cell.weekday} ${cell.hour}`).toBe(cell.count);
    const row = list.rows.find((r) => r.inbox === 'chatwoot');
    if (row) return { ...cell, row };
  }
  throw new Error('no heatmap cell lists a Chatwoot conversation on its first page');
}

/** Lower case: the chips and labels are compared in lower case (Spanish writes weekdays so). */
const WEEKDAYS = {
  en: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  es: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
};
const hourRange = (h: number) => `${String(h).padStart(2, '0')}:00–${String((h + 1) % 24).padStart(2, '0')}:00`;

async function drillFromHeatmap(page: Page, cell: { weekday: number; hour: number }, lang: 'en' | 'es') {
  const heatmap = page.locator('section[data-component="opened_heatmap"]');
  await expect.poll(() => heatmap.getAttribute('data-status'), { timeout: 30_000 }).toBe('ok');
  const target = heatmap.locator('.heat-row').nth(cell.weekday + 1).locator(`.heat-cell[data-hour="${cell.hour}"]`);
  const label = await target.getAttribute('aria-label');
  expect(label?.toLowerCase()).toContain(WEEKDAYS[lang][cell.weekday]!);
  expect(label).toContain(hourRange(cell.hour));
  return { target, shown: Number(await target.innerText()) };
}

for (const lang of ['en', 'es'] as const) {
  describe.skipIf(!env)(`drill-down from a heatmap cell to the list (--lang=${lang})`, () => {
    let browser: ExtensionBrowser;
    beforeAll(async () => {
      browser = await launchExtensionBrowser(env!.extensionDir, lang);
      await connect(
        browser,
        env!.server,
        env!.tokens.manager,
        lang === 'es' ? `Conectado a ${env!.workspaceName} como gerente` : `Connected to ${env!.workspaceName} as manager`,
        lang,
      );
    });
    afterAll(async () => browser?.close());

    it('lists exactly the cell’s conversations, with chips to clear, and links rows to the demo inbox', async () => {
      // The inbox opened once in this browser: the extension now knows where account 1 lives.
      const inbox = await browser.context.newPage();
      await inbox.goto(env!.waiting.url);
      await expect.poll(() => inbox.locator('convolens-overlay').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await inbox.close();

      const cell = await cellWithChatwoot();
      const page = await browser.openExtensionPage('report', { width: 1280, height: 1000 });
      const { target, shown } = await drillFromHeatmap(page, cell, lang);
      expect(shown).toBe(cell.count);
      // By keyboard: focus the cell, press Enter.
      await target.focus();
      await page.keyboard.press('Enter');

      const list = page.locator('section[data-component="list"]');
      const chips = list.locator('.drill-chips li');
      await expect.poll(() => chips.allInnerTexts(), { timeout: 20_000 }).toHaveLength(3);
      const chipTexts = (await chips.allInnerTexts()).map((t) => t.replace(/\s*×\s*$/, '').toLowerCase());
      expect(chipTexts).toEqual([lang === 'es' ? 'abiertas en el período' : 'opened in the period', WEEKDAYS[lang][cell.weekday]!, hourRange(cell.hour)]);
      // The list's total is the cell's number.
      const number = new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-US').format(cell.count);
      const showing = lang === 'es' ? `de ${number}` : `of ${number}`;
      await expect.poll(() => list.locator('.pager span').innerText(), { timeout: 20_000 }).toContain(showing);
      expect(await list.locator('table.list tbody tr').count()).toBe(Math.min(cell.count, 50));
      // The list is in view after the click.
      await expect.poll(() => list.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)).toBe(true);

      // A website conversation links to its page in the demo inbox, in a new tab.
      const [account, display] = cell.row.thread_id.split(':');
      const link = list.getByRole('link', {
        name: lang === 'es' ? `Abrir la conversación ${cell.row.conversation_id} en su bandeja de entrada (nueva pestaña)` : `Open conversation ${cell.row.conversation_id} in its inbox (new tab)`,
      });
      expect(await link.getAttribute('href')).toBe(`${new URL(env!.waiting.url).origin}/app/accounts/${account}/conversations/${display}`);
      expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['_blank', 'noopener']);
      const [opened] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
      await opened.waitForLoadState();
      expect(new URL(opened.url()).pathname).toBe(`/app/accounts/${account}/conversations/${display}`);
      await opened.close();

      // Clearing the drill-down shows the whole list again.
      await list.getByRole('button', { name: lang === 'es' ? 'Mostrar toda la lista' : 'Show the whole list' }).click();
      await expect.poll(() => list.locator('.drill-chips').count()).toBe(0);
      const closed = await api<ListResponse>('/v1/reports/conversations/list?preset=last_7_days&limit=1');
      const all = new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-US').format(closed.total);
      await expect.poll(() => list.locator('.pager span').innerText(), { timeout: 20_000 }).toContain(lang === 'es' ? `de ${all}` : `of ${all}`);
    });
  });
}
