// Finding list rows by their links: most inboxes render each conversation of the list as a link
// to the conversation's page, so the adapter's own URL parser tells which thread a row shows.
import type { InboxMatch, ListRow } from './types';

/** Resolve an href against the page (relative links are the norm in SPAs); null if unusable. */
export function resolveHref(href: string | null, pageUrl: URL): URL | null {
  if (!href || href.startsWith('javascript:')) return null;
  try {
    return new URL(href, pageUrl);
  } catch {
    return null;
  }
}

/**
 * Every `<a href>` under `root` whose target the parser reads as a thread, once per thread and
 * element, skipping links inside ConvoLens' own UI. `rowOf` lifts a link to the row it sits in.
 */
export function rowsFromLinks(
  root: ParentNode,
  pageUrl: URL,
  parse: (url: URL) => InboxMatch | null,
  rowOf: (link: Element) => Element = (link) => link,
): ListRow[] {
  const rows: ListRow[] = [];
  const seen = new Set<Element>();
  for (const link of Array.from(root.querySelectorAll('a[href]'))) {
    if (link.closest('convolens-overlay, convolens-row-badge')) continue;
    const target = resolveHref(link.getAttribute('href'), pageUrl);
    // Only links within the inbox itself: a link to another site is not a list row.
    if (!target || target.origin !== pageUrl.origin) continue;
    const threadId = parse(target)?.threadId;
    if (!threadId) continue;
    const element = rowOf(link);
    if (seen.has(element)) continue;
    seen.add(element);
    rows.push({ element, threadId });
  }
  return rows;
}
