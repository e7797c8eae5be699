// Small builders for canonical events, so each scenario reads as a timeline.
import type {
  CanonicalEvent,
  ChannelRef,
  CloseSource,
  OpenSource,
  SenderType,
  UserRef,
} from '../../shared/events';

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
