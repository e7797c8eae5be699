// The background: what it keeps for the side panel and what it answers the content script.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../extension/entrypoints/background';
import { messenger, sendMessage } from '../../extension/messaging';
import { apiTokenItem, detectedConversationItem, profileItem, serverUrlItem } from '../../extension/storage';
import { openConversation } from './fixtures/conversations';

const ME = {
  workspace: { id: 'ws_1', name: 'Acme Support', timezone: 'UTC', first_response_target_ms: 120_000, categories: [], business_hours: null },
  role: 'agent' as const,
  name: 'Andy',
};

/** Answers the API's paths from a table (and records the calls). */
function answer(routes: Record<string, [number, unknown]>) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const path = new URL(String(input)).pathname;
    const [status, body] = routes[path] ?? [404, { error: { code: 'not_found', message: 'Unknown' } }];
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
}

beforeEach(async () => {
  messenger.removeAllListeners();
  fakeBrowser.reset();
  background.main();
  await serverUrlItem.setValue('https://cl.test');
  await apiTokenItem.setValue('tok');
});

afterEach(() => vi.restoreAllMocks());

describe('background', () => {
  it('keeps the detected conversation in session storage for the side panel', async () => {
    await sendMessage('conversationDetected', { inbox: 'respondio', threadId: '4402117', contactId: '4402117', pageUrl: 'https://app.respond.io/space/1/inbox/4402117' });
    expect(await detectedConversationItem.getValue()).toMatchObject({ inbox: 'respondio', threadId: '4402117', contactId: '4402117' });
    expect(await fakeBrowser.storage.session.get('detectedConversation')).toHaveProperty('detectedConversation');
  });

  it('answers the badges of many threads with one bulk request, in the order asked, learning the target once', async () => {
    const jane = openConversation({ thread_id: '1:128' });
    const omar = openConversation({ thread_id: '1:130', contact_name: 'Omar Haddad' });
    const fetch = answer({
      '/v1/threads/current': [200, { threads: [{ thread_id: '1:130', conversation: omar }, { thread_id: '1:129', conversation: null }, { thread_id: '1:128', conversation: jane }] }],
      '/v1/me': [200, ME],
    });
    const snapshots = await sendMessage('threadSnapshots', ['1:130', '1:129', '1:128']);
    expect(snapshots).toEqual([
      { state: 'ok', conversation: omar, firstResponseTargetMs: 120_000 },
      { state: 'unknown' },
      { state: 'ok', conversation: jane, firstResponseTargetMs: 120_000 },
    ]);
    const bulk = fetch.mock.calls.map(([url]) => new URL(String(url))).filter((url) => url.pathname === '/v1/threads/current');
    expect(bulk.map((url) => url.searchParams.get('ids'))).toEqual(['1:130,1:129,1:128']);
    expect((await profileItem.getValue())?.workspace.name).toBe('Acme Support');
    await sendMessage('threadSnapshots', ['1:128']);
    expect(fetch.mock.calls.filter(([url]) => String(url).endsWith('/v1/me'))).toHaveLength(1);
  });

  it('splits more than 100 threads into requests of at most 100', async () => {
    // 250 threads → 100 + 100 + 50, every one answered in its place.
    const ids = Array.from({ length: 250 }, (_, i) => `1:${i + 1}`);
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = new URL(String(input));
      if (url.pathname === '/v1/me') return new Response(JSON.stringify(ME), { status: 200 });
      const asked = url.searchParams.get('ids')!.split(',');
      const threads = asked.map((id) => ({ thread_id: id, conversation: openConversation({ thread_id: id }) }));
      return new Response(JSON.stringify({ threads }), { status: 200 });
    });
    const snapshots = await sendMessage('threadSnapshots', ids);
    expect(snapshots.map((s) => s.state === 'ok' && s.conversation.thread_id)).toEqual(ids);
    const sizes = fetch.mock.calls
      .map(([url]) => new URL(String(url)))
      .filter((url) => url.pathname === '/v1/threads/current')
      .map((url) => url.searchParams.get('ids')!.split(',').length);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('tells an unknown thread apart from an error, for every thread of the batch', async () => {
    answer({ '/v1/me': [200, ME], '/v1/threads/current': [200, { threads: [{ thread_id: '999', conversation: null }] }] });
    expect(await sendMessage('threadSnapshots', ['999'])).toEqual([{ state: 'unknown' }]);
    vi.restoreAllMocks();
    answer({ '/v1/threads/current': [401, { error: { code: 'unauthorized', message: 'Invalid token' } }] });
    const snapshots = await sendMessage('threadSnapshots', ['1:1', '1:2']);
    expect(snapshots.map((s) => s.state === 'error' && s.kind)).toEqual(['unauthorized', 'unauthorized']);
  });

  it('asks a thread whose id holds a comma on its own (the bulk query separates ids by commas)', async () => {
    // A user-defined inbox pattern may name such a thread; the other threads still go in bulk.
    const fetch = answer({
      '/v1/threads/current': [200, { threads: [{ thread_id: '1:2', conversation: null }] }],
      '/v1/threads/a%2Cb/current': [200, openConversation({ thread_id: 'a,b' })],
      '/v1/me': [200, ME],
    });
    const snapshots = await sendMessage('threadSnapshots', ['a,b', '1:2']);
    expect(snapshots.map((s) => s.state)).toEqual(['ok', 'unknown']);
    const paths = fetch.mock.calls.map(([url]) => new URL(String(url))).map((url) => `${url.pathname}${url.search}`);
    expect(paths.filter((p) => p.startsWith('/v1/threads')).sort()).toEqual(['/v1/threads/a%2Cb/current', '/v1/threads/current?ids=1%3A2']);
  });

  it('shows a server without the bulk endpoint as an error, not as threads it does not know', async () => {
    // An older worker answers the unknown path 404; the bulk endpoint itself says unknown with null.
    answer({ '/v1/me': [200, ME] });
    const snapshots = await sendMessage('threadSnapshots', ['1:1']);
    expect(snapshots).toEqual([expect.objectContaining({ state: 'error', kind: 'not_found' })]);
  });

  it('opens the side panel page as a tab where the browser has no side panel API', async () => {
    await sendMessage('openSidePanel');
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('chrome-extension://test-extension-id/sidepanel.html');
  });
});
