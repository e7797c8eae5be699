import { browser } from 'wxt/browser';
import { t } from '../i18n';

/** Shown by every page until the options page has a server URL and token. */
export function NotConfigured() {
  return (
    <div class="empty-state setup">
      <p>{t('setup.notConfigured')}</p>
      <button type="button" class="primary" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('setup.openOptions')}
      </button>
    </div>
  );
}
