// The product's fixed vocabularies, free of any library so the extension can import them
// without pulling validation code into its bundles. shared/events.ts and shared/api.ts
// re-export them next to their schemas.
import { DURATIONS, type Duration, type DurationField } from './durations';

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

/** Every duration of product.md §3 as the API names it, in milliseconds: shared/durations.ts's table, in its order. */
export const DURATION_FIELDS = DURATIONS.map((d) => d.field) as unknown as FieldsOf<typeof DURATIONS>;
type FieldsOf<T extends readonly Duration[]> = { readonly [I in keyof T]: T[I] extends { field: infer F } ? F : never };
export type { DurationField } from './durations';

export function isDurationField(name: string): name is DurationField {
  return DURATIONS.some((d) => d.field === name);
}

/** A field-level validation failure: `path` names the field, e.g. `events[3].occurred_at`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** `GET /v1/threads/current?ids=`: at most this many thread ids per request (api.md). */
export const MAX_THREADS_PER_REQUEST = 100;
