// The content script's view of the server: one snapshot per thread, fetched through the
// background (which holds the token and is allowed by the worker's CORS), refreshed while some
// badge shows it, shared by the header badge and the list-row badge of the same thread.
//
// Requests are batched: every thread that needs fetching goes in ONE message (the background
// turns it into one `GET /v1/threads/current?ids=` per 100 threads, api.md). Threads watched in
// quick succession (a scan mounting a badge per visible row, rows scrolled into view) are
// gathered for a short debounce, capped so a list that keeps changing still gets its badges.
import type { ThreadSnapshot } from '../messaging';

export interface SnapshotEntry {
  snapshot: ThreadSnapshot;
  /** Local epoch ms when it arrived: live values tick from here. */
  receivedAt: number;
}

type Listener = (entry: SnapshotEntry) => void;

interface Watched {
  listeners: Set<Listener>;
  entry?: SnapshotEntry;
  /** Shortest refresh interval any watcher asked for. */
  everyMs: number;
  inFlight: boolean;
  dueAt: number;
}

export interface SnapshotStoreTiming {
  /** Quiet time after the last new thread before the batch goes. */
  debounceMs: number;
  /** The longest a new thread waits for its batch, however busy the list is. */
  maxWaitMs: number;
}

const DEFAULT_TIMING: SnapshotStoreTiming = { debounceMs: 150, maxWaitMs: 1000 };

/** How often due refreshes are looked for. */
const TICK_MS = 1000;

export class SnapshotStore {
  private readonly watched = new Map<string, Watched>();
  private ticker: ReturnType<typeof setInterval> | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  /** When the pending debounced batch was first asked for (its wait is capped from there). */
  private batchOpenedAt = 0;

  constructor(
    private readonly fetchSnapshots: (threadIds: string[]) => Promise<ThreadSnapshot[]>,
    private readonly now: () => number = Date.now,
    private readonly timing: SnapshotStoreTiming = DEFAULT_TIMING,
  ) {}

  /** Watch a thread; the listener gets the current entry at once (if any) and every refresh. */
  watch(threadId: string, everyMs: number, listener: Listener): () => void {
    let watched = this.watched.get(threadId);
    if (!watched) {
      watched = { listeners: new Set(), everyMs, inFlight: false, dueAt: 0 };
      this.watched.set(threadId, watched);
    }
    watched.listeners.add(listener);
    if (everyMs < watched.everyMs) {
      watched.everyMs = everyMs;
      watched.dueAt = Math.min(watched.dueAt, (watched.entry?.receivedAt ?? 0) + everyMs);
    }
    if (watched.entry) listener(watched.entry);
    if (!watched.entry && !watched.inFlight) this.scheduleBatch();
    this.ticker ??= setInterval(() => this.tick(), TICK_MS);
    // Nobody watching: the thread is no longer asked for, but its entry is kept until it would be
    // refreshed, because a virtualised list moves a thread's badge from one card to another by
    // unmounting and mounting it, which must not cost a request.
    return () => this.watched.get(threadId)?.listeners.delete(listener);
  }

  /** Fetch a thread again soon (e.g. after the badge was clicked). */
  refresh(threadId: string): void {
    const watched = this.watched.get(threadId);
    if (!watched) return;
    watched.dueAt = 0;
    this.scheduleBatch();
  }

  dispose(): void {
    this.watched.clear();
    this.stopTimers();
  }

  private stopTimers(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    if (this.debounce !== null) clearTimeout(this.debounce);
    this.ticker = null;
    this.debounce = null;
  }

  /** Send the batch after a quiet `debounceMs`, but no later than `maxWaitMs` after it opened. */
  private scheduleBatch(): void {
    const now = this.now();
    if (this.debounce === null) this.batchOpenedAt = now;
    else clearTimeout(this.debounce);
    const delay = Math.max(0, Math.min(this.timing.debounceMs, this.batchOpenedAt + this.timing.maxWaitMs - now));
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.sendBatch();
    }, delay);
  }

  /** Due refreshes go on the tick, unless a batch is gathering (they join it). */
  private tick(): void {
    const now = this.now();
    for (const [threadId, watched] of this.watched) {
      if (watched.listeners.size === 0 && !watched.inFlight && watched.dueAt <= now) this.watched.delete(threadId);
    }
    if (this.watched.size === 0) return this.stopTimers();
    if (this.debounce === null) this.sendBatch();
  }

  /**
   * One message for every thread that is due, plus those due within half their interval, so
   * the header's 15 s and the rows' 30 s refreshes share requests instead of alternating.
   */
  private sendBatch(): void {
    const now = this.now();
    const idle = [...this.watched].filter(([, watched]) => !watched.inFlight && watched.listeners.size > 0);
    if (!idle.some(([, watched]) => watched.dueAt <= now)) return;
    const batch = idle.filter(([, watched]) => watched.dueAt - watched.everyMs / 2 <= now);
    for (const [, watched] of batch) watched.inFlight = true;
    void this.load(batch);
  }

  private async load(batch: Array<[string, Watched]>): Promise<void> {
    let snapshots: ThreadSnapshot[];
    try {
      snapshots = await this.fetchSnapshots(batch.map(([threadId]) => threadId));
    } catch {
      // The background is unreachable only while the extension reloads or updates.
      const unreachable: ThreadSnapshot = { state: 'error', kind: 'unreachable', message: 'ConvoLens is restarting. Reload the page.' };
      snapshots = batch.map(() => unreachable);
    }
    const receivedAt = this.now();
    batch.forEach(([threadId, watched], i) => {
      watched.inFlight = false;
      watched.dueAt = receivedAt + watched.everyMs;
      const entry = { snapshot: snapshots[i] ?? { state: 'unknown' as const }, receivedAt };
      watched.entry = entry;
      if (this.watched.get(threadId) === watched) for (const listener of watched.listeners) listener(entry);
    });
  }
}
