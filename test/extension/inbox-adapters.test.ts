// Every inbox adapter over real-looking URLs, and over saved HTML where it reads the DOM.
import { beforeEach, describe, expect, it } from 'vitest';
import { chatwootAdapter, findChatwootHeader, findChatwootListRows, parseChatwootUrl } from '../../extension/inbox/chatwoot';
import { CARD_ID_ATTRIBUTE } from '../../extension/inbox/chatwoot-cards';
import { compilePattern, createGenericAdapter } from '../../extension/inbox/generic';
import { parseRespondioUrl, respondioAdapter } from '../../extension/inbox/respondio';
import { adapterForUrl, parseSiteInput, type InboxSite } from '../../extension/inbox/sites';
import chatwootCondensed from './fixtures/chatwoot-condensed.html?raw';
import chatwootExpanded from './fixtures/chatwoot-expanded.html?raw';
import chatwootMyInbox from './fixtures/chatwoot-my-inbox.html?raw';
import respondioInbox from './fixtures/respondio-inbox.html?raw';

function page(html: string): Document {
  const doc = document.implementation.createHTMLDocument('inbox');
  doc.body.innerHTML = html;
  return doc;
}

describe('respond.io adapter', () => {
  it.each([
    ['https://app.respond.io/space/218734/inbox/4402117', { threadId: '4402117', contactId: '4402117' }],
    ['https://app.respond.io/space/218734/inbox/4402117/', { threadId: '4402117', contactId: '4402117' }],
    ['https://app.respond.io/space/218734/inbox/4402117?channel=whatsapp', { threadId: '4402117', contactId: '4402117' }],
    ['https://app.respond.io/space/218734/inbox/4402117/details#notes', { threadId: '4402117', contactId: '4402117' }],
    ['https://app.respond.io/space/218734/inbox', null],
    ['https://app.respond.io/space/218734/inbox/', null],
    ['https://app.respond.io/space/218734/contacts/4402117', null],
    ['https://app.respond.io/space/218734/dashboard', null],
    ['https://app.respond.io/', null],
  ])('%s → %j', (url, expected) => {
    expect(parseRespondioUrl(new URL(url))).toEqual(expected);
  });

  it('finds the contact list rows by their links', () => {
    const doc = page(respondioInbox);
    const rows = respondioAdapter.findListRows(doc, new URL('https://app.respond.io/space/218734/inbox/4402117'));
    expect(rows.map((r) => [r.element.textContent?.trim(), r.threadId])).toEqual([
      ['Lucía Fernández', '4402117'],
      ['Omar Haddad', '4402120'],
    ]);
  });
});

describe('Chatwoot adapter', () => {
  // Thread ids are `{account}:{display id}` (display ids repeat across accounts).
  it.each([
    ['https://app.chatwoot.com/app/accounts/1/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/conversations/128?messageId=9021', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/inbox/3/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/label/billing/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/team/2/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/custom_view/5/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/mentions/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/unattended/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/participating/conversations/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/1/inbox-view/conversation/128', '1:128'],
    ['https://app.chatwoot.com/app/accounts/9/inbox-view/conversation/128/', '9:128'],
    ['https://chat.example.com/app/accounts/42/conversations/7/', '42:7'],
    ['http://localhost:3000/app/accounts/1/conversations/9', '1:9'],
  ])('%s → thread %s', (url, threadId) => {
    expect(parseChatwootUrl(new URL(url))).toEqual({ threadId });
  });

  it.each([
    'https://app.chatwoot.com/app/accounts/1/dashboard',
    'https://app.chatwoot.com/app/accounts/1/conversations',
    'https://app.chatwoot.com/app/accounts/1/inbox/3',
    'https://app.chatwoot.com/app/accounts/1/inbox-view',
    'https://app.chatwoot.com/app/accounts/1/contacts/42',
    'https://app.chatwoot.com/app/accounts/1/conversations/abc',
    'https://app.chatwoot.com/app/login',
    'https://app.chatwoot.com/conversations/128',
  ])('%s is not a conversation page', (url) => {
    expect(parseChatwootUrl(new URL(url))).toBeNull();
  });

  /** The page with each card marked as ConvoLens' page-world script marks it (CARD_ID_ATTRIBUTE). */
  function markCards(html: string, ids: string[]): string {
    let i = 0;
    return html.replace(/<div class="relative flex items-start[^"]*conversation [^"]*"/g, (tag) => `${tag} ${CARD_ID_ATTRIBUTE}="${ids[i++] ?? ''}"`);
  }

  /** Each row as [contact name, thread id, the element the badge goes into, first or last]. */
  function describeRows(doc: Document, url: string) {
    return findChatwootListRows(doc, new URL(url)).map((row) => [
      row.element.querySelector('h4, p')?.textContent?.trim(),
      row.threadId,
      row.slot?.anchor.className.split(' ').slice(0, 4).join(' '),
      row.slot?.append,
    ]);
  }

  it.each([
    [
      'condensed, a conversation open: only the active card can be told (the URL names it)',
      chatwootCondensed,
      'https://app.chatwoot.com/app/accounts/1/conversations/128',
      [['Jane Doe', '1:128', 'absolute flex flex-col ltr:right-3', 'last']],
    ],
    [
      'condensed, opened through an inbox filter of account 2',
      chatwootCondensed,
      'https://app.chatwoot.com/app/accounts/2/inbox/3/conversations/128',
      [['Jane Doe', '2:128', 'absolute flex flex-col ltr:right-3', 'last']],
    ],
    ['condensed, no conversation open: no card can be told', chatwootCondensed, 'https://app.chatwoot.com/app/accounts/1/dashboard', []],
    [
      "condensed, cards marked by ConvoLens' page-world script (chatwoot-cards.ts): every card",
      markCards(chatwootCondensed, ['128', '127', '131']),
      'https://app.chatwoot.com/app/accounts/1/dashboard',
      [
        ['Jane Doe', '1:128', 'absolute flex flex-col ltr:right-3', 'last'],
        ['Mario Rossi', '1:127', 'absolute flex flex-col ltr:right-3', 'last'],
        ['Aiko Tanaka', '1:131', 'absolute flex flex-col ltr:right-3', 'last'],
      ],
    ],
    [
      'condensed, a mark that is not a number is ignored (the active card still comes from the URL)',
      markCards(chatwootCondensed, ['x', '', '131']),
      'https://app.chatwoot.com/app/accounts/1/conversations/128',
      [
        ['Jane Doe', '1:128', 'absolute flex flex-col ltr:right-3', 'last'],
        ['Aiko Tanaka', '1:131', 'absolute flex flex-col ltr:right-3', 'last'],
      ],
    ],
    [
      'expanded: every card by the id it prints',
      chatwootExpanded,
      'https://app.chatwoot.com/app/accounts/1/dashboard',
      [
        ['Jane Doe', '1:128', 'flex items-center justify-end gap-1.5', 'first'],
        ['Mario Rossi', '1:127', 'flex items-center justify-end gap-1.5', 'first'],
        ['Aiko Tanaka', '1:131', 'flex items-center justify-end gap-1.5', 'first'],
      ],
    ],
    [
      'expanded in account 3',
      chatwootExpanded,
      'https://chat.example.com/app/accounts/3/label/vip',
      [
        ['Jane Doe', '3:128', 'flex items-center justify-end gap-1.5', 'first'],
        ['Mario Rossi', '3:127', 'flex items-center justify-end gap-1.5', 'first'],
        ['Aiko Tanaka', '3:131', 'flex items-center justify-end gap-1.5', 'first'],
      ],
    ],
    [
      'expanded with a conversation open: Chatwoot hides the list (class hidden), so no card is visible',
      chatwootExpanded.replace('conversations-list-wrap bg-n-surface-1 relative basis-full', 'conversations-list-wrap bg-n-surface-1 relative hidden basis-full'),
      'https://app.chatwoot.com/app/accounts/1/conversations/127',
      [],
    ],
    [
      'My Inbox: the active notification card (the URL names its conversation)',
      chatwootMyInbox,
      'https://app.chatwoot.com/app/accounts/1/inbox-view/conversation/128',
      [['Jane Doe sent a new message in conversation #128', '1:128', 'flex items-center justify-between h-6', 'last']],
    ],
  ])('%s', (_name, html, url, expected) => {
    expect(describeRows(page(html), url)).toEqual(expected);
  });

  it.each([
    ['condensed', chatwootCondensed],
    ['My Inbox', chatwootMyInbox],
  ])("finds Chatwoot's header action area in the %s page", (_name, html) => {
    const header = findChatwootHeader(page(html));
    expect(header?.append).toBe('first');
    expect(header?.anchor.classList.contains('header-actions-wrap')).toBe(true);
    expect(header?.anchor.textContent).toContain('Resolve');
  });

  it('reads a recycled expanded card anew: the id it prints now, not the one it printed', () => {
    const doc = page(chatwootExpanded);
    const url = new URL('https://app.chatwoot.com/app/accounts/1/dashboard');
    // virtua keys items by index, so Vue patches the first card's text when a new conversation
    // comes to the top of the list (ConversationItem.vue: "the row is recycled").
    const idText = doc.querySelector('.conversation .i-woot-hash + span')!;
    idText.textContent = '140';
    expect(findChatwootListRows(doc, url).map((r) => r.threadId)).toEqual(['1:140', '1:127', '1:131']);
    expect(chatwootAdapter.findListRows(doc, url)[0]?.element).toBe(doc.querySelector('.conversation'));
  });
});

describe('generic adapter', () => {
  it.each([
    ['https://desk.example.com/inbox/{conversation}', 'https://desk.example.com/inbox/c-1001', { threadId: 'c-1001' }],
    ['https://desk.example.com/inbox/{conversation}', 'https://desk.example.com/inbox/c-1001/notes?x=1', { threadId: 'c-1001' }],
    ['https://desk.example.com/inbox/{conversation}', 'https://desk.example.com/inbox', null],
    ['https://desk.example.com/inbox/{conversation}', 'https://other.example.com/inbox/c-1001', null],
    ['https://desk.example.com/inbox/{conversation}', 'https://desk.example.com/inboxes/c-1001', null],
    [
      'https://crm.example.com/people/{contact}/chat',
      'https://crm.example.com/people/u%2042/chat',
      { threadId: 'u 42', contactId: 'u 42' },
    ],
    [
      'https://crm.example.com/w/*/contacts/{contact}/threads/{conversation}',
      'https://crm.example.com/w/acme/contacts/55/threads/900',
      { threadId: '900', contactId: '55' },
    ],
    ['https://help.example.com/ticket?id={conversation}', 'https://help.example.com/ticket?id=77&tab=chat', { threadId: '77' }],
    ['https://Help.Example.com/#/chat/{conversation}', 'https://help.example.com/#/chat/abc', { threadId: 'abc' }],
  ])('%s on %s → %j', (pattern, url, expected) => {
    expect(createGenericAdapter(pattern)?.parse(new URL(url))).toEqual(expected);
  });

  it.each([
    ['desk.example.com/inbox/{conversation}', 'starting with https://'],
    ['https://desk.example.com/inbox/123', '{conversation} or {contact} placeholder'],
    ['https://{conversation}.example.com/', 'without placeholders'],
    ['https://desk.example.com/{conversation}/{conversation}', 'only once'],
  ])('rejects %s, saying it needs %s', (pattern, words) => {
    const result = compilePattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(words);
  });

  it('finds rows by the pattern in links', () => {
    const doc = page('<ul><li><a href="/inbox/c-1">A</a></li><li><a href="/inbox/c-2">B</a></li><li><a href="/reports">R</a></li></ul>');
    const adapter = createGenericAdapter('https://desk.example.com/inbox/{conversation}');
    const rows = adapter?.findListRows(doc, new URL('https://desk.example.com/inbox/c-1')) ?? [];
    expect(rows.map((r) => r.threadId)).toEqual(['c-1', 'c-2']);
  });
});

describe('choosing the adapter for a page', () => {
  const chatwootSite = parseSiteInput('chatwoot', 'https://chat.acme.io');
  const genericSite = parseSiteInput('generic', 'https://desk.example.com/inbox/{conversation}');
  const sites: InboxSite[] = [];

  beforeEach(() => {
    sites.length = 0;
    if (chatwootSite.ok) sites.push(chatwootSite.site);
    if (genericSite.ok) sites.push(genericSite.site);
  });

  it.each([
    ['https://app.respond.io/space/1/inbox/2', 'respondio'],
    ['https://app.chatwoot.com/app/accounts/1/conversations/3', 'chatwoot'],
    ['https://chat.acme.io/app/login', 'chatwoot'],
    ['http://localhost:5173/', 'chatwoot'],
    ['http://127.0.0.1:8080/app/accounts/1/conversations/4', 'chatwoot'],
    ['https://desk.example.com/inbox/c-9', 'generic'],
    ['https://elsewhere.example.org/app/accounts/1/conversations/5', 'chatwoot'],
    ['https://elsewhere.example.org/', null],
  ])('%s → %s', (url, kind) => {
    expect(adapterForUrl(new URL(url), sites)?.kind ?? null).toBe(kind);
  });

  it.each([
    ['chatwoot', 'chat.acme.io', 'https://chat.acme.io'],
    ['chatwoot', 'https://chat.acme.io/app/accounts/1', 'https://chat.acme.io'],
    ['generic', 'https://desk.example.com/inbox/{conversation}', 'https://desk.example.com'],
  ] as const)('site input %s %s → origin %s', (kind, input, origin) => {
    const result = parseSiteInput(kind, input);
    expect(result.ok && result.site.origin).toBe(origin);
  });

  it('refuses to add a built-in site again', () => {
    const result = parseSiteInput('chatwoot', 'https://app.chatwoot.com');
    expect(result.ok).toBe(false);
  });
});
