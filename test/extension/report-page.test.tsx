/** @jsxImportSource preact */
// The full-page report before the report itself: setup, role, and what happens when the server
// says no or does not answer (issue: it used to wait forever on "Loading your role…").
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ReportPage } from '../../extension/components/ReportPage';
import { apiTokenItem, serverUrlItem } from '../../extension/storage';
import { closedConversation, weekReport } from './fixtures/conversations';
import { useLanguage } from './i18n';

beforeEach(async () => {
  fakeBrowser.reset();
  await serverUrlItem.setValue('https://cl.test');
  await apiTokenItem.setValue('tok_revoked');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('full-page report', () => {
  it('opened from the popup on a person, lists only their conversations (agent=)', async () => {
    window.history.replaceState(null, '', '/report.html?agent=u-bruno&name=Bruno');
    const asked: URL[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = new URL(String(input));
      asked.push(url);
      const body: unknown =
        url.pathname === '/v1/me'
          ? { workspace: { id: 'w', name: 'Acme Support', timezone: 'UTC', first_response_target_ms: 300_000, categories: [], business_hours: null }, role: 'manager', name: 'Pat' }
          : url.pathname === '/v1/reports/conversations'
            ? weekReport()
            : url.pathname === '/v1/reports/conversations/list'
              ? { rows: [closedConversation()], total: 1, next_cursor: null }
              : null;
      return new Response(JSON.stringify(body ?? { error: { code: 'not_found', message: 'No route' } }), { status: body ? 200 : 404 });
    });
    try {
      render(<ReportPage />);
      expect(await screen.findByText(/Conversations of Bruno/)).toBeTruthy();
      await screen.findByText(closedConversation().conversation_id);
      const lists = asked.filter((u) => u.pathname === '/v1/reports/conversations/list');
      expect(lists.map((u) => u.searchParams.get('agent'))).toEqual(['u-bruno']);
      // The report's figures stay the whole team's: agent= belongs to the list only (api.md).
      expect(asked.find((u) => u.pathname === '/v1/reports/conversations')!.searchParams.has('agent')).toBe(false);
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });

  it('says the token was rejected instead of loading forever', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Invalid token' } }), { status: 401 }));
    render(<ReportPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('The server did not accept the API token');
    expect(screen.queryByText(/Loading/)).toBeNull();
  });

  it('says the server is unreachable, in Spanish too, and offers to try again', async () => {
    useLanguage('es');
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    render(<ReportPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No se puede conectar con el servidor de ConvoLens');
    expect(screen.getByRole('button', { name: 'Reintentar' })).toBeTruthy();
  });
});
