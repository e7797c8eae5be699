// Every extension test starts in English; a test of the Spanish UI switches with useLanguage('es').
// Imported in the hook: WXT's own setup file, which installs the fake browser, runs after this one.
import { beforeEach } from 'vitest';

beforeEach(async () => {
  const { useLanguage } = await import('./i18n');
  useLanguage('en');
});
