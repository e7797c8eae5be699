// The catalogue as the build makes it, for tests: extension/locales/<lang>.yml through
// @wxt-dev/i18n's own converter, i.e. the `_locales/<lang>/messages.json` the browser reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import { setCatalogue, type Catalogue, type Language } from '../../extension/i18n';

export function localeSource(language: Language): string {
  // Vitest runs from the repository root.
  return readFileSync(join(process.cwd(), 'extension', 'locales', `${language}.yml`), 'utf8');
}

export function catalogueOf(language: Language): Catalogue {
  return generateChromeMessages(parseMessagesText(localeSource(language), 'YAML')) as Catalogue;
}

/** Renders from now on in `language`, as a user who chose it on the options page sees it. */
export function useLanguage(language: Language): void {
  setCatalogue(language, catalogueOf(language));
}
