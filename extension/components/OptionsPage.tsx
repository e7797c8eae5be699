// The options page: where the extension learns its server and token (confirmed with GET /v1/me)
// and which inboxes it works on.
import { useEffect, useState } from 'preact/hooks';
import type { MeResponse } from '../../shared/api';
import { createApiClient, describeApiError, type FetchLike } from '../api';
import { coveredByManifest, releaseSitePermission, requestSitePermission, syncRegisteredSites } from '../inbox/registration';
import { BUILT_IN_SITES, parseSiteInput, type InboxSite } from '../inbox/sites';
import { t, type LanguageChoice } from '../i18n';
import { apiTokenItem, customInboxSitesItem, languageItem, profileItem, serverUrlItem } from '../storage';

export function connectedText(me: MeResponse): string {
  return t('options.connected', { workspace: me.workspace.name, role: t(`role.${me.role}`) });
}

/** A host (with a dot, or localhost), an optional port and path, typed without a scheme. */
const BARE_HOST = /^(localhost|[\w-]+(\.[\w-]+)+)(:\d+)?(\/.*)?$/i;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+)(:|\/|$)/i;

/**
 * A server URL as typed → the base URL to store, or the problem in plain words. An address typed
 * without its scheme ("convolens.acme.workers.dev", "127.0.0.1:8787") gets https://, or http://
 * on this machine, where `npm start` serves plain HTTP: the README's printed URL, pasted without
 * its scheme, then still connects.
 */
export function normaliseServerUrl(input: string): { ok: true; url: string } | { ok: false; error: string } {
  let text = input.trim();
  if (!text) return { ok: false, error: t('options.error.urlMissing') };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && BARE_HOST.test(text)) text = `${LOOPBACK.test(text) ? 'http' : 'https'}://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: t('options.error.urlInvalid') };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: t('options.error.urlScheme') };
  }
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

type Connection =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'connected'; me: MeResponse }
  | { state: 'failed'; message: string };

export function OptionsPage({ fetchImpl }: { fetchImpl?: FetchLike }) {
  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      <ConnectionForm fetchImpl={fetchImpl} />
      <LanguageChoiceForm />
      <InboxSites />
    </main>
  );
}

function ConnectionForm({ fetchImpl }: { fetchImpl?: FetchLike }) {
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const [connection, setConnection] = useState<Connection>({ state: 'idle' });

  useEffect(() => {
    void Promise.all([serverUrlItem.getValue(), apiTokenItem.getValue(), profileItem.getValue()]).then(([url, savedToken, me]) => {
      setServerUrl(url);
      setToken(savedToken);
      if (me && url && savedToken) setConnection({ state: 'connected', me });
    });
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    const url = normaliseServerUrl(serverUrl);
    if (!url.ok) return setConnection({ state: 'failed', message: url.error });
    if (!token.trim()) return setConnection({ state: 'failed', message: t('options.error.tokenMissing') });
    setConnection({ state: 'checking' });
    setServerUrl(url.url);
    // Stored only once the server confirms them: a typo must not replace settings that work.
    try {
      const me = await createApiClient({ serverUrl: url.url, token: token.trim() }, fetchImpl).me();
      await Promise.all([serverUrlItem.setValue(url.url), apiTokenItem.setValue(token.trim()), profileItem.setValue(me)]);
      setConnection({ state: 'connected', me });
    } catch (error) {
      const working = Boolean((await serverUrlItem.getValue()) && (await apiTokenItem.getValue()));
      const message = describeApiError(error);
      setConnection({ state: 'failed', message: working ? `${message} ${t('options.kept')}` : message });
    }
  };

  return (
    <section class="card" aria-labelledby="connection-heading">
      <h2 id="connection-heading">{t('options.server')}</h2>
      {/* noValidate: the page says what is wrong in its own words. */}
      <form class="form" onSubmit={save} noValidate>
        <label for="server-url">{t('options.serverUrl')}</label>
        <input
          id="server-url"
          type="url"
          placeholder="https://convolens.example.com"
          autoComplete="url"
          value={serverUrl}
          onInput={(e) => setServerUrl(e.currentTarget.value)}
        />
        <label for="api-token">{t('options.apiToken')}</label>
        <input
          id="api-token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={connection.state === 'checking'}>
            {t('action.save')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {connection.state === 'checking' ? <p class="loading">{t('options.checking')}</p> : null}
        {connection.state === 'connected' ? <p class="success">{connectedText(connection.me)}</p> : null}
        {connection.state === 'failed' ? (
          <p class="error-text" role="alert">
            {connection.message}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function siteLabel(site: InboxSite): string {
  return site.kind === 'chatwoot' ? t('sites.selfHostedOf', { origin: site.origin }) : t('sites.otherOf', { pattern: site.pattern });
}

function InboxSites() {
  const [sites, setSites] = useState<InboxSite[]>([]);
  const [kind, setKind] = useState<InboxSite['kind']>('chatwoot');
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    void customInboxSitesItem.getValue().then(setSites);
    return customInboxSitesItem.watch(setSites);
  }, []);

  // Not async up to the permission request: browsers grant it only during the click.
  const add = (event: Event) => {
    event.preventDefault();
    const parsed = parseSiteInput(kind, input);
    if (!parsed.ok) return setMessage({ error: true, text: parsed.error });
    const site = parsed.site;
    if (sites.some((s) => s.id === site.id)) return setMessage({ error: true, text: t('sites.error.duplicate') });
    const granted = coveredByManifest(site.origin) ? Promise.resolve(true) : requestSitePermission(site);
    void granted
      .then(async (ok) => {
        if (!ok) {
          setMessage({ error: true, text: t('sites.error.permission', { origin: site.origin }) });
          return;
        }
        const next = [...sites, site];
        await customInboxSitesItem.setValue(next);
        await syncRegisteredSites(next);
        setInput('');
        setMessage({ error: false, text: t('sites.added', { origin: site.origin }) });
      })
      .catch((error: unknown) => {
        setMessage({ error: true, text: t('sites.error.addFailed', { detail: error instanceof Error ? error.message : String(error) }) });
      });
  };

  const remove = async (site: InboxSite) => {
    const next = sites.filter((s) => s.id !== site.id);
    await customInboxSitesItem.setValue(next);
    await syncRegisteredSites(next);
    await releaseSitePermission(site, next).catch(() => undefined);
    setMessage({ error: false, text: t('sites.removed', { site: siteLabel(site) }) });
  };

  return (
    <section class="card" aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('sites.heading')}</h2>
      <ul class="site-list">
        {BUILT_IN_SITES.map((site) => (
          <li key={site.origin}>
            <span>
              {site.name} ({new URL(site.origin).hostname})
            </span>
            <span class="muted">{t('sites.builtIn')}</span>
          </li>
        ))}
        {sites.map((site) => (
          <li key={site.id}>
            <span>{siteLabel(site)}</span>
            <button type="button" onClick={() => void remove(site)} aria-label={t('action.removeItem', { item: siteLabel(site) })}>
              {t('action.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form class="form" onSubmit={add}>
        <label for="site-kind">{t('sites.kind')}</label>
        <select id="site-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as InboxSite['kind'])}>
          <option value="chatwoot">{t('sites.selfHosted')}</option>
          <option value="generic">{t('sites.other')}</option>
        </select>
        <label for="site-input">{kind === 'chatwoot' ? t('sites.chatwootAddress') : t('sites.pattern')}</label>
        <input
          id="site-input"
          type="text"
          placeholder={kind === 'chatwoot' ? 'https://chat.example.com' : 'https://desk.example.com/inbox/{conversation}'}
          value={input}
          onInput={(e) => setInput(e.currentTarget.value)}
        />
        <p class="hint">
          {kind === 'chatwoot' ? t('sites.chatwootHint') : t('sites.patternHint')}
        </p>
        <div class="form-actions">
          <button type="submit">{t('sites.add')}</button>
        </div>
      </form>
      {message ? (
        <p class={message.error ? 'error-text' : 'success'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

/** product.md §8: the browser's language unless one is chosen here; every page follows at once. */
function LanguageChoiceForm() {
  const [choice, setChoice] = useState<LanguageChoice>('auto');
  useEffect(() => {
    void languageItem.getValue().then(setChoice);
    return languageItem.watch(setChoice);
  }, []);
  return (
    <section class="card" aria-labelledby="language-heading">
      <h2 id="language-heading">{t('options.language')}</h2>
      <div class="form">
        <label for="language">{t('options.languageLabel')}</label>
        <select id="language" value={choice} onChange={(e) => void languageItem.setValue(e.currentTarget.value as LanguageChoice)}>
          <option value="auto">{t('options.languageAuto')}</option>
          {/* Each language in its own words, so a reader finds theirs whatever is shown. */}
          <option value="es" lang="es">
            Español
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
      </div>
    </section>
  );
}
