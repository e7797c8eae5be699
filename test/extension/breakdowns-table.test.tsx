/** @jsxImportSource preact */
// The report's breakdown sections read shared/breakdowns.ts: a breakdown added there (here
// "closed by channel", with its heading and items column in the catalogue) gets its own section,
// in the table's order, its items named as the entry says, with no other edit.
// test/worker/breakdowns-table.node.test.ts follows the same entry through the worker.
import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/breakdowns', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/breakdowns')>();
  const { closedByChannel } = await import('../fixtures/breakdown-closed-by-channel');
  return { ...actual, BREAKDOWNS: [...actual.BREAKDOWNS, closedByChannel] };
});

const { formatPercent, setCatalogue } = await import('../../extension/i18n');
const { ReportComponentsView } = await import('../../extension/components/report/ReportView');
const { BREAKDOWN_KEYS } = await import('../../extension/view-models/report');
const { breakdownItemDrill } = await import('../../extension/view-models/drill-down');
const { catalogueOf } = await import('./i18n');
const { weekReport } = await import('./fixtures/conversations');

describe('a breakdown added to shared/breakdowns.ts', () => {
  it('is a section of the report, after the others, named from the catalogue, its items by their names', () => {
    // The catalogue entries an added breakdown brings (extension/locales/*.yml).
    setCatalogue('es', {
      ...catalogueOf('es'),
      component_closed_by_channel: { message: 'Cerradas por canal' },
      breakdown_closed_by_channel: { message: 'Canal' },
    });
    expect(BREAKDOWN_KEYS.at(-1)).toBe('closed_by_channel');
    const report = weekReport();
    // 3 closed on WhatsApp, 1 opened by a user (no channel): 75% and 25%.
    (report.components as Record<string, unknown>).closed_by_channel = {
      status: 'ok',
      total: 4,
      items: [
        { key: 'wa', label: 'WhatsApp', count: 3, percent: 75 },
        { key: 'none', label: '-', count: 1, percent: 25 },
      ],
      series: [],
    };
    render(<ReportComponentsView report={report} />);
    const section = screen.getByRole('region', { name: 'Cerradas por canal' });
    const sections = [...document.querySelectorAll('section[data-component]')].map((s) => s.getAttribute('data-component'));
    expect(sections.indexOf('closed_by_channel')).toBe(sections.indexOf('closed_by_contact_type') + 1);
    expect(within(section).getByRole('columnheader', { name: 'Canal' })).toBeTruthy();
    const rows = within(section).getAllByRole('row').slice(1, -1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      // Spanish writes "75 %" (with a no-break space).
      ['WhatsApp', '3', formatPercent(75)],
      ['-', '1', formatPercent(25)],
    ]);
    // A click on an item lists the conversations closed in the period on that channel (product.md §8).
    expect(breakdownItemDrill('closed_by_channel' as never, { key: 'wa', label: 'WhatsApp' })).toEqual({
      basis: 'closed',
      filter: { param: 'open_channel', value: 'wa', label: 'WhatsApp' },
    });
  });
});
