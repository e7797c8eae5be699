// The figures the views show, computed from API responses by hand.
import { formatDuration, formatPercent } from '../../extension/i18n';
import { useLanguage } from './i18n';
import { describe, expect, it } from 'vitest';
import { liveTiles } from '../../extension/components/LiveDashboard';
import { conversationView, pastConversations } from '../../extension/view-models/conversation';
import { heatLevel, heatScale, hourRange } from '../../extension/view-models/heatmap';
import { channelLabel, formatWorkspaceDate, formatWorkspaceDateTime } from '../../extension/view-models/labels';
import {
  breakdownRows,
  breakdownSeries,
  bucketLabel,
  comparisonText,
  filterOptions,
  firstResponseBucketRows,
  listColumns,
  summaryFigures,
  timingRows,
} from '../../extension/view-models/report';
import { effectiveTarget, headerBadgeView, rowBadgeView, waitTone } from '../../extension/view-models/wait';
import { closedConversation, openConversation, weekReport } from './fixtures/conversations';

const FIVE_MINUTES = 300_000;

describe('waits against a 5-minute first-response target', () => {
  it.each([
    [0, 'within'],
    [239_999, 'within'], // under 80% of 5:00 (4:00)
    [240_000, 'close'],
    [300_000, 'close'], // exactly on target is still within it
    [300_001, 'over'],
    [null, 'neutral'],
  ] as const)('%s ms → %s', (ms, tone) => {
    expect(waitTone(ms, FIVE_MINUTES)).toBe(tone);
  });

  it('uses 5 minutes while the workspace has no target', () => {
    expect(effectiveTarget(null)).toBe(FIVE_MINUTES);
    expect(effectiveTarget(120_000)).toBe(120_000);
  });
});

describe('header badge', () => {
  it('shows the current wait, ticking from the server’s answer', () => {
    // 2:05 waited at `now`, 5 s later: 2:10, within 5:00.
    expect(headerBadgeView(openConversation(), 5_000, FIVE_MINUTES)).toEqual({
      label: 'Waiting',
      value: '02:10',
      tone: 'within',
    });
  });

  it('turns red once the wait passes the target', () => {
    // 2:05 + 3:00 = 5:05 > 5:00.
    const view = headerBadgeView(openConversation(), 180_000, FIVE_MINUTES);
    expect([view.value, view.tone]).toEqual(['05:05', 'over']);
  });

  it('shows the time since the first response when nobody waits, coloured by that response', () => {
    // First response 10:04:41, now 10:22:05 → 17:24; it took 6:29, over 5:00.
    const view = headerBadgeView(openConversation({ waiting_since: null, current_wait_ms: null }), 0, FIVE_MINUTES);
    expect(view).toEqual({ label: 'Since first response', value: '17:24', tone: 'over' });
  });

  it('shows how long a closed conversation took, not growing any more', () => {
    const { now: _now, ...rest } = openConversation();
    const view = headerBadgeView({ ...closedConversation(), now: rest.opened_at }, 60_000, FIVE_MINUTES);
    expect(view).toEqual({ label: 'Closed, resolved in', value: '01:02:03', tone: 'neutral' });
  });

  it('gives list rows a badge only while someone waits', () => {
    expect(rowBadgeView(openConversation(), 1_000, FIVE_MINUTES)).toEqual({ value: '02:06', tone: 'within' });
    expect(rowBadgeView(openConversation({ current_wait_ms: null }), 1_000, FIVE_MINUTES)).toBeNull();
    expect(rowBadgeView(closedConversation(), 1_000, FIVE_MINUTES)).toBeNull();
  });
});

describe('side panel figures', () => {
  it('labels every figure of an open conversation in the product’s words', () => {
    const view = conversationView(openConversation(), 10_000, FIVE_MINUTES);
    expect(view.title).toBe('Jane Doe');
    expect(Object.fromEntries(view.rows.map((r) => [r.label, r.value]))).toEqual({
      Status: 'Open',
      'Opened at': 'Jul 28, 2026, 09:58 (UTC+00:00)',
      'Opened by': 'Contact',
      Channel: 'Website',
      Assignee: 'Carlos Ruiz',
      'Time open': '24:03', // 23:53 + 0:10
      'Current wait': '02:15', // 2:05 + 0:10
      'First response time': '06:29',
      'Time to first assignment': '05:43',
      Assignments: '1',
      'Incoming messages': '2',
      'Outgoing messages': '1',
      Responses: '1',
      'Average response time': '06:29',
    });
  });

  it('counts the elapsed time while no one has answered yet', () => {
    const view = conversationView(
      openConversation({ first_response_at: null, first_response_time_ms: null, time_open_ms: 250_000 }),
      0,
      FIVE_MINUTES,
    );
    const row = view.rows.find((r) => r.label === 'First response time');
    expect(row).toEqual({ label: 'First response time', value: 'Waiting for first response · 04:10', tone: 'close' });
    // 5:00 target − 4:10 open = 0:50 left; 70 s later it is 0:20 over.
    expect(view.rows.find((r) => r.label === 'First-response target')?.value).toBe('00:50 left');
    const later = conversationView(openConversation({ first_response_at: null, first_response_time_ms: null, time_open_ms: 250_000 }), 70_000, FIVE_MINUTES);
    expect(later.rows.find((r) => r.label === 'First-response target')).toEqual({ label: 'First-response target', value: 'over by 00:20', tone: 'over' });
  });

  it('writes the side panel’s times with their zone', () => {
    const view = conversationView(openConversation({ opened_at: '2026-11-21T09:58:12-06:00' }), 0, FIVE_MINUTES);
    expect(view.rows.find((r) => r.label === 'Opened at')?.value).toBe('Nov 21, 2026, 09:58 (UTC−06:00)');
  });

  it('shows "-" for time to first assignment when the assignee was carried over, and "Unassigned" after an unassignment', () => {
    const view = conversationView(openConversation({ assignee_carried_over: true, last_assignee: null }), 0, FIVE_MINUTES);
    const values = Object.fromEntries(view.rows.map((r) => [r.label, r.value]));
    expect(values['Time to first assignment']).toBe('-');
    expect(values.Assignee).toBe('Unassigned');
  });

  it('lists the contact’s closed conversations without the one on screen', () => {
    const all = [{ ...openConversation() }, closedConversation(), closedConversation({ conversation_id: 'cw-50-1', category: null, summary: null, resolution_time_ms: 59_000, closed_at: '2026-06-30T23:59:00-05:00' })];
    expect(pastConversations(all, 'cw-128-1')).toEqual([
      { id: 'cw-97-1', closedOn: 'Jul 2, 2026', category: 'Shipping', summary: 'Parcel delayed at customs; tracking link sent.', resolutionTime: '01:02:03' },
      { id: 'cw-50-1', closedOn: 'Jun 30, 2026', category: '-', summary: null, resolutionTime: '00:59' },
    ]);
  });

  it('reads timestamps as the workspace’s wall clock', () => {
    expect(formatWorkspaceDateTime('2026-11-21T09:05:12-06:00')).toBe('Nov 21, 2026, 09:05');
    expect(formatWorkspaceDateTime('2026-03-29T01:30:00+05:30')).toBe('Mar 29, 2026, 01:30');
    expect(formatWorkspaceDate('2026-01-01T00:00:00+14:00')).toBe('Jan 1, 2026');
    expect(formatWorkspaceDateTime(null)).toBe('-');
  });

  it('writes dates and durations in the chosen language', () => {
    useLanguage('es');
    // The same wall clock, Spanish month and order; a day past 24 h with the Spanish unit.
    expect(formatWorkspaceDateTime('2026-11-21T09:05:12-06:00')).toBe('21 nov 2026, 09:05');
    expect(formatWorkspaceDate('2026-01-01T00:00:00+14:00')).toBe('1 ene 2026');
    expect(formatDuration(86_400_000 + 126_000)).toBe('1 d 00:02:06'); // 1 day + 2 min 6 s
    expect(formatPercent(17.8)).toBe('17,8\u00a0%'); // Spanish puts a no-break space before %
    useLanguage('en');
    expect(formatDuration(86_400_000 + 126_000)).toBe('1d 00:02:06');
    expect(formatPercent(17.8)).toBe('17.8%');
  });
});

describe('heatmap scale', () => {
  it.each([
    [10, ['0', '1–3', '4–5', '6–8', '9–10']],
    [4, ['0', '1', '2', '3', '4']],
    [2, ['0', '1', '2']],
    [0, ['0']],
  ])('largest value %i → legend %j', (max, labels) => {
    expect(heatScale(max).map((l) => l.label)).toEqual(labels);
  });

  it.each([
    [0, 10, 0],
    [1, 10, 1],
    [3, 10, 1],
    [4, 10, 2],
    [9, 10, 4],
    [10, 10, 4],
    [2, 2, 2],
  ])('%i of max %i is level %i', (value, max, level) => {
    expect(heatLevel(value, max)).toBe(level);
  });

  it('names hours as ranges', () => {
    expect(hourRange(9)).toBe('09:00–10:00');
    expect(hourRange(23)).toBe('23:00–00:00');
  });
});

describe('report figures', () => {
  it.each([
    [120, 101, '+19% vs previous period (101)'],
    [95, 95, 'no change vs previous period (95)'],
    [50, 100, '-50% vs previous period (100)'],
    [3, 0, 'new vs previous period (0)'],
  ])('%i against %i → %s', (current, previous, text) => {
    expect(comparisonText(current, previous)).toBe(text);
  });

  it('labels breakdown keys and spreads the series over the range’s buckets', () => {
    const report = weekReport();
    const bySource = report.components.opened_by_source;
    if (bySource.status !== 'ok') throw new Error('fixture');
    expect(breakdownRows('opened_by_source', bySource)).toEqual([
      { key: 'contact', label: 'Contact', count: 6, percent: '85.7%' },
      { key: 'api', label: 'Developer API', count: 1, percent: '14.3%' },
    ]);
    const byType = report.components.opened_by_contact_type;
    if (byType.status !== 'ok') throw new Error('fixture');
    expect(breakdownSeries('opened_by_contact_type', byType, report.range.buckets)).toEqual({
      labels: ['Nov 15', 'Nov 16'],
      series: [
        { label: 'New', values: [2, 2] },
        { label: 'Returning', values: [1, 2] },
      ],
    });
  });

  it('gives every duration its average with median and p90', () => {
    const timings = weekReport().components.timings;
    if (timings.status !== 'ok') throw new Error('fixture');
    const rows = timingRows(timings);
    expect(rows.map((r) => r.label)).toEqual([
      'Time to first assignment',
      'First response time',
      'First assignment to first response',
      'Last assignment to response',
      'Resolution time',
      'First assignment to close',
      'Last assignment to close',
      'Average response time',
      'Bot time',
    ]);
    // 1,000,000 ms = 16 min 40 s; 150,000 = 2:30; 3,700,000 = 1 h 1 min 40 s.
    expect(rows[1]).toMatchObject({ average: '16:40', median: '02:30', p90: '01:01:40', count: 4 });
    expect(rows[2]).toMatchObject({ average: '-', median: '-', p90: '-', count: 0 });
    // 90,061,000 ms = 1 day 1 h 1 min 1 s.
    expect(rows[4]?.p90).toBe('1d 01:01:01');
  });

  it('lists the first-response buckets in order, with the empty ones', () => {
    const timings = weekReport().components.timings;
    if (timings.status !== 'ok') throw new Error('fixture');
    expect(firstResponseBucketRows(timings.first_response_buckets).map((b) => `${b.label} ${b.count}`)).toEqual([
      '<30s 1',
      '30s–2m 0',
      '2–5m 2',
      '5–10m 0',
      '10–30m 0',
      '30m–1h 0',
      '>1h 1',
    ]);
  });

  it.each([
    ['2026-11-15', 'Nov 15'],
    ['2026-11-15T09:00:00-06:00', '09:00'],
    ['09', '09:00'],
  ])('bucket %s reads %s', (bucket, label) => {
    expect(bucketLabel(bucket)).toBe(label);
  });

  it('names the breakdowns\' "-" channel in the filter, as the API understands it', () => {
    const options = filterOptions({ categories: [], rows: [], channels: [{ key: 'none', label: '-' }] });
    expect(options.open_channel).toEqual([{ value: 'none', label: 'No channel (opened by a user)' }]);
  });

  it('compares like with like, and says when there is no earlier data', () => {
    const summary = { status: 'ok' as const, opened: 8, closed: 4, previous: { opened: 30, closed: 1 }, series: [] };
    // Today so far (8 opened) against yesterday until this time (10), not all of yesterday (30).
    const soFar = summaryFigures(summary, { opened: 10, closed: 4, basis: 'same_elapsed', earlier_data: true });
    expect(soFar.map((f) => f.comparison)).toEqual(['-20% vs the same part of the previous period (10)', 'no change vs previous period (4)']);
    // A previous period before the workspace's history: no "+2014%".
    const early = summaryFigures(summary, { opened: 30, closed: 1, basis: 'whole_period', earlier_data: false });
    expect(early.map((f) => f.comparison)).toEqual(['no earlier data', 'no earlier data']);
  });

  it('offers the values seen in the data for each filter', () => {
    const options = filterOptions({
      categories: ['Billing'],
      rows: [closedConversation()],
      channels: [{ key: 'wa-1', label: 'WhatsApp' }],
    });
    expect(options.category).toEqual([
      { value: 'Billing', label: 'Billing' },
      { value: 'Shipping', label: 'Shipping' },
      { value: 'none', label: 'No category' },
    ]);
    expect(options.open_channel).toEqual([
      { value: 'wa-1', label: 'WhatsApp' },
      { value: 'inbox-3', label: 'Website' },
      { value: 'none', label: 'No channel (opened by a user)' },
    ]);
    // The API's "unassigned" for an assignment that was an unassignment.
    expect(options.last_assignee).toContainEqual({ value: 'unassigned', label: 'Unassigned' });
    expect(options.first_assignee).toContainEqual({ value: 'unassigned', label: 'Unassigned' });
    expect(options.closed_by_team).toEqual([{ value: '2', label: 'Support' }]);
    expect(options.contact).toEqual([{ value: '42', label: 'Jane Doe (42)' }]);
    expect(options.closed_source?.map((o) => o.label)).toContain('Auto-close');
  });

  it('shows list durations in business hours when the switch is on', () => {
    const row = closedConversation({ business_hours: { ...closedConversation().business_hours, resolution_time_ms: 1_800_000 } });
    const column = listColumns().find((c) => c.key === 'resolution_time_ms')!;
    expect(column.cell(row, 'calendar')).toBe('01:02:03');
    expect(column.cell(row, 'business')).toBe('30:00');
  });
});

describe('live dashboard', () => {
  it('shows the counts and lets the longest wait tick', () => {
    const tiles = liveTiles(
      {
        now: '2026-11-21T10:00:00-06:00',
        open_now: 12,
        unassigned_now: 3,
        waiting_for_first_response_now: 4,
        longest_current_wait_ms: 290_000,
        longest_wait_conversation_id: 'c-9',
        opened_today: 30,
        closed_today: 18,
        first_response_target_ms: 300_000,
      },
      15_000,
    );
    // 4:50 + 0:15 = 5:05, past the 5:00 target.
    expect(tiles).toEqual([
      { label: 'Open now', value: '12' },
      { label: 'Unassigned', value: '3' },
      { label: 'Waiting for first response', value: '4' },
      { label: 'Longest wait', value: '05:05', tone: 'over' },
      { label: 'Opened today', value: '30' },
      { label: 'Closed today', value: '18' },
    ]);
  });
});

describe('channel labels', () => {
  it.each([
    [{ id: 'wa', name: 'WhatsApp Support', type: 'whatsapp' }, 'WhatsApp Support'],
    [{ id: '3', name: null, type: 'web_widget' }, 'Web widget'], // Chatwoot names only the inbox id and kind
    [{ id: '3', name: null, type: null }, '3'],
    [null, '-'],
  ])('%j → %s', (channel, expected) => {
    expect(channelLabel(channel)).toBe(expected);
  });
});
