// The inbox overlay on the demo inbox (Chatwoot-shaped URLs, .conversations-list links and a
// .conversation-header): badges appear where a user looks, follow SPA navigation and tell the
// background which conversation is open.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { messenger, onMessage, type DetectedPayload, type ThreadSnapshot } from '../../extension/messaging';
import { InboxOverlay } from '../../extension/overlay/overlay';
import demoInbox from './fixtures/demo-inbox.html?raw';
import { openConversation } from './fixtures/conversations';

let ctx: ContentScriptContext;
const detected: DetectedPayload[] = [];

/** What the background would answer: thread 7 waits 2:05, thread 8 is unknown, 9 nobody waits. */
function snapshot(threadId: string): ThreadSnapshot {
  if (threadId === '7') return { state: 'ok', conversation: openConversation(), firstResponseTargetMs: 300_000 };
  if (threadId === '9') return { state: 'ok', conversation: openConversation({ current_wait_ms: null, waiting_since: null }), firstResponseTargetMs: 300_000 };
  return { state: 'unknown' };
}

function shadowText(host: Element | null | undefined): string {
  return host?.shadowRoot?.querySelector('button, .row-badge')?.textContent ?? '';
}

async function until<T>(check: () => T | null | undefined | false, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeEach(() => {
  messenger.removeAllListeners();
  fakeBrowser.reset();
  detected.length = 0;
  onMessage('threadSnapshot', ({ data }) => snapshot(data));
  onMessage('conversationDetected', ({ data }) => void detected.push(data));
  history.replaceState({}, '', '/app/accounts/1/conversations/7');
  document.body.innerHTML = demoInbox;
  ctx = new ContentScriptContext('inbox');
});

afterEach(() => {
  ctx.abort();
  document.body.innerHTML = '';
});

describe('inbox overlay on the demo inbox', () => {
  it('puts the wait badge in the conversation header and a wait badge on each waiting row', async () => {
    new InboxOverlay(ctx, []).start();
    const header = document.querySelector('.conversation-header');
    const badge = await until(() => header?.querySelector('convolens-overlay'));
    await until(() => shadowText(badge).includes('02:0'));
    expect(shadowText(badge)).toMatch(/Waiting 02:0[5-9]/);
    expect(detected[0]).toMatchObject({ inbox: 'chatwoot', threadId: '7' });

    const rows = Array.from(document.querySelectorAll('.conversations-list a'));
    await until(() => rows.every((row) => row.querySelector('convolens-row-badge')));
    await until(() => shadowText(rows[0]!.querySelector('convolens-row-badge')) !== '');
    expect(shadowText(rows[0]!.querySelector('convolens-row-badge'))).toMatch(/^02:0[5-9]$/);
    expect(shadowText(rows[1]!.querySelector('convolens-row-badge'))).toBe(''); // unknown to the server
    expect(shadowText(rows[2]!.querySelector('convolens-row-badge'))).toBe(''); // nobody waiting
  });

  it('follows the inbox to another conversation without a reload', async () => {
    new InboxOverlay(ctx, []).start();
    await until(() => document.querySelector('convolens-overlay'));
    history.pushState({}, '', '/app/accounts/1/conversations/8');
    // The SPA changes the URL; WXT's location watcher reports it as wxt:locationchange.
    const event = Object.assign(new Event('wxt:locationchange'), { newUrl: new URL(location.href), oldUrl: new URL('http://localhost:3000/app/accounts/1/conversations/7') });
    window.dispatchEvent(event);
    await until(() => detected.some((d) => d.threadId === '8'));
    await until(() => shadowText(document.querySelector('convolens-overlay')).includes('No ConvoLens data'));
    expect(document.querySelectorAll('convolens-overlay')).toHaveLength(1);
  });

  it('shows nothing on pages that are not a conversation', async () => {
    history.replaceState({}, '', '/app/accounts/1/dashboard');
    document.body.innerHTML = '<main><h1>Dashboard</h1></main>';
    new InboxOverlay(ctx, []).start();
    await new Promise((r) => setTimeout(r, 400));
    expect(document.querySelector('convolens-overlay')).toBeNull();
    expect(detected).toEqual([]);
  });
});
