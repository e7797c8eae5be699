// What an inbox adapter finds on an inbox page (style.md: one file per inbox product in
// extension/inbox/, each a pure function of the URL and, where needed, the DOM).

/** The ids a conversation page names. At least one is set when the page shows a conversation. */
export interface InboxMatch {
  /** The ConvoLens thread (product.md §2): Chatwoot's display id, respond.io's contact id. */
  threadId?: string;
  /** The contact's id in the source, when the page names it. */
  contactId?: string;
  /** A ConvoLens conversation id, when the page names one. */
  conversationId?: string;
}

export type InboxKind = 'respondio' | 'chatwoot' | 'generic';

/** Where a badge goes: inside `anchor`, as its first or last child. */
export interface HeaderSlot {
  anchor: Element;
  append: 'first' | 'last';
}

/** A row of the inbox's conversation list, and the thread it shows. */
export interface ListRow {
  element: Element;
  threadId: string;
  /** Where in the row the badge goes; at the row's end when absent. */
  slot?: HeaderSlot;
}

export interface InboxAdapter {
  kind: InboxKind;
  /** The product's name as a user knows it, e.g. "respond.io". */
  name: string;
  /** The ids named by a URL, or null when it is not a conversation page. */
  parse(url: URL): InboxMatch | null;
  /** The conversation header to mount the badge next to, or null (the badge then floats). */
  findHeader(root: ParentNode): HeaderSlot | null;
  /** Rows of the conversation list whose thread the adapter can tell. */
  findListRows(root: ParentNode, pageUrl: URL): ListRow[];
  /** Attributes whose changes can change the rows found (besides the page's elements and text). */
  observedAttributes?: readonly string[];
}

/** The conversation most recently detected in an inbox tab (kept by the background). */
export interface DetectedConversation extends InboxMatch {
  inbox: InboxKind;
  /** The inbox page's URL when it was detected. */
  pageUrl: string;
  tabId: number | null;
  windowId: number | null;
  /** Epoch ms. */
  detectedAt: number;
}
