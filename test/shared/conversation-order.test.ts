// product.md §2: "The same set of events must give the same result in any arrival order,
// and a repeated event must change nothing." Checked on random threads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildThread } from '../../shared/conversation';
import type { CanonicalEvent } from '../../shared/events';
import { CLOSE_SOURCES, OPEN_SOURCES, SENDER_TYPES } from '../../shared/events';

const T0 = Date.parse('2026-11-20T09:00:00Z');
const users = [
  { id: 'u-a', name: 'Ana', team: { id: 't-1', name: 'Sales' } },
  { id: 'u-b', name: 'Bruno', team: { id: 't-2', name: 'Support' } },
];

// Few distinct instants, so many events share a millisecond and the tie-break is exercised.
const time = fc.integer({ min: 0, max: 40 }).map((m) => T0 + m * 30_000);

const eventBody = fc.oneof(
  fc.record({ type: fc.constant('conversation.opened' as const), source: fc.constantFrom(...OPEN_SOURCES) }),
  fc.record({
    type: fc.constant('conversation.closed' as const),
    source: fc.constantFrom(...CLOSE_SOURCES.filter((s) => s !== 'merge')),
    category: fc.constantFrom(undefined, 'Billing', 'Sales'),
  }),
  fc.record({ type: fc.constant('conversation.assigned' as const), assignee: fc.constantFrom(null, ...users) }),
  fc.record({
    type: fc.constant('message.created' as const),
    direction: fc.constantFrom('incoming' as const, 'outgoing' as const),
    sender: fc.constantFrom(...SENDER_TYPES),
    user: fc.constantFrom(...users),
    private: fc.boolean(),
  }),
  fc.record({ type: fc.constant('contact.merged' as const) }),
);

const threadEvents = fc.array(fc.tuple(time, eventBody), { minLength: 1, maxLength: 40 }).map((items) =>
  items.map(([occurredAt, body], i): CanonicalEvent => {
    const envelope = { id: `e${i}`, occurredAt, contact: { id: 'c-1', name: 'Jane' }, threadId: 'c-1' };
    switch (body.type) {
      case 'conversation.opened':
        return { ...envelope, type: body.type, source: body.source };
      case 'conversation.closed':
        return { ...envelope, type: body.type, source: body.source, ...(body.category ? { category: body.category } : {}) };
      case 'conversation.assigned':
        return { ...envelope, type: body.type, assignee: body.assignee };
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

describe('order independence', () => {
  it('random permutations and repetitions of a thread\'s events give identical conversations', () => {
    fc.assert(
      fc.property(
        threadEvents,
        fc.func(fc.integer()),
        fc.array(fc.nat(), { maxLength: 10 }),
        (events, shuffleKey, repeats) => {
          const expected = buildThread('c-1', events).conversations;
          const permuted = events
            .map((e, i) => ({ e, k: shuffleKey(i) }))
            .sort((a, b) => a.k - b.k)
            .map(({ e }) => e);
          const withRepeats = [...permuted, ...repeats.map((r) => structuredClone(events[r % events.length]!))];
          expect(buildThread('c-1', withRepeats).conversations).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
