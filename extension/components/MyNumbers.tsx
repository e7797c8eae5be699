// "My numbers" in the agent's side panel (product.md §7): the caller's own row of the team report
// for today and the last 7 days. An agent token sees only its own row; without a user id the
// server answers 403 (api.md), which is said in one short line.
import type { AgentRowJson, MeResponse } from '../../shared/api';
import { ApiError, describeApiError, type ApiClient } from '../api';
import { formatDuration, formatNumber, formatPercent, t, type SimpleKey } from '../i18n';
import type { ReportQuery } from '../report-query';
import { myNumbers, targetPercent } from '../view-models/team';
import { ErrorNotice, Loading } from './feedback';
import { usePolling } from './hooks';

/** How often the panel asks again while it stays open. */
export const MY_NUMBERS_REFRESH_MS = 60_000;

const PERIODS = ['today', 'last_7_days'] as const;

const queryOf = (preset: string): ReportQuery => ({ period: { preset }, filters: {}, hours: 'calendar' });

interface Figure {
  label: SimpleKey;
  value(row: AgentRowJson | null): string;
  title?(row: AgentRowJson | null): string | undefined;
}

const count = (n: number | undefined) => formatNumber(n ?? 0);

const FIGURES: Figure[] = [
  { label: 'myNumbers.firstResponses', value: (r) => count(r?.first_responses) },
  {
    label: 'myNumbers.firstResponseTime',
    value: (r) => formatDuration(r?.first_response_time_ms.median ?? null),
    title: (r) => {
      const s = r?.first_response_time_ms;
      return s && s.count > 0 ? t('team.statHover', { avg: formatDuration(s.avg), median: formatDuration(s.median), p90: formatDuration(s.p90) }) : undefined;
    },
  },
  { label: 'myNumbers.responses', value: (r) => count(r?.responses) },
  { label: 'myNumbers.closed', value: (r) => count(r?.closed) },
  {
    label: 'myNumbers.targetMet',
    value: (r) => {
      const percent = targetPercent(r?.first_response_target ?? null);
      return percent === null ? '-' : formatPercent(percent);
    },
  },
];

export function MyNumbers({ api, profile }: { api: ApiClient; profile: MeResponse | null }) {
  // A manager's token without a user id has no "own" row: nothing to show.
  if (!profile || (profile.role !== 'agent' && !profile.user_id)) return null;
  return <LoadedNumbers api={api} userId={profile.user_id ?? null} />;
}

function LoadedNumbers({ api, userId }: { api: ApiClient; userId: string | null }) {
  const today = usePolling(() => api.agents(queryOf('today')), MY_NUMBERS_REFRESH_MS, [api]);
  const week = usePolling(() => api.agents(queryOf('last_7_days')), MY_NUMBERS_REFRESH_MS, [api]);
  const states = [today, week];
  let body;
  const failed = states.find((s) => s.state === 'error');
  if (failed?.state === 'error') {
    body =
      failed.error instanceof ApiError && failed.error.kind === 'forbidden' ? (
        <p class="empty-state">{t('myNumbers.notLinked')}</p>
      ) : (
        <ErrorNotice message={describeApiError(failed.error)} onRetry={failed.reload} />
      );
  } else if (today.state !== 'ok' || week.state !== 'ok') {
    body = <Loading what={t('myNumbers.heading')} />;
  } else {
    const rows = [myNumbers(today.data, userId), myNumbers(week.data, userId)];
    body = (
      <table class="list my-numbers">
        <thead>
          <tr>
            <td />
            {PERIODS.map((p) => (
              <th key={p} scope="col" class="num">
                {t(`period.${p}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {FIGURES.map((f) => (
            <tr key={f.label}>
              <th scope="row">{t(f.label)}</th>
              {rows.map((row, i) => (
                <td key={PERIODS[i]} class="num" title={f.title?.(row)}>
                  {f.value(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <section class="card my-numbers" aria-labelledby="my-numbers-heading">
      <h2 id="my-numbers-heading">{t('myNumbers.heading')}</h2>
      {body}
    </section>
  );
}
