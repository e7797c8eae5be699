// Chatwoot (Cloud and self-hosted): a conversation-centric inbox. The thread is Chatwoot's
// conversation, named by its per-account display id; display ids repeat across accounts, so
// the thread id ConvoLens uses is `{account_id}:{display_id}` (e.g. `1:42`).
//
// What the dashboard (Chatwoot v4.16) lets a content script read:
// - URLs (`routes/dashboard/conversation/conversation.routes.js`, `helper/URLHelper.js`
//   `conversationUrl`): /app/accounts/{account}/…/conversations/{display id} (…: inbox/3,
//   label/x, team/2, custom_view/5, mentions, unattended, participating, or nothing), and the
//   "My Inbox" route /app/accounts/{account}/inbox-view/conversation/{display id}
//   (`routes/dashboard/inbox/routes.js`; InboxView.vue pushes `primary_actor.id`, which the
//   conversation's push data sets to its display id).
// - The conversation list (`components/ConversationList.vue`): a virtua `Virtualizer` inside
//   `.conversations-list` that mounts only the cards in view and reuses a card's element for
//   another conversation as the list changes. Cards are `div.conversation` with no link and no
//   id attribute; the card of the open conversation has the class `active`.
//   - Condensed layout (`components/widgets/conversation/ConversationCard.vue`, the default):
//     the card prints no id at all (the id reaches TimeAgo only as a prop). ConvoLens' page-world
//     script reads it from Chatwoot's Vue app and writes it on the card (chatwoot-cards.ts);
//     without that script (Firefox, or before it ran) only the active card is told, by the URL.
//   - Expanded layout (`components-next/Conversation/ConversationCard/ConversationCardExpanded.vue`,
//     wide screens): every card prints its display id after an `i-woot-hash` icon.
// - The My Inbox list (`routes/dashboard/inbox/InboxList.vue`): `.inbox-card` notification
//   cards without ids; the active one is the conversation in the URL.
import { CARD_ID_ATTRIBUTE } from './chatwoot-cards';
import type { HeaderSlot, InboxAdapter, InboxMatch, ListRow } from './types';

const ACCOUNT_PATH = /^\/app\/accounts\/(\d+)(?:\/|$)/;
const CONVERSATION_PATH = /^\/app\/accounts\/(\d+)\/(?:[^?#]*\/)?conversations\/(\d+)(?:\/|$)/;
const MY_INBOX_PATH = /^\/app\/accounts\/(\d+)\/inbox-view\/conversation\/(\d+)(?:\/|$)/;

/** The ConvoLens thread id of a Chatwoot conversation: the worker scopes Chatwoot threads by account (`1:42`). */
export function chatwootThreadId(accountId: string, displayId: string): string {
  return `${accountId}:${displayId}`;
}

/** The conversation a dashboard URL names, as its thread id; null on other pages. */
export function parseChatwootUrl(url: URL): InboxMatch | null {
  const match = MY_INBOX_PATH.exec(url.pathname) ?? CONVERSATION_PATH.exec(url.pathname);
  if (!match?.[1] || !match[2]) return null;
  return { threadId: chatwootThreadId(match[1], match[2]) };
}

/** The account a dashboard URL is in, or null. */
export function chatwootAccountId(url: URL): string | null {
  return ACCOUNT_PATH.exec(url.pathname)?.[1] ?? null;
}

/** Whether a URL looks like a Chatwoot dashboard page at all (used on unknown origins). */
export function isChatwootDashboard(url: URL): boolean {
  return chatwootAccountId(url) !== null;
}

/**
 * The conversation header. Chatwoot's own header (`ConversationHeader.vue`) has no stable class
 * of its own, but its action area does (`header-actions-wrap`, holding "More actions"); the badge
 * goes first there. Pages that mark the header `conversation-header` get the badge at its end.
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

/** The display id an expanded card prints after its `#` icon, or null (condensed cards print none). */
export function displayIdOfExpandedCard(card: Element): string | null {
  const text = card.querySelector('.i-woot-hash')?.nextElementSibling?.textContent?.trim();
  return text && /^\d+$/.test(text) ? text : null;
}

/**
 * Where a card's badge goes: in the expanded card's right-hand section, before the labels and
 * the time (a third grid column would break the card's fixed-height row); in the condensed
 * card's top-right column, under the time and the unread count.
 */
function badgeSlotOfCard(card: Element, expanded: boolean): HeaderSlot {
  if (expanded) {
    const right = card.lastElementChild;
    if (right && right !== card.firstElementChild) return { anchor: right, append: 'first' };
  } else {
    const meta = card.querySelector(':scope > div > div.absolute.flex-col');
    if (meta) return { anchor: meta, append: 'last' };
  }
  return { anchor: card, append: 'last' };
}

/**
 * Rows of the conversation list whose conversation the DOM tells: every expanded card (by the
 * id it prints), every card ConvoLens' page-world script marked, the active card (by the URL),
 * and in My Inbox the active notification card.
 */
export function findChatwootListRows(root: ParentNode, pageUrl: URL): ListRow[] {
  const accountId = chatwootAccountId(pageUrl);
  if (!accountId) return [];
  const current = parseChatwootUrl(pageUrl)?.threadId;
  const rows: ListRow[] = [];
  for (const card of Array.from(root.querySelectorAll('.conversations-list .conversation'))) {
    // ConversationView.vue hides the expanded list (still mounted) while a conversation is open.
    if (card.closest('.conversations-list-wrap.hidden')) continue;
    const printed = displayIdOfExpandedCard(card);
    const marked = card.getAttribute(CARD_ID_ATTRIBUTE);
    const displayId = printed ?? (marked && /^\d+$/.test(marked) ? marked : null);
    const threadId = displayId ? chatwootThreadId(accountId, displayId) : card.classList.contains('active') ? current : null;
    if (!threadId) continue;
    rows.push({ element: card, threadId, slot: badgeSlotOfCard(card, printed !== null) });
  }
  const activeNotification = current ? root.querySelector('.inbox-card.active') : null;
  if (activeNotification && current) {
    // InboxCard.vue: its second line holds the SLA, priority, inbox and time, right-aligned.
    const lastLine = activeNotification.querySelector(':scope > div.justify-between');
    rows.push({ element: activeNotification, threadId: current, slot: { anchor: lastLine ?? activeNotification, append: 'last' } });
  }
  return rows;
}

export const chatwootAdapter: InboxAdapter = {
  kind: 'chatwoot',
  name: 'Chatwoot',
  observedAttributes: [CARD_ID_ATTRIBUTE],
  parse: parseChatwootUrl,
  findHeader: findChatwootHeader,
  findListRows: findChatwootListRows,
};
