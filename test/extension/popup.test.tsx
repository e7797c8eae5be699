/** @jsxImportSource preact */
// The popup decides what to offer from the role GET /v1/me reports.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '../../extension/components/Popup';
import { apiTokenItem, serverUrlItem } from '../../extension/storage';
import { weekReport } from './fixtures/conversations';
import { teamReport } from './fixtures/team';

const LIVE = {
  now: '2026-11-21T10:00:00-06:00',
  open_now: 12,
  unassigned_now: 3,
  waiting_for_first_response_now: 4,
  longest_current_wait_ms: 61_000,
  longest_wait_conversation_id: 'c-9',
  opened_today: 30,
  closed_today: 18,
  first_response_target_ms: 300_000,
};

function serve(role: 'agent' | 'manager') {
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const path = new URL(String(input)).pathname;
    const body: unknown =
      path === '/v1/me'
        ? { workspace: { id: 'w', name: 'Acme Support', timezone: 'UTC', first_response_target_ms: 300_000, categories: [], business_hours: null }, role, name: 'Pat' }
        : path === '/v1/live'
          ? LIVE
          : path === '/v1/reports/conversations'
            ? weekReport()
            : path === '/v1/reports/conversations/list'
              ? { rows: [], total: 0, next_cursor: null }
              : path === '/v1/reports/agents'
                ? teamReport()
                : { error: { code: 'not_found', message: 'No route' } };
    return new Response(JSON.stringify(body), { status: path.startsWith('/v1/') ? 200 : 404 });
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await serverUrlItem.setValue('https://cl.test');
  await apiTokenItem.setValue('tok');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('popup', () => {
  it('shows an agent the live dashboard only', async () => {
    serve('agent');
    render(<Popup />);
    expect(await screen.findByText('Acme Support · Pat (agent)')).toBeTruthy();
    const live = await screen.findByRole('region', { name: 'Live now' });
    expect((await screen.findByText('Unassigned')).previousElementSibling?.textContent).toBe('3');
    expect(live.textContent).toContain('01:01'); // longest wait, 61 s
    expect(screen.queryByRole('region', { name: 'Opened vs closed' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open the full report' })).toBeNull();
  });

  it('shows a manager the live dashboard and a compact summary, with the full report one click away', async () => {
    serve('manager');
    render(<Popup />);
    expect(await screen.findByRole('region', { name: 'Live now' })).toBeTruthy();
    const summary = await screen.findByRole('region', { name: 'Last 7 days' });
    expect(await within(summary).findByText('+40% vs previous period (5)')).toBeTruthy(); // opened 7 vs 5
    // Not the ten-screen report: no heatmaps, breakdowns or list in the popup.
    expect(screen.queryByRole('region', { name: 'Opened heatmap' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Conversation list' })).toBeNull();
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    fireEvent.click(within(summary).getByRole('button', { name: 'Open the full report' }));
    expect(created).toHaveBeenCalledWith({ url: expect.stringMatching(/\/report\.html$/) });
  });

  it('has a Team tab whose people open the full report on their conversations', async () => {
    serve('manager');
    render(<Popup />);
    const summary = await screen.findByRole('region', { name: 'Last 7 days' });
    fireEvent.click(within(summary).getByRole('tab', { name: 'Team' }));
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    fireEvent.click(await within(summary).findByRole('button', { name: 'Ana' }));
    expect(created).toHaveBeenCalledWith({ url: expect.stringMatching(/\/report\.html\?agent=u-ana&name=Ana$/) });
  });

  it('asks to be set up before anything else', async () => {
    await apiTokenItem.setValue('');
    render(<Popup />);
    expect(await screen.findByText(/ConvoLens is not set up yet/)).toBeTruthy();
  });
});
