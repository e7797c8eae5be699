// The content script's snapshot store: every thread the badges show goes in one batched
// message (one bulk request in the background), gathered while rows keep appearing, refreshed
// on the shortest interval asked for, and never asked for again once nobody shows it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThreadSnapshot } from '../../extension/messaging';
import { SnapshotStore } from '../../extension/overlay/snapshot-store';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A fake background that answers every thread as unknown and records each batch. */
function fakeBackground() {
  return vi.fn(async (ids: string[]): Promise<ThreadSnapshot[]> => ids.map(() => ({ state: 'unknown' })));
}

const TIMING = { debounceMs: 150, maxWaitMs: 1000 };

describe('SnapshotStore', () => {
  it('asks for all the threads watched together in one batch, in the order watched', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    const seen: string[] = [];
    for (const id of ['1:7', '1:8', '1:9', '1:10']) store.watch(id, 30_000, () => seen.push(id));
    await vi.advanceTimersByTimeAsync(149);
    expect(fetch).not.toHaveBeenCalled(); // still gathering
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.mock.calls).toEqual([[['1:7', '1:8', '1:9', '1:10']]]);
    expect(seen).toEqual(['1:7', '1:8', '1:9', '1:10']);
    store.dispose();
  });

  it('keeps gathering while rows keep appearing (each within the debounce), then sends one batch', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    // Five rows mounted 100 ms apart: each new one restarts the 150 ms quiet time.
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      store.watch(id, 30_000, () => undefined);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(fetch).not.toHaveBeenCalled(); // 400 ms after the first, 100 ms after the last
    await vi.advanceTimersByTimeAsync(50);
    expect(fetch.mock.calls).toEqual([[['a', 'b', 'c', 'd', 'e']]]);
    store.dispose();
  });

  it('sends a busy batch after at most maxWaitMs, and what comes later in the next one', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    // A row every 100 ms for 1.5 s: the quiet time never comes.
    const ids = Array.from({ length: 15 }, (_, i) => `t${i}`);
    for (const id of ids) {
      store.watch(id, 30_000, () => undefined);
      await vi.advanceTimersByTimeAsync(100);
    }
    // t0 at 0 ms … t9 at 900 ms went at 1000 ms (the cap); t10 (1000 ms) … t14 (1400 ms) at 1550 ms.
    await vi.advanceTimersByTimeAsync(50);
    expect(fetch.mock.calls.map(([batch]) => batch)).toEqual([ids.slice(0, 10), ids.slice(10)]);
    store.dispose();
  });

  it('shares one entry between the header and the row badge of a thread, refreshing on the shorter interval', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    const header = vi.fn();
    const row = vi.fn();
    store.watch('1:128', 15_000, header);
    store.watch('1:128', 30_000, row);
    await vi.advanceTimersByTimeAsync(150);
    expect(fetch.mock.calls).toEqual([[['1:128']]]);
    expect(header).toHaveBeenCalledWith(expect.objectContaining({ snapshot: { state: 'unknown' } }));
    expect(row).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(14_000); // 14.15 s: not due yet
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000); // due at 15.15 s, found by the 1 s tick at 16 s
    expect(fetch).toHaveBeenCalledTimes(2);
    store.dispose();
  });

  it('lets the 30 s rows ride along with the 15 s header refresh instead of a request of their own', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    store.watch('header', 15_000, () => undefined);
    store.watch('row-1', 30_000, () => undefined);
    store.watch('row-2', 30_000, () => undefined);
    await vi.advanceTimersByTimeAsync(150); // all three at 0.15 s
    await vi.advanceTimersByTimeAsync(16_000); // header due at 15.15 s; rows due at 30.15 s, within 15 s of it
    await vi.advanceTimersByTimeAsync(15_000); // everything due again at ~31 s
    expect(fetch.mock.calls.map(([batch]) => batch)).toEqual([
      ['header', 'row-1', 'row-2'],
      ['header', 'row-1', 'row-2'],
      ['header', 'row-1', 'row-2'],
    ]);
    store.dispose();
  });

  it('asks only for the new thread when a row scrolls into view later', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    store.watch('1:7', 30_000, () => undefined);
    store.watch('1:8', 30_000, () => undefined);
    await vi.advanceTimersByTimeAsync(150);
    await vi.advanceTimersByTimeAsync(5_000);
    store.watch('1:40', 30_000, () => undefined);
    await vi.advanceTimersByTimeAsync(150);
    expect(fetch.mock.calls.map(([batch]) => batch)).toEqual([['1:7', '1:8'], ['1:40']]);
    store.dispose();
  });

  it('stops asking for a thread nobody shows any more', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    const unwatch = store.watch('7', 15_000, () => undefined);
    const keep = store.watch('8', 15_000, () => undefined);
    await vi.advanceTimersByTimeAsync(150);
    unwatch();
    await vi.advanceTimersByTimeAsync(16_000);
    expect(fetch.mock.calls.map(([batch]) => batch)).toEqual([['7', '8'], ['8']]);
    keep();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('does not ask again for a thread whose badge moved to another card (unwatched, then watched again)', async () => {
    const fetch = fakeBackground();
    const store = new SnapshotStore(fetch, Date.now, TIMING);
    const unwatch = store.watch('1:127', 30_000, () => undefined);
    await vi.advanceTimersByTimeAsync(150);
    unwatch(); // the card that showed 1:127 now shows another conversation…
    const seen = vi.fn();
    store.watch('1:127', 30_000, seen); // …and the next card shows 1:127
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ snapshot: { state: 'unknown' } }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    store.dispose();
  });

  it('gives every thread of a batch the error when the background cannot be reached', async () => {
    const store = new SnapshotStore(async () => Promise.reject(new Error('Extension context invalidated')), Date.now, TIMING);
    const entries: ThreadSnapshot[] = [];
    store.watch('1', 30_000, (e) => entries.push(e.snapshot));
    store.watch('2', 30_000, (e) => entries.push(e.snapshot));
    await vi.advanceTimersByTimeAsync(150);
    expect(entries.map((s) => s.state === 'error' && s.kind)).toEqual(['unreachable', 'unreachable']);
    store.dispose();
  });
});
