// The conversation list (product.md §4): one row per conversation closed in the period, paged
// with the server's cursor, sortable by the columns the server sorts by, exportable as CSV.
import { useEffect, useState } from 'preact/hooks';
import type { ConversationJson, ListResponse } from '../../../shared/api';
import { describeApiError, type ApiClient, type ListOrderAndPerson } from '../../api';
import type { ReportQuery } from '../../report-query';
import { inboxLocationsItem } from '../../storage';
import { drillChips, withoutPart, type DrillDown } from '../../view-models/drill-down';
import { conversationInboxUrl, NO_INBOX_LOCATIONS, type InboxLocations } from '../../view-models/inbox-links';
import { formatNumber, t } from '../../i18n';
import { componentHeading, listColumns, SORTABLE_COLUMNS } from '../../view-models/report';
import { StatusMessage } from '../ComponentState';
import { ErrorNotice, Loading } from '../feedback';
import { usePolling } from '../hooks';
import { csvForDownload } from '../../view-models/csv-download';

export const PAGE_SIZE = 50;

interface Sort {
  column: string;
  order: 'asc' | 'desc';
}

/** api.md: the default order is closed_at descending. */
const DEFAULT_SORT: Sort = { column: 'closed_at', order: 'desc' };

export function ConversationList({
  api,
  query,
  onRows,
  agent = null,
  drill = null,
  onDrillChange,
}: {
  api: ApiClient;
  query: ReportQuery;
  onRows?: (rows: ConversationJson[]) => void;
  /** A person's user id: only their conversations (the Team tab's drill-down, product.md §8). */
  agent?: string | null;
  /** What was clicked on the report (product.md §8), shown as chips the user can clear. */
  drill?: DrillDown | null;
  onDrillChange?: (drill: DrillDown | null) => void;
}) {
  // api.md: closed_at descending by default; the opened side lists open ones too, newest opened first.
  const defaultSort: Sort = drill?.basis === 'opened' ? { column: 'opened_at', order: 'desc' } : DEFAULT_SORT;
  const [chosenSort, setSort] = useState<Sort | null>(null);
  const sort = chosenSort ?? defaultSort;
  const locations = useInboxLocations();
  const queryKey = `${JSON.stringify(query)}|${agent ?? ''}|${JSON.stringify(drill)}`;
  // The cursors of the pages up to the current one (null: the first page). Another query or
  // order starts again from the first page.
  const pagingKey = `${queryKey}|${sort.column}|${sort.order}`;
  const [paging, setPaging] = useState<{ key: string; cursors: Array<string | null> }>({ key: pagingKey, cursors: [null] });
  const cursors = paging.key === pagingKey ? paging.cursors : [null];
  const setCursors = (next: Array<string | null>) => setPaging({ key: pagingKey, cursors: next });
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = usePolling(
    () => api.list(query, { limit: PAGE_SIZE, cursor, sort: sort.column, order: sort.order, ...(agent ? { agent } : {}), ...(drill ? { drill } : {}) }),
    0,
    [api, queryKey, sort.column, sort.order, cursor],
  );
  useEffect(() => {
    if (page.state === 'ok') onRows?.(page.data.rows);
  }, [page.state === 'ok' ? page.data : null]);

  const sortBy = (column: string) =>
    setSort(sort.column === column ? { column, order: sort.order === 'asc' ? 'desc' : 'asc' } : { column, order: 'desc' });

  const columns = listColumns();
  let body;
  if (page.state === 'loading') body = <Loading what={t('loading.conversations')} />;
  else if (page.state === 'error') body = <ErrorNotice message={describeApiError(page.error)} onRetry={page.reload} />;
  else if (page.data.total === 0) body = <StatusMessage status="no_data" />;
  else {
    const first = (cursors.length - 1) * PAGE_SIZE + 1;
    const last = first + page.data.rows.length - 1;
    const { next_cursor: nextCursor } = page.data;
    body = (
      <>
        <div class="table-scroll">
          <table class="list">
            <thead>
              <tr>
                {columns.map((col) => {
                  const sortable = SORTABLE_COLUMNS.has(col.key);
                  const active = sort.column === col.key;
                  return (
                    <th
                      key={col.key}
                      scope="col"
                      class={[col.numeric ? 'num' : '', col.key === 'conversation_id' ? 'sticky' : ''].join(' ').trim() || undefined}
                      title={col.help}
                      aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      {sortable ? (
                        <button type="button" class="sort" onClick={() => sortBy(col.key)}>
                          {col.label}
                          <span aria-hidden="true">{active ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                        </button>
                      ) : (
                        col.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {page.data.rows.map((row) => (
                <tr key={row.conversation_id}>
                  {columns.map((col) => (
                    <td key={col.key} class={col.numeric ? 'num' : col.key === 'summary' ? 'summary' : col.key === 'conversation_id' ? 'sticky' : undefined}>
                      {col.cell(row, query.hours)}
                      {col.key === 'conversation_id' ? <InboxLink row={row} locations={locations} /> : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav class="pager" aria-label={t('list.pages')}>
          <span>{t('list.showing', { first: formatNumber(first), last: formatNumber(last), total: formatNumber(page.data.total) })}</span>
          <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('list.previous')}
          </button>
          <button type="button" disabled={!nextCursor} onClick={() => nextCursor && setCursors([...cursors, nextCursor])}>
            {t('list.next')}
          </button>
        </nav>
      </>
    );
  }

  return (
    <section class="card report-section" aria-labelledby="list-heading" data-component="list">
      <header class="card-header">
        {/* Focused after a drill-down, so keyboard users land on the list they asked for. */}
        <h2 id="list-heading" tabIndex={-1}>
          {componentHeading('conversation_list')}
        </h2>
        <ExportButton api={api} query={query} listed={{ sort: sort.column, order: sort.order, agent, ...(drill ? { drill } : {}) }} />
      </header>
      {drill ? <DrillChips drill={drill} onChange={(next) => onDrillChange?.(next)} /> : null}
      {body}
    </section>
  );
}

/** The filename of an export: the period it covers. */
export function exportFilename(query: ReportQuery): string {
  const period = 'preset' in query.period ? query.period.preset : `${query.period.from}_${query.period.to}`;
  return `convolens-conversations-${period}${query.hours === 'business' ? '-business-hours' : ''}.csv`;
}

/**
 * Fetches the CSV with the token (a plain link could not send it) and saves it via a blob URL:
 * the rows the list shows (its filters, its person, its order), not just the report's filters.
 */
function ExportButton({ api, query, listed }: { api: ApiClient; query: ReportQuery; listed: ListOrderAndPerson }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const exportCsv = async () => {
    setState({ busy: true, error: null });
    try {
      const csv = await (await api.exportCsv(query, listed)).text();
      const blob = new Blob([csvForDownload(csv)], { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = exportFilename(query);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: describeApiError(error) });
    }
  };
  return (
    <div class="export">
      <button type="button" onClick={() => void exportCsv()} disabled={state.busy}>
        {state.busy ? t('list.exporting') : t('list.export')}
      </button>
      {state.error ? (
        <p class="error-text" role="alert">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}

/** Where this browser has seen the inboxes (storage.ts inboxLocationsItem), kept current. */
function useInboxLocations(): InboxLocations {
  const [locations, setLocations] = useState<InboxLocations>(NO_INBOX_LOCATIONS);
  useEffect(() => {
    void inboxLocationsItem.getValue().then(setLocations);
    return inboxLocationsItem.watch((next) => setLocations(next ?? NO_INBOX_LOCATIONS));
  }, []);
  return locations;
}

/** The conversation in its inbox, in a new tab (product.md §8); nothing where its inbox has no known URL. */
function InboxLink({ row, locations }: { row: ListResponse['rows'][number]; locations: InboxLocations }) {
  const href = conversationInboxUrl(row, locations);
  if (!href) return null;
  return (
    <>
      {' '}
      <a class="inbox-link" href={href} target="_blank" rel="noopener" aria-label={t('list.openInInboxOf', { id: row.conversation_id })} title={t('list.openInInboxOf', { id: row.conversation_id })}>
        {t('list.openInInbox')}
      </a>
    </>
  );
}

/** The drill-down as chips, each removable, and one button to show the whole list again. */
function DrillChips({ drill, onChange }: { drill: DrillDown; onChange: (next: DrillDown | null) => void }) {
  return (
    <div class="drill-chips" role="group" aria-label={t('drill.heading')}>
      <span class="hint">{t('drill.heading')}:</span>
      <ul class="chips">
        {drillChips(drill).map((chip) => (
          <li key={chip.part} class="chip" data-part={chip.part}>
            {chip.label}
            <button type="button" class="chip-clear" aria-label={t('drill.clear', { label: chip.label })} title={t('drill.clear', { label: chip.label })} onClick={() => onChange(withoutPart(drill, chip.part))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="link" onClick={() => onChange(null)}>
        {t('drill.clearAll')}
      </button>
    </div>
  );
}
