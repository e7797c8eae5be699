// Canonical conversation events: the one stream every webhook dialect is translated into,
// and the native dialect's wire format (events.md §2) with its runtime validation.
import { z } from 'zod';

import {
  CLOSE_SOURCES,
  EVENT_TYPES,
  OPEN_SOURCES,
  SENDER_TYPES,
  type CloseSource,
  type OpenSource,
  type ParseResult,
  type SenderType,
  type ValidationIssue,
} from './vocabulary';

export { CLOSE_SOURCES, EVENT_TYPES, OPEN_SOURCES, SENDER_TYPES };
export type { CloseSource, EventType, OpenSource, ParseResult, SenderType, ValidationIssue } from './vocabulary';

/** A person, team or channel as the source names it. */
export interface Ref {
  id: string;
  name?: string;
}
export interface UserRef extends Ref {
  team?: Ref;
}
export interface ChannelRef extends Ref {
  type?: string;
}
export interface ContactRef {
  id: string;
  name?: string;
  /** Epoch ms when the source created the contact, if it says. */
  createdAt?: number;
}
export interface Sender {
  type: SenderType;
  id?: string;
  name?: string;
}

interface Envelope {
  /** Unique event id: the idempotency key. */
  id: string;
  /** Epoch ms at the source (events are applied in this order, product.md §2). */
  occurredAt: number;
  contact: ContactRef;
  /** The stream holding at most one open conversation (product.md §2); defaults to the contact id. */
  threadId: string;
  /** The source's own id for this conversation, if it has one. */
  conversationId?: string;
}

export interface ConversationOpenedEvent extends Envelope {
  type: 'conversation.opened';
  source: OpenSource;
  channel?: ChannelRef;
  user?: UserRef;
  /**
   * The source cannot say who opened it (Chatwoot, events.md §4): `source` holds until the
   * cycle's earliest message decides, an incoming one for the contact, a person's for `user`.
   */
  sourceFromFirstMessage?: boolean;
}
export interface ConversationClosedEvent extends Envelope {
  type: 'conversation.closed';
  source: CloseSource;
  user?: UserRef;
  category?: string;
  summary?: string;
  /**
   * When the source states when the closed conversation opened (respond.io's `openedTime`),
   * a close that finds no open conversation still yields one, opened then.
   */
  openedAt?: number;
  openSource?: OpenSource;
}
export interface ConversationAssignedEvent extends Envelope {
  type: 'conversation.assigned';
  /** null: unassigned (counts as an assignment, product.md §2). */
  assignee: UserRef | null;
  by?: UserRef;
}
export interface MessageCreatedEvent extends Envelope {
  type: 'message.created';
  message: {
    id: string;
    direction: 'incoming' | 'outgoing';
    sender: Sender;
    channel?: ChannelRef;
    private: boolean;
  };
}
/**
 * A bot takes the conversation (`bot`) or hands it off (`null`). Never an assignment: bots are
 * never assignees (events.md §4); the time a bot held a conversation is its bot time.
 * Canonical only: no native wire form.
 */
export interface ConversationBotEvent extends Envelope {
  type: 'conversation.bot';
  bot: Ref | null;
}
export interface ContactUpdatedEvent extends Envelope {
  type: 'contact.updated';
}
export interface ContactMergedEvent extends Envelope {
  type: 'contact.merged';
  primary: { id: string };
  secondary: { id: string };
}

export type CanonicalEvent =
  | ConversationOpenedEvent
  | ConversationClosedEvent
  | ConversationAssignedEvent
  | ConversationBotEvent
  | MessageCreatedEvent
  | ContactUpdatedEvent
  | ContactMergedEvent;

// ---------------------------------------------------------------------------------------------
// Native dialect (events.md §2): wire format → canonical event.

const MAX_ID_LENGTH = 200;
/** events.md §1 "Plausible times": every instant lies between 2001-01-01 and 2286-11-20 (inclusive). */
export const EARLIEST_INSTANT_MS = Date.UTC(2001, 0, 1);
/** 2286-11-20T17:46:39.999Z: the last 13-digit epoch millisecond, on 2286-11-20. */
export const LATEST_INSTANT_MS = 9_999_999_999_999;
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;
export const PLAUSIBLE_RANGE_MESSAGE = 'expected an instant between 2001-01-01 and 2286-11-20';

export function isPlausibleInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/**
 * Epoch ms of an ISO 8601 timestamp with an offset, or null unless every part is a real calendar
 * value: `Date.parse` rolls 2026-02-30 over into March, so the fields are checked one by one.
 */
export function parseIsoInstant(text: string): number | null {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth) return null;
  if (hour! > 23 || minute! > 59 || second! > 59) return null;
  if (m[7] && (Number(m[8]) > 23 || Number(m[9]) > 59)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Ids may be strings or numbers; numbers are treated as strings (events.md §2). */
const idSchema = z
  .union([z.string(), z.number().int()], {
    error: 'expected a string or integer id',
  })
  .transform((v) => String(v))
  .pipe(
    z
      .string()
      .min(1, { error: 'expected a non-empty id' })
      .max(MAX_ID_LENGTH, { error: `expected an id of at most ${MAX_ID_LENGTH} characters` }),
  );

/** An instant: ISO 8601 with an offset, or epoch milliseconds → epoch ms, real and plausible (events.md §1). */
export const instantSchema = z.union(
  [
    z
      .string()
      .regex(ISO_WITH_OFFSET, { error: 'expected an ISO 8601 timestamp with an offset (e.g. 2026-11-21T09:30:00Z)' })
      .transform((s, ctx) => {
        const ms = parseIsoInstant(s);
        if (ms === null) {
          ctx.addIssue({ code: 'custom', message: 'expected a real calendar date and time' });
          return z.NEVER;
        }
        if (!isPlausibleInstant(ms)) {
          ctx.addIssue({ code: 'custom', message: PLAUSIBLE_RANGE_MESSAGE });
          return z.NEVER;
        }
        return ms;
      }),
    z
      .number()
      .int({ error: 'expected epoch milliseconds as an integer' })
      // Epoch seconds of any plausible instant are below this bound, so seconds-for-ms is caught here.
      .min(EARLIEST_INSTANT_MS, { error: `expected epoch milliseconds (this looks like seconds or too early); ${PLAUSIBLE_RANGE_MESSAGE}` })
      .max(LATEST_INSTANT_MS, { error: PLAUSIBLE_RANGE_MESSAGE }),
  ],
  { error: 'expected an ISO 8601 timestamp with an offset, or epoch milliseconds' },
);

const refSchema = z.object({ id: idSchema, name: z.string().optional() });
const userSchema = refSchema.extend({ team: refSchema.optional() });
const channelSchema = refSchema.extend({ type: z.string().optional() });
const contactSchema = z.object({
  id: idSchema,
  name: z.string().optional(),
  created_at: instantSchema.optional(),
});

const envelopeShape = {
  id: idSchema,
  occurred_at: instantSchema,
  contact: contactSchema,
  thread_id: idSchema.optional(),
  conversation_id: idSchema.optional(),
};

const nativeEventSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      ...envelopeShape,
      type: z.literal('conversation.opened'),
      source: z.enum(OPEN_SOURCES),
      channel: channelSchema.optional(),
      user: userSchema.optional(),
    }),
    z.object({
      ...envelopeShape,
      type: z.literal('conversation.closed'),
      source: z.enum(CLOSE_SOURCES),
      user: userSchema.optional(),
      category: z.string().max(500).optional(),
      summary: z.string().max(20_000).optional(),
    }),
    z.object({
      ...envelopeShape,
      type: z.literal('conversation.assigned'),
      assignee: userSchema.nullable(),
      by: userSchema.optional(),
    }),
    z.object({
      ...envelopeShape,
      type: z.literal('message.created'),
      message: z.object({
        id: idSchema,
        direction: z.enum(['incoming', 'outgoing']),
        sender: z.object({
          type: z.enum(SENDER_TYPES),
          id: idSchema.optional(),
          name: z.string().optional(),
        }),
        channel: channelSchema.optional(),
        private: z.boolean().optional(),
      }),
    }),
    z.object({
      ...envelopeShape,
      type: z.literal('contact.updated'),
    }),
    z.object({
      ...envelopeShape,
      type: z.literal('contact.merged'),
      primary: z.object({ id: idSchema }),
      secondary: z.object({ id: idSchema }),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `expected one of: ${EVENT_TYPES.join(', ')}` : undefined) },
);

type NativeEvent = z.output<typeof nativeEventSchema>;

/** Up to 500 events per native request (events.md §2). */
export const MAX_BATCH_EVENTS = 500;

function omitUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

function toRef<T extends { id: string; name?: string | undefined }>(r: T): Ref {
  return omitUndefined({ id: r.id, name: r.name });
}
function toUser(u: { id: string; name?: string | undefined; team?: { id: string; name?: string | undefined } | undefined }): UserRef {
  return omitUndefined({ id: u.id, name: u.name, team: u.team ? toRef(u.team) : undefined });
}
function toChannel(c: { id: string; name?: string | undefined; type?: string | undefined }): ChannelRef {
  return omitUndefined({ id: c.id, name: c.name, type: c.type });
}

function toCanonical(e: NativeEvent): CanonicalEvent {
  const envelope: Envelope = omitUndefined({
    id: e.id,
    occurredAt: e.occurred_at,
    contact: omitUndefined({ id: e.contact.id, name: e.contact.name, createdAt: e.contact.created_at }),
    threadId: e.thread_id ?? e.contact.id,
    conversationId: e.conversation_id,
  });
  switch (e.type) {
    case 'conversation.opened':
      return omitUndefined({
        ...envelope,
        type: e.type,
        source: e.source,
        channel: e.channel ? toChannel(e.channel) : undefined,
        user: e.user ? toUser(e.user) : undefined,
      });
    case 'conversation.closed':
      return omitUndefined({
        ...envelope,
        type: e.type,
        source: e.source,
        user: e.user ? toUser(e.user) : undefined,
        category: e.category,
        summary: e.summary,
      });
    case 'conversation.assigned':
      return omitUndefined({
        ...envelope,
        type: e.type,
        assignee: e.assignee ? toUser(e.assignee) : null,
        by: e.by ? toUser(e.by) : undefined,
      });
    case 'message.created':
      return {
        ...envelope,
        type: e.type,
        message: omitUndefined({
          id: e.message.id,
          direction: e.message.direction,
          sender: omitUndefined({ type: e.message.sender.type, id: e.message.sender.id, name: e.message.sender.name }),
          channel: e.message.channel ? toChannel(e.message.channel) : undefined,
          private: e.message.private ?? false,
        }),
      };
    case 'contact.updated':
      return { ...envelope, type: e.type };
    case 'contact.merged':
      return { ...envelope, type: e.type, primary: { id: e.primary.id }, secondary: { id: e.secondary.id } };
  }
}

/** `['events', 3, 'occurred_at']` → `events[3].occurred_at`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function issuesFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

/**
 * Parses a native webhook body (one event, or `{"events": [...]}`) into canonical events.
 * All-or-nothing: any invalid event fails the whole body (events.md §1).
 */
export function parseNativeBody(body: unknown): ParseResult<CanonicalEvent[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, issues: [{ path: '', message: 'expected one event object or {"events": [...]}' }] };
  }
  const isBatch = 'events' in body;
  const raw: unknown[] = isBatch ? ((body as { events: unknown }).events as unknown[]) : [body];
  if (isBatch) {
    if (!Array.isArray(raw)) return { ok: false, issues: [{ path: 'events', message: 'expected an array of events' }] };
    if (raw.length === 0) return { ok: false, issues: [{ path: 'events', message: 'expected at least one event' }] };
    if (raw.length > MAX_BATCH_EVENTS) {
      return { ok: false, issues: [{ path: 'events', message: `expected at most ${MAX_BATCH_EVENTS} events` }] };
    }
  }
  const events: CanonicalEvent[] = [];
  const issues: ValidationIssue[] = [];
  raw.forEach((item, index) => {
    const prefix = isBatch ? ['events', index] : [];
    const parsed = nativeEventSchema.safeParse(item);
    if (parsed.success) events.push(toCanonical(parsed.data));
    else issues.push(...issuesFromZod(parsed.error, prefix));
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: events };
}
