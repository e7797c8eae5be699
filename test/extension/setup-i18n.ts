// Every extension test starts in English; a test of the Spanish UI switches with useLanguage('es').
// The fake browser gets the English `_locales` too, as a browser in English would have, so code
// that follows the browser's language (the background's startI18n) finds its words.
// Imported in the hook: WXT's own setup file, which installs the fake browser, runs after this one.
import { beforeEach } from 'vitest';

beforeEach(async () => {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  const { catalogueOf, useLanguage } = await import('./i18n');
  const english = catalogueOf('en');
  fakeBrowser.i18n.getMessage = ((name: string) => english[name]?.message ?? '') as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en-US';
  useLanguage('en');
});
