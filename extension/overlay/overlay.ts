// The inbox overlay: follows the inbox SPA's navigation, mounts the header badge next to the
// open conversation and a wait badge on every list row the adapter can read, and tells the
// background which conversation is open (the side panel shows that one).
import { render } from 'preact';
import { createElement } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { LiveHeaderBadge, LiveRowBadge } from '../components/WaitBadge';
import { adapterForUrl, type InboxSite } from '../inbox/sites';
import type { InboxAdapter, InboxMatch } from '../inbox/types';
import { sendMessage } from '../messaging';
import { SnapshotStore } from './snapshot-store';
import { FLOATING_CSS, HEADER_BADGE_CSS, ROW_BADGE_CSS } from './styles';

/** Rows beyond this many get no badge (a virtualised list mounts far fewer; one bulk request holds 100). */
const MAX_ROW_BADGES = 60;

interface MountedUi {
  ui: ShadowRootContentScriptUi<void>;
  threadId: string;
}

export class InboxOverlay {
  private readonly store = new SnapshotStore((threadIds) => sendMessage('threadSnapshots', threadIds));
  private adapter: InboxAdapter | null = null;
  private match: InboxMatch | null = null;
  private url: URL;
  private header: (MountedUi & { floating: boolean; anchor: Element | null }) | null = null;
  private readonly rows = new Map<Element, MountedUi & { anchor: Element }>();
  private scanQueued = false;
  private started = false;
  // The inbox re-renders its header and list all the time: check again after DOM changes. A
  // virtualised list (Chatwoot's) mounts cards as they scroll into view and reuses a card for
  // another conversation by changing its text, so text changes count too, and so do the
  // attributes the adapter reads (the card ids ConvoLens' page-world script writes).
  private readonly observer = new MutationObserver(() => this.queueScan());
  private busy = false;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly sites: readonly InboxSite[],
  ) {
    this.url = new URL(location.href);
  }

  start(): void {
    this.navigate(new URL(location.href));
    this.started = true;
    this.ctx.addEventListener(window, 'wxt:locationchange', (event) => this.navigate(new URL(event.newUrl.href)));
    this.observer.observe(document.body, this.observerOptions());
    this.ctx.onInvalidated(() => {
      this.observer.disconnect();
      this.store.dispose();
    });
    // Coming back to this tab makes its conversation the side panel's again.
    this.ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') this.announce();
    });
  }

  private observerOptions(): MutationObserverInit {
    const attributeFilter = this.adapter?.observedAttributes ?? [];
    return { childList: true, subtree: true, characterData: true, ...(attributeFilter.length > 0 ? { attributes: true, attributeFilter: [...attributeFilter] } : {}) };
  }

  private navigate(url: URL): void {
    this.url = url;
    const adapter = adapterForUrl(url, this.sites);
    const attributesChanged = adapter?.observedAttributes !== this.adapter?.observedAttributes;
    this.adapter = adapter;
    // Observing the same node again replaces the options (the adapter's attributes may differ).
    if (attributesChanged && this.started) this.observer.observe(document.body, this.observerOptions());
    const match = this.adapter?.parse(url) ?? null;
    const changed = match?.threadId !== this.match?.threadId;
    this.match = match;
    if (changed) this.announce();
    this.queueScan();
  }

  private announce(): void {
    if (!this.adapter || !this.match?.threadId) return;
    void sendMessage('conversationDetected', { ...this.match, inbox: this.adapter.kind, pageUrl: this.url.href }).catch(
      () => undefined,
    );
  }

  private queueScan(): void {
    if (this.scanQueued) return;
    this.scanQueued = true;
    this.ctx.setTimeout(() => {
      this.scanQueued = false;
      void this.scan();
    }, 250);
  }

  /** Bring the badges in line with the page; runs one at a time. */
  private async scan(): Promise<void> {
    if (this.busy) return this.queueScan();
    this.busy = true;
    try {
      await this.syncHeader();
      await this.syncRows();
    } finally {
      this.busy = false;
    }
  }

  private async syncHeader(): Promise<void> {
    const threadId = this.match?.threadId;
    const slot = threadId && this.adapter ? this.adapter.findHeader(document) : null;
    const current = this.header;
    const upToDate =
      current &&
      current.threadId === threadId &&
      current.ui.shadowHost.isConnected &&
      (slot ? current.anchor === slot.anchor : current.floating);
    if (upToDate) return;
    if (current) {
      current.ui.remove();
      this.header = null;
    }
    if (!threadId) return;
    const openPanel = () => {
      void sendMessage('openSidePanel').catch(() => undefined);
      this.store.refresh(threadId);
    };
    const ui = await createShadowRootUi<void>(this.ctx, {
      name: 'convolens-overlay',
      position: 'inline',
      anchor: slot?.anchor ?? document.body,
      append: slot?.append ?? 'last',
      inheritStyles: true,
      css: slot ? HEADER_BADGE_CSS : HEADER_BADGE_CSS + FLOATING_CSS,
      onMount: (container) => render(createElement(LiveHeaderBadge, { store: this.store, threadId, onOpen: openPanel }), container),
      onRemove: () => render(null, ui.uiContainer),
    });
    ui.mount();
    this.header = { ui, threadId, floating: !slot, anchor: slot?.anchor ?? null };
  }

  private async syncRows(): Promise<void> {
    const found = this.adapter ? this.adapter.findListRows(document, this.url).slice(0, MAX_ROW_BADGES) : [];
    const wanted = new Map(found.map((row) => [row.element, row]));
    for (const [element, mounted] of this.rows) {
      const row = wanted.get(element);
      const anchor = row?.slot?.anchor ?? element;
      if (row?.threadId === mounted.threadId && mounted.anchor === anchor && mounted.ui.shadowHost.isConnected) continue;
      mounted.ui.remove();
      this.rows.delete(element);
    }
    for (const [element, { threadId, slot }] of wanted) {
      if (this.rows.has(element)) continue;
      const anchor = slot?.anchor ?? element;
      const ui = await createShadowRootUi<void>(this.ctx, {
        name: 'convolens-row-badge',
        position: 'inline',
        anchor,
        append: slot?.append ?? 'last',
        inheritStyles: true,
        css: ROW_BADGE_CSS,
        onMount: (container) => render(createElement(LiveRowBadge, { store: this.store, threadId }), container),
        onRemove: () => render(null, ui.uiContainer),
      });
      ui.mount();
      this.rows.set(element, { ui, threadId, anchor });
    }
  }
}
