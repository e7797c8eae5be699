// Every inbox adapter over real-looking URLs, and over saved HTML where it reads the DOM.
import { beforeEach, describe, expect, it } from 'vitest';
import { chatwootAdapter, findChatwootHeader, findChatwootListRows, parseChatwootUrl } from '../../extension/inbox/chatwoot';
import { compilePattern, createGenericAdapter } from '../../extension/inbox/generic';
import { parseRespondioUrl, respondioAdapter } from '../../extension/inbox/respondio';
import { adapterForUrl, parseSiteInput, type InboxSite } from '../../extension/inbox/sites';
import chatwootDashboard from './fixtures/chatwoot-dashboard.html?raw';
import demoInbox from './fixtures/demo-inbox.html?raw';
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
  it.each([
    ['https://app.chatwoot.com/app/accounts/1/conversations/128', '128'],
    ['https://app.chatwoot.com/app/accounts/1/conversations/128?messageId=9021', '128'],
    ['https://app.chatwoot.com/app/accounts/1/inbox/3/conversations/128', '128'],
    ['https://app.chatwoot.com/app/accounts/1/label/billing/conversations/128', '128'],
    ['https://app.chatwoot.com/app/accounts/1/team/2/conversations/128', '128'],
    ['https://app.chatwoot.com/app/accounts/1/custom_view/5/conversations/128', '128'],
    ['https://app.chatwoot.com/app/accounts/1/mentions/conversations/128', '128'],
    ['https://app.chatwoot.com/app/accounts/1/unattended/conversations/128', '128'],
    ['https://chat.example.com/app/accounts/42/conversations/7/', '7'],
    ['http://localhost:3000/app/accounts/1/conversations/9', '9'],
  ])('%s → thread %s', (url, threadId) => {
    expect(parseChatwootUrl(new URL(url))).toEqual({ threadId });
  });

  it.each([
    'https://app.chatwoot.com/app/accounts/1/dashboard',
    'https://app.chatwoot.com/app/accounts/1/conversations',
    'https://app.chatwoot.com/app/accounts/1/inbox/3',
    'https://app.chatwoot.com/app/accounts/1/contacts/42',
    'https://app.chatwoot.com/app/accounts/1/conversations/abc',
    'https://app.chatwoot.com/app/login',
    'https://app.chatwoot.com/conversations/128',
  ])('%s is not a conversation page', (url) => {
    expect(parseChatwootUrl(new URL(url))).toBeNull();
  });

  it("finds real Chatwoot's action area as the header and the cards it can identify", () => {
    const doc = page(chatwootDashboard);
    const header = findChatwootHeader(doc);
    expect(header?.append).toBe('first');
    expect(header?.anchor.textContent).toContain('Resolve');
    const rows = findChatwootListRows(doc, new URL('https://app.chatwoot.com/app/accounts/1/conversations/128'));
    // Mario Rossi's card has no id in the DOM: it gets no badge rather than a wrong one.
    expect(rows.map((r) => [r.element.querySelector('h4')?.textContent, r.threadId])).toEqual([
      ['Jane Doe', '128'],
      ['Aiko Tanaka', '131'],
    ]);
  });

  it('finds the demo inbox header and its link rows, ignoring other links', () => {
    const doc = page(demoInbox);
    const header = findChatwootHeader(doc);
    expect(header?.anchor.className).toBe('conversation-header');
    expect(header?.append).toBe('last');
    const rows = chatwootAdapter.findListRows(doc, new URL('http://localhost:8080/app/accounts/1/conversations/7'));
    expect(rows.map((r) => [r.element.querySelector('strong')?.textContent, r.threadId])).toEqual([
      ['Ana López', '7'],
      ['Ben Carter', '8'],
      ['Chen Wei', '9'],
    ]);
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
