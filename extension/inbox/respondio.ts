// respond.io (and its white-label copies): a contact-centric inbox. The thread is the contact
// (product.md §2), and the inbox URL names it: /space/{spaceId}/inbox/{contactId}.
import { rowsFromLinks } from './links';
import type { InboxAdapter, InboxMatch } from './types';

const CONVERSATION_PATH = /^\/space\/(\d+)\/inbox\/(\d+)(?:\/|$)/;

/** `/space/{space}/inbox/{contactId}` → the contact, which is also the thread. */
export function parseRespondioUrl(url: URL): InboxMatch | null {
  const match = CONVERSATION_PATH.exec(url.pathname);
  if (!match?.[2]) return null;
  const contactId = match[2];
  return { threadId: contactId, contactId };
}

/** The space (respond.io's workspace) an inbox URL is in, or null: the webhooks never name it. */
export function respondioSpaceId(url: URL): string | null {
  return CONVERSATION_PATH.exec(url.pathname)?.[1] ?? null;
}

export const respondioAdapter: InboxAdapter = {
  kind: 'respondio',
  name: 'respond.io',
  parse: parseRespondioUrl,
  // respond.io's markup carries no stable class names for the chat header: the badge floats.
  findHeader: () => null,
  findListRows: (root, pageUrl) => rowsFromLinks(root, pageUrl, parseRespondioUrl),
};
