// The Team tab (product.md §7) against the real worker with the demo data: every figure of the
// table is the API's (asked in the same test, never written down here), the leaderboard ranks on a
// chosen column, a click on a person lists exactly their conversations (as many as their
// "Conversations" figure, `involved`: held, answered or closed, the list's agent= filter) and the
// CSV holds that many rows; the agent's side panel shows "my numbers" from their token's user_id.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRowJson, AgentsResponse, ListResponse } from '../../shared/api.ts';
import { formatDuration } from '../../shared/duration.ts';
import { connect, e2eEnvironment, launchExtensionBrowser, screenshotPath, type ExtensionBrowser } from './browser.ts';

const env = e2eEnvironment();
/** A month: every one of the demo's eight agents closes something in it. */
const PRESET = 'last_30_days';

async function api<T>(path: string, token: string): Promise<T> {
  const res = await fetch(`${env!.server}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

const nameOf = (row: AgentRowJson) => row.agent.name ?? row.agent.id;

/** The Team tab of the full-page report for the month, as a manager opens it. */
async function openTeamTab(browser: ExtensionBrowser, lang: 'en' | 'es', viewport = { width: 1280, height: 1000 }): Promise<Page> {
  const page = await browser.openExtensionPage('report', viewport);
  const period = page.getByRole('combobox', { name: lang === 'es' ? 'Período' : 'Period' });
  await expect.poll(() => period.count(), { timeout: 20_000 }).toBe(1);
  await period.selectOption(PRESET);
  await page.getByRole('tab', { name: lang === 'es' ? 'Equipo' : 'Team' }).click();
  return page;
}

/** Each person's row of the table: user id → the cells' texts, in the columns' order. */
async function tableRows(page: Page): Promise<Map<string, string[]>> {
  const rows = await page
    .locator('table.team-table tbody tr[data-person]')
    .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-person')!, Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')] as const));
  return new Map(rows);
}

/** What the table shows for one person's counts and median times, from the API's row. */
function expectedCells(row: AgentRowJson, number: (n: number) => string, dayUnit: string): string[] {
  const median = (s: { median: number | null }) => formatDuration(s.median, dayUnit);
  return [
    ...[row.involved, row.assigned, row.closed, row.first_responses, row.responses, row.unique_contacts].map(number),
    median(row.first_response_time_ms),
    median(row.response_time_ms),
    median(row.resolution_time_ms),
  ];
}

describe.skipIf(!env)('the Team tab for a manager (--lang=en)', () => {
  let browser: ExtensionBrowser;
  let report: AgentsResponse;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir, 'en');
    await connect(browser, env!.server, env!.tokens.manager, `Connected to ${env!.workspaceName} as manager`);
    report = await api<AgentsResponse>(`/v1/reports/agents?preset=${PRESET}`, env!.tokens.manager);
  });
  afterAll(async () => browser?.close());

  it('shows the eight agents under their three teams with the API’s figures', async () => {
    // The demo's cast (scripts/demo/traffic.ts): eight agents in Support, Sales and Billing.
    expect(report.agents).toHaveLength(8);
    // (Names as most recently recorded: Chatwoot writes team names in lower case, app/models/team.rb.)
    expect(report.teams.map((t) => t.team.id)).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(report.teams).toHaveLength(3);
    const page = await openTeamTab(browser, 'en');
    await expect.poll(() => page.locator('table.team-table tr[data-person]').count(), { timeout: 20_000 }).toBe(8);
    const number = (n: number) => new Intl.NumberFormat('en-US').format(n);
    const shown = await tableRows(page);
    for (const row of report.agents) expect(shown.get(row.agent.id)!.slice(0, 9), nameOf(row)).toEqual(expectedCells(row, number, 'd'));
    // Each team's subtotal row: its conversations (last assigned to a member) and closes.
    for (const team of report.teams) {
      const subtotal = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${team.team.name}: team total` }) });
      const cells = await subtotal.locator('td').allInnerTexts();
      expect(cells.slice(1, 3), team.team.name!).toEqual([number(team.conversations), number(team.closed)]);
    }
    // What no person's row holds.
    const automation = await page.locator('dl.automation .figure dd').allInnerTexts();
    expect(automation).toEqual([report.unassigned, report.automation.bot_only, report.automation.closed_by_bot, report.automation.closed_by_workflow].map(number));
    // The median's avg and p90 on hover, and what the column measures on its header.
    const someone = report.agents.find((a) => a.first_response_time_ms.count > 0)!;
    const frt = page.locator(`tr[data-person="${someone.agent.id}"] td`).nth(6);
    const s = someone.first_response_time_ms;
    await expect(frt.getAttribute('title')).resolves.toBe(`Average ${formatDuration(s.avg)} · median ${formatDuration(s.median)} · 90th percentile ${formatDuration(s.p90)}`);
    await expect(page.getByRole('columnheader', { name: /^Conversations/ }).getAttribute('title')).resolves.toContain('a click on the name lists exactly these');
    await page.screenshot({ path: screenshotPath(env!.screenshotDir, 'team.png'), fullPage: true });
  });

  it('ranks everyone on a chosen column, best first, ties sharing a rank', async () => {
    const page = await openTeamTab(browser, 'en');
    await page.getByRole('button', { name: 'Leaderboard' }).click();
    await page.getByRole('combobox', { name: 'Rank by' }).selectOption('first_response_time_ms');
    // Fastest median first; people without one last; equal medians by name.
    const median = (r: AgentRowJson) => r.first_response_time_ms.median;
    const ranked = [...report.agents].sort((a, b) => {
      const [x, y] = [median(a), median(b)];
      if (x === null || y === null) return x === y ? nameOf(a).localeCompare(nameOf(b)) : x === null ? 1 : -1;
      return x - y || nameOf(a).localeCompare(nameOf(b));
    });
    const expected = ranked.map((r) => {
      const value = median(r);
      const rank = value === null ? '-' : String(ranked.findIndex((o) => median(o) === value) + 1);
      return [rank, nameOf(r), formatDuration(value)];
    });
    const rows = page.locator('table.leaderboard tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(8);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const [rank, value] = Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '');
        return [rank, tr.querySelector('th')!.textContent, value];
      }),
    );
    expect(shown).toEqual(expected);
  });

  it('a click on a person lists exactly their conversations, and the CSV holds as many rows', async () => {
    const page = await openTeamTab(browser, 'en');
    // The busiest person: more than one page of the list.
    const busiest = [...report.agents].sort((a, b) => b.involved - a.involved)[0]!;
    expect(busiest.involved).toBeGreaterThan(50);
    // The API's own list agrees with the row's figure.
    const listed = await api<ListResponse>(`/v1/reports/conversations/list?preset=${PRESET}&agent=${busiest.agent.id}&limit=1`, env!.tokens.manager);
    expect(listed.total).toBe(busiest.involved);

    await page.locator(`tr[data-person="${busiest.agent.id}"]`).getByRole('button', { name: nameOf(busiest) }).click();
    await expect(page.getByRole('tab', { name: 'Conversations' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect.poll(() => page.locator('.person-filter').innerText(), { timeout: 20_000 }).toContain(`Conversations of ${nameOf(busiest)}`);
    const pager = page.getByRole('navigation', { name: 'Conversation list pages' });
    const total = new Intl.NumberFormat('en-US').format(busiest.involved);
    await expect.poll(() => pager.innerText(), { timeout: 20_000 }).toMatch(new RegExp(`Showing 1–50 of ${total}\\b`));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const records = (parse(text, { skip_empty_lines: true }) as string[][]).filter((r) => r.some((cell) => cell !== ''));
    expect(records.length - 1).toBe(busiest.involved);
  });

  it('fits the 440 px popup: the table scrolls in its card, the page does not', async () => {
    const popup = await browser.openExtensionPage('popup', { width: 440, height: 600 });
    await popup.getByRole('tab', { name: 'Team' }).click();
    await expect.poll(() => popup.locator('table.team-table tr[data-person]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(440);
    const scroller = popup.locator('.team .table-scroll');
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});

describe.skipIf(!env)('the Team tab in Spanish (--lang=es)', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir, 'es');
    await connect(browser, env!.server, env!.tokens.manager, `Conectado a ${env!.workspaceName} como gerente`, 'es');
  });
  afterAll(async () => browser?.close());

  it('shows the same figures in Spanish words and numbers', async () => {
    const report = await api<AgentsResponse>(`/v1/reports/agents?preset=${PRESET}`, env!.tokens.manager);
    const page = await openTeamTab(browser, 'es');
    await expect.poll(() => page.locator('table.team-table tr[data-person]').count(), { timeout: 20_000 }).toBe(report.agents.length);
    await expect(page.getByRole('heading', { name: 'Rendimiento del equipo' }).count()).resolves.toBe(1);
    await expect(page.getByRole('columnheader', { name: /^Tiempo de primera respuesta/ }).count()).resolves.toBe(1);
    const number = (n: number) => new Intl.NumberFormat('es').format(n);
    const shown = await tableRows(page);
    for (const row of report.agents) expect(shown.get(row.agent.id)!.slice(0, 7), nameOf(row)).toEqual(expectedCells(row, number, ' d').slice(0, 7));
    await expect(page.getByRole('rowheader', { name: `${report.teams[0]!.team.name}: total del equipo` }).count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath(env!.screenshotDir, 'team-es.png'), fullPage: true });
  });
});

describe.skipIf(!env)('my numbers in the agent’s side panel', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir, 'en');
    await connect(browser, env!.server, env!.tokens.agent, `Connected to ${env!.workspaceName} as agent`);
  });
  afterAll(async () => browser?.close());

  it('shows the agent’s own row for today and the last 7 days, as the API gives it to their token', async () => {
    const me = await api<{ user_id: string | null }>('/v1/me', env!.tokens.agent);
    expect(me.user_id).not.toBeNull();
    const rowOf = async (preset: string) => {
      const own = await api<AgentsResponse>(`/v1/reports/agents?preset=${preset}`, env!.tokens.agent);
      // An agent's token reads its own row only (api.md).
      expect(own.agents.every((a) => a.agent.id === me.user_id)).toBe(true);
      return own.agents[0] ?? null;
    };
    const [today, week] = [await rowOf('today'), await rowOf('last_7_days')];
    // The demo agent works every weekday: a week has their numbers.
    expect(week?.first_responses).toBeGreaterThan(0);

    const panel = await browser.openExtensionPage('sidepanel', { width: 400, height: 900 });
    const table = panel.locator('section.my-numbers table');
    await expect.poll(() => table.count(), { timeout: 20_000 }).toBe(1);
    const figures = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')!.textContent, ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent)]),
    );
    const number = (n: number | undefined) => new Intl.NumberFormat('en-US').format(n ?? 0);
    const target = (r: AgentRowJson | null) => {
      const t = r?.first_response_target;
      if (!t || t.met + t.missed === 0) return '-';
      return new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(t.met / (t.met + t.missed));
    };
    expect(figures).toEqual([
      ['First responses', number(today?.first_responses), number(week?.first_responses)],
      ['Median first response time', formatDuration(today?.first_response_time_ms.median ?? null), formatDuration(week?.first_response_time_ms.median ?? null)],
      ['Responses', number(today?.responses), number(week?.responses)],
      ['Conversations closed', number(today?.closed), number(week?.closed)],
      ['Target met', target(today), target(week)],
    ]);
    expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
  });
});
