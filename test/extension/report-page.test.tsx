/** @jsxImportSource preact */
// The full-page report before the report itself: setup, role, and what happens when the server
// says no or does not answer (issue: it used to wait forever on "Loading your role…").
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ReportPage } from '../../extension/components/ReportPage';
import { apiTokenItem, serverUrlItem } from '../../extension/storage';
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
