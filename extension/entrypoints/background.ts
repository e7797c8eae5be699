// The background only wires services (style.md): messages to the API client and to storage.
// Every piece of state lives in storage.ts, so a service-worker restart loses nothing.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { ApiError, describeApiError, storedApiClient, type ApiClient } from '../api';
import { MAX_THREADS_PER_REQUEST } from '../../shared/vocabulary';
import { packagedCatalogue, startI18n } from '../i18n';
import { syncRegisteredSites } from '../inbox/registration';
import { onMessage, type ThreadSnapshot } from '../messaging';
import { customInboxSitesItem, detectedConversationItem, inboxLocationsItem, languageItem, profileItem } from '../storage';
import { learnInboxLocation } from '../view-models/inbox-links';
import { effectiveTarget } from '../view-models/wait';

/**
 * What a failed request means for a badge. A single thread's 404 is a thread the server does
 * not know; the bulk endpoint answers unknown threads with `null`, so its 404 is a server
 * without the endpoint (an older ConvoLens), which the badge must show rather than hide.
 */
function errorSnapshot(error: unknown, notFoundIsUnknown: boolean): ThreadSnapshot {
  if (notFoundIsUnknown && error instanceof ApiError && error.kind === 'not_found') return { state: 'unknown' };
  const kind = error instanceof ApiError ? error.kind : 'unreachable';
  return { state: 'error', kind, message: describeApiError(error) };
}

/**
 * The open (or else latest) conversation of each thread, for the content script's badges, in
 * the order asked: one bulk request per 100 threads (api.md, `GET /v1/threads/current`). The
 * bulk query separates ids by commas, so the rare id holding one is asked on its own.
 */
async function threadSnapshots(threadIds: readonly string[]): Promise<ThreadSnapshot[]> {
  let api: ApiClient;
  try {
    api = await storedApiClient();
  } catch (error) {
    return threadIds.map(() => errorSnapshot(error, false));
  }
  const byId = new Map<string, ThreadSnapshot>();
  const unique = [...new Set(threadIds)];
  const bulk = unique.filter((id) => !id.includes(','));
  const batches: Array<Promise<void>> = [];
  for (let i = 0; i < bulk.length; i += MAX_THREADS_PER_REQUEST) {
    const ids = bulk.slice(i, i + MAX_THREADS_PER_REQUEST);
    batches.push(
      api.currentInThreads(ids).then(
        ({ threads }) => {
          for (const { thread_id, conversation } of threads) {
            byId.set(thread_id, conversation ? { state: 'ok', conversation, firstResponseTargetMs: 0 } : { state: 'unknown' });
          }
        },
        (error: unknown) => ids.forEach((id) => byId.set(id, errorSnapshot(error, false))),
      ),
    );
  }
  for (const id of unique.filter((id) => id.includes(','))) {
    batches.push(
      api.currentInThread(id).then(
        (conversation) => void byId.set(id, { state: 'ok', conversation, firstResponseTargetMs: 0 }),
        (error: unknown) => void byId.set(id, errorSnapshot(error, true)),
      ),
    );
  }
  await Promise.all(batches);
  let profile = await profileItem.getValue();
  if (!profile && [...byId.values()].some((s) => s.state === 'ok')) {
    profile = await api.me().catch(() => null);
    if (profile) await profileItem.setValue(profile);
  }
  const target = effectiveTarget(profile?.workspace.first_response_target_ms);
  return threadIds.map((id) => {
    const snapshot = byId.get(id);
    // A thread the answer left out is one the server does not know.
    if (!snapshot) return { state: 'unknown' };
    return snapshot.state === 'ok' ? { ...snapshot, firstResponseTargetMs: target } : snapshot;
  });
}

interface SidePanelApi {
  open(options: { windowId?: number; tabId?: number }): Promise<void>;
}
interface SidebarActionApi {
  open(): Promise<void>;
}

/**
 * Chrome: the side panel, opened synchronously while the click's user gesture still counts.
 * Firefox has a sidebar instead, which it opens only from its own UI events, so there (and
 * wherever opening fails) the side panel page opens as a tab next to the inbox.
 */
function openSidePanel(tab: { id?: number; windowId?: number; index?: number } | undefined): Promise<void> {
  const openAsTab = async () => {
    await browser.tabs.create({
      url: browser.runtime.getURL('/sidepanel.html'),
      ...(tab?.index !== undefined ? { index: tab.index + 1 } : {}),
      ...(tab?.windowId !== undefined ? { windowId: tab.windowId } : {}),
    });
  };
  const apis = browser as unknown as { sidePanel?: SidePanelApi; sidebarAction?: SidebarActionApi };
  if (apis.sidePanel?.open && tab?.windowId !== undefined) {
    return apis.sidePanel.open({ windowId: tab.windowId }).catch(openAsTab);
  }
  if (apis.sidebarAction?.open) return apis.sidebarAction.open().catch(openAsTab);
  return openAsTab();
}

export default defineBackground(() => {
  // The badges' error sentences are written here: in the language the user chose.
  void startI18n();
  languageItem.watch(() => void startI18n());
  // Content scripts cannot read the package's files; they ask for the chosen language's words.
  onMessage('catalogue', ({ data }) => packagedCatalogue(data));
  onMessage('conversationDetected', async ({ data, sender }) => {
    // Where this inbox lives, for the report list's links to its conversations (product.md §8).
    const locations = await inboxLocationsItem.getValue();
    const learned = learnInboxLocation(locations, data.inbox, data.pageUrl);
    if (learned !== locations) await inboxLocationsItem.setValue(learned);
    await detectedConversationItem.setValue({
      ...data,
      tabId: sender.tab?.id ?? null,
      windowId: sender.tab?.windowId ?? null,
      detectedAt: Date.now(),
    });
  });
  // Not async: sidePanel.open must run before anything is awaited (user gesture).
  onMessage('openSidePanel', ({ sender }) => openSidePanel(sender.tab));
  onMessage('threadSnapshots', ({ data }) => threadSnapshots(data));

  // Sites added on the options page: not every browser keeps runtime registrations.
  const syncSites = () => {
    void customInboxSitesItem
      .getValue()
      .then(syncRegisteredSites)
      .catch(() => undefined);
  };
  browser.runtime.onInstalled.addListener(syncSites);
  browser.runtime.onStartup.addListener(syncSites);
});
