// The conversation model's cost per event, next to a baseline in the same run: ordering the
// same events (the least any derivation must do). Read the ratio, not the absolute figures.
import { test } from 'vitest';
import { buildThread, orderEvents } from '../../../shared/conversation';
import type { CanonicalEvent } from '../../../shared/events';

/** A busy thread: 200 conversations of 25 events each (5,000 events), shuffled deterministically. */
function busyThread(): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  const base = Date.parse('2026-01-01T00:00:00Z');
  const contact = { id: 'c-1', name: 'Jane' };
  let n = 0;
  const env = (at: number) => ({ id: `e${n++}`, occurredAt: at, contact, threadId: 'c-1' });
  for (let conv = 0; conv < 200; conv++) {
    const t = base + conv * 3_600_000;
    events.push({ ...env(t), type: 'message.created', message: { id: `m${n}`, direction: 'incoming', sender: { type: 'contact' }, private: false } });
    events.push({ ...env(t + 60_000), type: 'conversation.assigned', assignee: { id: `u${conv % 5}`, name: 'Agent' } });
    for (let k = 0; k < 11; k++) {
      const at = t + 120_000 + k * 120_000;
      events.push({ ...env(at), type: 'message.created', message: { id: `m${n}`, direction: 'incoming', sender: { type: 'contact' }, private: false } });
      events.push({ ...env(at + 30_000), type: 'message.created', message: { id: `m${n}`, direction: 'outgoing', sender: { type: 'user', id: `u${conv % 5}` }, private: false } });
    }
    events.push({ ...env(t + 1_800_000), type: 'conversation.closed', source: 'user', category: 'Billing' });
  }
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return events.map((e) => ({ e, k: random() })).sort((a, b) => a.k - b.k).map(({ e }) => e);
}

const events = busyThread();

test(`rebuild a thread of ${events.length} events, against ordering them`, async ({ bench }) => {
  await bench.compare(
    bench('baseline: order the events', () => {
      orderEvents(events);
    }),
    bench('derive every conversation (order + fold)', () => {
      buildThread('c-1', events);
    }),
  );
});
