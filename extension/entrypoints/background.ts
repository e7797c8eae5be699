// The background only wires services (style.md): messages to the API client and to storage.
// Every piece of state lives in storage.ts, so a service-worker restart loses nothing.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { ApiError, describeApiError, storedApiClient } from '../api';
import { syncRegisteredSites } from '../inbox/registration';
import { onMessage, type ThreadSnapshot } from '../messaging';
import { customInboxSitesItem, detectedConversationItem, profileItem } from '../storage';
import { effectiveTarget } from '../view-models/wait';

/** The open (or else latest) conversation of a thread, for the content script's badges. */
async function threadSnapshot(threadId: string): Promise<ThreadSnapshot> {
  try {
    const api = await storedApiClient();
    const conversation = await api.currentInThread(threadId);
    let profile = await profileItem.getValue();
    if (!profile) {
      profile = await api.me().catch(() => null);
      if (profile) await profileItem.setValue(profile);
    }
    return {
      state: 'ok',
      conversation,
      firstResponseTargetMs: effectiveTarget(profile?.workspace.first_response_target_ms),
    };
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'not_found') return { state: 'unknown' };
    const kind = error instanceof ApiError ? error.kind : 'unreachable';
    return { state: 'error', kind, message: describeApiError(error) };
  }
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
  onMessage('conversationDetected', async ({ data, sender }) => {
    await detectedConversationItem.setValue({
      ...data,
      tabId: sender.tab?.id ?? null,
      windowId: sender.tab?.windowId ?? null,
      detectedAt: Date.now(),
    });
  });
  // Not async: sidePanel.open must run before anything is awaited (user gesture).
  onMessage('openSidePanel', ({ sender }) => openSidePanel(sender.tab));
  onMessage('threadSnapshot', ({ data }) => threadSnapshot(data));

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
