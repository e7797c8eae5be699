// The popup: the live dashboard for everyone; for managers and owners a compact summary of the
// report's period with the full report one click away (their role comes from GET /v1/me, asked
// again each time the popup opens).
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { describeApiError, type ApiClient } from '../api';
import { t } from '../i18n';
import { DEFAULT_REPORT_QUERY, type ReportQuery } from '../report-query';
import { reportQueryItem } from '../storage';
import { periodLabel } from '../view-models/report';
import { SummaryFigures } from './report/SummaryFigures';
import { ErrorNotice, Loading } from './feedback';
import { usePolling } from './hooks';
import { LiveDashboard } from './LiveDashboard';
import { NotConfigured } from './NotConfigured';
import { PageHeader, useFreshProfile } from './profile';
import { StatusMessage } from './ComponentState';
import { useSetup } from './setup';
import { ReportTabs, TeamView, type Person, type ReportTab } from './report/TeamView';

/** The full report; with a person, their conversation list (the Team tab's drill-down). */
function openFullReport(person?: Person) {
  const search = person ? `?${new URLSearchParams({ agent: person.id, name: person.name })}` : '';
  void browser.tabs.create({ url: `${browser.runtime.getURL('/report.html')}${search}` });
}

export function Popup() {
  const setup = useSetup();
  const profile = useFreshProfile(setup);
  if (!setup.loaded) return <Loading what="ConvoLens" />;
  const canReport = profile !== null && profile.role !== 'agent';
  return (
    <main>
      <PageHeader title="ConvoLens" profile={profile} />
      {setup.configured ? (
        <>
          <LiveDashboard api={setup.api} />
          {canReport ? <CompactSummary api={setup.api} /> : null}
        </>
      ) : (
        <NotConfigured />
      )}
    </main>
  );
}

/** Opened and closed in the report's period against the previous one, and the way to the full report. */
export function CompactSummary({ api }: { api: ApiClient }) {
  const [query, setQuery] = useState<ReportQuery | null>(null);
  useEffect(() => {
    void reportQueryItem.getValue().then((stored) => setQuery(stored ?? DEFAULT_REPORT_QUERY));
  }, []);
  const [tab, setTab] = useState<ReportTab>('conversations');
  const report = usePolling(() => (query ? api.report(query) : new Promise<never>(() => undefined)), 0, [api, JSON.stringify(query)]);
  let body;
  if (tab === 'team') body = query ? <TeamView api={api} query={query} onPerson={openFullReport} /> : <Loading what={t('team.heading')} />;
  else if (report.state === 'loading') body = <Loading what={t('loading.report')} />;
  else if (report.state === 'error') body = <ErrorNotice message={describeApiError(report.error)} onRetry={report.reload} />;
  else if (report.data.components.summary.status !== 'ok') body = <StatusMessage status={report.data.components.summary.status} />;
  else {
    body = <SummaryFigures summary={report.data.components.summary} comparison={report.data.comparison} />;
  }
  return (
    <section class="card compact-summary" aria-labelledby="compact-summary-heading">
      <header class="card-header">
        <h2 id="compact-summary-heading">{query ? periodLabel(query.period) : t('report.title')}</h2>
        <button type="button" class="primary" onClick={() => openFullReport()}>
          {t('popup.openFullReport')}
        </button>
      </header>
      <ReportTabs tab={tab} onTab={setTab} />
      {body}
    </section>
  );
}
