/** @jsxImportSource preact */
// The options page as a person uses it: labelled fields, Save, and what it says back.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FetchLike } from '../../extension/api';
import { normaliseServerUrl, OptionsPage } from '../../extension/components/OptionsPage';
import { apiTokenItem, customInboxSitesItem, profileItem, serverUrlItem } from '../../extension/storage';

const ME = {
  workspace: { id: 'ws_1', name: 'Acme Support', timezone: 'UTC', first_response_target_ms: null, categories: [], business_hours: null },
  role: 'manager',
  name: 'Maria',
};

afterEach(cleanup);
beforeEach(() => fakeBrowser.reset());

async function save(fetchImpl: FetchLike, url = 'https://convolens.example.com/', token = 'tok_live_1') {
  render(<OptionsPage fetchImpl={fetchImpl} />);
  fireEvent.input(screen.getByLabelText('Server URL'), { target: { value: url } });
  fireEvent.input(screen.getByLabelText('API token'), { target: { value: token } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
}

describe('options: server and token', () => {
  it('confirms the connection with the workspace and role, and keeps both settings', async () => {
    await save(async () => new Response(JSON.stringify(ME), { status: 200 }));
    expect(await screen.findByText('Connected to Acme Support as manager')).toBeTruthy();
    expect(await serverUrlItem.getValue()).toBe('https://convolens.example.com');
    expect(await apiTokenItem.getValue()).toBe('tok_live_1');
    expect((await profileItem.getValue())?.role).toBe('manager');
  });

  it('says the token was not accepted', async () => {
    await save(async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Invalid token' } }), { status: 401 }));
    expect((await screen.findByRole('alert')).textContent).toContain('did not accept the API token');
    expect(await profileItem.getValue()).toBeNull();
  });

  it('says the server cannot be reached', async () => {
    await save(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot reach the ConvoLens server. Check the server URL and your connection.');
  });

  it('keeps the working server and token when the new ones are rejected or unreachable', async () => {
    await serverUrlItem.setValue('https://working.example.com');
    await apiTokenItem.setValue('tok_working');
    await profileItem.setValue(ME as never);
    await save(async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Invalid token' } }), { status: 401 }), 'https://convolens.example.com', 'tok_typo');
    expect((await screen.findByRole('alert')).textContent).toContain('did not accept the API token');
    expect((await screen.findByRole('alert')).textContent).toContain('kept');
    expect(await serverUrlItem.getValue()).toBe('https://working.example.com');
    expect(await apiTokenItem.getValue()).toBe('tok_working');
    expect((await profileItem.getValue())?.role).toBe('manager');
    cleanup();
    await save(() => Promise.reject(new TypeError('Failed to fetch')), 'https://typo.example.com', 'tok_working');
    await screen.findByRole('alert');
    expect(await serverUrlItem.getValue()).toBe('https://working.example.com');
  });

  it.each([
    ['convolens.acme.workers.dev', 'https://convolens.acme.workers.dev'],
    ['127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['localhost:8787/', 'http://localhost:8787'],
    ['http://127.0.0.1:8787/', 'http://127.0.0.1:8787'],
    ['https://convolens.example.com/base/', 'https://convolens.example.com/base'],
  ])('reads the server address %s as %s', (typed, stored) => {
    expect(normaliseServerUrl(typed)).toEqual({ ok: true, url: stored });
  });

  it('asks for a full server address before calling anything', async () => {
    const fetchImpl = vi.fn<FetchLike>();
    await save(fetchImpl, 'convolens');
    expect((await screen.findByRole('alert')).textContent).toContain('full address');
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

describe('options: inbox sites', () => {
  it('lists the built-in inboxes', async () => {
    render(<OptionsPage />);
    expect(screen.getByText('respond.io (app.respond.io)')).toBeTruthy();
    expect(screen.getByText('Chatwoot Cloud (app.chatwoot.com)')).toBeTruthy();
  });

  it('adds a self-hosted Chatwoot: asks for its origin and registers the inbox scripts there', async () => {
    const request = vi.fn(async () => true);
    const register = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.permissions, { request, contains: vi.fn(async () => true) });
    Object.assign(fakeBrowser.scripting, {
      registerContentScripts: register,
      getRegisteredContentScripts: vi.fn(async () => []),
      unregisterContentScripts: vi.fn(async () => undefined),
    });
    render(<OptionsPage />);
    fireEvent.input(screen.getByLabelText('Chatwoot address'), { target: { value: 'https://chat.acme.io' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add inbox site' }));
    expect(request).toHaveBeenCalledWith({ origins: ['https://chat.acme.io/*'] });
    expect(await screen.findByText('Self-hosted Chatwoot: https://chat.acme.io')).toBeTruthy();
    await waitFor(() =>
      expect(register).toHaveBeenCalledWith([
        expect.objectContaining({ matches: ['https://chat.acme.io/*'], js: ['content-scripts/inbox.js'] }),
      ]),
    );
    // And the page-world script that reads each card's conversation from Chatwoot's Vue app.
    await waitFor(() =>
      expect(register).toHaveBeenCalledWith([
        expect.objectContaining({ matches: ['https://chat.acme.io/*'], js: ['content-scripts/chatwoot-cards.js'], world: 'MAIN' }),
      ]),
    );
    expect((await customInboxSitesItem.getValue()).map((s) => s.origin)).toEqual(['https://chat.acme.io']);
  });

  it('adds nothing when the permission is refused', async () => {
    Object.assign(fakeBrowser.permissions, { request: vi.fn(async () => false) });
    render(<OptionsPage />);
    fireEvent.change(screen.getByLabelText('Inbox type'), { target: { value: 'generic' } });
    fireEvent.input(await screen.findByLabelText('Conversation URL pattern'), { target: { value: 'https://desk.example.com/inbox/{conversation}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add inbox site' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Permission for https://desk.example.com was not granted');
    await waitFor(async () => expect(await customInboxSitesItem.getValue()).toEqual([]));
  });

  it('explains a pattern without a placeholder', async () => {
    render(<OptionsPage />);
    fireEvent.change(screen.getByLabelText('Inbox type'), { target: { value: 'generic' } });
    fireEvent.input(await screen.findByLabelText('Conversation URL pattern'), { target: { value: 'https://desk.example.com/inbox/1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add inbox site' }));
    expect((await screen.findByRole('alert')).textContent).toContain('{conversation} or {contact} placeholder');
  });
});
