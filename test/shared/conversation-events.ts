// Small builders for canonical events, so each scenario reads as a timeline, and a generator of
// random threads for the property tests.
import fc from 'fast-check';
import type {
  CanonicalEvent,
  ChannelRef,
  CloseSource,
  OpenSource,
  SenderType,
  UserRef,
} from '../../shared/events';
import { CLOSE_SOURCES, OPEN_SOURCES, SENDER_TYPES } from '../../shared/events';

/** Scenario clock: `at('09:05:30')` is that wall time on 2026-11-20 in UTC. */
export const at = (hms: string, day = '2026-11-20'): number => Date.parse(`${day}T${hms}Z`);

export const whatsapp: ChannelRef = { id: 'ch-wa', name: 'WhatsApp Support', type: 'whatsapp' };
export const agentA: UserRef = { id: 'u-a', name: 'Ana', team: { id: 't-sales', name: 'Sales' } };
export const agentB: UserRef = { id: 'u-b', name: 'Bruno', team: { id: 't-support', name: 'Support' } };
export const agentC: UserRef = { id: 'u-c', name: 'Carla', team: { id: 't-support', name: 'Support' } };

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

interface Where {
  contact?: string;
  thread?: string;
  conversation?: string;
  id?: string;
}

function envelope(time: number, where: Where, prefix: string) {
  const contact = where.contact ?? 'c-1';
  return {
    id: where.id ?? nextId(prefix),
    occurredAt: time,
    contact: { id: contact, name: 'Jane Doe' },
    threadId: where.thread ?? contact,
    ...(where.conversation ? { conversationId: where.conversation } : {}),
  };
}

export function incoming(time: number, where: Where = {}, channel: ChannelRef = whatsapp): CanonicalEvent {
  return {
    ...envelope(time, where, 'in'),
    type: 'message.created',
    message: { id: nextId('m'), direction: 'incoming', sender: { type: 'contact' }, channel, private: false },
  };
}

export function outgoing(
  time: number,
  sender: SenderType,
  user?: UserRef,
  where: Where = {},
  options: { private?: boolean } = {},
): CanonicalEvent {
  return {
    ...envelope(time, where, 'out'),
    type: 'message.created',
    message: {
      id: nextId('m'),
      direction: 'outgoing',
      sender: user ? { type: sender, id: user.id, name: user.name! } : { type: sender },
      private: options.private ?? false,
    },
  };
}

export function opened(time: number, source: OpenSource, where: Where = {}, channel?: ChannelRef): CanonicalEvent {
  return { ...envelope(time, where, 'open'), type: 'conversation.opened', source, ...(channel ? { channel } : {}) };
}

export function closed(
  time: number,
  source: CloseSource,
  extra: { user?: UserRef; category?: string; summary?: string; openedAt?: number; openSource?: OpenSource } = {},
  where: Where = {},
): CanonicalEvent {
  return { ...envelope(time, where, 'close'), type: 'conversation.closed', source, ...extra };
}

export function assigned(time: number, assignee: UserRef | null, where: Where = {}): CanonicalEvent {
  return { ...envelope(time, where, 'assign'), type: 'conversation.assigned', assignee };
}

export function merged(time: number, primary: string, secondary: string, where: Where = {}): CanonicalEvent {
  return {
    ...envelope(time, { contact: primary, ...where }, 'merge'),
    type: 'contact.merged',
    primary: { id: primary },
    secondary: { id: secondary },
  };
}

/** A bot takes the thread (`bot`) or hands it off (`null`). */
export function botHolds(time: number, bot: { id: string; name?: string } | null, where: Where = {}): CanonicalEvent {
  return { ...envelope(time, where, 'bot'), type: 'conversation.bot', bot };
}

/** An open whose source the cycle's earliest message decides (Chatwoot's conversation_created). */
export function openedUndecided(time: number, where: Where = {}, channel?: ChannelRef): CanonicalEvent {
  return {
    ...envelope(time, where, 'open'),
    type: 'conversation.opened',
    source: 'contact',
    sourceFromFirstMessage: true,
    ...(channel ? { channel } : {}),
  };
}

const RANDOM_T0 = Date.parse('2026-11-20T09:00:00Z');
const randomUsers = [
  { id: 'u-a', name: 'Ana', team: { id: 't-1', name: 'Sales' } },
  { id: 'u-b', name: 'Bruno', team: { id: 't-2', name: 'Support' } },
];

/**
 * Random threads of contact `c-1`: 1 to 40 events of every kind, at `instants + 1` distinct
 * instants 30 s apart (few, so many events share a millisecond and the tie-break is exercised),
 * with or without a conversation id and with a varying contact name. Closes carry no category or
 * one of `categories`. Event ids `e00`, `e01`, … are unique within a thread.
 */
export function randomThread(options: { instants: number; categories: readonly string[] }): fc.Arbitrary<CanonicalEvent[]> {
  const time = fc.integer({ min: 0, max: options.instants }).map((m) => RANDOM_T0 + m * 30_000);
  const eventBody = fc.oneof(
    fc.record({ type: fc.constant('conversation.opened' as const), source: fc.constantFrom(...OPEN_SOURCES) }),
    fc.record({
      type: fc.constant('conversation.closed' as const),
      source: fc.constantFrom(...CLOSE_SOURCES.filter((s) => s !== 'merge')),
      category: fc.constantFrom(undefined, ...options.categories),
    }),
    fc.record({ type: fc.constant('conversation.assigned' as const), assignee: fc.constantFrom(null, ...randomUsers) }),
    fc.record({
      type: fc.constant('message.created' as const),
      direction: fc.constantFrom('incoming' as const, 'outgoing' as const),
      sender: fc.constantFrom(...SENDER_TYPES),
      user: fc.constantFrom(...randomUsers),
      private: fc.boolean(),
    }),
    fc.record({ type: fc.constant('contact.updated' as const) }),
    fc.record({ type: fc.constant('contact.merged' as const) }),
  );
  return fc
    .array(fc.tuple(time, eventBody, fc.constantFrom(undefined, 'conv-7', 'conv-8'), fc.constantFrom(undefined, 'Jane', 'Juana')), {
      minLength: 1,
      maxLength: 40,
    })
    .map((items) =>
      items.map(([occurredAt, body, conversationId, name], i): CanonicalEvent => {
        const envelope = {
          id: `e${String(i).padStart(2, '0')}`,
          occurredAt,
          contact: { id: 'c-1', ...(name ? { name } : {}) },
          threadId: 'c-1',
          ...(conversationId ? { conversationId } : {}),
        };
        switch (body.type) {
          case 'conversation.opened':
            return { ...envelope, type: body.type, source: body.source };
          case 'conversation.closed':
            return { ...envelope, type: body.type, source: body.source, ...(body.category ? { category: body.category } : {}) };
          case 'conversation.assigned':
            return { ...envelope, type: body.type, assignee: body.assignee };
          case 'contact.updated':
            return { ...envelope, type: body.type };
          case 'contact.merged':
            return { ...envelope, type: body.type, primary: { id: 'p' }, secondary: { id: 'c-1' } };
          case 'message.created': {
            const incoming = body.direction === 'incoming';
            const sender = incoming
              ? { type: 'contact' as const }
              : body.sender === 'user'
                ? { type: 'user' as const, id: body.user.id, name: body.user.name }
                : { type: body.sender === 'contact' ? ('bot' as const) : body.sender };
            return { ...envelope, type: body.type, message: { id: `m${i}`, direction: body.direction, sender, private: body.private } };
          }
        }
      }),
    );
}
