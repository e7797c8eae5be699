// Any other inbox: the user gives the URL of a conversation page as a pattern with a
// `{conversation}` and/or `{contact}` placeholder (and `*` for parts that vary), e.g.
// `https://desk.example.com/inbox/{conversation}` or `https://crm.example.com/people/{contact}/chat`.
// `{conversation}` names the thread, as Chatwoot's display id does; `{contact}` alone names a
// contact-centric thread, as respond.io's contact id does (native events default the thread to
// the contact, events.md).
import { t } from '../i18n';
import { rowsFromLinks } from './links';
import type { InboxAdapter, InboxMatch } from './types';

const PLACEHOLDER = /\{(conversation|contact)\}/g;

export interface CompiledPattern {
  /** `https://desk.example.com`: the origin whose permission the extension asks for. */
  origin: string;
  regex: RegExp;
  /** Placeholder names in the order they appear. */
  names: Array<'conversation' | 'contact'>;
}

export type PatternResult = { ok: true; pattern: CompiledPattern } | { ok: false; error: string };

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Check and compile a pattern; the error says in plain words what is wrong with it. */
export function compilePattern(input: string): PatternResult {
  const pattern = input.trim();
  const schemeEnd = pattern.indexOf('://');
  const scheme = pattern.slice(0, schemeEnd);
  if (schemeEnd < 0 || (scheme !== 'https' && scheme !== 'http')) {
    return { ok: false, error: t('sites.error.patternAddress') };
  }
  const pathStart = pattern.indexOf('/', schemeEnd + 3);
  const host = pathStart < 0 ? pattern.slice(schemeEnd + 3) : pattern.slice(schemeEnd + 3, pathStart);
  if (!host || /[{}*]/.test(host)) {
    return { ok: false, error: t('sites.error.patternSite') };
  }
  let origin: string;
  try {
    origin = new URL(`${scheme}://${host}`).origin;
  } catch {
    return { ok: false, error: t('sites.error.patternHost', { host }) };
  }
  const rest = pathStart < 0 ? '/' : pattern.slice(pathStart);
  const names = Array.from(rest.matchAll(PLACEHOLDER), (m) => m[1] as 'conversation' | 'contact');
  if (names.length === 0) {
    return { ok: false, error: t('sites.error.patternPlaceholder') };
  }
  if (new Set(names).size !== names.length) {
    return { ok: false, error: t('sites.error.patternTwice') };
  }
  let body = '';
  let last = 0;
  for (const m of rest.matchAll(/\{(?:conversation|contact)\}|\*/g)) {
    body += escapeRegex(rest.slice(last, m.index));
    body += m[0] === '*' ? '[^?#]*?' : '([^/?#&]+)';
    last = m.index + m[0].length;
  }
  body += escapeRegex(rest.slice(last));
  // After the pattern a URL may go on with a deeper path, a query or a fragment (or, when the
  // pattern has a query itself, with more parameters).
  const tail = rest.includes('?') ? '(?:[&#].*)?' : '(?:[/?#].*)?';
  return { ok: true, pattern: { origin, regex: new RegExp(`^${body}${tail}$`), names } };
}

/** The ids a URL names under a compiled pattern, or null when it does not match. */
export function parseWithPattern(pattern: CompiledPattern, url: URL): InboxMatch | null {
  if (url.origin !== pattern.origin) return null;
  const m = pattern.regex.exec(url.pathname + url.search + url.hash);
  if (!m) return null;
  const ids: Partial<Record<'conversation' | 'contact', string>> = {};
  pattern.names.forEach((name, i) => {
    const raw = m[i + 1];
    if (!raw) return;
    try {
      ids[name] = decodeURIComponent(raw);
    } catch {
      ids[name] = raw;
    }
  });
  const match: InboxMatch = {};
  if (ids.contact) match.contactId = ids.contact;
  match.threadId = ids.conversation ?? ids.contact;
  return match.threadId ? match : null;
}

/** An adapter for one pattern; null when the pattern is invalid. */
export function createGenericAdapter(input: string): InboxAdapter | null {
  const compiled = compilePattern(input);
  if (!compiled.ok) return null;
  const parse = (url: URL) => parseWithPattern(compiled.pattern, url);
  return {
    kind: 'generic',
    name: compiled.pattern.origin.replace(/^https?:\/\//, ''),
    parse,
    // Nothing is known about an arbitrary inbox's markup: the badge floats.
    findHeader: () => null,
    findListRows: (root, pageUrl) => rowsFromLinks(root, pageUrl, parse),
  };
}
