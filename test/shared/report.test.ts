import { describe, expect, it } from 'vitest';
import {
  componentApplies,
  FILTER_PARAMS,
  FILTERS,
  FIRST_RESPONSE_BUCKETS,
  firstResponseBucket,
  LIST_SORT_COLUMNS,
  REPORT_COMPONENTS,
  summarize,
  type ReportComponentKey,
} from '../../shared/report';
import { parseListQuery, parseReportQuery } from '../../shared/report-query';

const at = (iso: string): number => Date.parse(iso);
// Saturday 2026-11-21, 09:00 in Mexico City (-06:00).
const NOW = at('2026-11-21T15:00:00Z');
const WORKSPACE = { timezone: 'America/Mexico_City' };

describe('filters and components (product.md §4)', () => {
  it('lists the twelve filters in spec order, with labels and sides', () => {
    expect(FILTERS.map((f) => f.param)).toEqual([...FILTER_PARAMS]);
    expect(FILTER_PARAMS).toHaveLength(12);
    expect(FILTERS.filter((f) => f.side === 'opened').map((f) => f.param)).toEqual([
      'open_channel',
      'open_source',
      'contact_type',
      'contact',
      'conversation_id',
    ]);
    expect(FILTERS.slice(0, 3).map((f) => f.label)).toEqual(['Closed source', 'First assignee', 'First response by']);
  });

  it('lists the components with their headings', () => {
    expect(REPORT_COMPONENTS.map((c) => [c.key, c.heading, c.countsBy])).toEqual([
      ['summary', 'Opened vs closed', 'both'],
      ['opened_heatmap', 'Opened heatmap', 'opened'],
      ['closed_heatmap', 'Closed heatmap', 'closed'],
      ['opened_by_contact_type', 'Opened by contact type', 'opened'],
      ['opened_by_source', 'Opened by source', 'opened'],
      ['opened_by_channel', 'Opened by channel', 'opened'],
      ['closed_by_category', 'Closed by category', 'closed'],
      ['closed_by_source', 'Closed by source', 'closed'],
      ['closed_by_contact_type', 'Closed by contact type', 'closed'],
      ['timings', 'Timings', 'closed'],
      ['conversation_list', 'Conversation list', 'closed'],
    ]);
  });

  it.each<[ReportComponentKey, Parameters<typeof componentApplies>[1], boolean]>([
    ['summary', {}, true],
    ['summary', { open_channel: ['whatsapp'], contact_type: ['new'] }, true],
    // The summary counts closed conversations too, but accepts only opened-side filters (seed 000).
    ['summary', { category: ['billing'] }, false],
    ['opened_heatmap', { conversation_id: ['c1'] }, true],
    ['opened_heatmap', { first_assignee: ['u1'] }, false],
    ['opened_by_source', { open_source: ['contact'], closed_by_team: ['t1'] }, false],
    ['closed_heatmap', { first_assignee: ['u1'], open_channel: ['whatsapp'] }, true],
    ['closed_by_category', { category: ['billing'] }, true],
    ['timings', { closed_source: ['bot'] }, true],
    ['conversation_list', { last_assignee: ['u2'] }, true],
    // An empty selection is no selection.
    ['opened_by_channel', { category: [] }, true],
  ])('%s with %j applies: %s', (component, filters, applies) => {
    expect(componentApplies(component, filters)).toBe(applies);
  });
});

describe('parseReportQuery (api.md "Reports")', () => {
  it('defaults to the last 7 days in the workspace zone, calendar hours, no filters', () => {
    const result = parseReportQuery({}, WORKSPACE, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.period).toMatchObject({ from: '2026-11-15', to: '2026-11-21', tz: 'America/Mexico_City', bucket: 'day' });
    expect(result.value.filters).toEqual({});
    expect(result.value.hours).toBe('calendar');
  });

  it('takes a preset, another zone and business hours', () => {
    const result = parseReportQuery({ preset: 'today', tz: 'Asia/Kolkata', hours: 'business' }, WORKSPACE, NOW);
    expect(result.ok && result.value).toMatchObject({
      // 15:00Z is 20:30 in Kolkata: today there is the 21st too, from 2026-11-20T18:30Z.
      period: { from: '2026-11-21', to: '2026-11-21', tz: 'Asia/Kolkata', bucket: 'hour', startMs: at('2026-11-20T18:30:00Z') },
      hours: 'business',
    });
  });

  it('takes an inclusive custom range, up to 366 days', () => {
    const week = parseReportQuery({ from: '2026-11-01', to: '2026-11-07' }, WORKSPACE, NOW);
    expect(week.ok && week.value.period).toMatchObject({ from: '2026-11-01', to: '2026-11-07', endMs: at('2026-11-08T06:00:00Z') });
    // 2024 is a leap year: 2024-01-01..2024-12-31 is 366 days.
    expect(parseReportQuery({ from: '2024-01-01', to: '2024-12-31' }, WORKSPACE, NOW).ok).toBe(true);
  });

  it('splits filter values on commas: trimmed, empties dropped, duplicates removed', () => {
    const result = parseReportQuery(
      { open_channel: ' whatsapp, telegram,,whatsapp ', contact: 'Ana López', category: ' , ', contact_type: 'new' },
      WORKSPACE,
      NOW,
    );
    expect(result.ok && result.value.filters).toEqual({
      open_channel: ['whatsapp', 'telegram'],
      contact: ['Ana López'],
      contact_type: ['new'],
    });
  });

  it('accepts the list parameters alongside (parsed by parseListQuery)', () => {
    expect(parseReportQuery({ limit: '10', cursor: 'abc', sort: 'opened_at', order: 'asc' }, WORKSPACE, NOW).ok).toBe(true);
  });

  it('treats an empty parameter as absent', () => {
    const result = parseReportQuery({ preset: '', tz: '', hours: '' }, WORKSPACE, NOW);
    expect(result.ok && result.value.period).toMatchObject({ from: '2026-11-15', tz: 'America/Mexico_City' });
  });

  it.each([
    // [what, params, the parameter named, words in the message]
    ['an unknown preset', { preset: 'last_week' }, 'preset', /unknown preset "last_week".*last_7_days/],
    ['a preset with a range', { preset: 'today', from: '2026-11-01', to: '2026-11-02' }, 'preset', /either preset or from and to/],
    ['a malformed from', { from: '2026-11-1', to: '2026-11-02' }, 'from', /expected YYYY-MM-DD/],
    ['an impossible to', { from: '2026-02-01', to: '2026-02-30' }, 'to', /2026-02-30 is not a calendar date/],
    ['to before from', { from: '2026-11-10', to: '2026-11-09' }, 'to', /before from/],
    ['from without to', { from: '2026-11-10' }, 'to', /to is required/],
    ['to without from', { to: '2026-11-10' }, 'from', /from is required/],
    // 2025-01-01..2026-01-02 is 367 days.
    ['a range over 366 days', { from: '2025-01-01', to: '2026-01-02' }, 'to', /367 days; at most 366/],
    ['an unknown zone', { tz: 'Mexico/Ciudad' }, 'tz', /unknown time zone "Mexico\/Ciudad"/],
    ['an offset as a zone', { tz: '-06:00' }, 'tz', /IANA/],
    ['bad hours', { hours: 'office' }, 'hours', /expected calendar or business/],
    ['an unknown contact type', { contact_type: 'new,vip' }, 'contact_type', /"vip".*new, returning/],
    ['an unknown open source', { open_source: 'contact,bot' }, 'open_source', /"bot"/],
    ['an unknown closed source', { closed_source: 'agent' }, 'closed_source', /"agent".*auto_close/],
    ['too many values', { contact: Array.from({ length: 101 }, (_, i) => `c${i}`).join(',') }, 'contact', /at most 100/],
    ['an unknown parameter', { now: '2026-11-21' }, 'now', /unknown parameter; accepted parameters are: preset, from, to, tz, hours, closed_source/],
  ])('%s → an issue at its parameter', (_what, params, path, message) => {
    const result = parseReportQuery(params, WORKSPACE, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toBe(path);
    expect(result.issues[0]!.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const result = parseReportQuery({ preset: 'soon', tz: 'Nowhere', hours: 'x', colour: 'red' }, WORKSPACE, NOW);
    expect(result.ok === false && result.issues.map((i) => i.path).sort()).toEqual(['colour', 'hours', 'preset', 'tz']);
  });
});

describe('parseListQuery', () => {
  it('defaults to 50 rows by closed_at descending, from the start', () => {
    expect(parseListQuery({ preset: 'today' })).toEqual({ ok: true, value: { basis: 'closed', bucket: null, weekday: [], hour: [], missedTarget: [], agent: [], limit: 50, cursor: null, sort: 'closed_at', order: 'desc' } });
  });

  it('lists opened conversations newest opened first with basis=opened, and takes a bucket, weekdays and hours', () => {
    expect(parseListQuery({ basis: 'opened', bucket: '2026-11-20', weekday: '0,6', hour: '23' })).toMatchObject({
      ok: true,
      value: { basis: 'opened', bucket: '2026-11-20', weekday: [0, 6], hour: [23], sort: 'opened_at', order: 'desc' },
    });
  });

  it('takes its parameters', () => {
    expect(
      parseListQuery({ limit: '500', cursor: 'eyJrIjoxfQ', sort: 'first_response_time_ms', order: 'asc', missed_target: 'resolution, first_response', agent: 'u-1,u-2' }),
    ).toEqual({
      ok: true,
      value: { basis: 'closed', bucket: null, weekday: [], hour: [], missedTarget: ['resolution', 'first_response'], agent: ['u-1', 'u-2'], limit: 500, cursor: 'eyJrIjoxfQ', sort: 'first_response_time_ms', order: 'asc' },
    });
    expect(LIST_SORT_COLUMNS).toEqual(expect.arrayContaining(['closed_at', 'resolution_time_ms', 'contact_name', 'conversation_id', 'responses']));
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ sort: 'colour' }, 'sort'],
    [{ order: 'up' }, 'order'],
    [{ missed_target: 'first_response,speed' }, 'missed_target'],
    [{ basis: 'open' }, 'basis'],
    [{ weekday: '7' }, 'weekday'],
    [{ hour: '24' }, 'hour'],
    [{ hour: '-1' }, 'hour'],
  ])('%j → an issue at %s', (params, path) => {
    const result = parseListQuery(params);
    expect(result.ok === false && result.issues.map((i) => i.path)).toEqual([path]);
  });
});

describe('first-response-time buckets (product.md §6)', () => {
  it('has the seven buckets in order', () => {
    expect(FIRST_RESPONSE_BUCKETS.map((b) => `${b.key} ${b.label}`)).toEqual([
      'lt_30s <30s',
      '30s_2m 30s–2m',
      '2m_5m 2–5m',
      '5m_10m 5–10m',
      '10m_30m 10–30m',
      '30m_1h 30m–1h',
      'gt_1h >1h',
    ]);
  });

  it.each([
    [null, null],
    [0, 'lt_30s'],
    [29_999, 'lt_30s'],
    [30_000, '30s_2m'], // a bound belongs to the bucket above
    [119_999, '30s_2m'],
    [120_000, '2m_5m'],
    [300_000, '5m_10m'],
    [599_999, '5m_10m'],
    [600_000, '10m_30m'],
    [1_800_000, '30m_1h'],
    [3_599_999, '30m_1h'],
    [3_600_000, 'gt_1h'],
    [86_400_000 * 3, 'gt_1h'],
    [-500, 'lt_30s'], // clock skew between sources
  ])('%s ms → %s', (ms, key) => {
    expect(firstResponseBucket(ms)).toBe(key);
  });
});

describe('summarize: exact avg, median and p90', () => {
  it.each([
    // [values, avg, median, p90, count]
    [[], null, null, null, 0],
    [[null, undefined], null, null, null, 0], // missing metrics are not zeros
    [[42_000], 42_000, 42_000, 42_000, 1],
    // Sorted 1..5 s: mean 3 s, middle 3 s; rank ⌈0.9 × 5⌉ = 5 → 5 s.
    [[5_000, 1_000, 4_000, 2_000, 3_000], 3_000, 3_000, 5_000, 5],
    // Even count: median = (2 s + 3 s) / 2; rank ⌈0.9 × 4⌉ = 4.
    [[4_000, 1_000, 3_000, 2_000], 2_500, 2_500, 4_000, 4],
    // 1..10 s: rank ⌈0.9 × 10⌉ = 9 → 9 s (not 10 s, not an interpolated 9.1 s).
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1_000), 5_500, 5_500, 9_000, 10],
    // 1..10 s and a 1,000 s outlier: mean (55 + 1_000) s / 11 = 95.909… s, median the 6th = 6 s,
    // p90 rank ⌈9.9⌉ = 10 → 10 s. One outlier moves the mean, not the median.
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1_000].map((s) => s * 1_000), 95_909, 6_000, 10_000, 11],
    // Rounded to whole ms: mean 4_002 / 4 = 1_000.5 → 1_001; median (1_000 + 1_001) / 2 = 1_000.5 → 1_001.
    [[1_000, 1_001, 999, 1_002, null], 1_001, 1_001, 1_002, 4],
    // mean 3_001 / 3 = 1_000.33… → 1_000.
    [[1_000, 1_000, 1_001], 1_000, 1_000, 1_001, 3],
  ])('%j → avg %s, median %s, p90 %s, count %s', (values, avg, median, p90, count) => {
    expect(summarize(values)).toEqual({ avg, median, p90, count });
  });

  it('sorts numerically and leaves the input alone', () => {
    const values = [100_000, 9_000, 20_000];
    expect(summarize(values).median).toBe(20_000);
    expect(values).toEqual([100_000, 9_000, 20_000]);
  });
});
