// The channel directory's rule (shared/channels.ts): the latest name by occurred_at, then event
// id, whatever order and grouping the deliveries arrive in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelDisplayName, channelSightings, mergeChannelEntries, type ChannelEntry } from '../../shared/channels';
import type { CanonicalEvent } from '../../shared/events';

const contact = { id: 'c-1' };
function message(id: string, at: number, channel: { id: string; name?: string; type?: string }): CanonicalEvent {
  return { id, occurredAt: at, contact, threadId: 'c-1', type: 'message.created', message: { id, direction: 'incoming', sender: { type: 'contact' }, channel, private: false } };
}

/** A delivery's entries merged into what is stored, as the store's upsert does. */
function fold(deliveries: CanonicalEvent[][]): Map<string, ChannelEntry> {
  const stored = new Map<string, ChannelEntry>();
  for (const events of deliveries) {
    for (const entry of channelSightings(events, 'native')) {
      const prev = stored.get(entry.id);
      stored.set(entry.id, prev ? mergeChannelEntries(prev, entry) : entry);
    }
  }
  return stored;
}

describe('channel directory', () => {
  it('keeps the latest name: a later rename wins, an older late delivery does not undo it', () => {
    const events = [
      message('e1', 1_000, { id: 'wa', name: 'WhatsApp Sales', type: 'whatsapp' }),
      message('e2', 3_000, { id: 'wa' }), //                 names no name: changes nothing but last seen
      message('e3', 2_000, { id: 'wa', name: 'WhatsApp' }), // the rename, at 2 s
    ];
    const entry = fold([[events[2]!], [events[0]!, events[1]!]]).get('wa')!;
    expect(entry).toMatchObject({ name: 'WhatsApp', nameAt: 2_000, kind: 'whatsapp', firstSeenAt: 1_000, lastSeenAt: 3_000 });
  });

  it('gives the same entry for any order and grouping of the same events', () => {
    const sighting = fc.record({
      channel: fc.constantFrom('wa', 'web'),
      at: fc.integer({ min: 0, max: 5 }), // few instants: same-instant renames are frequent
      name: fc.option(fc.constantFrom('Sales', 'Support', 'Web chat'), { nil: undefined }),
      kind: fc.option(fc.constantFrom('whatsapp', 'web_widget'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(sighting, { minLength: 1, maxLength: 12 }), fc.func(fc.integer()), fc.nat({ max: 4 }), (list, shuffleKey, size) => {
        const events = list.map((s, i) => message(`e${i}`, s.at, { id: s.channel, ...(s.name ? { name: s.name } : {}), ...(s.kind ? { type: s.kind } : {}) }));
        const expected = fold([events]);
        const shuffled = events.map((e, i) => ({ e, k: shuffleKey(i) })).sort((a, b) => a.k - b.k).map(({ e }) => e);
        const groups: CanonicalEvent[][] = [];
        for (let i = 0; i < shuffled.length; i += size + 1) groups.push(shuffled.slice(i, i + size + 1));
        expect(fold(groups)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('shows the name, else the kind in words, else the id', () => {
    expect(channelDisplayName({ id: '3', name: 'Website', kind: 'web_widget' })).toBe('Website');
    expect(channelDisplayName({ id: '3', name: null, kind: 'web_widget' })).toBe('Web widget');
    expect(channelDisplayName({ id: '3', name: null, kind: null })).toBe('3');
  });
});
