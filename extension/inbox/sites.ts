// Which inbox runs where: the built-in sites (in the manifest's content-script matches) and the
// sites a user adds on the options page (host permission asked for and content script
// registered at that moment, see registration.ts).
import { t } from '../i18n';
import { chatwootAdapter, isChatwootDashboard } from './chatwoot';
import { compilePattern, createGenericAdapter } from './generic';
import { respondioAdapter } from './respondio';
import type { InboxAdapter } from './types';

export type InboxSite =
  | { id: string; kind: 'chatwoot'; origin: string }
  | { id: string; kind: 'generic'; origin: string; pattern: string };

export interface BuiltInSite {
  name: string;
  origin: string;
  adapter: InboxAdapter;
}

export const BUILT_IN_SITES: readonly BuiltInSite[] = [
  { name: 'respond.io', origin: 'https://app.respond.io', adapter: respondioAdapter },
  { name: 'Chatwoot Cloud', origin: 'https://app.chatwoot.com', adapter: chatwootAdapter },
];

/** Local development and demo inboxes (Chatwoot-shaped URLs), also matched by the manifest. */
export const LOCAL_HOSTS = ['localhost', '127.0.0.1'] as const;

/** Where Chatwoot's page-world card reader runs from the manifest: Chatwoot Cloud and local hosts. */
export const CHATWOOT_MATCHES = [
  ...BUILT_IN_SITES.filter((site) => site.adapter === chatwootAdapter).map((site) => `${site.origin}/*`),
  ...LOCAL_HOSTS.map((host) => `http://${host}/*`),
];

/** The manifest's content-script matches: the built-in sites and local hosts. */
export const BUILT_IN_MATCHES = [
  ...BUILT_IN_SITES.map((site) => `${site.origin}/*`),
  ...LOCAL_HOSTS.map((host) => `http://${host}/*`),
];

/** `https://chat.example.com` → `https://chat.example.com/*` (a match pattern ignores the port). */
export function originMatchPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Eight hex digits that stand for a text (FNV-1a, 32 bit): short, stable ids. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const ch of text) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A short, stable id for a site, so adding the same site twice is recognised. */
export function siteId(kind: InboxSite['kind'], text: string): string {
  return `${kind}-${shortHash(`${kind}|${text}`)}`;
}

export type SiteInputResult = { ok: true; site: InboxSite } | { ok: false; error: string };

/** Read what the user typed on the options page into a site, or say what is wrong with it. */
export function parseSiteInput(kind: InboxSite['kind'], input: string): SiteInputResult {
  const text = input.trim();
  if (kind === 'generic') {
    const compiled = compilePattern(text);
    if (!compiled.ok) return compiled;
    const origin = compiled.pattern.origin;
    return { ok: true, site: { id: siteId('generic', text), kind: 'generic', origin, pattern: text } };
  }
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, error: t('sites.error.chatwootAddress') };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: t('sites.error.scheme') };
  }
  if (BUILT_IN_SITES.some((site) => site.origin === url.origin)) {
    return { ok: false, error: t('sites.error.builtIn', { host: url.hostname }) };
  }
  return { ok: true, site: { id: siteId('chatwoot', url.origin), kind: 'chatwoot', origin: url.origin } };
}

/**
 * The adapter for a page: a user's generic pattern for its origin first (the user said so),
 * then the built-in products by host, then Chatwoot on the local hosts (the demo inbox), on the
 * user's self-hosted Chatwoot origins and wherever the page is a Chatwoot dashboard.
 */
export function adapterForUrl(url: URL, customSites: readonly InboxSite[]): InboxAdapter | null {
  for (const site of customSites) {
    if (site.kind !== 'generic' || site.origin !== url.origin) continue;
    const adapter = createGenericAdapter(site.pattern);
    if (adapter?.parse(url)) return adapter;
  }
  const builtIn = BUILT_IN_SITES.find((site) => site.origin === url.origin);
  if (builtIn) return builtIn.adapter;
  const generic = customSites.find((site) => site.kind === 'generic' && site.origin === url.origin);
  if (generic?.kind === 'generic') return createGenericAdapter(generic.pattern);
  const isLocal = (LOCAL_HOSTS as readonly string[]).includes(url.hostname);
  if (isLocal || isChatwootDashboard(url) || customSites.some((s) => s.kind === 'chatwoot' && s.origin === url.origin)) {
    return chatwootAdapter;
  }
  return null;
}
