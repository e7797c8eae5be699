// product.md §2: "The same set of events must give the same result in any arrival order,
// and a repeated event must change nothing." Checked on random threads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildThread } from '../../shared/conversation';
import { randomThread } from './conversation-events';

// 41 distinct instants, so many events share a millisecond and the tie-break is exercised.
const threadEvents = randomThread({ instants: 40, categories: ['Billing', 'Sales'] });

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
