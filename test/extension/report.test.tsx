/** @jsxImportSource preact */
// The report's controls and conversation list as a manager uses them.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ApiClient } from '../../extension/api';
import { ConversationList } from '../../extension/components/report/ConversationList';
import { ReportControls } from '../../extension/components/report/ReportControls';
import { DEFAULT_REPORT_QUERY, type ReportQuery } from '../../extension/report-query';
import { closedConversation } from './fixtures/conversations';

afterEach(cleanup);
beforeEach(() => fakeBrowser.reset());

describe('report controls', () => {
  it('offers every filter and the period presets', () => {
    render(<ReportControls query={DEFAULT_REPORT_QUERY} onChange={() => undefined} filterOptions={{}} />);
    const filters = screen.getByRole('group', { name: 'Filters' });
    // product.md §4: one multi-select per filter.
    expect(Array.from(filters.querySelectorAll('[data-filter]'), (el) => el.getAttribute('data-filter')).sort()).toEqual(
      [
        'closed_source',
        'first_assignee',
        'first_response_by',
        'last_assignee',
        'closed_by_team',
        'closed_by_user',
        'category',
        'open_channel',
        'open_source',
        'contact_type',
        'contact',
        'conversation_id',
      ].sort(),
    );
    const period = screen.getByRole('combobox', { name: 'Period' }) as HTMLSelectElement;
    expect(Array.from(period.options, (o) => o.textContent)).toEqual([
      'Today',
      'Yesterday',
      'Last 7 days',
      'Last 14 days',
      'Last 30 days',
      'This month',
      'Last month',
      'Custom dates',
    ]);
  });

  it('selects several values of a filter, shows them, and clears them all', () => {
    const onChange = vi.fn();
    const query: ReportQuery = { ...DEFAULT_REPORT_QUERY, filters: { category: ['Billing'] } };
    render(
      <ReportControls
        query={query}
        onChange={onChange}
        filterOptions={{ category: [{ value: 'Billing', label: 'Billing' }, { value: 'Shipping', label: 'Shipping' }] }}
      />,
    );
    expect(screen.getByRole('list', { name: 'Selected filters' }).textContent).toContain('Billing');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Shipping' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...query, filters: { category: ['Billing', 'Shipping'] } });
    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...query, filters: {} });
  });

  it('closes an open filter on Escape, on a click outside, on opening another and after Clear all', () => {
    const query: ReportQuery = { ...DEFAULT_REPORT_QUERY, filters: { category: ['Billing'] } };
    render(<ReportControls query={query} onChange={() => undefined} filterOptions={{ category: [{ value: 'Billing', label: 'Billing' }] }} />);
    const filter = (param: string) => document.querySelector(`details[data-filter="${param}"]`) as HTMLDetailsElement;
    const open = (param: string) => fireEvent.click(filter(param).querySelector('summary')!);
    open('category');
    expect(filter('category').open).toBe(true);
    fireEvent.keyDown(screen.getByRole('checkbox', { name: 'Billing' }), { key: 'Escape' });
    expect(filter('category').open).toBe(false);
    open('category');
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Period' }));
    expect(filter('category').open).toBe(false);
    open('category');
    open('open_source');
    expect([filter('category').open, filter('open_source').open]).toEqual([false, true]);
    fireEvent.mouseDown(screen.getByRole('button', { name: 'Clear all' }));
    open('category');
    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(filter('category').open).toBe(false);
  });

  it('switches to business hours and to custom dates', () => {
    const onChange = vi.fn();
    render(<ReportControls query={DEFAULT_REPORT_QUERY} onChange={onChange} filterOptions={{}} />);
    fireEvent.click(screen.getByRole('switch', { name: 'Business hours' }));
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_REPORT_QUERY, hours: 'business' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Period' }), { target: { value: 'custom' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-15' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_REPORT_QUERY, period: { from: '2026-11-01', to: '2026-11-15' } });
  });
});

describe('conversation list', () => {
  function listApi(total: number) {
    const rows = Array.from({ length: total }, (_, i) =>
      closedConversation({ conversation_id: `c-${i + 1}`, contact_name: `Contact ${i + 1}` }),
    );
    const list = vi.fn<ApiClient['list']>(async (_query, page) => {
      const start = Number(page.cursor ?? 0);
      const next = start + page.limit < total ? String(start + page.limit) : null;
      return { rows: rows.slice(start, start + page.limit), total, next_cursor: next };
    });
    return { list, api: { list } as unknown as ApiClient };
  }

  it('pages with the server’s cursor and says which rows it shows', async () => {
    const { list, api } = listApi(120);
    render(<ConversationList api={api} query={DEFAULT_REPORT_QUERY} />);
    expect(await screen.findByText('Showing 1–50 of 120')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(51); // header + 50
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Showing 51–100 of 120')).toBeTruthy();
    expect(list).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, { limit: 50, cursor: '50', sort: 'closed_at', order: 'desc' });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Showing 101–120 of 120')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('Showing 51–100 of 120')).toBeTruthy();
    // Four renders of 50 rows of every §3 column: seconds on a loaded 2-core machine.
  }, 20_000);

  it('sorts by a column, then reverses it, starting again from the first page', async () => {
    const { list, api } = listApi(3);
    render(<ConversationList api={api} query={DEFAULT_REPORT_QUERY} />);
    await screen.findByText('Showing 1–3 of 3');
    fireEvent.click(screen.getByRole('button', { name: 'Resolution time' }));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, { limit: 50, cursor: null, sort: 'resolution_time_ms', order: 'desc' }));
    fireEvent.click(screen.getByRole('button', { name: /Resolution time/ }));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(DEFAULT_REPORT_QUERY, { limit: 50, cursor: null, sort: 'resolution_time_ms', order: 'asc' }));
    expect(screen.getByRole('columnheader', { name: /Resolution time/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('shows each conversation’s figures', async () => {
    const { api } = listApi(1);
    render(<ConversationList api={api} query={DEFAULT_REPORT_QUERY} />);
    const row = await screen.findByRole('row', { name: /Contact 1/ });
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 5)).toEqual(['c-1', '42', 'Contact 1', 'Returning', 'Jul 2, 2026, 08:00']);
    expect(cells).toContain('01:02:03'); // resolution time
    expect(cells).toContain('Shipping');
    // The seed's columns: closed-by team, contact ID and the three assignment/response timestamps.
    const header = screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, '').trim());
    const row0 = closedConversation();
    for (const [name, value] of [
      ['Contact ID', row0.contact_id],
      ['Closed by team', row0.closed_by_team?.name],
      ['First assigned at', 'Jul 28, 2026, 10:03'], // 2026-07-28T10:03:55 in the fixture
      ['First response at', 'Jul 28, 2026, 10:04'],
      ['Last assigned at', 'Jul 28, 2026, 10:03'],
    ] as const) {
      expect(header, name).toContain(name);
      expect(cells[header.indexOf(name)], name).toBe(value);
    }
    // The conversation column stays put while the table scrolls.
    expect(within(row).getAllByRole('cell')[0]!.classList.contains('sticky')).toBe(true);
  });

  it('says when no conversation matches', async () => {
    const { api } = listApi(0);
    render(<ConversationList api={api} query={DEFAULT_REPORT_QUERY} />);
    expect(await screen.findByText('The selected filters have no applicable data')).toBeTruthy();
  });
});
