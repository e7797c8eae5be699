// The deriver's cheap path (worker/ingest/derive.ts): a thread's state is stored as JSON, and
// events ordered after its last one are applied to it. That must equal deriving the thread
// from scratch, for any thread and any point at which the state was saved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, buildThread, orderEvents, type ConversationRecord, type ThreadState } from '../../shared/conversation';
import { randomThread } from './conversation-events';

// 31 distinct instants: many events share a millisecond.
const threads = randomThread({ instants: 30, categories: ['Billing'] });

describe('incremental derivation over a stored thread state', () => {
  it('equals deriving from scratch, wherever the state was saved', () => {
    fc.assert(
      fc.property(threads, fc.nat(), (events, cut) => {
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
