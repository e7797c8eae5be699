// The content script's snapshot store: one request per thread however many badges show it,
// refreshed on its interval, never more than four requests at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThreadSnapshot } from '../../extension/messaging';
import { SnapshotStore } from '../../extension/overlay/snapshot-store';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SnapshotStore', () => {
  it('shares one request between the header and the row badge of a thread, and refreshes it', async () => {
    const fetch = vi.fn(async (): Promise<ThreadSnapshot> => ({ state: 'unknown' }));
    const store = new SnapshotStore(fetch);
    const header = vi.fn();
    const row = vi.fn();
    store.watch('128', 15_000, header);
    store.watch('128', 30_000, row);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(header).toHaveBeenCalledWith(expect.objectContaining({ snapshot: { state: 'unknown' } }));
    expect(row).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(14_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000); // the shorter interval (15 s) wins
    expect(fetch).toHaveBeenCalledTimes(2);
    store.dispose();
  });

  it('asks at most four threads at a time', async () => {
    const pending: Array<() => void> = [];
    const fetch = vi.fn(() => new Promise<ThreadSnapshot>((resolve) => pending.push(() => resolve({ state: 'unknown' }))));
    const store = new SnapshotStore(fetch);
    for (const id of ['1', '2', '3', '4', '5', '6']) store.watch(id, 30_000, () => undefined);
    expect(fetch).toHaveBeenCalledTimes(4);
    pending.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(5);
    store.dispose();
  });

  it('stops asking for a thread nobody shows any more', async () => {
    const fetch = vi.fn(async (): Promise<ThreadSnapshot> => ({ state: 'unknown' }));
    const store = new SnapshotStore(fetch);
    const unwatch = store.watch('7', 15_000, () => undefined);
    await vi.advanceTimersByTimeAsync(0);
    unwatch();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
