// The extension on the demo inbox (Chatwoot's URLs and card markup, the real Chatwoot adapter)
// against the real worker: the header badge of a conversation whose contact is waiting, ticking;
// the wait badge on every waiting card, in the condensed layout (a Vue app, as Chatwoot's list
// is, read by the page-world card reader) and in the expanded one (all from the bulk thread
// endpoint); and the side panel with that conversation's labelled
// timings, the contact's past conversations and the team's heatmap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, e2eEnvironment, launchExtensionBrowser, screenshotPath, type ExtensionBrowser } from './browser.ts';

const env = e2eEnvironment();
/** mm:ss or hh:mm:ss (or d hh:mm:ss), product.md §3. */
const DURATION = /^(\d+d )?(\d{2}:)?\d{2}:\d{2}$/;

describe.skipIf(!env)('demo inbox with the extension', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(env!.extensionDir);
    // A team lead: the side panel's heatmap comes from the report, which managers may read.
    await connect(browser, env!.server, env!.tokens.manager, `Connected to ${env!.workspaceName} as manager`);
  });
  afterAll(async () => browser?.close());

  it('badges the open conversation with its contact’s current wait, ticking every second', async () => {
    const page = await browser.context.newPage();
    await page.goto(env!.waiting.url);
    // The badge sits first in Chatwoot's header action area, in its own shadow root.
    const badge = page.locator('.header-actions-wrap convolens-overlay .badge');
    await expect.poll(() => badge.innerText(), { timeout: 20_000 }).toMatch(/^◷?\s*Waiting\s/);
    const value = badge.locator('.value');
    const first = await value.innerText();
    expect(first).toMatch(DURATION);
    await expect.poll(() => value.innerText(), { timeout: 5_000 }).not.toBe(first);

    // Condensed cards print no id: the page-world card reader takes each card's conversation
    // from the page's Vue app (as on Chatwoot), so every card gets its badge host, and the
    // open conversation's card, whose contact waits, shows the wait.
    const active = page.locator('.conversations-list .conversation.active');
    await expect.poll(() => active.locator('convolens-row-badge .row-badge').innerText(), { timeout: 20_000 }).toMatch(DURATION);
    const cards = page.locator('.conversations-list .conversation');
    expect(await cards.count()).toBeGreaterThan(1);
    await expect.poll(async () => (await cards.evaluateAll((all) => all.filter((c) => c.querySelector('convolens-row-badge')).length)) === (await cards.count()), { timeout: 20_000 }).toBe(true);
    const marked = await cards.evaluateAll((all) => all.map((c) => c.getAttribute('data-convolens-display-id')));
    expect(marked.every((id) => id !== null && /^\d+$/.test(id))).toBe(true);
    for (const text of await page.locator('.conversations-list convolens-row-badge .row-badge').allInnerTexts()) expect(text).toMatch(DURATION);
    await page.screenshot({ path: screenshotPath(env!.screenshotDir, 'demo-inbox-overlay.png') });
  });

  it('badges every waiting card of the expanded list, by the id each card prints', async () => {
    const page = await browser.context.newPage();
    await page.goto(env!.inboxExpandedDashboardUrl);
    const cards = page.locator('.conversations-list .conversation');
    const waiting = cards.filter({ has: page.locator('.i-woot-hash + span', { hasText: new RegExp(`^${env!.waiting.displayId}$`) }) });
    await expect.poll(() => waiting.locator('convolens-row-badge .row-badge').innerText(), { timeout: 20_000 }).toMatch(DURATION);
    // Every card got its badge host; those whose contact waits show the wait.
    const count = await cards.count();
    expect(count).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.conversations-list .conversation convolens-row-badge').count(), { timeout: 20_000 }).toBe(count);
    const shown = await page.locator('.conversations-list convolens-row-badge .row-badge').allInnerTexts();
    expect(shown.length).toBeGreaterThanOrEqual(1);
    for (const text of shown) expect(text).toMatch(DURATION);
    await page.screenshot({ path: screenshotPath(env!.screenshotDir, 'demo-inbox-expanded.png') });
  });

  it('shows the conversation in the side panel: labelled timings, past conversations and the heatmap', async () => {
    const panel = await browser.openExtensionPage('sidepanel', { width: 420, height: 1100 });
    await expect.poll(() => panel.locator('#conversation-heading').innerText(), { timeout: 20_000 }).toBe(env!.waiting.contactName);
    const detail = (label: string) => panel.locator('.detail').filter({ has: panel.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    await expect(detail('Status').innerText()).resolves.toBe('Open');
    await expect(detail('Current wait').innerText()).resolves.toMatch(DURATION);
    await expect(detail('Time open').innerText()).resolves.toMatch(DURATION);
    await expect(detail('First response time').innerText()).resolves.toMatch(/\d{2}:\d{2}/);
    await expect(detail('Channel').innerText()).resolves.not.toBe('');

    // The contact wrote before: the past conversations list them with their closing date.
    const past = panel.locator('section[aria-labelledby="past-heading"] ul.past > li');
    await expect.poll(() => past.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(past.first().locator('dt', { hasText: 'Closed' }).count()).resolves.toBe(1);

    // The team's opened heatmap of the last 7 days: a weekday × hour grid with counts.
    const heatmap = panel.getByRole('table', { name: 'Opened heatmap, last 7 days' });
    await expect.poll(() => heatmap.getByRole('row').count(), { timeout: 20_000 }).toBe(8);
    const counted = await heatmap.locator('[role="cell"]').evaluateAll((cells) => cells.filter((c) => (c.textContent ?? '') !== '').length);
    expect(counted).toBeGreaterThan(10);
    await panel.screenshot({ path: screenshotPath(env!.screenshotDir, 'side-panel.png'), fullPage: true });
  });
});
