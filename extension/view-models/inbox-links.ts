// Links from the conversation list to the conversation in its inbox (product.md §8). The list
// row says which inbox a conversation came from (api.md list `inbox`); where that inbox lives is
// what this browser has seen: no webhook names Chatwoot's host, and respond.io's payloads carry
// no space id (heboai/hebo packages/aikit-respond-io src/webhook/types.ts: contact, channel,
// message, conversation, no space or workspace). Without a known location the row has no link.
import type { ListInbox } from '../../shared/api';
import { chatwootAccountId } from '../inbox/chatwoot';
import { respondioSpaceId } from '../inbox/respondio';
import type { InboxKind } from '../inbox/types';

export interface InboxLocations {
  /** Chatwoot account id → the origin its dashboard was last seen on (one workspace may hold several accounts). */
  chatwoot: Record<string, string>;
  /** respond.io (or a white-label copy): the origin and space its inbox was last seen on. */
  respondio: { origin: string; space: string } | null;
}

export const NO_INBOX_LOCATIONS: InboxLocations = { chatwoot: {}, respondio: null };

/** The locations with what an inbox page's URL tells; the same object when it tells nothing new. */
export function learnInboxLocation(locations: InboxLocations, inbox: InboxKind, pageUrl: string): InboxLocations {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return locations;
  }
  if (inbox === 'chatwoot') {
    const account = chatwootAccountId(url);
    if (account === null || locations.chatwoot[account] === url.origin) return locations;
    return { ...locations, chatwoot: { ...locations.chatwoot, [account]: url.origin } };
  }
  if (inbox === 'respondio') {
    const space = respondioSpaceId(url);
    if (space === null || (locations.respondio?.origin === url.origin && locations.respondio.space === space)) return locations;
    return { ...locations, respondio: { origin: url.origin, space } };
  }
  return locations;
}

/** Chatwoot's thread id is `{account}:{display id}` (worker/dialects/chatwoot.ts chatwootThreadId). */
const CHATWOOT_THREAD = /^(\d+):(\d+)$/;

/**
 * The conversation's page in its inbox, or null where it has none this browser knows:
 * Chatwoot `/app/accounts/{account}/conversations/{display id}` (its `conversationUrl`),
 * respond.io `/space/{space}/inbox/{contact id}` (the thread is the contact, product.md §2).
 */
export function conversationInboxUrl(
  row: { inbox?: ListInbox | null; thread_id: string; contact_id: string },
  locations: InboxLocations,
): string | null {
  if (row.inbox === 'chatwoot') {
    const match = CHATWOOT_THREAD.exec(row.thread_id);
    const origin = match ? locations.chatwoot[match[1]!] : undefined;
    return match && origin ? `${origin}/app/accounts/${match[1]}/conversations/${match[2]}` : null;
  }
  if (row.inbox === 'respondio' && locations.respondio) {
    const { origin, space } = locations.respondio;
    return `${origin}/space/${space}/inbox/${encodeURIComponent(row.contact_id)}`;
  }
  return null;
}
