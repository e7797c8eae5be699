/** @jsxImportSource preact */
// product.md §8: every word in Spanish and in English. The catalogue has each key in both
// languages, and each UI rendered in one language shows no word of the other: every text node
// and every aria-label, title and placeholder is checked, the data shown (names, categories,
// summaries from the fixtures) aside.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { parseMessagesText } from '@wxt-dev/i18n/build';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ApiError, type ApiClient } from '../../extension/api';
import { ConversationPanel } from '../../extension/components/ConversationPanel';
import { OptionsPage } from '../../extension/components/OptionsPage';
import { Popup } from '../../extension/components/Popup';
import { MyNumbers } from '../../extension/components/MyNumbers';
import { ReportPage } from '../../extension/components/ReportPage';
import { TeamReport } from '../../extension/components/report/TeamView';
import { HeaderBadge, RowBadge } from '../../extension/components/WaitBadge';
import { LANGUAGES, type Language } from '../../extension/i18n';
import type { DetectedConversation } from '../../extension/inbox/types';
import { apiTokenItem, profileItem, serverUrlItem } from '../../extension/storage';
import { closedConversation, openConversation, weekReport } from './fixtures/conversations';
import { teamReport } from './fixtures/team';
import { catalogueOf, localeSource, useLanguage } from './i18n';

const PLACEHOLDER = /\{[A-Za-z0-9_]+\}/g;

/** key → { text, plural?, placeholders } as the build parses extension/locales/<lang>.yml. */
function parsed(language: Language) {
  return new Map(
    parseMessagesText(localeSource(language), 'YAML')
      .filter((m) => !m.key.join('.').startsWith('@@'))
      .map((m) => {
        const text = m.type === 'plural' ? Object.values(m.plurals).join(' | ') : m.message;
        return [m.key.join('.'), { text, plural: m.type === 'plural', placeholders: [...new Set(text.match(PLACEHOLDER) ?? [])].sort() }];
      }),
  );
}

describe('the catalogue', () => {
  const en = parsed('en');
  const es = parsed('es');

  it('has every key in both languages', () => {
    expect([...es.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !es.has(k))).toEqual([]);
    expect(en.size).toBeGreaterThan(200);
  });

  it('has the same placeholders and plural forms in both, and no empty message', () => {
    for (const [key, english] of en) {
      const spanish = es.get(key)!;
      expect({ key, placeholders: spanish.placeholders, plural: spanish.plural }).toEqual({ key, placeholders: english.placeholders, plural: english.plural });
      expect(english.text.trim(), key).not.toBe('');
      expect(spanish.text.trim(), key).not.toBe('');
    }
  });

  it('uses the seeds’ own Spanish terms (product.md §8)', () => {
    const spanish = Object.values(catalogueOf('es')).map((m) => m.message);
    for (const term of [
      'Conversación abierta vs cerrada',
      'Mapa de calor de Conversación abierta',
      'Lista de conversaciones',
      'Tipo de contacto',
      'Primer cesionario',
      'Último cesionario',
      'Tiempo de primera respuesta',
      'Tiempo de resolución',
      'Borrar todo',
      'Los filtros seleccionados no son aplicables aquí',
      'Los filtros seleccionados no tienen datos aplicables',
    ]) {
      expect(spanish, term).toContain(term);
    }
  });
});

// ----------------------------------------------------------------------------------------------
// No word of the other language in a rendered UI

const WORD = /[\p{L}]{3,}/gu;

function wordsOf(text: string): string[] {
  return (text.replace(PLACEHOLDER, ' ').match(WORD) ?? []).map((w) => w.toLocaleLowerCase());
}

/** Words only one language's catalogue uses: seeing one in the other's UI means a string was missed. */
function onlyIn(language: Language): Set<string> {
  const other = language === 'en' ? 'es' : 'en';
  const theirs = new Set([...parsed(other).values()].flatMap((m) => wordsOf(m.text)));
  return new Set([...parsed(language).values()].flatMap((m) => wordsOf(m.text)).filter((w) => !theirs.has(w)));
}

/** Every string leaf of the data the test served: shown as it is, in whatever language it was written. */
function dataStrings(...values: unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  values.forEach(walk);
  return [...new Set(out)].filter((s) => s.length > 2).sort((a, b) => b.length - a.length);
}

/** Every string a person can see or hear: text nodes, labels, titles, placeholders. */
function renderedStrings(root: Element): string[] {
  const strings: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) strings.push(text);
  }
  for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const attr of ['aria-label', 'title', 'placeholder']) {
      const value = el.getAttribute(attr);
      if (value) strings.push(value);
    }
  }
  return strings;
}

/** The words of the other language found in what is shown, with the string each came from. */
function foreignWords(root: Element, language: Language, data: readonly string[]): string[] {
  const foreign = onlyIn(language === 'en' ? 'es' : 'en');
  // Each language's own name is written in that language on purpose (the language menu).
  const allowed = new Set(['español', 'english']);
  const found: string[] = [];
  for (const shown of renderedStrings(root)) {
    let text = shown;
    for (const value of data) text = text.split(value).join(' ');
    for (const word of wordsOf(text)) if (foreign.has(word) && !allowed.has(word)) found.push(`${word} ← "${shown}"`);
  }
  return found;
}

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
const ME = {
  workspace: { id: 'w', name: 'Acme Support', timezone: 'UTC', first_response_target_ms: 300_000, categories: ['Billing'], business_hours: null },
  role: 'manager',
  name: 'Pat',
};
const LIST = { rows: [closedConversation()], total: 1, next_cursor: null };

function serveManager() {
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const path = new URL(String(input)).pathname;
    const body: unknown =
      path === '/v1/me' ? ME : path === '/v1/live' ? LIVE : path === '/v1/reports/conversations' ? weekReport() : path === '/v1/reports/conversations/list' ? LIST : null;
    return new Response(JSON.stringify(body ?? { error: { code: 'not_found', message: 'No route' } }), { status: body ? 200 : 404 });
  });
}

function stubApi(overrides: Partial<ApiClient>): ApiClient {
  const fail = () => Promise.reject(new ApiError('not_found', 'not stubbed'));
  return { me: fail, conversation: fail, currentInThread: fail, currentInThreads: fail, contactConversations: fail, live: fail, report: fail, list: fail, exportCsv: fail, agents: fail, openedHeatmap: fail, ...overrides };
}

const DETECTED: DetectedConversation = {
  inbox: 'chatwoot',
  threadId: '1:128',
  pageUrl: 'https://app.chatwoot.com/app/accounts/1/conversations/128',
  tabId: 3,
  windowId: 1,
  detectedAt: 0,
};

const DATA = dataStrings(LIVE, ME, weekReport(), LIST, openConversation(), closedConversation(), teamReport());

beforeEach(async () => {
  fakeBrowser.reset();
  await serverUrlItem.setValue('https://cl.test');
  await apiTokenItem.setValue('tok');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('each UI in one language only', () => {
  it('finds a word of the other language when there is one (the check can fail)', () => {
    const div = document.createElement('div');
    div.innerHTML = '<p>Cargando <span title="Try again">el reporte</span></p>';
    expect(foreignWords(div, 'es', [])).toEqual(['try ← "Try again"', 'again ← "Try again"']);
    expect(foreignWords(div, 'en', [])).toEqual(['cargando ← "Cargando"', 'reporte ← "el reporte"']);
  });

  it.each(LANGUAGES)('popup with the live dashboard and the compact summary (%s)', async (language) => {
    useLanguage(language);
    serveManager();
    const { container } = render(<Popup />);
    await screen.findByRole('button', { name: language === 'es' ? 'Abrir el reporte completo' : 'Open the full report' });
    await screen.findAllByText(/%/);
    expect(foreignWords(container, language, DATA)).toEqual([]);
  });

  it.each(LANGUAGES)('full-page report with every component and the list (%s)', async (language) => {
    useLanguage(language);
    serveManager();
    const { container } = render(<ReportPage />);
    await screen.findByText(language === 'es' ? 'Mapa de calor de Conversación abierta' : 'Opened heatmap');
    await screen.findByText(closedConversation().conversation_id);
    expect(foreignWords(container, language, DATA)).toEqual([]);
  });

  it.each(LANGUAGES)('options page (%s)', async (language) => {
    useLanguage(language);
    await profileItem.setValue(ME as never);
    const { container } = render(<OptionsPage />);
    await screen.findByText(language === 'es' ? 'Conectado a Acme Support como gerente' : 'Connected to Acme Support as manager');
    expect(foreignWords(container, language, DATA)).toEqual([]);
  });

  it.each(LANGUAGES)('side panel (%s)', async (language) => {
    useLanguage(language);
    const api = stubApi({
      currentInThread: async () => openConversation(),
      contactConversations: async (contactId) => ({ contact_id: contactId, now: openConversation().now, conversations: [openConversation(), closedConversation()] }),
      openedHeatmap: async () => ({ range: weekReport().range, opened_heatmap: weekReport().components.opened_heatmap }),
    });
    const { container } = render(<ConversationPanel api={api} detected={DETECTED} firstResponseTargetMs={300_000} />);
    await screen.findByRole('region', { name: language === 'es' ? 'Conversaciones anteriores' : 'Past conversations' });
    await screen.findByRole('region', { name: language === 'es' ? 'Abiertas en los últimos 7 días' : 'Opened in the last 7 days' });
    expect(foreignWords(container, language, DATA)).toEqual([]);
  });

  it.each(LANGUAGES)('Team tab: table, leaderboard and my numbers (%s)', async (language) => {
    useLanguage(language);
    const api = stubApi({ agents: async () => teamReport() });
    const { container } = render(
      <div>
        <TeamReport report={teamReport()} onPerson={() => undefined} />
        <TeamReport report={teamReport([])} onPerson={() => undefined} />
        <MyNumbers api={api} profile={{ ...ME, role: 'agent', user_id: 'u-ana' } as never} />
        <MyNumbers api={stubApi({ agents: () => Promise.reject(new ApiError('forbidden', '', 403)) })} profile={{ ...ME, role: 'agent' } as never} />
      </div>,
    );
    await screen.findAllByRole('columnheader', { name: language === 'es' ? 'Hoy' : 'Today' });
    await screen.findByText(language === 'es' ? /no está vinculado/ : /not linked/);
    fireEvent.click(screen.getAllByRole('button', { name: language === 'es' ? 'Clasificación' : 'Leaderboard' })[0]!);
    expect(foreignWords(container, language, DATA)).toEqual([]);
    // The table once more, now that the first report shows the leaderboard.
    fireEvent.click(screen.getAllByRole('button', { name: language === 'es' ? 'Tabla' : 'Table' })[0]!);
    expect(foreignWords(container, language, DATA)).toEqual([]);
  });

  it.each(LANGUAGES)('badges and errors (%s)', (language) => {
    useLanguage(language);
    const ok = { snapshot: { state: 'ok' as const, conversation: openConversation({ current_wait_ms: 299_000 }), firstResponseTargetMs: 300_000 }, receivedAt: 0 };
    const { container } = render(
      <div>
        <HeaderBadge entry={ok} now={0} onOpen={() => undefined} />
        <HeaderBadge entry={{ snapshot: { state: 'unknown' }, receivedAt: 0 }} now={0} onOpen={() => undefined} />
        <HeaderBadge entry={{ snapshot: { state: 'error', kind: 'unreachable', message: '' }, receivedAt: 0 }} now={0} onOpen={() => undefined} />
        <RowBadge entry={ok} now={0} />
      </div>,
    );
    expect(container.textContent).toContain(language === 'es' ? 'Esperando' : 'Waiting');
    expect(foreignWords(container, language, DATA)).toEqual([]);
  });
});
