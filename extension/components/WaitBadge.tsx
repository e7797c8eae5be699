// The inbox badges (product.md §5): the header badge next to the conversation and the small
// wait badge on each list row. Rendered inside shadow roots by the content script; everything
// the server sends reaches the page only as text nodes.
import { useEffect, useState } from 'preact/hooks';
import type { SnapshotEntry, SnapshotStore } from '../overlay/snapshot-store';
import { t } from '../i18n';
import { headerBadgeView, rowBadgeView, shortErrorLabel, toneWords } from '../view-models/wait';
import { useNow } from './hooks';

/** Said by the badge and the side panel when the server has no conversation for the thread. */
export function noDataText(): string {
  return t('badge.noData');
}

export interface HeaderBadgeProps {
  entry: SnapshotEntry | undefined;
  now: number;
  onOpen: () => void;
}

/** The header badge for one snapshot as of `now`. */
export function HeaderBadge({ entry, now, onOpen }: HeaderBadgeProps) {
  let tone = 'neutral';
  let content;
  let title = t('badge.openPanel');
  if (!entry) {
    content = <span class="label">ConvoLens…</span>;
  } else if (entry.snapshot.state === 'unknown') {
    content = <span class="label">{noDataText()}</span>;
  } else if (entry.snapshot.state === 'error') {
    tone = 'error';
    title = entry.snapshot.message;
    content = <span class="label">{shortErrorLabel(entry.snapshot.kind)}</span>;
  } else {
    const { conversation, firstResponseTargetMs } = entry.snapshot;
    const view = headerBadgeView(conversation, now - entry.receivedAt, firstResponseTargetMs);
    tone = view.tone;
    const words = toneWords(view.tone);
    if (words) title = t('badge.title', { label: view.label, value: view.value, tone: words, action: title });
    content = (
      <>
        <span class="label">{view.label}</span> <span class="value">{view.value}</span>
      </>
    );
  }
  return (
    <button type="button" class={`badge tone-${tone}`} title={title} data-tone={tone} onClick={onOpen}>
      <span class="brand" aria-hidden="true">
        ◷
      </span>
      {content}
    </button>
  );
}

/** Subscribes a header badge to the store and ticks it every second. */
export function LiveHeaderBadge({ store, threadId, onOpen }: { store: SnapshotStore; threadId: string; onOpen: () => void }) {
  const entry = useSnapshot(store, threadId, 15_000);
  const now = useNow(1000);
  return <HeaderBadge entry={entry} now={now} onOpen={onOpen} />;
}

/** A list row's wait as of `now`; empty when nobody waits in that thread. */
export function RowBadge({ entry, now }: { entry: SnapshotEntry | undefined; now: number }) {
  if (entry?.snapshot.state !== 'ok') return null;
  const { conversation, firstResponseTargetMs } = entry.snapshot;
  const view = rowBadgeView(conversation, now - entry.receivedAt, firstResponseTargetMs);
  if (!view) return null;
  return (
    <span class={`row-badge tone-${view.tone}`} data-tone={view.tone} title={t('badge.rowTitle', { value: view.value, tone: toneWords(view.tone) })}>
      {view.value}
    </span>
  );
}

export function LiveRowBadge({ store, threadId }: { store: SnapshotStore; threadId: string }) {
  const entry = useSnapshot(store, threadId, 30_000);
  const now = useNow(1000);
  return <RowBadge entry={entry} now={now} />;
}

function useSnapshot(store: SnapshotStore, threadId: string, everyMs: number): SnapshotEntry | undefined {
  const [entry, setEntry] = useState<SnapshotEntry | undefined>(undefined);
  useEffect(() => {
    setEntry(undefined);
    return store.watch(threadId, everyMs, setEntry);
  }, [store, threadId, everyMs]);
  return entry;
}
