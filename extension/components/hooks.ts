// Small hooks shared by every view.
import { useEffect, useRef, useState } from 'preact/hooks';

/** The current time, re-rendering every `everyMs` (1 s: ticking durations). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T; receivedAt: number }
  | { state: 'error'; error: unknown };

/**
 * Load with `load()` now, whenever `deps` change, and every `everyMs` while mounted (0: once).
 * A failed refresh replaces the data with the error, so a revoked token or a server that went
 * down shows at once instead of stale numbers.
 */
export function usePolling<T>(load: () => Promise<T>, everyMs: number, deps: readonly unknown[]): Loadable<T> & { reload(): void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const reloading = useRef(false);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const data = await load();
        if (!cancelled) setResult({ state: 'ok', data, receivedAt: Date.now() });
      } catch (error) {
        if (!cancelled) setResult({ state: 'error', error });
      }
      if (!cancelled && everyMs > 0) timer = setTimeout(run, everyMs);
    };
    // A reload keeps what is shown until the answer comes; new deps start from "loading".
    if (!reloading.current) setResult({ state: 'loading' });
    reloading.current = false;
    void run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [...deps, everyMs, round]);
  const reload = () => {
    reloading.current = true;
    setRound((n) => n + 1);
  };
  return { ...result, reload };
}
