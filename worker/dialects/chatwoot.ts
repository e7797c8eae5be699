// Chatwoot dialect (events.md §4). The thread is Chatwoot's conversation, named
// `{account_id}:{display_id}` because display ids are per account; each open→resolved cycle is
// one ConvoLens conversation. Chatwoot builds payloads in a background job, so they show state at
// send time: facts are read from the most specific field (changed_attributes, the message's own
// created_at) before the conversation's current state. Read from chatwoot v4.16.2:
// app/presenters/conversations/event_data_presenter.rb, app/models/{conversation,message}.rb,
// app/listeners/webhook_listener.rb, lib/webhooks/trigger.rb.
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
/** `meta.assignee`: a User's or an AgentBot's push_event_data (`type: "user"` / `"agent_bot"`). */
const assigneeRef = ref.extend({ type: z.string().nullish() });
/** `meta.sender`: the contact's push_event_data; `blocked` is set for contacts an agent blocked. */
const contactRef = ref.extend({ blocked: z.boolean().nullish() });
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
  sender: z
    .object({ id: sourceId.nullish(), name: z.string().nullish(), type: z.string().nullish(), blocked: z.boolean().nullish() })
    .nullish(),
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
  meta: z
    .object({
      sender: contactRef.nullish(),
      assignee: assigneeRef.nullish(),
      // Conversation#assignee_type: "AgentBot" while a bot holds it, "User" for a person, else null.
      assignee_type: z.string().nullish(),
      team: ref.nullish(),
    })
    .nullish(),
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
/**
 * The automation action "Send webhook event" posts `automation_event.{rule event}` and macros post
 * `macro.executed`, each with the conversation's webhook_data and no changed_attributes
 * (app/services/automation_rules/action_service.rb, app/services/macros/execution_service.rb).
 */
const SNAPSHOT_EVENT = /^(automation_event\.[a-z_]+|macro\.executed)$/;
const conversationEvent = conversation.extend({
  event: z.union([
    z.enum(['conversation_created', 'conversation_updated', 'conversation_status_changed']),
    z.string().regex(SNAPSHOT_EVENT),
  ]),
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
const isHandled = (event: string) => HANDLED_EVENTS.has(event) || SNAPSHOT_EVENT.test(event);

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

/** events.md §4: display ids are per account, so the thread (and source conversation id) carries the account. */
export const chatwootThreadId = (accountId: string, displayId: string) => `${accountId}:${displayId}`;

/** The bot that handles an inbox's pending conversations when meta names none (Captain). */
const INBOX_BOT: Ref = { id: 'inbox_bot', name: 'Inbox bot' };

/** A bot holds the conversation (`assignee_type: "AgentBot"`): never an assignee (events.md §4). */
function botAssignee(conv: Conversation): Ref | undefined {
  const a = conv.meta?.assignee;
  if (!a) return undefined;
  return conv.meta?.assignee_type === 'AgentBot' || a.type === 'agent_bot' ? named(a) : undefined;
}

/** The person assigned, when meta names a User (an AgentBot in meta.assignee is not one). */
function userAssignee(conv: Conversation): Ref | undefined {
  const a = conv.meta?.assignee;
  if (!a || botAssignee(conv)) return undefined;
  return named(a);
}

/**
 * A blocked contact's conversation is created resolved and never reopened by the contact
 * (Conversation#determine_conversation_status, Message#reopen_conversation): nothing opens.
 */
const blockedAndResolved = (conv: Conversation) => conv.meta?.sender?.blocked === true && conv.status === 'resolved';

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
  const threadId = chatwootThreadId(e.account.id, e.id);
  // Semantic ids: conversation_status_changed and conversation_updated for one resolve give the same id.
  const on = (fact: string, occurredAt: number) => ({
    id: `chatwoot:${e.account.id}:${e.id}:${fact}:${occurredAt}`,
    occurredAt,
    contact,
    threadId,
    conversationId: threadId,
  });
  const team = e.meta?.team ? named(e.meta.team) : undefined;
  const userWithTeam = (user: Ref, userTeam: Ref | undefined): UserRef => compact({ ...user, team: userTeam });
  const heldBy = (bot: Ref, at: number): CanonicalEvent => ({ ...on(`bot:${bot.id}`, at), type: 'conversation.bot', bot });
  // Only automation and macro payloads lend their message: account webhooks send message_created
  // for it with millisecond times, and a second, whole-second copy would make results depend on
  // which arrived first.
  const snapshot = SNAPSHOT_EVENT.test(e.event);
  const lastMessage = snapshot ? snapshotMessage(e) : null;

  const created = e.event === 'conversation_created' || e.event === 'automation_event.conversation_created';
  if (created) {
    if (e.created_at === undefined) return fail('created_at', 'expected the conversation creation time');
    if (blockedAndResolved(e)) return { ok: true, value: [] };
    // Opened whatever the status at send time: a pending conversation handled by a bot is open too.
    // The payload's message is the last one when the job ran (a template, a bot's reply), not the
    // first, so who opened it is left to the cycle's earliest message (events.md §4).
    const events: CanonicalEvent[] = [
      {
        ...on('opened', e.created_at),
        type: 'conversation.opened',
        source: 'contact',
        sourceFromFirstMessage: true,
        channel: channelOf(e),
      },
    ];
    // A conversation created pending is a bot's (Conversation#set_active_bot_conversation): the
    // inbox's AgentBot when meta names it, else the inbox's bot (Captain) that handles pending ones.
    const bot = botAssignee(e) ?? (e.status === 'pending' && !userAssignee(e) ? INBOX_BOT : undefined);
    if (bot) events.push(heldBy(bot, e.created_at));
    const assignee = userAssignee(e);
    if (assignee) {
      events.push({
        ...on(`assignee:${assignee.id}`, e.created_at),
        type: 'conversation.assigned',
        assignee: userWithTeam(assignee, team),
      });
    }
    if (lastMessage) events.push(lastMessage);
    return { ok: true, value: events.map((event) => compact(event)) };
  }

  const changes = e.changed_attributes;
  const changedStatus = changes.status?.current_value;
  // conversation_status_changed has changed_attributes null in practice: its `status` is the new
  // one; automation and macro payloads have none at all and carry the state when the rule ran.
  const status =
    typeof changedStatus === 'string'
      ? changedStatus
      : e.event === 'conversation_status_changed' || snapshot
        ? (e.status ?? undefined)
        : undefined;
  if (e.event === 'conversation_status_changed' && !status) return fail('status', 'expected the new status');
  const assigneeChanged = changes.assignee_id !== undefined;
  const botChanged = changes.assignee_agent_bot_id !== undefined;
  if (!status && !assigneeChanged && !botChanged && !lastMessage) return { ok: true, value: [] };

  // When it changed: changed_attributes.updated_at is the change's own time; the conversation's
  // updated_at is the same instant unless the conversation changed again before the job ran.
  const at = changeTime(changes) ?? e.updated_at;
  if (at === undefined) return fail('updated_at', 'expected the time of the change');
  const events: CanonicalEvent[] = lastMessage ? [lastMessage] : [];
  const previousStatus = changes.status?.previous_value;
  const botTook = botChanged && changes.assignee_agent_bot_id!.current_value != null;
  // The hand-off: Conversation#bot_handoff! clears the agent bot and turns pending into open
  // (Captain's hand-off is the status change alone); assigning a person clears the bot too.
  const handedOff = (botChanged && !botTook) || (previousStatus === 'pending' && status === 'open');
  if (botTook) {
    const current = String(changes.assignee_agent_bot_id!.current_value);
    const bot = botAssignee(e);
    events.push(heldBy(bot && bot.id === current ? bot : { id: current }, at));
  } else if (previousStatus === 'resolved' && status === 'pending') {
    // Message#reopen_resolved_conversation: with an active bot a reopened conversation is the bot's again.
    events.push(heldBy(botAssignee(e) ?? INBOX_BOT, at));
  }
  if (handedOff) {
    // A bot holding it means the inbox's bot took it at creation (set_active_bot_conversation);
    // said again here, under the same id, in case the created payload was built after the hand-off.
    const previousBot = changes.assignee_agent_bot_id?.previous_value;
    if (previousBot != null && e.created_at !== undefined) events.push(heldBy({ id: String(previousBot) }, e.created_at));
    events.push({ ...on('bot:none', at), type: 'conversation.bot', bot: null });
  }
  if (blockedAndResolved(e) && status !== 'resolved') return { ok: true, value: [] };
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
    // assignee_id is a User id; meta.assignee names it only while it is that User (not a bot with the same id).
    const assignee = refAtChange(changes.assignee_id, userAssignee(e));
    events.push({
      ...on(`assignee:${assignee?.id ?? 'none'}`, at),
      type: 'conversation.assigned',
      // product.md §2: unassigning counts as an assignment. A team_id change alone changes nobody's assignment.
      assignee: assignee ? userWithTeam(assignee, refAtChange(changes.team_id, team)) : null,
    });
  }
  return { ok: true, value: events.map((event) => compact(event)) };
}

/**
 * The message an automation or macro payload carries (`messages.chat.last`, push_event_data),
 * under the id message_created gives it: automation-only setups get no message_created. Its
 * created_at is whole seconds.
 */
function snapshotMessage(e: ConversationEvent): CanonicalEvent | null {
  const m = e.messages?.at(-1);
  if (!m || m.message_type === 'activity' || m.private) return null;
  const contact = contactOf(e);
  if (!contact) return null;
  if (m.message_type === 'incoming' && blockedAndResolved(e)) return null;
  return messageEvent_(e.account.id, e, m, contact, null);
}

function messageEvents(e: MessageEvent): Events {
  if (e.message_type === 'activity') return { ok: true, value: [] }; // status lines, not messages
  const incoming = e.message_type === 'incoming';
  // A blocked contact's messages never reopen its resolved conversation (Message#reopen_conversation).
  if (incoming && (blockedAndResolved(e.conversation) || (e.sender?.blocked === true && e.conversation.status === 'resolved'))) {
    return { ok: true, value: [] };
  }
  // The contact sender of an incoming message has no `type` key; it is the conversation's contact.
  const senderAsContact = incoming && e.sender?.id ? named({ id: e.sender.id, name: e.sender.name }) : null;
  const contact = contactOf(e.conversation) ?? senderAsContact;
  if (!contact) return fail('conversation.meta.sender.id', 'expected the conversation contact in meta.sender');
  return { ok: true, value: [messageEvent_(e.account.id, e.conversation, e, contact, e.inbox ?? null)] };
}

function messageEvent_(
  accountId: string,
  conv: Conversation,
  m: MessageFacts,
  contact: ContactRef,
  inbox: { id: string; name?: string | null } | null,
): CanonicalEvent {
  const incoming = m.message_type === 'incoming';
  const threadId = chatwootThreadId(accountId, conv.id);
  const sender: Sender = incoming
    ? compact({ type: 'contact', id: m.sender?.id ?? contact.id, name: m.sender?.name ?? contact.name })
    : outgoingSender(m);
  return {
    id: `chatwoot:${accountId}:msg:${m.id}`,
    occurredAt: m.created_at,
    contact,
    threadId,
    conversationId: threadId,
    type: 'message.created',
    message: compact({
      id: m.id,
      direction: incoming ? 'incoming' : 'outgoing',
      sender,
      channel: channelOf(conv, inbox),
      // product.md §2: private notes count nowhere; the model skips them.
      private: m.private ?? false,
    }),
  };
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

/** Longest string kept of a large body: every field read above (ids, names, types, labels) is far shorter. */
const LONGEST_KEPT_STRING = 16 * 1024;
/** Bodies up to this size are kept byte for byte. */
const KEPT_WHOLE_BYTES = 256 * 1024;

/**
 * events.md §4: an email's HTML and text come twice (`content_attributes.email` and the
 * conversation's `messages[0]`) and can pass 1 MiB. A large body is kept with its long strings
 * (message content, email bodies) replaced by their length: the same translation replays from it.
 */
function storedBody(body: unknown, rawText: string): string {
  if (rawText.length <= KEPT_WHOLE_BYTES) return rawText;
  return JSON.stringify(body, (_key, value: unknown) =>
    typeof value === 'string' && value.length > LONGEST_KEPT_STRING ? `[${value.length} characters not kept]` : value,
  );
}

export const chatwoot: Dialect = {
  name: 'chatwoot',
  signatureHeader: 'x-chatwoot-signature',
  // events.md §4: large emails exceed 1 MiB and Chatwoot never retries.
  maxBodyBytes: 10 * 1024 * 1024,
  storedBody,

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

  translate(body, { headers, receivedAt, bodyHash }) {
    // Chatwoot before v4.11.2, automations and macros send no X-Chatwoot-Delivery: the body itself
    // is then the delivery's identity (lib/webhooks/trigger.rb sets it only when given one).
    const deliveryId = headers.get('x-chatwoot-delivery') ?? (bodyHash ? `body:${bodyHash}` : null);
    if (!deliveryId) return fail<Translation>('headers.x-chatwoot-delivery', 'missing X-Chatwoot-Delivery header');
    const eventName = head.safeParse(body);
    if (!eventName.success) return { ok: false, issues: issuesFromZod(eventName.error) };
    const name = eventName.data.event;
    if (!isHandled(name)) return { ok: true, value: { deliveryId, events: [] } };
    const schema = name === 'message_created' ? messageEvent : name.startsWith('contact_') ? contactEvent : conversationEvent;
    const parsed = schema.safeParse(body);
    if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
    const e = parsed.data as ConversationEvent | MessageEvent | ContactEvent;
    let events: Events;
    if (e.event === 'message_created') events = messageEvents(e as MessageEvent);
    else if (e.event === 'contact_created' || e.event === 'contact_updated') events = contactEvents(e as ContactEvent, deliveryId, receivedAt);
    else events = conversationEvents(e as ConversationEvent);
    return events.ok ? { ok: true, value: { deliveryId, events: events.value } } : events;
  },
};
