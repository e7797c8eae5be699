import { browser } from 'wxt/browser';

/** Shown by every page until the options page has a server URL and token. */
export function NotConfigured() {
  return (
    <div class="empty-state setup">
      <p>ConvoLens is not set up yet: enter your server URL and API token in the options.</p>
      <button type="button" class="primary" onClick={() => void browser.runtime.openOptionsPage()}>
        Open options
      </button>
    </div>
  );
}
