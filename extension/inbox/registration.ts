// Making the inbox content script run on a site the user adds: ask for the origin's permission
// (optional_host_permissions) and register the script there. Both need an extension context;
// the permission request also needs the user's click, so callers request it first thing in
// their click handler, before any await. Registrations are per origin: two sites on one origin
// (say a self-hosted Chatwoot and a pattern) share one script, which picks the adapter itself.
import { browser } from 'wxt/browser';
import { BUILT_IN_SITES, LOCAL_HOSTS, originMatchPattern, shortHash, type InboxSite } from './sites';

/** The built content script (WXT names it after extension/entrypoints/inbox.content.ts). */
export const INBOX_SCRIPT_FILE = 'content-scripts/inbox.js';
/** The page-world script that marks Chatwoot's cards (entrypoints/chatwoot-cards.content.ts). */
export const CHATWOOT_CARDS_SCRIPT_FILE = 'content-scripts/chatwoot-cards.js';

const SCRIPT_ID_PREFIX = 'convolens-origin-';
const CARDS_SCRIPT_ID_PREFIX = 'convolens-cards-';

export function scriptIdFor(origin: string): string {
  return `${SCRIPT_ID_PREFIX}${shortHash(origin)}`;
}

export function cardsScriptIdFor(origin: string): string {
  return `${CARDS_SCRIPT_ID_PREFIX}${shortHash(origin)}`;
}

/**
 * Chatwoot's page-world card reader: Chrome registers MAIN-world scripts; Firefox's
 * registerContentScripts has no world, and there the active card is badged from the URL alone.
 */
const REGISTERS_MAIN_WORLD = import.meta.env.BROWSER !== 'firefox';

/** Origins the manifest already covers need no registration (it would run the script twice). */
export function coveredByManifest(origin: string): boolean {
  const url = new URL(origin);
  return (
    BUILT_IN_SITES.some((site) => site.origin === url.origin) ||
    (url.protocol === 'http:' && (LOCAL_HOSTS as readonly string[]).includes(url.hostname))
  );
}

/** Ask for the site's host permission. Call synchronously from a click handler. */
export function requestSitePermission(site: InboxSite): Promise<boolean> {
  return browser.permissions.request({ origins: [originMatchPattern(site.origin)] });
}

function hasOriginPermission(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originMatchPattern(origin)] });
}

async function registerOrigin(origin: string): Promise<void> {
  await browser.scripting.registerContentScripts([
    {
      id: scriptIdFor(origin),
      matches: [originMatchPattern(origin)],
      js: [INBOX_SCRIPT_FILE],
      runAt: 'document_idle',
      // Firefox keeps no registration across sessions (the background registers again on
      // startup); Chrome does.
      persistAcrossSessions: !import.meta.env.FIREFOX,
    },
  ]);
}

async function registerCardsScript(origin: string): Promise<void> {
  await browser.scripting.registerContentScripts([
    {
      id: cardsScriptIdFor(origin),
      matches: [originMatchPattern(origin)],
      js: [CHATWOOT_CARDS_SCRIPT_FILE],
      runAt: 'document_idle',
      world: 'MAIN',
      persistAcrossSessions: true,
    },
  ]);
}

/**
 * Make the registered scripts match the stored sites: register each needed origin that is
 * missing (where the permission is granted) and unregister leftovers. Idempotent: the options
 * page runs it after every change, the background on install and startup, because not every
 * browser keeps registrations across sessions.
 */
export async function syncRegisteredSites(sites: readonly InboxSite[]): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts();
  const origins = new Set(sites.map((site) => site.origin).filter((origin) => !coveredByManifest(origin)));
  const chatwootOrigins = new Set(
    REGISTERS_MAIN_WORLD ? sites.filter((site) => site.kind === 'chatwoot' && origins.has(site.origin)).map((site) => site.origin) : [],
  );
  const wanted = new Set([...Array.from(origins, scriptIdFor), ...Array.from(chatwootOrigins, cardsScriptIdFor)]);
  const ours = (id: string) => id.startsWith(SCRIPT_ID_PREFIX) || id.startsWith(CARDS_SCRIPT_ID_PREFIX);
  const stale = registered.filter((s) => ours(s.id) && !wanted.has(s.id)).map((s) => s.id);
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const present = new Set(registered.map((s) => s.id));
  for (const origin of origins) {
    const missingInbox = !present.has(scriptIdFor(origin));
    const missingCards = chatwootOrigins.has(origin) && !present.has(cardsScriptIdFor(origin));
    if (!missingInbox && !missingCards) continue;
    if (!(await hasOriginPermission(origin))) continue;
    if (missingInbox) await registerOrigin(origin);
    if (missingCards) await registerCardsScript(origin);
  }
}

/** After a site is removed: give its origin's permission back unless another site still uses it. */
export async function releaseSitePermission(site: InboxSite, remaining: readonly InboxSite[]): Promise<void> {
  if (coveredByManifest(site.origin)) return;
  if (remaining.some((other) => other.origin === site.origin)) return;
  await browser.permissions.remove({ origins: [originMatchPattern(site.origin)] });
}
