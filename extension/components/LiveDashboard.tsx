// The live dashboard (product.md §5), the popup's first view for everyone.
import type { LiveResponse } from '../../shared/api';
import { describeApiError, type ApiClient } from '../api';
import { formatDuration, formatNumber, t } from '../i18n';
import { advance, effectiveTarget, waitTone } from '../view-models/wait';
import { ErrorNotice, Loading } from './feedback';
import { useNow, usePolling } from './hooks';

export const LIVE_REFRESH_MS = 15_000;

export interface LiveTile {
  label: string;
  value: string;
  tone?: string;
}

/** The dashboard's figures; the longest wait keeps growing from the server's answer. */
export function liveTiles(live: LiveResponse, elapsedMs: number): LiveTile[] {
  const longest = advance(live.longest_current_wait_ms, elapsedMs);
  return [
    { label: t('live.openNow'), value: formatNumber(live.open_now) },
    { label: t('live.unassigned'), value: formatNumber(live.unassigned_now) },
    { label: t('live.waitingFirstResponse'), value: formatNumber(live.waiting_for_first_response_now) },
    {
      label: t('live.longestWait'),
      value: formatDuration(longest),
      tone: waitTone(longest, effectiveTarget(live.first_response_target_ms)),
    },
    { label: t('live.openedToday'), value: formatNumber(live.opened_today) },
    { label: t('live.closedToday'), value: formatNumber(live.closed_today) },
  ];
}

export function LiveDashboard({ api }: { api: ApiClient }) {
  const live = usePolling(() => api.live(), LIVE_REFRESH_MS, [api]);
  const now = useNow(1000);
  let body;
  if (live.state === 'loading') body = <Loading what={t('loading.live')} />;
  else if (live.state === 'error') body = <ErrorNotice message={describeApiError(live.error)} onRetry={live.reload} />;
  else {
    body = (
      <ul class="tiles">
        {liveTiles(live.data, now - live.receivedAt).map((tile) => (
          <li key={tile.label} class={`tile${tile.tone ? ` tone-${tile.tone}` : ''}`} data-tone={tile.tone}>
            <span class="tile-value">{tile.value}</span>
            <span class="tile-label">{tile.label}</span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <section class="card live" aria-labelledby="live-heading">
      <h2 id="live-heading">{t('live.heading')}</h2>
      {body}
    </section>
  );
}
