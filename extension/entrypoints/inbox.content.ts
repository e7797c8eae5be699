// The inbox content script: the badges over respond.io, Chatwoot (Cloud, self-hosted, the local
// demo) and user-defined inboxes. It never reads the token and never talks to the server:
// the background does both. No zod, chart.js or luxon here (30 KB gzipped budget).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startI18n } from '../i18n';
import { BUILT_IN_MATCHES } from '../inbox/sites';
import { sendMessage } from '../messaging';
import { InboxOverlay } from '../overlay/overlay';
import { customInboxSitesItem } from '../storage';

declare global {
  // Set once per page: a site registered at runtime on a built-in origin must not run twice.
  var __convolensInbox: boolean | undefined;
}

export default defineContentScript({
  matches: BUILT_IN_MATCHES,
  runAt: 'document_idle',
  async main(ctx) {
    if (globalThis.__convolensInbox) return;
    globalThis.__convolensInbox = true;
    // The badges speak the language chosen on the options page, else the browser's.
    await startI18n((language) => sendMessage('catalogue', language));
    const sites = await customInboxSitesItem.getValue();
    new InboxOverlay(ctx, sites).start();
  },
});
