// Every extension page starts here: the language first (product.md §8: the browser's, or the one
// chosen on the options page), then the page; a new choice redraws open pages at once.
import { render, type ComponentChild } from 'preact';
import { currentLanguage, startI18n } from '../i18n';
import { languageItem } from '../storage';

export function mountInLanguage(page: () => ComponentChild, root: HTMLElement, title?: () => string): void {
  const draw = async () => {
    await startI18n();
    document.documentElement.lang = currentLanguage();
    if (title) document.title = title();
    // A fresh tree: every string is looked up again in the new language.
    render(null, root);
    render(page(), root);
  };
  void draw();
  languageItem.watch(() => void draw());
}
