// Making the inbox content script run on a site the user adds: ask for the origin's permission
// (optional_host_permissions) and register the script there. Both need an extension context;
// the permission request also needs the user's click, so callers request it first thing in
// their click handler, before any await. Registrations are per origin: two sites on one origin
// (say a self-hosted Chatwoot and a pattern) share one script, which picks the adapter itself.
import { browser } from 'wxt/browser';
import { BUILT_IN_SITES, LOCAL_HOSTS, originMatchPattern, shortHash, type InboxSite } from './sites';

/** The built content script (WXT names it after extension/entrypoints/inbox.content.ts). */
export const INBOX_SCRIPT_FILE = 'content-scripts/inbox.js';

const SCRIPT_ID_PREFIX = 'convolens-origin-';

export function scriptIdFor(origin: string): string {
  return `${SCRIPT_ID_PREFIX}${shortHash(origin)}`;
}

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

/**
 * Make the registered scripts match the stored sites: register each needed origin that is
 * missing (where the permission is granted) and unregister leftovers. Idempotent: the options
 * page runs it after every change, the background on install and startup, because not every
 * browser keeps registrations across sessions.
 */
export async function syncRegisteredSites(sites: readonly InboxSite[]): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts();
  const origins = new Set(sites.map((site) => site.origin).filter((origin) => !coveredByManifest(origin)));
  const wanted = new Set(Array.from(origins, scriptIdFor));
  const stale = registered.filter((s) => s.id.startsWith(SCRIPT_ID_PREFIX) && !wanted.has(s.id)).map((s) => s.id);
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const present = new Set(registered.map((s) => s.id));
  for (const origin of origins) {
    if (present.has(scriptIdFor(origin))) continue;
    if (await hasOriginPermission(origin)) await registerOrigin(origin);
  }
}

/** After a site is removed: give its origin's permission back unless another site still uses it. */
export async function releaseSitePermission(site: InboxSite, remaining: readonly InboxSite[]): Promise<void> {
  if (coveredByManifest(site.origin)) return;
  if (remaining.some((other) => other.origin === site.origin)) return;
  await browser.permissions.remove({ origins: [originMatchPattern(site.origin)] });
}
