// The Conversations report (product.md §4), shared by the popup and the full-page tab.
import { useEffect, useState } from 'preact/hooks';
import type { ConversationJson, ReportResponse } from '../../../shared/api';
import { describeApiError, type ApiClient } from '../../api';
import { DEFAULT_REPORT_QUERY, selectedFilterCount, type ReportQuery } from '../../report-query';
import { FilteredContext } from '../ComponentState';
import { reportQueryItem } from '../../storage';
import { BREAKDOWN_KEYS, filterOptions } from '../../view-models/report';
import { t } from '../../i18n';
import { ErrorNotice, Loading } from '../feedback';
import { usePolling } from '../hooks';
import { ConversationList } from './ConversationList';
import { ReportControls } from './ReportControls';
import { ReportTabs, TeamView, type Person, type ReportTab } from './TeamView';
import { BreakdownSection, HeatmapSection, SummarySection, TimingsSection } from './sections';

/** The report's components in the order of product.md §4's table. */
export function ReportComponentsView({ report, filtered = true }: { report: ReportResponse; filtered?: boolean }) {
  return (
    <FilteredContext.Provider value={filtered}>
      <div class="report-grid">
        <SummarySection report={report} />
        <HeatmapSection id="opened_heatmap" component={report.components.opened_heatmap} />
        <HeatmapSection id="closed_heatmap" component={report.components.closed_heatmap} />
        {BREAKDOWN_KEYS.map((key) => (
          <BreakdownSection key={key} id={key} report={report} />
        ))}
        <TimingsSection report={report} />
      </div>
    </FilteredContext.Provider>
  );
}

export function ReportView({
  api,
  categories,
  initialPerson = null,
}: {
  api: ApiClient;
  categories: readonly string[];
  /** Opens on the list of this person's conversations (a click on the popup's Team tab). */
  initialPerson?: Person | null;
}) {
  const [query, setQuery] = useState<ReportQuery | null>(null);
  const [rows, setRows] = useState<ConversationJson[]>([]);
  useEffect(() => {
    void reportQueryItem.getValue().then((stored) => setQuery(stored ?? DEFAULT_REPORT_QUERY));
  }, []);
  const change = (next: ReportQuery) => {
    setQuery(next);
    void reportQueryItem.setValue(next);
  };
  if (!query) return <Loading what={t('loading.report')} />;
  return (
    <LoadedReport api={api} query={query} onChange={change} categories={categories} rows={rows} onRows={setRows} initialPerson={initialPerson} />
  );
}

function LoadedReport({
  api,
  query,
  onChange,
  categories,
  rows,
  onRows,
  initialPerson,
}: {
  api: ApiClient;
  query: ReportQuery;
  onChange(q: ReportQuery): void;
  categories: readonly string[];
  rows: ConversationJson[];
  onRows(rows: ConversationJson[]): void;
  initialPerson: Person | null;
}) {
  const queryKey = JSON.stringify(query);
  const report = usePolling(() => api.report(query), 0, [api, queryKey]);
  // Channels come with their names in the opened-by-channel breakdown.
  const [channels, setChannels] = useState<Array<{ key: string; label?: string }>>([]);
  useEffect(() => {
    if (report.state !== 'ok') return;
    const byChannel = report.data.components.opened_by_channel;
    if (byChannel.status === 'ok') setChannels(byChannel.items);
  }, [report.state === 'ok' ? report.data : null]);
  const options = filterOptions({ categories, rows, channels });
  const [tab, setTab] = useState<ReportTab>('conversations');
  // A person clicked on the Team tab: the list shows only their conversations until cleared.
  const [person, setPerson] = useState<Person | null>(initialPerson);
  const openPerson = (p: Person) => {
    setPerson(p);
    setTab('conversations');
  };

  let body;
  if (report.state === 'loading') body = <Loading what={t('loading.report')} />;
  else if (report.state === 'error') body = <ErrorNotice message={describeApiError(report.error)} onRetry={report.reload} />;
  else body = <ReportComponentsView report={report.data} filtered={selectedFilterCount(query) > 0} />;

  return (
    <div class="report">
      <ReportControls query={query} onChange={onChange} filterOptions={options} />
      {report.state === 'ok' ? (
        <p class="range">
          {report.data.range.from === report.data.range.to
            ? report.data.range.from
            : `${report.data.range.from} – ${report.data.range.to}`}{' '}
          · {report.data.range.tz}
        </p>
      ) : null}
      <ReportTabs tab={tab} onTab={setTab} />
      {tab === 'team' ? (
        <TeamView api={api} query={query} onPerson={openPerson} />
      ) : (
        <>
          {body}
          {person ? (
            <p class="person-filter" role="status">
              {t('team.filteredTo', { name: person.name })}{' '}
              <button type="button" class="link" onClick={() => setPerson(null)}>
                {t('team.showEveryone')}
              </button>
            </p>
          ) : null}
          <FilteredContext.Provider value={selectedFilterCount(query) > 0 || person !== null}>
            <ConversationList api={api} query={query} onRows={onRows} agent={person?.id ?? null} />
          </FilteredContext.Provider>
        </>
      )}
    </div>
  );
}
