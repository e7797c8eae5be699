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

const person = z.object({ id: sourceId, firstName: z.string().nullish(), lastName: z.string().nullish() });
const contact = person.extend({ created_at: optionalInstant, assignee: person.nullish() });
/** A message's sender: an object with `source` (and `userId`), or, as `message.source`, the bare source. */
const sender = z.union([z.string(), z.object({ source: z.string().nullish(), userId: sourceId.nullish() })]).nullish();
const channel = z.object({ id: sourceId, name: z.string().nullish(), source: z.string().nullish() }).nullish();
const message = z.object({
  messageId: sourceId,
  timestamp: instant,
  channelId: sourceId.nullish(),
  sender,
  source: sender,
});
const envelope = { event_id: sourceId, contact };

const head = z.object({ event_type: z.string().min(1), event_id: sourceId });
const respondioEvent = z.discriminatedUnion('event_type', [
  z.object({ ...envelope, event_type: z.literal('message.received'), message, channel }),
  z.object({ ...envelope, event_type: z.literal('message.sent'), message, channel, sender, user: person.nullish() }),
  z.object({
    ...envelope,
    event_type: z.literal('conversation.opened'),
    conversation: z.object({
      source: z.string().nullish(),
      conversationOpenedAt: instant,
      firstIncomingMessageChannelId: sourceId.nullish(),
    }),
  }),
  z.object({
    ...envelope,
    event_type: z.literal('conversation.closed'),
    conversation: z.object({
      closedTime: instant,
      closedBySource: z.string().nullish(),
      closedBy: person.nullish(),
      assigneeTeam: z.union([z.string(), z.object({ id: sourceId, name: z.string().nullish() })]).nullish(),
      category: z.string().nullish(),
      summary: z.string().nullish(),
      openedTime: optionalInstant,
      openedBySource: z.string().nullish(),
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

function toCanonical(e: RespondioEvent, receivedAt: number): CanonicalEvent {
  const who: ContactRef = compact({ id: e.contact.id, name: fullName(e.contact), createdAt: e.contact.created_at });
  const base = (occurredAt: number) => ({ id: `respondio:${e.event_id}`, occurredAt, contact: who, threadId: who.id });
  switch (e.event_type) {
    case 'message.received':
    case 'message.sent': {
      const incoming = e.event_type === 'message.received';
      return {
        ...base(e.message.timestamp),
        // Keyed by the message, not the delivery: two subscriptions reporting one message count it once.
        id: `respondio:msg:${e.message.messageId}`,
        type: 'message.created',
        message: compact({
          id: e.message.messageId,
          direction: incoming ? 'incoming' : 'outgoing',
          sender: incoming ? compact({ type: 'contact' as const, id: who.id, name: who.name }) : outgoingSender(e),
          channel: channelOf(e.channel, e.message.channelId),
          private: false,
        }),
      };
    }
    case 'conversation.opened': {
      const c = e.conversation;
      return compact({
        ...base(c.conversationOpenedAt),
        type: 'conversation.opened',
        // No listed source means none we know: automation, since a contact or user would be named.
        source: OPEN_SOURCES.get(c.source ?? '') ?? 'workflow',
        channel: c.firstIncomingMessageChannelId ? { id: c.firstIncomingMessageChannelId } : undefined,
      });
    }
    case 'conversation.closed': {
      const c = e.conversation;
      const source = CLOSE_SOURCES.get(c.closedBySource ?? '') ?? 'unknown'; // product.md §2: never guess
      // respond.io only names the assignee's team. A closing user is normally the assignee, so the
      // team is recorded as the closer's unless the payload shows the assignee is someone else.
      const closerIsAssignee = !e.contact.assignee || e.contact.assignee.id === c.closedBy?.id;
      return compact({
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
      });
    }
    case 'contact.assignee.updated': {
      const assignee = e.contact.assignee;
      return {
        // events.md §3: no timestamp in the payload, so the receipt time stands in.
        ...base(receivedAt),
        type: 'conversation.assigned',
        assignee: assignee ? compact({ id: assignee.id, name: fullName(assignee) }) : null,
      };
    }
    case 'contact.created':
    case 'contact.updated':
      return {
        ...base(e.event_type === 'contact.created' ? (e.contact.created_at ?? receivedAt) : receivedAt),
        type: 'contact.updated',
      };
  }
}

export const respondio: Dialect = {
  name: 'respondio',

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
    const deliveryId = envelopeCheck.data.event_id;
    // events.md §3: any other event type is accepted, kept and ignored.
    if (!HANDLED_TYPES.has(envelopeCheck.data.event_type)) return { ok: true, value: { deliveryId, events: [] } };
    const parsed = respondioEvent.safeParse(body);
    if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
    const value: Translation = { deliveryId, events: [toCanonical(parsed.data, receivedAt)] };
    return { ok: true, value };
  },
};
