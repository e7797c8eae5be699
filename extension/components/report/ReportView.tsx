// The Conversations report (product.md §4), shared by the popup and the full-page tab.
import { useEffect, useRef, useState } from 'preact/hooks';
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
import { BreakdownSection, HeatmapSection, SummarySection, TimingsSection, type OnDrill } from './sections';
import type { DrillDown } from '../../view-models/drill-down';

/** The report's components in the order of product.md §4's table. */
export function ReportComponentsView({ report, filtered = true, onDrill }: { report: ReportResponse; filtered?: boolean; onDrill?: OnDrill }) {
  return (
    <FilteredContext.Provider value={filtered}>
      <div class="report-grid">
        <SummarySection report={report} onDrill={onDrill} />
        <HeatmapSection id="opened_heatmap" component={report.components.opened_heatmap} onDrill={onDrill} />
        <HeatmapSection id="closed_heatmap" component={report.components.closed_heatmap} onDrill={onDrill} />
        {BREAKDOWN_KEYS.map((key) => (
          <BreakdownSection key={key} id={key} report={report} onDrill={onDrill} />
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
  // What was clicked on the report (product.md §8): the list shows exactly that until cleared.
  // Another period or filter makes a new report, whose numbers the old click no longer names.
  const [drill, setDrill] = useState<DrillDown | null>(null);
  useEffect(() => setDrill(null), [queryKey]);
  const list = useRef<HTMLDivElement>(null);
  const openDrill = (next: DrillDown) => {
    setDrill(next);
    setTab('conversations');
    // After the list re-renders with the chips: bring it into view and move focus to it.
    setTimeout(() => {
      list.current?.scrollIntoView?.({ block: 'start' });
      list.current?.querySelector<HTMLElement>('#list-heading')?.focus();
    }, 0);
  };

  let body;
  if (report.state === 'loading') body = <Loading what={t('loading.report')} />;
  else if (report.state === 'error') body = <ErrorNotice message={describeApiError(report.error)} onRetry={report.reload} />;
  else body = <ReportComponentsView report={report.data} filtered={selectedFilterCount(query) > 0} onDrill={openDrill} />;

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
          <FilteredContext.Provider value={selectedFilterCount(query) > 0 || person !== null || drill !== null}>
            <div ref={list}>
              <ConversationList api={api} query={query} onRows={onRows} agent={person?.id ?? null} drill={drill} onDrillChange={setDrill} />
            </div>
          </FilteredContext.Provider>
        </>
      )}
    </div>
  );
}
