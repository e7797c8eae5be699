// Every piece of state the extension keeps, in one place (style.md: every `storage.defineItem`
// in one file, each documented). The background keeps nothing in memory that a service-worker
// restart would lose: whatever must survive lives here.
//
// Areas: `local:` survives restarts and is readable by every extension context, content
// scripts included (isolated world, never the page's own scripts); `session:` lives until the
// browser closes and, in Chrome, is readable only by trusted extension pages and the background.
import { storage } from 'wxt/utils/storage';
import type { MeResponse } from '../shared/api';
import type { InboxSite } from './inbox/sites';
import { NO_INBOX_LOCATIONS, type InboxLocations } from './view-models/inbox-links';
import type { DetectedConversation } from './inbox/types';
import type { ReportQuery } from './report-query';

/**
 * Base URL of the ConvoLens worker, e.g. `https://convolens.example.com` (no trailing slash).
 * Set on the options page; empty until then.
 */
export const serverUrlItem = storage.defineItem<string>('local:serverUrl', { fallback: '' });

/**
 * The workspace API token sent as `Authorization: Bearer …`. Only the options page writes it;
 * only extension pages and the background read it (the API client). Content scripts never
 * touch it: they ask the background for data instead. Never logged, never put in a page.
 */
export const apiTokenItem = storage.defineItem<string>('local:apiToken', { fallback: '' });

/**
 * The last successful `GET /v1/me`: workspace (name, time zone, first-response target) and the
 * token's role, which decides whether the popup offers the report (manager and owner) or only
 * the live dashboard (agent). Cleared when the server URL or token changes or is rejected.
 */
export const profileItem = storage.defineItem<MeResponse | null>('local:profile', { fallback: null });

/**
 * Inbox sites the user added on the options page (self-hosted Chatwoot origins and generic URL
 * patterns), each with its host permission granted and its content script registered. The
 * built-in sites (respond.io, Chatwoot Cloud, localhost) are not stored: they are in the manifest.
 */
export const customInboxSitesItem = storage.defineItem<InboxSite[]>('local:customInboxSites', {
  fallback: [],
});

/**
 * The conversation most recently detected in an inbox tab, written by the background when a
 * content script reports one. The side panel reads and watches it, so it works whether it was
 * opened by the badge, from the browser's side-panel menu or as a plain tab.
 */
export const detectedConversationItem = storage.defineItem<DetectedConversation | null>(
  'session:detectedConversation',
  { fallback: null },
);

/**
 * The report the manager last looked at (period, filters, calendar or business hours), so the
 * popup reopens where it was left and "Open as full page" shows the same report.
 */
export const reportQueryItem = storage.defineItem<ReportQuery | null>('local:reportQuery', { fallback: null });

/**
 * The language of the extension's pages and badges (product.md §8): `auto` follows the browser,
 * `es` or `en` is the choice made on the options page.
 */
export const languageItem = storage.defineItem<'auto' | 'es' | 'en'>('local:language', { fallback: 'auto' });

/**
 * Where this browser has seen each inbox (product.md §8: the list links each conversation to its
 * inbox): Chatwoot's origin per account and respond.io's origin and space, learned by the
 * background from the conversation pages the content script detects. Webhooks name neither the
 * inbox's host nor respond.io's space, and the host is the one the user reaches it by.
 */
export const inboxLocationsItem = storage.defineItem<InboxLocations>('local:inboxLocations', { fallback: NO_INBOX_LOCATIONS });
