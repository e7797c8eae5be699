/** @jsxImportSource preact */
// Drill-down (product.md §8): each kind of click on the report — a bar, a slice, a heatmap cell
// (mouse and keyboard), a breakdown row — opens the list filtered to exactly what was clicked,
// shown as chips the user can clear; each list row links to the conversation in its inbox.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ListResponse, ReportResponse } from '../../shared/api';
import { ApiError, createApiClient, type ApiClient } from '../../extension/api';
import { ConversationList } from '../../extension/components/report/ConversationList';
import { ReportComponentsView, ReportView } from '../../extension/components/report/ReportView';
import { DEFAULT_REPORT_QUERY, type ReportQuery } from '../../extension/report-query';
import { inboxLocationsItem } from '../../extension/storage';
import { drillDownSearchParams, type DrillDown } from '../../extension/view-models/drill-down';
import { conversationInboxUrl, learnInboxLocation, NO_INBOX_LOCATIONS } from '../../extension/view-models/inbox-links';
import { closedConversation, weekReport } from './fixtures/conversations';

// chart.js draws nothing without a canvas here: a stand-in records each chart's canvas and
// configuration, so a test can click a bar or a slice through the chart's own onClick.
const charts = vi.hoisted(() => [] as Array<{ canvas: HTMLCanvasElement; config: any }>);
vi.mock('chart.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('chart.js')>();
  class RecordedChart {
    static register() {}
    constructor(canvas: HTMLCanvasElement, config: unknown) {
      charts.push({ canvas, config });
    }
    destroy() {}
  }
  return { ...actual, Chart: RecordedChart };
});

const getContext = HTMLCanvasElement.prototype.getContext;
beforeEach(() => {
  fakeBrowser.reset();
  charts.length = 0;
  HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as typeof getContext;
});
afterEach(() => {
  cleanup();
  HTMLCanvasElement.prototype.getContext = getContext;
});

/** weekReport, plus a date × hour grid, the "-" channel and closed-side breakdowns with no category. */
function drillReport(): ReportResponse {
  const report = weekReport();
  const hours = () => Array.from({ length: 24 }, () => 0);
  const first = hours();
  first[9] = 3;
  const second = hours();
  second[16] = 4;
  const closedGrid = Array.from({ length: 7 }, hours);
  closedGrid[6]![23] = 4;
  report.components.opened_heatmap = {
    status: 'ok',
    weekday_hour: report.components.opened_heatmap.status === 'ok' ? report.components.opened_heatmap.weekday_hour : [],
    date_hour: [
      { date: '2026-11-15', hours: first },
      { date: '2026-11-16', hours: second },
    ],
  };
  report.components.closed_heatmap = { status: 'ok', weekday_hour: closedGrid };
  report.components.opened_by_channel = {
    status: 'ok',
    total: 7,
    items: [
      { key: 'inbox-3', label: 'Website', count: 5, percent: 71.4 },
      { key: 'none', label: '-', count: 2, percent: 28.6 },
    ],
    series: [
      { bucket: '2026-11-15', counts: { 'inbox-3': 2, none: 1 } },
      { bucket: '2026-11-16', counts: { 'inbox-3': 3, none: 1 } },
    ],
  };
  report.components.closed_by_category = {
    status: 'ok',
    total: 4,
    items: [
      { key: 'Shipping', count: 3, percent: 75 },
      { key: 'none', count: 1, percent: 25 },
    ],
    series: [{ bucket: '2026-11-16', counts: { Shipping: 3, none: 1 } }],
  };
  return report;
}

const section = (id: string) => document.querySelector(`[data-component="${id}"]`) as HTMLElement;
const chart = (label: string) => {
  const found = charts.filter((c) => c.canvas.getAttribute('aria-label') === label);
  expect(found).toHaveLength(1);
  return found[0]!.config;
};
/** A click on the chart element (dataset, index), as chart.js reports it to onClick. */
const clickChart = (label: string, datasetIndex: number, index: number) => chart(label).options.onClick({ native: null }, [{ datasetIndex, index }]);

function renderComponents() {
  const onDrill = vi.fn<(drill: DrillDown) => void>();
  render(<ReportComponentsView report={drillReport()} onDrill={onDrill} />);
  return onDrill;
}

describe('each kind of click selects exactly what was clicked', () => {
  it('a summary bar: its side and its bucket', () => {
    const onDrill = renderComponents();
    clickChart('Opened and closed conversations per bucket', 1, 1);
    expect(onDrill).toHaveBeenLastCalledWith({ basis: 'closed', bucket: '2026-11-16' });
    clickChart('Opened and closed conversations per bucket', 0, 0);
    expect(onDrill).toHaveBeenLastCalledWith({ basis: 'opened', bucket: '2026-11-15' });
    // A click beside the bars selects nothing.
    chart('Opened and closed conversations per bucket').options.onClick({ native: null }, []);
    expect(onDrill).toHaveBeenCalledTimes(2);
  });

  it('a slice: the breakdown’s filter with the slice’s key ("-" is none)', () => {
    const onDrill = renderComponents();
    const doughnut = charts.find((c) => c.config.type === 'doughnut' && c.config.data.labels[1]?.startsWith('-'))!;
    doughnut.config.options.onClick({ native: null }, [{ datasetIndex: 0, index: 1 }]);
    expect(onDrill).toHaveBeenLastCalledWith({ basis: 'opened', filter: { param: 'open_channel', value: 'none', label: '-' } });
  });

  it('a breakdown’s bar: its key on its bucket', () => {
    const onDrill = renderComponents();
    const bars = charts.filter((c) => c.config.type === 'bar' && c.config.data.datasets.some((d: any) => d.label === 'Shipping'));
    expect(bars).toHaveLength(1);
    bars[0]!.config.options.onClick({ native: null }, [{ datasetIndex: 1, index: 1 }]);
    expect(onDrill).toHaveBeenLastCalledWith({ basis: 'closed', bucket: '2026-11-16', filter: { param: 'category', value: 'none', label: '-' } });
  });

  it('a breakdown row, by mouse, Enter and Space', () => {
    const onDrill = renderComponents();
    const row = within(section('opened_by_contact_type')).getByText('Returning').closest('tr')!;
    fireEvent.click(row);
    const returning = { basis: 'opened', filter: { param: 'contact_type', value: 'returning', label: 'Returning' } };
    expect(onDrill).toHaveBeenLastCalledWith(returning);
    expect(row.tabIndex).toBe(0);
    fireEvent.keyDown(row, { key: 'Enter' });
    fireEvent.keyDown(row, { key: ' ' });
    fireEvent.keyDown(row, { key: 'a' });
    expect(onDrill).toHaveBeenCalledTimes(3);
    expect(onDrill.mock.calls.every(([d]) => JSON.stringify(d) === JSON.stringify(returning))).toBe(true);
  });

  it('a weekday × hour cell by mouse and by keyboard; an empty cell is not a target', () => {
    const onDrill = renderComponents();
    const monday9 = within(section('opened_heatmap')).getByRole('cell', { name: /^Monday 09:00–10:00: 5 conversations opened/ });
    fireEvent.click(monday9);
    expect(onDrill).toHaveBeenLastCalledWith({ basis: 'opened', weekday: 0, hour: 9 });
    const sunday23 = within(section('closed_heatmap')).getByRole('cell', { name: /^Sunday 23:00–00:00: 4 conversations closed/ });
    expect(sunday23.tabIndex).toBe(0);
    fireEvent.keyDown(sunday23, { key: 'Enter' });
    expect(onDrill).toHaveBeenLastCalledWith({ basis: 'closed', weekday: 6, hour: 23 });
    fireEvent.keyDown(sunday23, { key: ' ' });
    expect(onDrill).toHaveBeenCalledTimes(3);
    const empty = within(section('opened_heatmap')).getByRole('cell', { name: /^Monday 10:00–11:00: 0 conversations opened/ });
    fireEvent.click(empty);
    expect(onDrill).toHaveBeenCalledTimes(3);
    expect(empty.getAttribute('tabindex')).toBeNull();
  });

  it('a date × hour cell: that date and the hour', () => {
    const onDrill = renderComponents();
    fireEvent.click(within(section('opened_heatmap')).getByRole('button', { name: 'By date' }));
    const cell = within(section('opened_heatmap')).getByRole('cell', { name: /^2026-11-16 16:00–17:00: 4 conversations opened/ });
    fireEvent.keyDown(cell, { key: ' ' });
    expect(onDrill).toHaveBeenLastCalledWith({ basis: 'opened', date: '2026-11-16', hour: 16 });
  });
});

describe('the list’s request for a drill-down', () => {
  const query: ReportQuery = { ...DEFAULT_REPORT_QUERY, filters: { open_channel: ['inbox-3', 'none'], contact_type: ['new'] } };
  it.each<[string, DrillDown, Record<string, string>]>([
    ['a summary bar', { basis: 'closed', bucket: '2026-11-16' }, { preset: 'last_7_days', open_channel: 'inbox-3,none', contact_type: 'new', basis: 'closed', bucket: '2026-11-16' }],
    // The clicked value replaces the filter's own values: the slice counted only it.
    ['a slice', { basis: 'opened', filter: { param: 'open_channel', value: 'none', label: '-' } }, { preset: 'last_7_days', open_channel: 'none', contact_type: 'new', basis: 'opened' }],
    ['a weekday cell', { basis: 'opened', weekday: 0, hour: 9 }, { preset: 'last_7_days', open_channel: 'inbox-3,none', contact_type: 'new', basis: 'opened', weekday: '0', hour: '9' }],
    // A date row: that date is the period.
    ['a date cell', { basis: 'opened', date: '2026-11-16', hour: 16 }, { from: '2026-11-16', to: '2026-11-16', open_channel: 'inbox-3,none', contact_type: 'new', basis: 'opened', hour: '16' }],
  ])('%s', (_what, drill, expected) => {
    expect(Object.fromEntries(drillDownSearchParams(query, drill))).toEqual(expected);
  });

  it('the API client sends it on the list and the export', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ rows: [], total: 0, next_cursor: null })));
    const client = createApiClient({ serverUrl: 'https://cl.test', token: 'tok' }, fetchImpl);
    const drill: DrillDown = { basis: 'opened', weekday: 4, hour: 10 };
    await client.list(DEFAULT_REPORT_QUERY, { limit: 50, drill });
    await client.exportCsv(DEFAULT_REPORT_QUERY, { drill, agent: 'u-ana' });
    const [list, csv] = fetchImpl.mock.calls.map((call) => new URL(String((call as unknown[])[0])));
    expect([list!.pathname, list!.searchParams.get('basis'), list!.searchParams.get('weekday'), list!.searchParams.get('hour')]).toEqual(['/v1/reports/conversations/list', 'opened', '4', '10']);
    expect([csv!.pathname, csv!.searchParams.get('basis'), csv!.searchParams.get('hour'), csv!.searchParams.get('agent')]).toEqual(['/v1/reports/conversations/export.csv', 'opened', '10', 'u-ana']);
  });
});

function stubApi(overrides: Partial<ApiClient>): ApiClient {
  const fail = () => Promise.reject(new ApiError('not_found', 'not stubbed'));
  return { me: fail, conversation: fail, currentInThread: fail, currentInThreads: fail, contactConversations: fail, live: fail, report: fail, list: fail, exportCsv: fail, agents: fail, openedHeatmap: fail, ...overrides };
}

describe('the report opens the list on the click, with chips to clear', () => {
  it('a heatmap cell sets the list’s filters as chips, focuses the list; clearing a chip or all restores it', async () => {
    const list = vi.fn<ApiClient['list']>(async () => ({ rows: [closedConversation()], total: 1, next_cursor: null }));
    render(<ReportView api={stubApi({ report: async () => drillReport(), list })} categories={[]} />);
    const cell = await screen.findByRole('cell', { name: /^Friday 16:00–17:00: 2 conversations opened/ });
    fireEvent.keyDown(cell, { key: 'Enter' });
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, expect.objectContaining({ drill: { basis: 'opened', weekday: 4, hour: 16 }, sort: 'opened_at' })));
    const chips = screen.getByRole('group', { name: 'Showing what was clicked' });
    expect(Array.from(chips.querySelectorAll('li'), (li) => li.firstChild?.textContent)).toEqual(['Opened in the period', 'Friday', '16:00–17:00']);
    await waitFor(() => expect(document.activeElement?.id).toBe('list-heading'));
    // Without the weekday: that hour on every day.
    fireEvent.click(within(chips).getByRole('button', { name: 'Remove Friday' }));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, expect.objectContaining({ drill: { basis: 'opened', hour: 16 } })));
    fireEvent.click(screen.getByRole('button', { name: 'Show the whole list' }));
    await waitFor(() => expect(list.mock.lastCall?.[1]).not.toHaveProperty('drill'));
    expect(screen.queryByRole('group', { name: 'Showing what was clicked' })).toBeNull();
    // The whole report renders several times here: more than the default 5 s on a busy machine.
  }, 30_000);
});

describe('links to the conversation in its inbox', () => {
  const chatwootRow = () => ({ ...closedConversation({ conversation_id: '1:42', thread_id: '1:42', contact_id: '11' }), inbox: 'chatwoot' as const });
  const respondioRow = () => ({ ...closedConversation({ conversation_id: '5551-2', thread_id: '5551', contact_id: '5551' }), inbox: 'respondio' as const });
  const nativeRow = () => ({ ...closedConversation({ conversation_id: 'n-1', thread_id: 'n-1', contact_id: 'c-1' }), inbox: 'native' as const });

  it('learns where each inbox lives from the pages the extension ran on', () => {
    let locations = learnInboxLocation(NO_INBOX_LOCATIONS, 'chatwoot', 'https://chat.acme.test/app/accounts/1/conversations/42');
    locations = learnInboxLocation(locations, 'respondio', 'https://app.respond.io/space/123/inbox/5551');
    expect(locations).toEqual({ chatwoot: { '1': 'https://chat.acme.test' }, respondio: { origin: 'https://app.respond.io', space: '123' } });
    // Nothing new: the same object (the background then writes nothing).
    expect(learnInboxLocation(locations, 'chatwoot', 'https://chat.acme.test/app/accounts/1/inbox/3')).toBe(locations);
    expect(learnInboxLocation(locations, 'generic', 'https://crm.test/ticket/1')).toBe(locations);
    expect(conversationInboxUrl(chatwootRow(), locations)).toBe('https://chat.acme.test/app/accounts/1/conversations/42');
    expect(conversationInboxUrl(respondioRow(), locations)).toBe('https://app.respond.io/space/123/inbox/5551');
    expect(conversationInboxUrl(nativeRow(), locations)).toBeNull();
    // Another Chatwoot account, not yet seen: no link rather than a wrong one.
    expect(conversationInboxUrl({ ...chatwootRow(), thread_id: '2:42' }, locations)).toBeNull();
    expect(conversationInboxUrl(respondioRow(), NO_INBOX_LOCATIONS)).toBeNull();
  });

  it('each row links where its inbox is known: new tab, noopener, a translated label', async () => {
    await inboxLocationsItem.setValue({ chatwoot: { '1': 'http://127.0.0.1:8788' }, respondio: null });
    const rows = [chatwootRow(), respondioRow(), nativeRow()];
    const list = vi.fn<ApiClient['list']>(async () => ({ rows, total: 3, next_cursor: null }) as ListResponse);
    render(<ConversationList api={stubApi({ list })} query={DEFAULT_REPORT_QUERY} />);
    const link = await screen.findByRole('link', { name: 'Open conversation 1:42 in its inbox (new tab)' });
    expect([link.getAttribute('href'), link.getAttribute('target'), link.getAttribute('rel'), link.textContent]).toEqual([
      'http://127.0.0.1:8788/app/accounts/1/conversations/42',
      '_blank',
      'noopener',
      'Open in inbox',
    ]);
    // respond.io's space is not known yet, and native events have no inbox page.
    expect(screen.getAllByRole('link')).toHaveLength(1);
    // Seen on respond.io later: its rows link too, without reopening the list.
    await inboxLocationsItem.setValue({ chatwoot: { '1': 'http://127.0.0.1:8788' }, respondio: { origin: 'https://app.respond.io', space: '9' } });
    expect((await screen.findByRole('link', { name: 'Open conversation 5551-2 in its inbox (new tab)' })).getAttribute('href')).toBe('https://app.respond.io/space/9/inbox/5551');
  });
});
