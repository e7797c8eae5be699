// The inbox overlay on Chatwoot's own markup (fixtures copied from its Vue templates): badges
// where a user looks, in the condensed and the expanded layout and in My Inbox; cards the
// virtualised list mounts or reuses later; every visible thread asked for in one message; SPA
// navigation followed and the open conversation told to the background.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CARD_ID_ATTRIBUTE } from '../../extension/inbox/chatwoot-cards';
import { messenger, onMessage, type DetectedPayload, type ThreadSnapshot } from '../../extension/messaging';
import chatwootCardsScript from '../../extension/entrypoints/chatwoot-cards.content';
import { InboxOverlay } from '../../extension/overlay/overlay';
import chatwootCondensed from './fixtures/chatwoot-condensed.html?raw';
import chatwootExpanded from './fixtures/chatwoot-expanded.html?raw';
import chatwootMyInbox from './fixtures/chatwoot-my-inbox.html?raw';
import { mountDashboard, nextTick } from './fixtures/chatwoot-vue';
import { openConversation } from './fixtures/conversations';

let ctx: ContentScriptContext;
const detected: DetectedPayload[] = [];
/** Every batch the content script sent the background. */
const batches: string[][] = [];

/**
 * What the background would answer: 1:128 (Jane) waits 2:05; 1:127 (Mario) is unknown to the
 * server; 1:131 (Aiko) has nobody waiting; 1:140 waits 2:05 too.
 */
function snapshot(threadId: string): ThreadSnapshot {
  if (threadId === '1:128' || threadId === '1:140') {
    return { state: 'ok', conversation: openConversation({ thread_id: threadId }), firstResponseTargetMs: 300_000 };
  }
  if (threadId === '1:131') {
    return { state: 'ok', conversation: openConversation({ current_wait_ms: null, waiting_since: null }), firstResponseTargetMs: 300_000 };
  }
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

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(path: string, html: string): void {
  history.replaceState({}, '', path);
  document.body.innerHTML = html;
}

const cards = () => Array.from(document.querySelectorAll('.conversations-list .conversation'));
const badgeOf = (card: Element) => card.querySelector('convolens-row-badge');

beforeEach(() => {
  messenger.removeAllListeners();
  fakeBrowser.reset();
  detected.length = 0;
  batches.length = 0;
  onMessage('threadSnapshots', ({ data }) => {
    batches.push(data);
    return data.map(snapshot);
  });
  onMessage('conversationDetected', ({ data }) => void detected.push(data));
  ctx = new ContentScriptContext('inbox');
});

afterEach(() => {
  ctx.abort();
  document.body.innerHTML = '';
});

describe('inbox overlay on Chatwoot, condensed layout', () => {
  it('badges the header and the active card (the only card the markup tells), with one request', async () => {
    open('/app/accounts/1/conversations/128', chatwootCondensed);
    new InboxOverlay(ctx, []).start();
    const header = document.querySelector('.header-actions-wrap');
    const badge = await until(() => header?.firstElementChild?.matches('convolens-overlay') && header.firstElementChild);
    await until(() => shadowText(badge).includes('02:0'));
    expect(shadowText(badge)).toMatch(/Waiting 02:0[5-9]/);
    expect(detected[0]).toMatchObject({ inbox: 'chatwoot', threadId: '1:128' });

    const [jane, mario, aiko] = cards();
    await until(() => shadowText(badgeOf(jane!)) !== '');
    expect(shadowText(badgeOf(jane!))).toMatch(/^02:0[5-9]$/);
    // In the time column, under the time.
    expect(badgeOf(jane!)?.parentElement?.classList.contains('absolute')).toBe(true);
    expect(badgeOf(mario!)).toBeNull();
    expect(badgeOf(aiko!)).toBeNull();
    // The header and the card show the same thread: asked once, in one message.
    expect(batches).toEqual([['1:128']]);
  });

  it("badges every card once ConvoLens' page-world script has marked them, in one more request", async () => {
    open('/app/accounts/1/conversations/128', chatwootCondensed);
    new InboxOverlay(ctx, []).start();
    const [jane, mario, aiko] = cards();
    await until(() => shadowText(badgeOf(jane!)) !== '');
    await pause(600); // the scans the badges' own mounting queued are over
    // chatwoot-cards.content.ts writes each card's display id, read from Chatwoot's Vue app.
    [jane, mario, aiko].forEach((card, i) => card!.setAttribute(CARD_ID_ATTRIBUTE, ['128', '127', '131'][i]!));
    await until(() => badgeOf(mario!) && badgeOf(aiko!));
    await until(() => batches.length === 2);
    expect(batches).toEqual([['1:128'], ['1:127', '1:131']]);
    expect(badgeOf(mario!)?.parentElement?.classList.contains('absolute')).toBe(true);
  });

  it('follows Chatwoot to another conversation without a reload: the badge moves to the newly active card', async () => {
    open('/app/accounts/1/conversations/128', chatwootCondensed);
    new InboxOverlay(ctx, []).start();
    const [jane, mario] = cards();
    await until(() => badgeOf(jane!));
    // Clicking Mario's card: the router changes the URL and Vue moves the `active` class.
    history.pushState({}, '', '/app/accounts/1/conversations/127');
    jane!.classList.remove('active');
    mario!.classList.add('active');
    const event = Object.assign(new Event('wxt:locationchange'), { newUrl: new URL(location.href), oldUrl: new URL('http://localhost:3000/app/accounts/1/conversations/128') });
    window.dispatchEvent(event);
    await until(() => detected.some((d) => d.threadId === '1:127'));
    await until(() => badgeOf(mario!) && !badgeOf(jane!));
    await until(() => shadowText(document.querySelector('convolens-overlay')).includes('No ConvoLens data'));
    expect(document.querySelectorAll('convolens-overlay')).toHaveLength(1);
  });

  it('shows nothing on pages that are not a conversation', async () => {
    open('/app/accounts/1/settings/inboxes/list', '<main><h1>Inboxes</h1></main>');
    new InboxOverlay(ctx, []).start();
    await pause(400);
    expect(document.querySelector('convolens-overlay, convolens-row-badge')).toBeNull();
    expect(detected).toEqual([]);
    expect(batches).toEqual([]);
  });
});

describe("inbox overlay on Chatwoot's Vue app, condensed layout, with the page-world card reader", () => {
  it('badges every card, follows a card Vue reuses for another conversation, all in batched requests', async () => {
    history.replaceState({}, '', '/app/accounts/1/conversations/128');
    const jane = { id: 128, name: 'Jane Doe' };
    const { state } = mountDashboard([jane, { id: 127, name: 'Mario Rossi' }, { id: 131, name: 'Aiko Tanaka' }], jane);
    // The two content scripts as the manifest runs them: the page-world reader, then the overlay.
    (chatwootCardsScript.main as () => void)();
    new InboxOverlay(ctx, []).start();
    const [first, second, third] = cards();
    await until(() => shadowText(badgeOf(first!)) !== '' && badgeOf(second!) && badgeOf(third!));
    expect(shadowText(badgeOf(first!))).toMatch(/^02:0[5-9]$/); // 1:128 waits
    expect(shadowText(badgeOf(second!))).toBe(''); // 1:127 unknown to the server
    // The header (floating: this tree has no header actions) and the three cards: one request.
    expect(batches).toEqual([['1:128', '1:127', '1:131']]);

    // A new conversation comes to the top: Vue shows it in the first card's element.
    state.chats.unshift({ id: 140, name: 'Noor Haddad' });
    await nextTick();
    expect(cards()[0]).toBe(first);
    await until(() => batches.length === 2);
    expect(batches[1]).toEqual(['1:140']);
    await until(() => cards().every(badgeOf) && shadowText(badgeOf(first!)) !== '');
    expect(shadowText(badgeOf(first!))).toMatch(/^02:0[5-9]$/); // 1:140 waits too
    expect(first!.querySelectorAll('convolens-row-badge')).toHaveLength(1);
  });
});

describe('inbox overlay on Chatwoot, expanded layout', () => {
  it('badges every card by the id it prints, all asked for in one request', async () => {
    open('/app/accounts/1/dashboard', chatwootExpanded);
    new InboxOverlay(ctx, []).start();
    const [jane, mario, aiko] = cards();
    await until(() => cards().every(badgeOf) && shadowText(badgeOf(jane!)) !== '');
    expect(shadowText(badgeOf(jane!))).toMatch(/^02:0[5-9]$/);
    expect(shadowText(badgeOf(mario!))).toBe(''); // unknown to the server
    expect(shadowText(badgeOf(aiko!))).toBe(''); // nobody waiting
    // In the card's right-hand section, before the time (the card's grid keeps two columns).
    expect(jane!.children).toHaveLength(2);
    expect(jane!.lastElementChild?.firstElementChild?.tagName.toLowerCase()).toBe('convolens-row-badge');
    expect(batches).toEqual([['1:128', '1:127', '1:131']]);
    expect(detected).toEqual([]); // no conversation open
  });

  it('badges a card the virtualised list mounts later (scrolled into view), asking only for it', async () => {
    open('/app/accounts/1/dashboard', chatwootExpanded);
    new InboxOverlay(ctx, []).start();
    await until(() => cards().every(badgeOf) && batches.length === 1);
    // virtua mounts the next item as it scrolls into view: a copy of Jane's card showing #140.
    const container = document.querySelector('.conversations-list > div')!;
    const item = container.firstElementChild!.cloneNode(true) as Element;
    item.querySelector('convolens-row-badge')?.remove();
    item.querySelector('.i-woot-hash + span')!.textContent = '140';
    item.setAttribute('style', 'contain: layout style; position: absolute; width: 100%; left: 0px; top: 144px;');
    container.append(item);
    const added = item.querySelector('.conversation')!;
    await until(() => shadowText(badgeOf(added)) !== '');
    expect(shadowText(badgeOf(added))).toMatch(/^02:0[5-9]$/);
    expect(batches).toEqual([['1:128', '1:127', '1:131'], ['1:140']]);
  });

  it.each([
    ['an element whose only child is the id (Vue sets textContent)', (span: Element) => void (span.textContent = '140')],
    ['a text node among others (Vue sets nodeValue)', (span: Element) => void ((span.firstChild as Text).data = '140')],
  ])('moves the badge of a card Chatwoot reuses for another conversation: %s', async (_name, patch) => {
    // Every thread unknown, so no badge ticks: only the card's own change can start a scan.
    messenger.removeAllListeners();
    onMessage('threadSnapshots', ({ data }) => {
      batches.push(data);
      return data.map((): ThreadSnapshot => ({ state: 'unknown' }));
    });
    open('/app/accounts/1/dashboard', chatwootExpanded);
    new InboxOverlay(ctx, []).start();
    const [jane] = cards();
    await until(() => cards().every(badgeOf) && batches.length === 1);
    await pause(600); // the scans the badges' own mounting queued are over
    const before = badgeOf(jane!);
    // A new conversation at the top: virtua keys items by index, so Vue patches card 0's text.
    patch(jane!.querySelector('.i-woot-hash + span')!);
    await until(() => batches.length === 2);
    expect(batches[1]).toEqual(['1:140']);
    await until(() => badgeOf(jane!) && badgeOf(jane!) !== before);
    expect(jane!.querySelectorAll('convolens-row-badge')).toHaveLength(1);
  });
});

describe('inbox overlay on Chatwoot, My Inbox', () => {
  it('recognises the My Inbox route: header badge, the active notification card, the side panel told', async () => {
    open('/app/accounts/1/inbox-view/conversation/128', chatwootMyInbox);
    new InboxOverlay(ctx, []).start();
    const header = document.querySelector('.header-actions-wrap');
    const badge = await until(() => header?.querySelector('convolens-overlay'));
    await until(() => shadowText(badge).includes('02:0'));
    expect(detected[0]).toMatchObject({ inbox: 'chatwoot', threadId: '1:128' });
    const active = document.querySelector('.inbox-card.active')!;
    await until(() => shadowText(active.querySelector('convolens-row-badge')) !== '');
    expect(document.querySelectorAll('.inbox-card convolens-row-badge')).toHaveLength(1);
    expect(batches).toEqual([['1:128']]);
  });
});
