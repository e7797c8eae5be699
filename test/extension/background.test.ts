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

  it('answers a thread with its conversation and the workspace’s target, learning the target once', async () => {
    const fetch = answer({ '/v1/threads/128/current': [200, openConversation()], '/v1/me': [200, ME] });
    const snapshot = await sendMessage('threadSnapshot', '128');
    expect(snapshot).toMatchObject({ state: 'ok', firstResponseTargetMs: 120_000, conversation: { contact_name: 'Jane Doe' } });
    expect((await profileItem.getValue())?.workspace.name).toBe('Acme Support');
    await sendMessage('threadSnapshot', '128');
    expect(fetch.mock.calls.filter(([url]) => String(url).endsWith('/v1/me'))).toHaveLength(1);
  });

  it('tells an unknown thread apart from an error', async () => {
    answer({ '/v1/me': [200, ME] });
    expect(await sendMessage('threadSnapshot', '999')).toEqual({ state: 'unknown' });
    answer({ '/v1/threads/1/current': [401, { error: { code: 'unauthorized', message: 'Invalid token' } }] });
    expect(await sendMessage('threadSnapshot', '1')).toMatchObject({ state: 'error', kind: 'unauthorized' });
  });

  it('opens the side panel page as a tab where the browser has no side panel API', async () => {
    await sendMessage('openSidePanel');
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('chrome-extension://test-extension-id/sidepanel.html');
  });
});
