// The content script's view of the server: one snapshot per thread, fetched through the
// background (which holds the token and is allowed by the worker's CORS), refreshed while some
// badge shows it, shared by the header badge and the list-row badge of the same thread.
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

/** At most this many requests at once, so a long conversation list doesn't flood the server. */
const MAX_CONCURRENT = 4;

export class SnapshotStore {
  private readonly watched = new Map<string, Watched>();
  private running = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly fetchSnapshot: (threadId: string) => Promise<ThreadSnapshot>,
    private readonly now: () => number = Date.now,
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
      watched.dueAt = Math.min(watched.dueAt, this.now());
    }
    if (watched.entry) listener(watched.entry);
    this.pump();
    this.timer ??= setInterval(() => this.pump(), 1000);
    return () => {
      const current = this.watched.get(threadId);
      if (!current) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) this.watched.delete(threadId);
      if (this.watched.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** Fetch a thread again now (e.g. after the badge was clicked). */
  refresh(threadId: string): void {
    const watched = this.watched.get(threadId);
    if (watched) watched.dueAt = 0;
    this.pump();
  }

  dispose(): void {
    this.watched.clear();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private pump(): void {
    const now = this.now();
    for (const [threadId, watched] of this.watched) {
      if (this.running >= MAX_CONCURRENT) return;
      if (watched.inFlight || watched.dueAt > now) continue;
      watched.inFlight = true;
      this.running++;
      void this.load(threadId, watched);
    }
  }

  private async load(threadId: string, watched: Watched): Promise<void> {
    let snapshot: ThreadSnapshot;
    try {
      snapshot = await this.fetchSnapshot(threadId);
    } catch {
      // The background is unreachable only while the extension reloads or updates.
      snapshot = { state: 'error', kind: 'unreachable', message: 'ConvoLens is restarting. Reload the page.' };
    }
    this.running--;
    watched.inFlight = false;
    watched.dueAt = this.now() + watched.everyMs;
    const entry = { snapshot, receivedAt: this.now() };
    watched.entry = entry;
    if (this.watched.get(threadId) === watched) for (const listener of watched.listeners) listener(entry);
    this.pump();
  }
}
