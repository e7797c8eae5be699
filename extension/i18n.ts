// The extension's words in Spanish and English (product.md §8). The catalogue is
// extension/locales/{en,es}.yml; @wxt-dev/i18n turns it into the platform's
// `_locales/<lang>/messages.json` and into the key types below. Following the browser's language
// is `browser.i18n.getMessage`; the platform cannot switch language per extension, so a language
// chosen on the options page is read from the same generated `messages.json` of the package.
import { browser } from 'wxt/browser';
import { formatDuration as formatDurationIn } from '../shared/duration';
import type { GeneratedI18nStructure } from '../.wxt/i18n/structure';
import { languageItem } from './storage';

type Structure = GeneratedI18nStructure;
type Predefined = `@@${string}`;
/** Every message of the catalogue. */
export type MessageKey = Exclude<keyof Structure, Predefined>;
/** Messages with singular and plural forms (`{ 1: …, n: … }` in the catalogue). */
export type PluralKey = { [K in MessageKey]: Structure[K]['plural'] extends true ? K : never }[MessageKey];
export type SimpleKey = Exclude<MessageKey, PluralKey>;

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** What the options page stores: follow the browser, or one language. */
export type LanguageChoice = 'auto' | Language;

/** One `_locales/<lang>/messages.json`: message name (dots as underscores) → text. */
export type Catalogue = Record<string, { message: string }>;

interface Active {
  language: Language;
  /** null: the browser's language through browser.i18n. */
  catalogue: Catalogue | null;
  /** BCP 47 tag for Intl: the browser's own (es-MX, en-GB) when it is of the same language. */
  locale: string;
}

let active: Active | null = null;

/** The platform's lookup, by the generated message name (dots as underscores). */
function platformMessage(name: string): string {
  try {
    return (browser.i18n.getMessage as (name: string) => string)(name);
  } catch {
    return '';
  }
}

function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage();
  } catch {
    return 'en';
  }
}

function localeFor(language: Language): string {
  const ui = uiLanguage().replace('_', '-');
  return ui.toLowerCase().split('-')[0] === language ? ui : language;
}

/** Use one language's catalogue from now on (a choice on the options page, or a test). */
export function setCatalogue(language: Language, catalogue: Catalogue): void {
  active = { language, catalogue, locale: localeFor(language) };
}

/** Follow the browser's language through the platform's i18n. */
export function followBrowser(): void {
  const language = platformMessage('meta_language') === 'es' ? 'es' : 'en';
  active = { language, catalogue: null, locale: localeFor(language) };
}

/** Reads a catalogue from the extension package (what the build wrote from locales/*.yml). */
export async function packagedCatalogue(language: Language): Promise<Catalogue> {
  const url = browser.runtime.getURL(`/_locales/${language}/messages.json` as '/');
  const response = await fetch(url);
  return (await response.json()) as Catalogue;
}

/**
 * Sets the language from the stored choice; every page, the background and the content script
 * call it before rendering. `load` reads a catalogue (content scripts ask the background).
 */
export async function startI18n(load: (language: Language) => Promise<Catalogue> = packagedCatalogue): Promise<Language> {
  const choice = await languageItem.getValue();
  if (choice === 'auto') {
    followBrowser();
  } else {
    try {
      setCatalogue(choice, await load(choice));
    } catch {
      followBrowser();
    }
  }
  return currentLanguage();
}

export function currentLanguage(): Language {
  if (!active) followBrowser();
  return active!.language;
}

/** The locale for Intl formatting of dates and numbers. */
export function currentLocale(): string {
  if (!active) followBrowser();
  return active!.locale;
}

function rawMessage(key: MessageKey): string {
  if (!active) followBrowser();
  const name = key.replaceAll('.', '_');
  const text = active!.catalogue ? active!.catalogue[name]?.message : platformMessage(name);
  // A missing message shows its key rather than nothing; the catalogue test keeps this from shipping.
  return text || key;
}

type Substitutions = Record<string, string | number>;

function substitute(text: string, subs?: Substitutions): string {
  if (!subs) return text;
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(subs, name) ? String(subs[name]) : match,
  );
}

/** A message in the current language, `{name}` placeholders filled from `subs`. */
export function t(key: SimpleKey, subs?: Substitutions): string {
  return substitute(rawMessage(key), subs);
}

/**
 * A counted message: its forms are "one | other" (or "zero | one | other"), chosen by the
 * language's plural rules; `{n}` is the count, written in the language's digits.
 */
export function tn(key: PluralKey, n: number, subs?: Substitutions): string {
  const forms = rawMessage(key).split(' | ');
  const one = new Intl.PluralRules(currentLocale()).select(n) === 'one';
  let form: string;
  if (forms.length >= 3) form = (n === 0 ? forms[0] : one ? forms[1] : forms[2]) ?? '';
  else form = (one ? forms[0] : forms[forms.length - 1]) ?? '';
  return substitute(form, { n: formatNumber(n), ...subs });
}

// ----------------------------------------------------------------------------------------------
// Numbers, durations and dates in the current language

/** The shared duration format with the language's day unit: "1d 00:02:06" / "1 d 00:02:06". */
export function formatDuration(ms: number | null | undefined): string {
  return formatDurationIn(ms, t('format.dayUnit'));
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLocale(), options).format(n);
}

/** 17.8 → "17.8%" (en), "17,8 %" (es). */
export function formatPercent(percent: number): string {
  return formatNumber(percent / 100, { style: 'percent', maximumFractionDigits: 1 });
}

/**
 * A wall-clock date and time as written (the API writes timestamps in the workspace's offset,
 * api.md): the digits are formatted as they are, with no zone conversion.
 */
export function formatWallClock(
  parts: { year: number; month: number; day: number; hour?: number; minute?: number },
  options: Intl.DateTimeFormatOptions,
): string {
  const date = new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour ?? 0, parts.minute ?? 0));
  return new Intl.DateTimeFormat(currentLocale(), { ...options, timeZone: 'UTC' }).format(date);
}
