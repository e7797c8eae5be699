// respond.io dialect (events.md §3). One event per request, contact-centric: the thread is the
// contact and there is no conversation id. Payload shapes are realistic, not authoritative, so
// only the fields we use are read and every optional one may be absent or null.
import { z } from 'zod';
import {
  issuesFromZod,
  type CanonicalEvent,
  type ChannelRef,
  type CloseSource,
  type ContactRef,
  type OpenSource,
  type ParseResult,
  type Ref,
  type Sender,
  type SenderType,
} from '../../shared/events';
import { compact, fullName, instant, optionalInstant, sourceId } from './fields';
import { NO_MATCH, anyHmacMatches, decodeBase64, utf8 } from './signatures';
import type { Dialect, Translation } from './types';

// events.md §3: n8n and ai_agent are automation, not a user; unknown sources are never a human.
const SENDER_TYPES = new Map<string, SenderType>([
  ...(['user', 'workflow', 'api', 'zapier', 'bot', 'echo', 'make', 'broadcast'] as const).map((s) => [s, s] as const),
  ['n8n', 'workflow'],
  ['ai_agent', 'workflow'],
]);
// ctc_ads (click-to-chat ads) and growth_widget are the contact reaching out through an entry point.
const OPEN_SOURCES = new Map<string, OpenSource>([
  ...(['user', 'contact', 'workflow', 'api', 'zapier', 'make'] as const).map((s) => [s, s] as const),
  ['ctc_ads', 'contact'],
  ['growth_widget', 'contact'],
  ['n8n', 'workflow'],
  ['ai_agent', 'workflow'],
]);
const CLOSE_SOURCES = new Map<string, CloseSource>([
  ...(['user', 'bot', 'workflow', 'api', 'zapier', 'make', 'auto_close'] as const).map((s) => [s, s] as const),
  ['n8n', 'workflow'],
  ['ai_agent', 'workflow'],
]);

/**
 * events.md §4 (respond.io in the wild): `{}` and `""` stand for "none" (heboai/hebo types
 * `closedBy` and `assignee` as `BaseUser | null | Record<string, never>`), never a schema error.
 */
const none = (value: unknown): unknown =>
  value === '' || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)
    ? null
    : value;
const orNone = <T extends z.ZodType>(schema: T) => z.preprocess(none, schema.nullish());
/** People come as `{id, firstName, lastName}` (respond.io's samples) or `{id, name}` (heboai/hebo's BaseUser). */
const person = z.object({
  id: sourceId,
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  name: z.string().nullish(),
});
const contact = person.extend({ created_at: optionalInstant, assignee: orNone(person) });
/** A message's sender: an object with `source` (and `userId`), or, as `message.source`, the bare source. */
const sender = z.union([z.string(), z.object({ source: z.string().nullish(), userId: sourceId.nullish() })]).nullish();
const channel = z.object({ id: sourceId, name: z.string().nullish(), source: z.string().nullish() }).nullish();
/**
 * respond.io's samples carry `message.messageId` and `message.timestamp`; heboai/hebo's typed
 * payloads (MessageReceivedPayload, MessageSentPayload) name the message by `channelMessageId`,
 * inside `message` or at the top level, with the time at the top level. Either is accepted.
 */
const message = z.object({
  messageId: sourceId.nullish(),
  channelMessageId: sourceId.nullish(),
  timestamp: optionalInstant,
  channelId: sourceId.nullish(),
  sender,
  source: sender,
});
const messageEnvelope = { channelMessageId: sourceId.nullish(), timestamp: optionalInstant };
const envelope = { event_id: sourceId.nullish(), contact };
const text = z.preprocess(none, z.string().nullish());

const head = z.object({ event_type: z.string().min(1), event_id: sourceId.nullish() });
const respondioEvent = z.discriminatedUnion('event_type', [
  z.object({ ...envelope, ...messageEnvelope, event_type: z.literal('message.received'), message, channel }),
  z.object({
    ...envelope,
    ...messageEnvelope,
    event_type: z.literal('message.sent'),
    message,
    channel,
    sender,
    user: orNone(person),
  }),
  z.object({
    ...envelope,
    event_type: z.literal('conversation.opened'),
    conversation: z.object({
      source: text,
      conversationOpenedAt: instant,
      firstIncomingMessageChannelId: sourceId.nullish(),
    }),
  }),
  z.object({
    ...envelope,
    event_type: z.literal('conversation.closed'),
    conversation: z.object({
      closedTime: instant,
      closedBySource: text,
      closedBy: orNone(person),
      assigneeTeam: orNone(z.union([z.string(), z.object({ id: sourceId, name: z.string().nullish() })])),
      category: text,
      summary: text,
      openedTime: optionalInstant,
      openedBySource: text,
    }),
  }),
  z.object({ ...envelope, event_type: z.enum(['contact.assignee.updated', 'contact.created', 'contact.updated']) }),
]);
type RespondioEvent = z.output<typeof respondioEvent>;
type MessageSent = Extract<RespondioEvent, { event_type: 'message.sent' }>;
const HANDLED_TYPES = new Set<string>([
  'message.received',
  'message.sent',
  'conversation.opened',
  'conversation.closed',
  'contact.assignee.updated',
  'contact.created',
  'contact.updated',
]);

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });

function channelOf(c: z.output<typeof channel>, messageChannelId: string | null | undefined): ChannelRef | undefined {
  if (c) return compact({ id: c.id, name: c.name ?? undefined, type: c.source ?? undefined });
  return messageChannelId ? { id: messageChannelId } : undefined;
}

/** events.md §3: the sender sits at the top level, in `message.sender`, or as `message.source`. */
function outgoingSender(e: MessageSent): Sender {
  const found = [e.sender, e.message.sender, e.message.source].find((s) => typeof s === 'string' || !!s?.source);
  const info = typeof found === 'string' ? { source: found, userId: undefined } : found;
  const type = SENDER_TYPES.get(info?.source ?? '') ?? 'workflow';
  if (type !== 'user') return { type };
  const id = info?.userId ?? e.user?.id;
  return compact({ type, id, name: e.user && e.user.id === id ? fullName(e.user) : undefined });
}

/** respond.io names the team as a string (or, defensively, an object); the name doubles as the id. */
function teamRef(team: string | { id: string; name?: string | null | undefined } | null | undefined): Ref | undefined {
  if (!team) return undefined;
  return typeof team === 'string' ? { id: team, name: team } : compact({ id: team.id, name: team.name ?? undefined });
}

type MessageEvent = Extract<RespondioEvent, { event_type: 'message.received' | 'message.sent' }>;

/** The message's id and time, wherever the payload's shape puts them (see `message` above). */
function messageFacts(e: MessageEvent): ParseResult<{ id: string; at: number }> {
  const id = e.message.messageId ?? e.message.channelMessageId ?? e.channelMessageId;
  if (!id) return { ok: false, issues: [{ path: 'message.messageId', message: 'expected the message id (messageId or channelMessageId)' }] };
  const at = e.message.timestamp ?? e.timestamp;
  if (at === undefined) return { ok: false, issues: [{ path: 'message.timestamp', message: 'expected the message time' }] };
  return { ok: true, value: { id, at } };
}

function toCanonical(e: RespondioEvent, receivedAt: number): ParseResult<CanonicalEvent> {
  const who: ContactRef = compact({ id: e.contact.id, name: fullName(e.contact), createdAt: e.contact.created_at });
  const base = (occurredAt: number) => ({ id: `respondio:${e.event_id}`, occurredAt, contact: who, threadId: who.id });
  switch (e.event_type) {
    case 'message.received':
    case 'message.sent': {
      const incoming = e.event_type === 'message.received';
      const facts = messageFacts(e);
      if (!facts.ok) return facts;
      const { id, at } = facts.value;
      return ok({
        ...base(at),
        // Keyed by the message, not the delivery: two subscriptions reporting one message count it once.
        id: `respondio:msg:${id}`,
        type: 'message.created',
        message: compact({
          id,
          direction: incoming ? 'incoming' : 'outgoing',
          sender: incoming ? compact({ type: 'contact' as const, id: who.id, name: who.name }) : outgoingSender(e),
          channel: channelOf(e.channel, e.message.channelId),
          private: false,
        }),
      });
    }
    case 'conversation.opened': {
      const c = e.conversation;
      return ok(compact({
        ...base(c.conversationOpenedAt),
        type: 'conversation.opened',
        // No listed source means none we know: automation, since a contact or user would be named.
        source: OPEN_SOURCES.get(c.source ?? '') ?? 'workflow',
        channel: c.firstIncomingMessageChannelId ? { id: c.firstIncomingMessageChannelId } : undefined,
      }));
    }
    case 'conversation.closed': {
      const c = e.conversation;
      const source = CLOSE_SOURCES.get(c.closedBySource ?? '') ?? 'unknown'; // product.md §2: never guess
      // respond.io only names the assignee's team. A closing user is normally the assignee, so the
      // team is recorded as the closer's unless the payload shows the assignee is someone else.
      const closerIsAssignee = !e.contact.assignee || e.contact.assignee.id === c.closedBy?.id;
      return ok(compact({
        ...base(c.closedTime),
        type: 'conversation.closed',
        source,
        user: c.closedBy
          ? compact({
              id: c.closedBy.id,
              name: fullName(c.closedBy),
              team: source === 'user' && closerIsAssignee ? teamRef(c.assigneeTeam) : undefined,
            })
          : undefined,
        category: c.category ?? undefined,
        summary: c.summary ?? undefined,
        // openedTime identifies which conversation closed (events.md §3); the model opens it if it missed the open.
        openedAt: c.openedTime,
        openSource: c.openedBySource ? (OPEN_SOURCES.get(c.openedBySource) ?? 'workflow') : undefined,
      }));
    }
    case 'contact.assignee.updated': {
      const assignee = e.contact.assignee;
      return ok({
        // events.md §3: no timestamp in the payload, so the receipt time stands in.
        ...base(receivedAt),
        type: 'conversation.assigned',
        assignee: assignee ? compact({ id: assignee.id, name: fullName(assignee) }) : null,
      });
    }
    case 'contact.created':
    case 'contact.updated':
      return ok({
        ...base(e.event_type === 'contact.created' ? (e.contact.created_at ?? receivedAt) : receivedAt),
        type: 'contact.updated',
      });
  }
}

export const respondio: Dialect = {
  name: 'respondio',
  signatureHeader: 'x-webhook-signature',
  maxBodyBytes: 1024 * 1024, // events.md §1

  async verify({ headers, rawBody, secrets }) {
    // events.md §3: base64(HMAC-SHA256(signing key, raw body)); one key per subscription, no timestamp.
    const header = headers.get('x-webhook-signature');
    if (!header) return { ok: false, message: 'missing X-Webhook-Signature header' };
    const signature = decodeBase64(header.trim());
    if (!signature) return { ok: false, message: 'X-Webhook-Signature is not base64' };
    return (await anyHmacMatches(secrets.map(utf8), [signature], rawBody)) ? { ok: true } : NO_MATCH;
  },

  translate(body, { receivedAt }) {
    const envelopeCheck = head.safeParse(body);
    if (!envelopeCheck.success) return { ok: false, issues: issuesFromZod(envelopeCheck.error) };
    const eventType = envelopeCheck.data.event_type;
    const isMessage = eventType === 'message.received' || eventType === 'message.sent';
    // heboai/hebo's message payloads carry no event_id: the message id is the delivery's key then.
    if (!envelopeCheck.data.event_id && !isMessage) {
      return { ok: false, issues: [{ path: 'event_id', message: 'expected the event id' }] };
    }
    // events.md §3: any other event type is accepted, kept and ignored.
    if (!HANDLED_TYPES.has(eventType)) return { ok: true, value: { deliveryId: envelopeCheck.data.event_id!, events: [] } };
    const parsed = respondioEvent.safeParse(body);
    if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
    const event = toCanonical(parsed.data, receivedAt);
    if (!event.ok) return event;
    const deliveryId = envelopeCheck.data.event_id ?? event.value.id;
    const value: Translation = { deliveryId, events: [event.value] };
    return { ok: true, value };
  },
};
