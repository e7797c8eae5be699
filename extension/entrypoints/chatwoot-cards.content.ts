// Runs in the page's own JavaScript world on Chatwoot (see inbox/chatwoot-cards.ts): marks each
// conversation card with its display id, which condensed cards otherwise keep only in Chatwoot's
// Vue app, for the inbox content script to badge. It uses no extension API, sends nothing and
// reads nothing beyond each card's conversation id.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { markChatwootCards } from '../inbox/chatwoot-cards';
import { CHATWOOT_MATCHES } from '../inbox/sites';

/** How long after a change of the page the cards are read again (a list scroll is many changes). */
const SETTLE_MS = 100;

export default defineContentScript({
  matches: CHATWOOT_MATCHES,
  world: 'MAIN',
  runAt: 'document_idle',
  main() {
    let queued = false;
    const mark = () => {
      queued = false;
      markChatwootCards(document);
    };
    // Vue mounts, reuses (by patching text) and drops cards as the list scrolls and changes;
    // writing the attribute is neither, so this does not wake itself.
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      setTimeout(mark, SETTLE_MS);
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    mark();
  },
});
