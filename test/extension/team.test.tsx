/** @jsxImportSource preact */
// The Team tab (product.md §7) and "my numbers" in the side panel, as managers and agents use them.
// Expected values are read off the scenario in fixtures/team.ts.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MeResponse } from '../../shared/api';
import { ApiError, createApiClient, type ApiClient } from '../../extension/api';
import { MyNumbers } from '../../extension/components/MyNumbers';
import { ReportView } from '../../extension/components/report/ReportView';
import { TeamReport } from '../../extension/components/report/TeamView';
import { DEFAULT_REPORT_QUERY } from '../../extension/report-query';
import { closedConversation, weekReport } from './fixtures/conversations';
import { ANA, person, SALES, teamReport } from './fixtures/team';
import { useLanguage } from './i18n';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});
beforeEach(() => fakeBrowser.reset());

function stubApi(overrides: Partial<ApiClient>): ApiClient {
  const fail = () => Promise.reject(new ApiError('not_found', 'not stubbed'));
  return { me: fail, conversation: fail, currentInThread: fail, currentInThreads: fail, contactConversations: fail, live: fail, report: fail, list: fail, exportCsv: fail, agents: fail, openedHeatmap: fail, ...overrides };
}

/** The people's rows in the order shown. */
const order = (root: ParentNode = document) => Array.from(root.querySelectorAll('[data-person]'), (tr) => tr.getAttribute('data-person'));
const personRow = (id: string) => document.querySelector(`[data-person="${id}"]`) as HTMLElement;
const cells = (tr: HTMLElement) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent);

describe('Team table', () => {
  it('groups people under their team with its subtotal, sorted by closed (most first) to begin with', () => {
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    // Teams by name, "no team" last; within Support Bruno (5 closed) before carla (2).
    expect(order()).toEqual(['u-ana', 'u-bruno', 'u-carla', 'u-dan']);
    const support = screen.getByRole('rowheader', { name: 'Support: team total' }).closest('tr')!;
    // The team row: no "involved" figure of its own, 6 conversations last assigned to the team
    // (assigned column, saying so on hover), 7 closed by it.
    expect(cells(support).slice(0, 3)).toEqual(['-', '6', '7']);
    expect(support.querySelectorAll('td')[1]!.getAttribute('title')).toBe('Conversations last assigned to a member of the team.');
    expect(screen.getByRole('rowheader', { name: 'No team' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: /Closed/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('shows the median, with avg and p90 on hover, and the target as the share met', () => {
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    const ana = cells(personRow('u-ana'));
    // Columns: involved, assigned, closed, first responses, responses, unique contacts, FRT, RT,
    // resolution, FR target (the workspace has no resolution target: no column for it).
    expect(ana).toEqual(['7', '6', '5', '4', '9', '0', '01:00', '-', '-', '75%']);
    const frt = personRow('u-ana').querySelectorAll('td')[6]!;
    expect(frt.getAttribute('title')).toBe('Average 01:10 · median 01:00 · 90th percentile 02:00');
    // carla has no first response: "-" and no hover.
    expect(personRow('u-carla').querySelectorAll('td')[6]!.getAttribute('title')).toBeNull();
  });

  it('says on hover what each column measures, the first one being what a click on a name lists', () => {
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    const headers = screen.getAllByRole('columnheader').slice(1);
    expect(headers.map((h) => h.textContent!.replace(/\s[▲▼]$/, ''))).toEqual([
      'Conversations', 'Assigned', 'Closed', 'First responses', 'Responses', 'Unique contacts',
      'First response time', 'Response time', 'Resolution time', 'First-response target met',
    ]);
    // Every column has its own explanation.
    const helps = headers.map((h) => h.getAttribute('title'));
    expect(new Set(helps).size).toBe(headers.length);
    expect(helps[0]).toBe('Conversations the person held, answered or closed; a click on the name lists exactly these.');
    expect(helps[6]).toContain('over the conversations the person answered first');
  });

  it('sorts by a clicked column, best first, and the other way on a second click; no value stays last', () => {
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: /^Responses/ }));
    // Most responses first: Support Bruno (4) before carla (1).
    expect(order()).toEqual(['u-ana', 'u-bruno', 'u-carla', 'u-dan']);
    fireEvent.click(screen.getByRole('button', { name: /^Responses/ }));
    expect(order()).toEqual(['u-ana', 'u-carla', 'u-bruno', 'u-dan']);
    expect(screen.getByRole('columnheader', { name: /^Responses/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /^First response time/ }));
    // Fastest first; carla, without a first response, after Bruno in both directions.
    expect(order()).toEqual(['u-ana', 'u-bruno', 'u-carla', 'u-dan']);
    fireEvent.click(screen.getByRole('button', { name: /^First response time/ }));
    expect(order()).toEqual(['u-ana', 'u-bruno', 'u-carla', 'u-dan']);
    expect(screen.getByRole('columnheader', { name: /^First response time/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('shows a target’s column only when the workspace has that target', () => {
    const headers = () => screen.getAllByRole('columnheader').map((h) => h.textContent!.replace(/\s[▲▼]$/, '')).slice(-2);
    const withResolution = { ...teamReport(), targets: { first_response_ms: 300_000, resolution_ms: 3_600_000, resolution_hours: 'business' as const } };
    render(<TeamReport report={withResolution} onPerson={() => undefined} />);
    expect(headers()).toEqual(['First-response target met', 'Resolution target met']);
    cleanup();
    const noTargets = { ...teamReport(), targets: { first_response_ms: null, resolution_ms: null, resolution_hours: 'calendar' as const } };
    render(<TeamReport report={noTargets} onPerson={() => undefined} />);
    expect(headers()).toEqual(['Response time', 'Resolution time']);
    fireEvent.click(screen.getByRole('button', { name: 'Leaderboard' }));
    const options = Array.from((screen.getByRole('combobox', { name: 'Rank by' }) as HTMLSelectElement).options, (o) => o.value);
    expect(options).not.toContain('first_response_target');
    expect(options).toHaveLength(9);
  });

  it('shows what no person’s row holds: never assigned and the automation’s share', () => {
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    const figures = Array.from(document.querySelectorAll('dl.automation .figure'), (f) => [f.querySelector('dt')!.textContent, f.querySelector('dd')!.textContent]);
    // The fixture: 2 never assigned, 1 bot only, none closed by a bot, 1 by a workflow.
    expect(figures).toEqual([
      ['Never assigned', '2'],
      ['Bot only', '1'],
      ['Closed by a bot', '0'],
      ['Closed by a workflow', '1'],
    ]);
    expect(document.querySelector('[data-figure="bot_only"]')!.getAttribute('title')).toBe('Conversations no person answered or was assigned: the bot handled them alone.');
  });

  it('says so when nobody worked a conversation closed in the period', () => {
    render(<TeamReport report={teamReport([])} onPerson={() => undefined} />);
    expect(screen.getByRole('status').textContent).toBe('Nobody held, answered or closed a conversation closed in this period.');
    expect(screen.queryByRole('table')).toBeNull();
    // The fixture's bot and workflow closes are still said; a period with nothing at all says only the line.
    expect(document.querySelector('[data-figure="bot_only"] dd')!.textContent).toBe('1');
    cleanup();
    const nothing = { ...teamReport([]), unassigned: 0, automation: { bot_only: 0, closed_by_bot: 0, closed_by_workflow: 0 } };
    render(<TeamReport report={nothing} onPerson={() => undefined} />);
    expect(screen.getByRole('status')).toBeTruthy();
    expect(document.querySelector('dl.automation')).toBeNull();
  });
});

describe('leaderboard', () => {
  const rows = () =>
    Array.from(document.querySelectorAll('table.leaderboard tbody tr'), (tr) => [
      tr.querySelector('th')!.textContent,
      ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent),
    ]);

  it('ranks everyone best first, ties sharing a rank, with the team average beside each person', () => {
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Leaderboard' }));
    // Closed: Dan 7; Ana and Bruno 5 (tie: rank 2 both, by name); carla 2 is 4th.
    // Team averages: Sales = Ana's 5; Support = (5 + 2) / 2 = 3.5; Dan has no team.
    expect(rows()).toEqual([
      ['Dan', '1', '7', '-'],
      ['Ana', '2', '5', '5'],
      ['Bruno', '2', '5', '3.5'],
      ['carla', '4', '2', '3.5'],
    ]);
  });

  it('ranks on a chosen column: the fastest first for a time, no value unranked and last', () => {
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Leaderboard' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Rank by' }), { target: { value: 'first_response_time_ms' } });
    // Medians: Bruno 30 s, Ana 60 s, Dan 90 s, carla none. Support's average is Bruno's alone.
    expect(rows()).toEqual([
      ['Bruno', '1', '00:30', '00:30'],
      ['Ana', '2', '01:00', '01:00'],
      ['Dan', '3', '01:30', '-'],
      ['carla', '-', '-', '00:30'],
    ]);
  });

  it('speaks Spanish', () => {
    useLanguage('es');
    render(<TeamReport report={teamReport()} onPerson={() => undefined} />);
    expect(screen.getByRole('rowheader', { name: 'Support: total del equipo' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Sin equipo' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Tiempo de primera respuesta/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clasificación' }));
    expect(screen.getByRole('columnheader', { name: 'Promedio del equipo' })).toBeTruthy();
    // Numbers in Spanish: Support's average closed is 3,5.
    expect(rows()[2]).toEqual(['Bruno', '2', '5', '3,5']);
  });
});

describe('drill-down from the Team tab', () => {
  it('clicking a person opens the conversation list filtered to them (agent=<user id>)', async () => {
    const list = vi.fn(async () => ({ rows: [closedConversation()], total: 1, next_cursor: null }));
    const api = stubApi({ report: async () => weekReport(), list, agents: async () => teamReport() });
    render(<ReportView api={api} categories={[]} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Team' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Bruno' }));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, expect.objectContaining({ agent: 'u-bruno' })));
    expect(screen.getByRole('tab', { name: 'Conversations' }).getAttribute('aria-selected')).toBe('true');
    const filter = screen.getByText(/Conversations of Bruno/).closest('p')!;
    const calls = list.mock.calls.length;
    fireEvent.click(within(filter).getByRole('button', { name: 'Show everyone' }));
    // Everyone again: the list is asked without agent=.
    await waitFor(() => expect(list.mock.calls.length).toBeGreaterThan(calls));
    expect((list.mock.lastCall as unknown[])[1]).not.toHaveProperty('agent');
  });

  it('the CSV download carries the person filter the list shows, and drops it with "Show everyone"', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:convolens');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const exportCsv = vi.fn(async () => new Blob(['Conversation ID\r\ncw-1\r\n'], { type: 'text/csv' }));
    const list = vi.fn(async () => ({ rows: [closedConversation()], total: 1, next_cursor: null }));
    const api = stubApi({ report: async () => weekReport(), list, exportCsv, agents: async () => teamReport() });
    render(<ReportView api={api} categories={[]} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Team' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ana' }));
    await screen.findByText(/Conversations of Ana/);
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    // The same list as shown: the person, and the list's default order (closed_at, newest first).
    await waitFor(() => expect(exportCsv).toHaveBeenCalledTimes(1));
    expect(exportCsv).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, { sort: 'closed_at', order: 'desc', agent: 'u-ana' });
    fireEvent.click(screen.getByRole('button', { name: 'Show everyone' }));
    await waitFor(() => expect(screen.queryByText(/Conversations of Ana/)).toBeNull());
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(exportCsv).toHaveBeenCalledTimes(2));
    expect(exportCsv).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, { sort: 'closed_at', order: 'desc', agent: null });
  });

  it('the API client sends the person as agent= on the list', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ rows: [], total: 0, next_cursor: null })));
    await createApiClient({ serverUrl: 'https://cl.test', token: 'tok' }, fetchImpl).list(DEFAULT_REPORT_QUERY, { limit: 50, agent: 'u-ana' });
    const url = new URL(String((fetchImpl.mock.calls[0] as unknown[])[0]));
    expect(url.pathname).toBe('/v1/reports/conversations/list');
    expect(url.searchParams.get('agent')).toBe('u-ana');
  });
});

// ------------------------------------------------------------------------------------------------
// My numbers

const PROFILE: MeResponse = {
  workspace: {
    id: 'w',
    name: 'Acme Support',
    timezone: 'UTC',
    first_response_target_ms: 300_000,
    resolution_target_ms: null,
    resolution_target_hours: 'calendar',
    categories: [],
    business_hours: null,
  },
  role: 'agent',
  name: 'Ana',
  user_id: 'u-ana',
};

// Today: 1 first response in 45 s (target met), 2 responses, 1 closed. Last 7 days: Ana's fixture
// row: 4 first responses, median 60 s, 9 responses, 5 closed, 3 of 4 met = 75 %.
const ANA_TODAY = person('u-ana', 'Ana', SALES, {
  closed: 1,
  first_responses: 1,
  responses: 2,
  first_response_time_ms: { avg: 45_000, median: 45_000, p90: 45_000, count: 1 },
  first_response_target: { met: 1, missed: 0 },
});

const byPeriod = (today: ReturnType<typeof teamReport>, week: ReturnType<typeof teamReport>) =>
  vi.fn(async (q: typeof DEFAULT_REPORT_QUERY) => ('preset' in q.period && q.period.preset === 'today' ? today : week));

const figures = () =>
  Array.from(document.querySelectorAll('table.my-numbers tbody tr'), (tr) => [tr.querySelector('th')!.textContent, ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent)]);

describe('my numbers', () => {
  it('shows the agent’s own row for today and the last 7 days', async () => {
    const agents = byPeriod(teamReport([ANA_TODAY]), teamReport([ANA]));
    render(<MyNumbers api={stubApi({ agents })} profile={PROFILE} />);
    await screen.findByRole('columnheader', { name: 'Today' });
    expect(figures()).toEqual([
      ['First responses', '1', '4'],
      ['Median first response time', '00:45', '01:00'],
      ['Responses', '2', '9'],
      ['Conversations closed', '1', '5'],
      ['Target met', '100%', '75%'],
    ]);
    expect(agents.mock.calls.map(([q]) => q.period)).toEqual([{ preset: 'today' }, { preset: 'last_7_days' }]);
  });

  it('shows zeros when nothing of theirs closed today', async () => {
    render(<MyNumbers api={stubApi({ agents: byPeriod(teamReport([]), teamReport([ANA])) })} profile={PROFILE} />);
    await screen.findByRole('columnheader', { name: 'Today' });
    expect(figures().map((f) => f[1])).toEqual(['0', '-', '0', '0', '-']);
  });

  it('picks the caller’s row out of a manager’s full report', async () => {
    const manager = { ...PROFILE, role: 'manager', user_id: 'u-bruno' } as MeResponse;
    render(<MyNumbers api={stubApi({ agents: async () => teamReport() })} profile={manager} />);
    await screen.findByRole('columnheader', { name: 'Today' });
    // Bruno: 2 first responses, median 30 s, 4 responses, 5 closed, 2 of 2 met.
    expect(figures().map((f) => f[1])).toEqual(['2', '00:30', '4', '5', '100%']);
  });

  it('says in one line that a token without a user cannot show them (403), in Spanish too', async () => {
    useLanguage('es');
    const agents = vi.fn(() => Promise.reject(new ApiError('forbidden', 'no user', 403)));
    render(<MyNumbers api={stubApi({ agents })} profile={{ ...PROFILE, user_id: null } as MeResponse} />);
    expect(await screen.findByText('Tu token de API no está vinculado a un usuario, así que no se pueden mostrar tus números.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Mis números' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows nothing for a manager token without a user, and asks nothing', () => {
    const agents = vi.fn(async () => teamReport());
    const { container } = render(<MyNumbers api={stubApi({ agents })} profile={{ ...PROFILE, role: 'manager', user_id: null } as MeResponse} />);
    expect(container.textContent).toBe('');
    expect(agents).not.toHaveBeenCalled();
  });
});
