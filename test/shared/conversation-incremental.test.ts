// The deriver's cheap path (worker/ingest/derive.ts): a thread's state is stored as JSON, and
// events ordered after its last one are applied to it. That must equal deriving the thread
// from scratch, for any thread and any point at which the state was saved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, buildThread, orderEvents, type ConversationRecord, type ThreadState } from '../../shared/conversation';
import type { CanonicalEvent } from '../../shared/events';
import { CLOSE_SOURCES, OPEN_SOURCES, SENDER_TYPES } from '../../shared/events';

const T0 = Date.parse('2026-11-20T09:00:00Z');
const users = [
  { id: 'u-a', name: 'Ana', team: { id: 't-1', name: 'Sales' } },
  { id: 'u-b', name: 'Bruno', team: { id: 't-2', name: 'Support' } },
];
// Few distinct instants: many events share a millisecond.
const time = fc.integer({ min: 0, max: 30 }).map((m) => T0 + m * 30_000);

const eventBody = fc.oneof(
  fc.record({ type: fc.constant('conversation.opened' as const), source: fc.constantFrom(...OPEN_SOURCES) }),
  fc.record({
    type: fc.constant('conversation.closed' as const),
    source: fc.constantFrom(...CLOSE_SOURCES.filter((s) => s !== 'merge')),
    category: fc.constantFrom(undefined, 'Billing'),
  }),
  fc.record({ type: fc.constant('conversation.assigned' as const), assignee: fc.constantFrom(null, ...users) }),
  fc.record({
    type: fc.constant('message.created' as const),
    direction: fc.constantFrom('incoming' as const, 'outgoing' as const),
    sender: fc.constantFrom(...SENDER_TYPES),
    user: fc.constantFrom(...users),
    private: fc.boolean(),
  }),
  fc.record({ type: fc.constant('contact.updated' as const) }),
  fc.record({ type: fc.constant('contact.merged' as const) }),
);

const randomThread = fc
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

describe('incremental derivation over a stored thread state', () => {
  it('equals deriving from scratch, wherever the state was saved', () => {
    fc.assert(
      fc.property(randomThread, fc.nat(), (events, cut) => {
        const ordered = orderEvents(events);
        const k = cut % (ordered.length + 1);
        const first = buildThread('c-1', ordered.slice(0, k));
        // Stored and read back as the deriver does.
        const state = JSON.parse(JSON.stringify(first.state)) as ThreadState;
        // Conversations as the table holds them, one row per cycle, overwritten by each write.
        const rows = new Map<number, ConversationRecord>(first.conversations.map((c) => [c.cycle, structuredClone(c)]));
        for (const e of ordered.slice(k)) for (const c of applyEvent(state, e)) rows.set(c.cycle, structuredClone(c));

        const scratch = buildThread('c-1', events);
        expect(state).toEqual(scratch.state);
        expect([...rows.values()].sort((a, b) => a.cycle - b.cycle)).toEqual(scratch.conversations);
      }),
      { numRuns: 500 },
    );
  });
});
