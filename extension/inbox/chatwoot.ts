// Chatwoot (Cloud and self-hosted): a conversation-centric inbox. The thread is Chatwoot's
// conversation, named by its per-account display id in every dashboard URL:
// /app/accounts/{accountId}/…/conversations/{displayId} (…: inbox/3, label/x, team/2,
// custom_view/5, mentions, unattended, participating, or nothing).
import { rowsFromLinks } from './links';
import type { HeaderSlot, InboxAdapter, InboxMatch, ListRow } from './types';

const CONVERSATION_PATH = /^\/app\/accounts\/\d+\/(?:[^?#]*\/)?conversations\/(\d+)(?:\/|$)/;

/** The display id of a dashboard URL, which is the thread id. */
export function parseChatwootUrl(url: URL): InboxMatch | null {
  const displayId = CONVERSATION_PATH.exec(url.pathname)?.[1];
  return displayId ? { threadId: displayId } : null;
}

/** Whether a URL looks like a Chatwoot dashboard page at all (used on unknown origins). */
export function isChatwootDashboard(url: URL): boolean {
  return /^\/app\/accounts\/\d+(?:\/|$)/.test(url.pathname);
}

/**
 * The conversation header. Chatwoot's own header has no stable class of its own, but its
 * action area does (`header-actions-wrap`, holding "More actions"); the badge goes first there.
 * Pages that mark the header `conversation-header` get the badge at its end.
 */
export function findChatwootHeader(root: ParentNode): HeaderSlot | null {
  const marked = root.querySelector('.conversation-header');
  if (marked) return { anchor: marked, append: 'last' };
  const actions = root.querySelector('.conversation-header-actions, .header-actions-wrap');
  if (actions) return { anchor: actions, append: 'first' };
  const subtitle = root.querySelector('.conversation--header--actions');
  if (subtitle) return { anchor: subtitle, append: 'last' };
  return null;
}

/** A card's display id from attributes a Chatwoot build may carry (`data-conversation-id`, `id="conversation-128"`). */
function displayIdOfCard(card: Element): string | null {
  const data = card.getAttribute('data-conversation-id') ?? card.getAttribute('data-id');
  if (data && /^\d+$/.test(data)) return data;
  const id = /^conversation-(\d+)$/.exec(card.id)?.[1];
  return id ?? null;
}

/**
 * Rows of the conversation list (`.conversations-list`). Links to a conversation are rows as
 * they are (lifted to their `.conversation` card when inside one). Chatwoot's own cards are
 * `<div class="conversation">` without a link: their id comes from a data attribute when the
 * build has one, and the active card is the conversation the URL names.
 */
export function findChatwootListRows(root: ParentNode, pageUrl: URL): ListRow[] {
  const rows: ListRow[] = [];
  const seen = new Set<Element>();
  const current = parseChatwootUrl(pageUrl)?.threadId;
  for (const list of Array.from(root.querySelectorAll('.conversations-list'))) {
    for (const row of rowsFromLinks(list, pageUrl, parseChatwootUrl, (link) => link.closest('.conversation') ?? link)) {
      if (seen.has(row.element)) continue;
      seen.add(row.element);
      rows.push(row);
    }
    for (const card of Array.from(list.querySelectorAll('.conversation'))) {
      if (seen.has(card)) continue;
      const threadId = displayIdOfCard(card) ?? (card.classList.contains('active') ? current : null);
      if (!threadId) continue;
      seen.add(card);
      rows.push({ element: card, threadId });
    }
  }
  return rows;
}

export const chatwootAdapter: InboxAdapter = {
  kind: 'chatwoot',
  name: 'Chatwoot',
  parse: parseChatwootUrl,
  findHeader: findChatwootHeader,
  findListRows: findChatwootListRows,
};
