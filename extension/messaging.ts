// Messages between the content script, extension pages and the background
// (@webext-core/messaging). The content script runs in the inbox's origin, where the worker's
// CORS answers nothing and where the token must not go, so it asks the background for data.
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ConversationResponse } from '../shared/api';
import type { ApiErrorKind } from './api';
import type { Catalogue, Language } from './i18n';
import type { InboxKind, InboxMatch } from './inbox/types';

/** What the content script learns about one thread. */
export type ThreadSnapshot =
  | { state: 'ok'; conversation: ConversationResponse; firstResponseTargetMs: number }
  /** The server has no conversation for the thread (404). */
  | { state: 'unknown' }
  | { state: 'error'; kind: ApiErrorKind; message: string };

export interface DetectedPayload extends InboxMatch {
  inbox: InboxKind;
  pageUrl: string;
}

interface ProtocolMap {
  /** A content script found a conversation page (or the tab came back into view). */
  conversationDetected(payload: DetectedPayload): void;
  /** The badge was clicked: open the side panel next to the sender's tab. */
  openSidePanel(): void;
  /**
   * The open (or else latest) conversation of each thread, with the workspace's target, in the
   * order asked: the badges of every visible row in one message (and one request per 100).
   */
  threadSnapshots(threadIds: string[]): ThreadSnapshot[];
  /** The words of a language chosen on the options page (the package's `_locales` file). */
  catalogue(language: Language): Catalogue;
}

// No logger: messages carry conversation data, which has no place in the console.
export const messenger = defineExtensionMessaging<ProtocolMap>();
export const { sendMessage, onMessage } = messenger;
