// Chatwoot dialect (events.md §4). The thread is Chatwoot's conversation (its per-account display
// id); each open→resolved cycle is one ConvoLens conversation. Chatwoot builds payloads in a
// background job, so they show state at send time: facts are read from the most specific field
// (changed_attributes, the message's own created_at) before the conversation's current state.
import { z } from 'zod';
import {
  issuesFromZod,
  type CanonicalEvent,
  type ChannelRef,
  type ContactRef,
  type OpenSource,
  type ParseResult,
  type Ref,
  type Sender,
  type UserRef,
} from '../../shared/events';
import { compact, epochMs, instant, optionalInstant, sourceId } from './fields';
import { NO_MATCH, anyHmacMatches, checkTimestamp, decodeHex, prefixed, utf8 } from './signatures';
import type { Dialect, Translation } from './types';

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;
const BOT_SENDER_TYPES = new Set(['agent_bot', 'captain_assistant']);
/** Chatwoot reopens a conversation by itself only on a contact's new message (sources README), right after it. */
const REOPEN_BY_MESSAGE_WINDOW_MS = 60_000;

const ref = z.object({ id: sourceId, name: z.string().nullish() });
/** Message fields, both top-level (message_created, `message_type` a string) and in `conversation.messages` (an integer). */
const messageFacts = z.object({
  id: sourceId,
  message_type: z.union([
    z.enum(MESSAGE_TYPES),
    z
      .number()
      .int()
      .min(0)
      .max(3)
      .transform((n) => MESSAGE_TYPES[n] ?? 'activity'),
  ]),
  created_at: instant,
  private: z.boolean().nullish(),
  sender: z.object({ id: sourceId.nullish(), name: z.string().nullish(), type: z.string().nullish() }).nullish(),
  content_attributes: z.object({ external_echo: z.unknown().optional() }).nullish(),
  additional_attributes: z.object({ campaign_id: z.unknown().optional() }).nullish(),
});
type MessageFacts = z.output<typeof messageFacts>;

const conversation = z.object({
  id: sourceId,
  inbox_id: sourceId.nullish(),
  channel: z.string().nullish(),
  status: z.string().nullish(),
  created_at: optionalInstant,
  updated_at: optionalInstant,
  meta: z.object({ sender: ref.nullish(), assignee: ref.nullish(), team: ref.nullish() }).nullish(),
  contact_inbox: z.object({ contact_id: sourceId.nullish() }).nullish(),
  messages: z.array(messageFacts).nullish(),
  labels: z.array(z.string()).nullish(),
});
type Conversation = z.output<typeof conversation>;

const change = z.object({ previous_value: z.unknown().optional(), current_value: z.unknown().optional() });
type Change = z.output<typeof change>;
/** `[{ status: {previous_value, current_value} }, …]` (or one object, or null) → one record by attribute. */
const changedAttributes = z
  .union([z.array(z.record(z.string(), change)), z.record(z.string(), change)])
  .nullish()
  .transform((value): Partial<Record<string, Change>> =>
    Object.assign({}, ...(Array.isArray(value) ? value : [value ?? {}])),
  );

const account = z.object({ id: sourceId });
const head = z.object({ event: z.string().min(1) });
const conversationEvent = conversation.extend({
  event: z.enum(['conversation_created', 'conversation_updated', 'conversation_status_changed']),
  account,
  changed_attributes: changedAttributes,
});
const messageEvent = messageFacts.extend({ event: z.literal('message_created'), account, conversation, inbox: ref.nullish() });
const contactEvent = z.object({
  event: z.enum(['contact_created', 'contact_updated']),
  account,
  id: sourceId,
  name: z.string().nullish(),
  changed_attributes: changedAttributes,
});
const chatwootEvent = z.discriminatedUnion('event', [conversationEvent, messageEvent, contactEvent]);
type ConversationEvent = z.output<typeof conversationEvent>;
type MessageEvent = z.output<typeof messageEvent>;
type ContactEvent = z.output<typeof contactEvent>;
// Everything else (typing, message_updated, webwidget_triggered, inbox_*) is accepted with no events.
const HANDLED_EVENTS = new Set<string>([
  'conversation_created',
  'conversation_updated',
  'conversation_status_changed',
  'message_created',
  'contact_created',
  'contact_updated',
]);

type Events = ParseResult<CanonicalEvent[]>;
const fail = <T = CanonicalEvent[]>(path: string, message: string): ParseResult<T> => ({
  ok: false,
  issues: [{ path, message }],
});
const named = (r: { id: string; name?: string | null | undefined }): Ref =>
  compact({ id: r.id, name: r.name ?? undefined });

/** `Channel::WebWidget` → `web_widget`, `Channel::Whatsapp` → `whatsapp`. */
function channelType(channelClass: string | null | undefined): string | undefined {
  if (!channelClass) return undefined;
  return channelClass.replace(/^Channel::/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Chatwoot's inbox is the channel; the conversation payload names only its id and kind. */
function channelOf(conv: Conversation, inbox?: { id: string; name?: string | null } | null): ChannelRef | undefined {
  const id = inbox?.id ?? conv.inbox_id;
  if (!id) return undefined;
  return compact({ id, name: inbox?.name ?? undefined, type: channelType(conv.channel) });
}

function contactOf(conv: Conversation): ContactRef | null {
  if (conv.meta?.sender) return named(conv.meta.sender);
  const id = conv.contact_inbox?.contact_id;
  return id ? { id } : null;
}

/**
 * events.md §4. The campaign check comes before the user check because Chatwoot sends campaign
 * messages under the campaign's sending agent. Automation rules (`sender: null` with
 * `content_attributes.automation_rule_id`), templates Chatwoot sends itself (CSAT) and anything
 * unrecognised are `workflow`: never a human, so they never count as a response.
 */
function outgoingSender(m: MessageFacts): Sender {
  if (m.content_attributes?.external_echo) return { type: 'echo' };
  if (m.additional_attributes?.campaign_id != null) return { type: 'broadcast' };
  const who = compact({ id: m.sender?.id ?? undefined, name: m.sender?.name ?? undefined });
  if (m.sender?.type === 'user') return { type: 'user', ...who };
  if (m.sender?.type && BOT_SENDER_TYPES.has(m.sender.type)) return { type: 'bot', ...who };
  return { type: 'workflow' };
}

/** events.md §4: the contact opened it, unless an outgoing first message shows the business did. */
function createdBy(conv: Conversation): OpenSource {
  const first = conv.messages?.[0];
  if (first?.message_type !== 'outgoing' && first?.message_type !== 'template') return 'contact';
  const sender = outgoingSender(first);
  return sender.type === 'user' || sender.type === 'echo' ? 'user' : 'workflow';
}

/** A reopen just after a contact's message is Chatwoot reopening for it; any other is a person's (or the API's). */
function reopenedBy(conv: Conversation, at: number): OpenSource {
  const last = conv.messages?.at(-1);
  const sinceMessage = last ? at - last.created_at : Infinity;
  return last?.message_type === 'incoming' && sinceMessage >= 0 && sinceMessage <= REOPEN_BY_MESSAGE_WINDOW_MS
    ? 'contact'
    : 'user';
}

/** The value at change time (changed_attributes) named from the send-time `meta` when they agree. */
function refAtChange(changed: Change | undefined, current: Ref | undefined): Ref | undefined {
  if (!changed) return current;
  const id = changed.current_value;
  if (id === null || id === undefined) return undefined;
  return current?.id === String(id) ? current : { id: String(id) };
}

function changeTime(changes: Partial<Record<string, Change>>): number | undefined {
  const value = changes.updated_at?.current_value;
  return typeof value === 'string' || typeof value === 'number' ? (epochMs(value) ?? undefined) : undefined;
}

function conversationEvents(e: ConversationEvent): Events {
  const contact = contactOf(e);
  if (!contact) return fail('meta.sender.id', 'expected the conversation contact in meta.sender');
  // Semantic ids: conversation_status_changed and conversation_updated for one resolve give the same id.
  const on = (fact: string, occurredAt: number) => ({
    id: `chatwoot:${e.account.id}:${e.id}:${fact}:${occurredAt}`,
    occurredAt,
    contact,
    threadId: e.id,
    conversationId: e.id,
  });
  const team = e.meta?.team ? named(e.meta.team) : undefined;
  const userWithTeam = (user: Ref, userTeam: Ref | undefined): UserRef => compact({ ...user, team: userTeam });

  if (e.event === 'conversation_created') {
    if (e.created_at === undefined) return fail('created_at', 'expected the conversation creation time');
    // Opened whatever the status at send time: a pending conversation handled by a bot is open too.
    const events: CanonicalEvent[] = [
      { ...on('opened', e.created_at), type: 'conversation.opened', source: createdBy(e), channel: channelOf(e) },
    ];
    if (e.meta?.assignee) {
      const assignee = named(e.meta.assignee);
      events.push({
        ...on(`assignee:${assignee.id}`, e.created_at),
        type: 'conversation.assigned',
        assignee: userWithTeam(assignee, team),
      });
    }
    return { ok: true, value: events.map((event) => compact(event)) };
  }

  const changes = e.changed_attributes;
  const changedStatus = changes.status?.current_value;
  // conversation_status_changed has changed_attributes null in practice: its `status` is the new one.
  const status =
    typeof changedStatus === 'string' ? changedStatus : e.event === 'conversation_status_changed' ? e.status : undefined;
  if (e.event === 'conversation_status_changed' && !status) return fail('status', 'expected the new status');
  const assigneeChanged = changes.assignee_id !== undefined;
  if (!status && !assigneeChanged) return { ok: true, value: [] };

  // When it changed: changed_attributes.updated_at is the change's own time; the conversation's
  // updated_at is the same instant unless the conversation changed again before the job ran.
  const at = changeTime(changes) ?? e.updated_at;
  if (at === undefined) return fail('updated_at', 'expected the time of the change');
  const events: CanonicalEvent[] = [];
  if (status === 'resolved') {
    // events.md §4: Chatwoot sends no closing source. It has no closing notes either; teams
    // label conversations instead, so the first label is the category.
    const category = e.labels?.[0];
    events.push({
      ...on('status:resolved', at),
      type: 'conversation.closed',
      source: 'unknown',
      ...(category ? { category } : {}),
    });
  } else if (status === 'open' || status === 'pending') {
    // Resolved → open/pending starts a new cycle; from pending or snoozed it was open all along,
    // and the model ignores an open of an open thread.
    events.push({
      ...on(`status:${status}`, at),
      type: 'conversation.opened',
      source: reopenedBy(e, at),
      channel: channelOf(e),
    });
  } // snoozed: still open, nothing to record.
  if (assigneeChanged) {
    const assignee = refAtChange(changes.assignee_id, e.meta?.assignee ? named(e.meta.assignee) : undefined);
    events.push({
      ...on(`assignee:${assignee?.id ?? 'none'}`, at),
      type: 'conversation.assigned',
      // product.md §2: unassigning counts as an assignment. A team_id change alone changes nobody's assignment.
      assignee: assignee ? userWithTeam(assignee, refAtChange(changes.team_id, team)) : null,
    });
  }
  return { ok: true, value: events.map((event) => compact(event)) };
}

function messageEvents(e: MessageEvent): Events {
  if (e.message_type === 'activity') return { ok: true, value: [] }; // status lines, not messages
  const incoming = e.message_type === 'incoming';
  // The contact sender of an incoming message has no `type` key; it is the conversation's contact.
  const senderAsContact = incoming && e.sender?.id ? named({ id: e.sender.id, name: e.sender.name }) : null;
  const contact = contactOf(e.conversation) ?? senderAsContact;
  if (!contact) return fail('conversation.meta.sender.id', 'expected the conversation contact in meta.sender');
  const sender: Sender = incoming
    ? compact({ type: 'contact', id: e.sender?.id ?? contact.id, name: e.sender?.name ?? contact.name })
    : outgoingSender(e);
  const event: CanonicalEvent = {
    id: `chatwoot:${e.account.id}:msg:${e.id}`,
    occurredAt: e.created_at,
    contact,
    threadId: e.conversation.id,
    conversationId: e.conversation.id,
    type: 'message.created',
    message: compact({
      id: e.id,
      direction: incoming ? 'incoming' : 'outgoing',
      sender,
      channel: channelOf(e.conversation, e.inbox),
      // product.md §2: private notes count nowhere; the model skips them.
      private: e.private ?? false,
    }),
  };
  return { ok: true, value: [event] };
}

/**
 * Contacts have no conversation, so their thread is `contact:{id}`: a bare id could collide with
 * a conversation's display id. contact_created carries no timestamp, so the receipt time stands in.
 */
function contactEvents(e: ContactEvent, deliveryId: string, receivedAt: number): Events {
  const changedAt = e.event === 'contact_updated' ? changeTime(e.changed_attributes) : undefined;
  const fact = e.event === 'contact_created' ? 'created' : `updated:${changedAt ?? deliveryId}`;
  const event: CanonicalEvent = {
    id: `chatwoot:${e.account.id}:contact:${e.id}:${fact}`,
    occurredAt: changedAt ?? receivedAt,
    contact: named(e),
    threadId: `contact:${e.id}`,
    type: 'contact.updated',
  };
  return { ok: true, value: [event] };
}

export const chatwoot: Dialect = {
  name: 'chatwoot',

  async verify({ headers, rawBody, secrets, now }) {
    const header = headers.get('x-chatwoot-signature');
    if (!header) {
      return { ok: false, message: 'missing X-Chatwoot-Signature header (Chatwoot signs webhooks since v4.11.2)' };
    }
    const timestamp = headers.get('x-chatwoot-timestamp');
    const fresh = checkTimestamp(timestamp, 'X-Chatwoot-Timestamp', now);
    if (!fresh.ok) return fresh;
    const signature = header.startsWith('sha256=') ? decodeHex(header.slice('sha256='.length)) : null;
    if (!signature) return { ok: false, message: 'X-Chatwoot-Signature must be sha256=<hex>' };
    // events.md §4: hex HMAC-SHA256(secret, "{timestamp}.{raw body}").
    const signed = prefixed(`${timestamp}.`, rawBody);
    return (await anyHmacMatches(secrets.map(utf8), [signature], signed)) ? { ok: true } : NO_MATCH;
  },

  translate(body, { headers, receivedAt }) {
    const deliveryId = headers.get('x-chatwoot-delivery');
    if (!deliveryId) return fail<Translation>('headers.x-chatwoot-delivery', 'missing X-Chatwoot-Delivery header');
    const eventName = head.safeParse(body);
    if (!eventName.success) return { ok: false, issues: issuesFromZod(eventName.error) };
    if (!HANDLED_EVENTS.has(eventName.data.event)) return { ok: true, value: { deliveryId, events: [] } };
    const parsed = chatwootEvent.safeParse(body);
    if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
    const e = parsed.data;
    let events: Events;
    switch (e.event) {
      case 'message_created':
        events = messageEvents(e);
        break;
      case 'contact_created':
      case 'contact_updated':
        events = contactEvents(e, deliveryId, receivedAt);
        break;
      case 'conversation_created':
      case 'conversation_updated':
      case 'conversation_status_changed':
        events = conversationEvents(e);
    }
    return events.ok ? { ok: true, value: { deliveryId, events: events.value } } : events;
  },
};
