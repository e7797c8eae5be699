// The product's fixed vocabularies, free of any library so the extension can import them
// without pulling validation code into its bundles. shared/events.ts and shared/api.ts
// re-export them next to their schemas.

export const OPEN_SOURCES = ['user', 'contact', 'workflow', 'api', 'zapier', 'make'] as const;
export const CLOSE_SOURCES = [
  'user',
  'bot',
  'workflow',
  'api',
  'zapier',
  'make',
  'auto_close',
  'merge',
  'unknown',
] as const;
export const SENDER_TYPES = [
  'contact',
  'user',
  'bot',
  'workflow',
  'api',
  'zapier',
  'make',
  'echo',
  'broadcast',
] as const;
export const EVENT_TYPES = [
  'conversation.opened',
  'conversation.closed',
  'conversation.assigned',
  'message.created',
  'contact.updated',
  'contact.merged',
] as const;

export type OpenSource = (typeof OPEN_SOURCES)[number];
export type CloseSource = (typeof CLOSE_SOURCES)[number];
export type SenderType = (typeof SENDER_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];

export const ROLES = ['agent', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Every duration of product.md §3 as the API names it, in milliseconds. */
export const DURATION_FIELDS = [
  'time_to_first_assignment_ms',
  'first_response_time_ms',
  'first_assignment_to_first_response_ms',
  'last_assignment_to_response_ms',
  'resolution_time_ms',
  'first_assignment_to_close_ms',
  'last_assignment_to_close_ms',
  'average_response_time_ms',
  'bot_time_ms',
] as const;
export type DurationField = (typeof DURATION_FIELDS)[number];

/** A field-level validation failure: `path` names the field, e.g. `events[3].occurred_at`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** `GET /v1/threads/current?ids=`: at most this many thread ids per request (api.md). */
export const MAX_THREADS_PER_REQUEST = 100;
