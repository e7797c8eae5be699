/** @jsxImportSource preact */
// Components as a person sees them: rendered labels, numbers and messages.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ApiError, type ApiClient } from '../../extension/api';
import { ReportSection, statusMessage } from '../../extension/components/ComponentState';
import { ConversationPanel } from '../../extension/components/ConversationPanel';
import { Heatmap } from '../../extension/components/Heatmap';
import { doughnutConfig, seriesColour, withColours } from '../../extension/components/report/charts';
import { ReportComponentsView } from '../../extension/components/report/ReportView';
import { HeaderBadge, noDataText, RowBadge } from '../../extension/components/WaitBadge';
import type { DetectedConversation } from '../../extension/inbox/types';
import { closedConversation, openConversation, weekReport } from './fixtures/conversations';

afterEach(cleanup);
beforeEach(() => fakeBrowser.reset());

const HOURS = Array.from({ length: 24 }, () => 0);

describe('Heatmap', () => {
  it('shows each count in its weekday and hour, with a legend of the colour scale', () => {
    const rows = Array.from({ length: 7 }, () => [...HOURS]);
    rows[0]![9] = 5; // Monday 09:00–10:00
    rows[6]![23] = 1; // Sunday 23:00–24:00
    render(<Heatmap rows={rows} label="Opened heatmap" counted="opened" />);
    const grid = screen.getByRole('table', { name: 'Opened heatmap' });
    const monday9 = within(grid).getByRole('cell', { name: 'Monday 09:00–10:00: 5 conversations opened' });
    expect(monday9.textContent).toBe('5');
    expect(monday9.dataset.level).toBe('4'); // the largest value is the darkest
    const sunday23 = within(grid).getByRole('cell', { name: 'Sunday 23:00–00:00: 1 conversation opened' });
    expect(sunday23.dataset.level).toBe('1');
    // Empty hours show no number.
    expect(within(grid).getByRole('cell', { name: 'Tuesday 00:00–01:00: 0 conversations opened' }).textContent).toBe('');
    expect(within(grid).getAllByRole('row')).toHaveLength(8); // hours header + 7 days
    // Largest 5 → levels 0, 1–2, 3, 4, 5.
    const legend = screen.getByRole('list', { name: 'Opened heatmap colour scale' });
    expect(within(legend).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['0', '1–2', '3', '4', '5']);
    // Colours come from app.css per level (light and dark scales), never inline: the legend's
    // swatches carry the same level classes as the cells.
    expect(monday9.getAttribute('style')).toBeNull();
    expect([...legend.querySelectorAll('.heat-swatch')].map((s) => s.className)).toEqual([0, 1, 2, 3, 4].map((l) => `heat-swatch level-${l}`));
  });
});

describe('chart colours', () => {
  it('draws axis text, grid lines, legend text and slice borders in the colour scheme’s colours', () => {
    const dark = { text: '#cbd5e1', grid: '#334155', surface: '#1e293b' };
    const bar = withColours(
      { type: 'bar', data: { labels: ['Mon'], datasets: [{ data: [1] }] }, options: { scales: { x: { grid: { display: false } }, y: { beginAtZero: true } } } },
      dark,
    );
    expect(bar.options?.color).toBe('#cbd5e1');
    expect(bar.options?.borderColor).toBe('#334155');
    const scales = bar.options?.scales as Record<string, { ticks: { color: string }; grid: { color: string; display?: boolean } }>;
    expect(scales.x).toMatchObject({ ticks: { color: '#cbd5e1' }, grid: { color: '#334155', display: false } });
    expect(scales.y).toMatchObject({ ticks: { color: '#cbd5e1' }, grid: { color: '#334155' }, beginAtZero: true });
    expect(bar.options?.plugins?.legend?.labels?.color).toBe('#cbd5e1');
    // A doughnut's slices are parted by the card's own colour, not chart.js' white.
    const doughnut = withColours(doughnutConfig([{ label: 'User', count: 2, percent: '100%' }]) as never, dark);
    expect(doughnut.data.datasets[0]?.borderColor).toBe('#1e293b');
  });
});

describe('report component states', () => {
  it.each([
    ['ok', 'Opened 7'],
    ['not_applicable', 'The selected filters are not applicable here'],
    ['no_data', 'The selected filters have no applicable data'],
  ] as const)('%s shows "%s"', (status, text) => {
    void statusMessage;
    const component = status === 'ok' ? { status, opened: 7 } : { status };
    render(
      <ReportSection id="summary" heading="Opened vs closed" component={component}>
        {(ok) => <p>Opened {ok.opened}</p>}
      </ReportSection>,
    );
    const section = screen.getByRole('region', { name: 'Opened vs closed' });
    expect(section.textContent).toContain(text);
  });

  it('names every slice of a doughnut in its legend table, in the slice’s colour, however many there are', () => {
    const report = weekReport();
    // All nine close sources: the legend used to cut off the last ones ("Unknown", "Contact merge").
    const keys = ['user', 'bot', 'workflow', 'api', 'zapier', 'make', 'auto_close', 'merge', 'unknown'];
    report.components.closed_by_source = {
      status: 'ok',
      total: 45,
      items: keys.map((key, i) => ({ key, count: i + 1, percent: Math.round(((i + 1) / 45) * 1000) / 10 })),
      series: [],
    };
    render(<ReportComponentsView report={report} />);
    const rows = within(screen.getByRole('region', { name: 'Closed by source' })).getAllByRole('row').slice(1, -1);
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual(['User', 'Bot', 'Workflow', 'Developer API', 'Zapier', 'Make', 'Auto-close', 'Contact merge', 'Unknown']);
    const swatches = rows.map((r) => (r.querySelector('.swatch') as HTMLElement | null)?.style.background);
    expect(swatches).toEqual(keys.map((_, i) => expect.stringMatching(new RegExp(`^(${seriesColour(i)}|rgb)`))));
    expect(new Set(swatches).size).toBe(9);
    expect(doughnutConfig([]).options?.plugins?.legend?.display).toBe(false); // no canvas legend to cut off
  });

  it('says an empty period is empty when no filter is set, and blames the filters only when some are', () => {
    const report = weekReport();
    render(<ReportComponentsView report={report} filtered={false} />);
    const byCategory = screen.getByRole('region', { name: 'Closed by category' }); // no_data in the fixture
    expect(byCategory.textContent).toContain('Nothing happened in this period yet');
    expect(byCategory.textContent).not.toContain('filters');
    cleanup();
    render(<ReportComponentsView report={report} filtered />);
    expect(screen.getByRole('region', { name: 'Closed by category' }).textContent).toContain('The selected filters have no applicable data');
  });

  it('shows every component under its heading, in its own state', () => {
    render(<ReportComponentsView report={weekReport()} />);
    const region = (name: string) => screen.getByRole('region', { name });
    expect(region('Opened vs closed').textContent).toContain('+40% vs previous period (5)'); // 7 vs 5
    expect(region('Closed heatmap').textContent).toContain('The selected filters are not applicable here');
    expect(region('Closed by category').textContent).toContain('The selected filters have no applicable data');
    expect(region('Closed by source').textContent).toContain('The selected filters are not applicable here');
    expect(region('Closed by contact type').textContent).toContain('The selected filters are not applicable here');
    expect(within(region('Opened heatmap')).getByRole('cell', { name: 'Monday 09:00–10:00: 5 conversations opened' })).toBeTruthy();
    const byChannel = within(region('Opened by channel')).getByRole('row', { name: /Website/ });
    expect(byChannel.textContent).toBe('Website7100%');
    const bySource = region('Opened by source');
    expect(within(bySource).getByRole('row', { name: /Developer API/ }).textContent).toBe('Developer API114.3%');
    expect(region('Opened by contact type').textContent).toContain('Returning');
    const timings = region('Timings');
    const frt = within(timings).getByRole('row', { name: /^First response time/ });
    expect(within(frt).getAllByRole('cell').map((c) => c.textContent)).toEqual(['16:40', '02:30', '01:01:40', '4']);
    expect(timings.textContent).toContain('met by 3, missed by 1');
    // Help in place: each timing's formula on hover (title) and on focus (described by).
    const name = within(frt).getByText('First response time');
    expect(name.tabIndex).toBe(0);
    expect(name.title).toBe('The time taken to give the first response since the conversation opened: first response timestamp − opened timestamp.');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe(name.title);
  });
});

describe('inbox badges', () => {
  const onOpen = () => undefined;

  it('shows the wait, ticking from when the snapshot arrived', () => {
    const entry = { snapshot: { state: 'ok' as const, conversation: openConversation(), firstResponseTargetMs: 300_000 }, receivedAt: 1_000 };
    render(<HeaderBadge entry={entry} now={4_000} onOpen={onOpen} />);
    const badge = screen.getByRole('button');
    expect(badge.textContent).toContain('Waiting 02:08'); // 2:05 + 3 s
    expect(badge.dataset.tone).toBe('within');
  });

  it('says when the server has no data for the conversation', () => {
    render(<HeaderBadge entry={{ snapshot: { state: 'unknown' }, receivedAt: 0 }} now={0} onOpen={onOpen} />);
    expect(screen.getByRole('button').textContent).toContain(noDataText());
  });

  it('says briefly that the token was rejected, with the full sentence as its tooltip', () => {
    const message = 'The server did not accept the API token.';
    render(<HeaderBadge entry={{ snapshot: { state: 'error', kind: 'unauthorized', message }, receivedAt: 0 }} now={0} onOpen={onOpen} />);
    const badge = screen.getByRole('button');
    expect(badge.textContent).toContain('ConvoLens: token rejected');
    expect(badge.title).toBe(message);
  });

  it('opens the side panel when clicked', () => {
    let opened = 0;
    render(<HeaderBadge entry={undefined} now={0} onOpen={() => opened++} />);
    fireEvent.click(screen.getByRole('button'));
    expect(opened).toBe(1);
  });

  it('renders server text as text, never as HTML', () => {
    const conversation = openConversation({ waiting_since: null, current_wait_ms: null, first_response_at: null, contact_name: '<img src=x onerror=alert(1)>' });
    const { container } = render(
      <HeaderBadge entry={{ snapshot: { state: 'ok', conversation, firstResponseTargetMs: 300_000 }, receivedAt: 0 }} now={0} onOpen={onOpen} />,
    );
    expect(container.querySelector('img')).toBeNull();
  });

  it('gives a row a red badge once its wait is over the target', () => {
    const entry = { snapshot: { state: 'ok' as const, conversation: openConversation({ current_wait_ms: 299_000 }), firstResponseTargetMs: 300_000 }, receivedAt: 0 };
    const { container } = render(<RowBadge entry={entry} now={2_000} />);
    expect(container.textContent).toBe('05:01');
    expect(container.querySelector('[data-tone]')?.getAttribute('data-tone')).toBe('over');
  });
});

function stubApi(overrides: Partial<ApiClient>): ApiClient {
  const fail = () => Promise.reject(new ApiError('not_found', 'not stubbed'));
  return {
    me: fail,
    conversation: fail,
    currentInThread: fail,
    currentInThreads: fail,
    contactConversations: fail,
    live: fail,
    report: fail,
    openedHeatmap: fail,
    list: fail,
    exportCsv: fail,
    agents: fail,
    ...overrides,
  };
}

const DETECTED: DetectedConversation = {
  inbox: 'chatwoot',
  threadId: '128',
  pageUrl: 'https://app.chatwoot.com/app/accounts/1/conversations/128',
  tabId: 3,
  windowId: 1,
  detectedAt: 0,
};

describe('side panel', () => {
  it('shows the conversation’s figures, the contact’s past conversations and the team heatmap', async () => {
    const asked: string[] = [];
    const api = stubApi({
      currentInThread: async (id) => (asked.push(id), openConversation()),
      contactConversations: async (contactId) => ({ contact_id: contactId, now: openConversation().now, conversations: [openConversation(), closedConversation()] }),
      openedHeatmap: async () => ({ range: weekReport().range, opened_heatmap: weekReport().components.opened_heatmap }),
    });
    render(<ConversationPanel api={api} detected={DETECTED} firstResponseTargetMs={300_000} />);
    const conversation = await screen.findByRole('region', { name: 'Jane Doe' });
    expect(asked).toEqual(['128']);
    const value = (label: string) => within(conversation).getByText(label).nextElementSibling?.textContent;
    expect(value('First response time')).toBe('06:29');
    expect(value('Time to first assignment')).toBe('05:43');
    expect(value('Assignee')).toBe('Carlos Ruiz');
    expect(value('Incoming messages')).toBe('2');
    expect(value('Average response time')).toBe('06:29');
    expect(value('Current wait')).toMatch(/^02:0[5-9]$/); // ticks from 2:05
    const past = await screen.findByRole('region', { name: 'Past conversations' });
    const earlier = await within(past).findByRole('listitem');
    expect(earlier.textContent).toBe(
      'ClosedJul 2, 2026CategoryShippingResolution time01:02:03Summary: Parcel delayed at customs; tracking link sent.',
    );
    const heatmap = await screen.findByRole('region', { name: 'Opened in the last 7 days' });
    expect(within(heatmap).getByRole('cell', { name: 'Monday 09:00–10:00: 5 conversations opened' }).textContent).toBe('5');
  });

  it('lists a past conversation closed without a summary with no stray "-" line', async () => {
    const unsummarised = closedConversation({ conversation_id: 'cw-50-1', summary: null });
    const api = stubApi({
      currentInThread: async () => openConversation(),
      contactConversations: async (contactId) => ({ contact_id: contactId, now: openConversation().now, conversations: [openConversation(), unsummarised] }),
    });
    render(<ConversationPanel api={api} detected={DETECTED} firstResponseTargetMs={300_000} />);
    const past = await screen.findByRole('region', { name: 'Past conversations' });
    const earlier = await within(past).findByRole('listitem');
    expect(earlier.textContent).toBe('ClosedJul 2, 2026CategoryShippingResolution time01:02:03');
    expect(earlier.querySelector('.past-summary')).toBeNull();
  });

  it('says when ConvoLens has no data for the conversation, and hides the heatmap from agents', async () => {
    const api = stubApi({
      currentInThread: () => Promise.reject(new ApiError('not_found', 'Unknown thread', 404)),
      openedHeatmap: () => Promise.reject(new ApiError('forbidden', 'Managers only', 403)),
    });
    render(<ConversationPanel api={api} detected={DETECTED} firstResponseTargetMs={300_000} />);
    expect(await screen.findByText('No ConvoLens data for this conversation yet')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Loading', { exact: false })).toBeNull());
    expect(screen.queryByRole('region', { name: 'Opened in the last 7 days' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says in plain words when the server is down', async () => {
    const api = stubApi({ currentInThread: () => Promise.reject(new ApiError('unreachable', 'network error')) });
    render(<ConversationPanel api={api} detected={DETECTED} firstResponseTargetMs={300_000} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach the ConvoLens server');
  });

  it('asks for an inbox conversation when none was detected', () => {
    render(<ConversationPanel api={stubApi({})} detected={null} firstResponseTargetMs={300_000} />);
    expect(screen.getByText(/Open a conversation in your inbox/)).toBeTruthy();
  });
});
