// The Conversations report's figures as the popup shows them (product.md §4, §6): labels in the
// product's words, durations through the shared formatter, averages with median and p90.
import type { ConversationJson, DurationField, ReportComponents, ReportResponse, StatJson } from '../../shared/api';
import type { CloseSource, OpenSource } from '../../shared/events';
import { BREAKDOWNS, type BreakdownKey } from '../../shared/breakdowns';
import {
  FILTERS,
  FIRST_RESPONSE_BUCKETS,
  LIST_SORT_COLUMNS,
  NONE_VALUES,
  REPORT_COMPONENTS,
  type Filter,
  type FilterDefinition,
  type FilterParam,
  type ReportComponentKey,
} from '../../shared/report';
import { PERIOD_PRESETS } from '../../shared/time';
import { DURATIONS, type Duration } from '../../shared/durations';
import { formatDuration, formatNumber, formatPercent as formatPercentIntl, t } from '../i18n';
import {
  breakdownKeyLabel,
  closeSourceLabel,
  contactTypeLabel,
  vocabularyLabel,
  formatDayMonth,
  formatWorkspaceDate,
  formatWorkspaceDateTime,
  openSourceLabel,
  refLabel,
  channelLabel,
} from './labels';

export interface Option {
  value: string;
  label: string;
}

/** product.md §4 presets, in shared/time.ts's order, in the current language. */
export function periodOptions(): Option[] {
  return PERIOD_PRESETS.map((preset) => ({ value: preset, label: t(`period.${preset}`) }));
}

/** Every filter of product.md §4 (shared/filters.ts): param, label and the side it belongs to. */
export const FILTER_DEFINITIONS: readonly Filter[] = FILTERS;
const FILTER_BY_PARAM = new Map<FilterParam, Filter>(FILTERS.map((f) => [f.param, f]));

/** A period as words: a preset's name, or "Nov 1, 2026 – Nov 15, 2026". */
export function periodLabel(period: { preset: string } | { from: string; to: string }): string {
  if ('preset' in period) {
    const preset = PERIOD_PRESETS.find((p) => p === period.preset);
    return preset ? t(`period.${preset}`) : period.preset;
  }
  return `${formatWorkspaceDate(period.from)} – ${formatWorkspaceDate(period.to)}`;
}

/** A component's heading (shared/report.ts's components), in the current language. */
export function componentHeading(key: ReportComponentKey): string {
  return t(`component.${key}`);
}
void REPORT_COMPONENTS;

/** A filter's name as the seed's filter menu says it. */
export function filterLabel(param: FilterParam): string {
  return t(FILTER_BY_PARAM.get(param)!.labelKey);
}

// ----------------------------------------------------------------------------------------------
// Buckets and series

/** A time-series bucket as an axis label: hours of a single day as `09:00`, days as `15 Nov`. */
export function bucketLabel(bucket: string): string {
  const hour = /T(\d{2})(?::?\d{2})?/.exec(bucket);
  if (hour) return `${hour[1]}:00`;
  if (/^\d{1,2}$/.test(bucket)) return `${bucket.padStart(2, '0')}:00`;
  return formatDayMonth(bucket);
}

export interface SummaryFigure {
  label: string;
  value: number;
  previous: number;
  /** "+19% vs previous period (101)", "no change vs previous period (95)", … */
  comparison: string;
}

/** A figure against the previous period of the same length (product.md §6). */
export function comparisonText(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? t('compare.noChange', { previous: 0 }) : t('compare.new', { previous: 0 });
  const change = Math.round(((current - previous) / previous) * 100);
  if (change === 0) return t('compare.noChange', { previous });
  return t('compare.change', { change: `${change > 0 ? '+' : ''}${formatPercentIntl(change)}`, previous });
}

/**
 * The summary's figures against what the report compares them with (api.md `comparison`): the
 * same elapsed part of the previous period while this one runs, "no earlier data" when the
 * previous period began before the workspace's history; the whole previous period otherwise.
 */
export function summaryFigures(summary: Extract<ReportComponents['summary'], { status: 'ok' }>, comparison?: ReportResponse['comparison']): SummaryFigure[] {
  const compare = (current: number, previous: number): string => {
    if (comparison && !comparison.earlier_data) return t('compare.noEarlierData');
    if (comparison?.basis !== 'same_elapsed' || previous === 0 || current === previous) return comparisonText(current, previous);
    const change = Math.round(((current - previous) / previous) * 100);
    return t('compare.changeSoFar', { change: `${change > 0 ? '+' : ''}${formatPercentIntl(change)}`, previous });
  };
  const opened = comparison?.opened ?? summary.previous.opened;
  const closed = comparison?.closed ?? summary.previous.closed;
  return [
    { label: t('summary.opened'), value: summary.opened, previous: opened, comparison: compare(summary.opened, opened) },
    { label: t('summary.closed'), value: summary.closed, previous: closed, comparison: compare(summary.closed, closed) },
  ];
}

export type { BreakdownKey } from '../../shared/breakdowns';

/** The breakdowns in shared/breakdowns.ts's order. */
export const BREAKDOWN_KEYS: readonly BreakdownKey[] = BREAKDOWNS.map((b) => b.key);

/** A breakdown's heading and its items' column heading, in the current language. */
export function breakdownHeadings(key: BreakdownKey): { title: string; items: string } {
  const breakdown = BREAKDOWNS.find((b) => b.key === key)!;
  return { title: t(breakdown.titleKey), items: t(breakdown.itemsKey) };
}

type BreakdownOk = Extract<ReportComponents['opened_by_source'], { status: 'ok' }>;

export interface BreakdownRow {
  key: string;
  label: string;
  count: number;
  percent: string;
}

export function formatPercent(percent: number): string {
  return formatPercentIntl(percent);
}

export function breakdownRows(component: BreakdownKey, data: BreakdownOk): BreakdownRow[] {
  return data.items.map((item) => ({
    key: item.key,
    label: breakdownKeyLabel(component, item.key, item.label),
    count: item.count,
    percent: formatPercent(item.percent),
  }));
}

/** One series per key (in the items' order), counts per bucket in the range's order. */
export function breakdownSeries(component: BreakdownKey, data: BreakdownOk, buckets: readonly string[]) {
  const byBucket = new Map(data.series.map((s) => [s.bucket, s.counts]));
  const order = buckets.length > 0 ? buckets : data.series.map((s) => s.bucket);
  return {
    labels: order.map(bucketLabel),
    series: breakdownRows(component, data).map((row) => ({
      label: row.label,
      values: order.map((bucket) => byBucket.get(bucket)?.[row.key] ?? 0),
    })),
  };
}

// ----------------------------------------------------------------------------------------------
// Timings

/** product.md §3's durations, in its order: the one table in shared/durations.ts. */
const DURATION_BY_FIELD = new Map<DurationField, Duration>(DURATIONS.map((d) => [d.field, d]));

/** A duration's name in the seed's words. */
export function durationLabel(field: DurationField): string {
  return t(DURATION_BY_FIELD.get(field)!.labelKey);
}

/** What a duration measures: the seed's formula (help in place). */
export function durationFormula(field: DurationField): string {
  return t(DURATION_BY_FIELD.get(field)!.helpKey);
}

export interface TimingRow {
  key: DurationField;
  label: string;
  /** What it measures: the seed's formula. */
  formula: string;
  average: string;
  median: string;
  p90: string;
  count: number;
}

export function timingRows(timings: Record<DurationField, StatJson>): TimingRow[] {
  return DURATIONS.map(({ field: key }) => {
    const stat = timings[key];
    return {
      key,
      label: durationLabel(key),
      formula: durationFormula(key),
      average: formatDuration(stat.avg === null ? null : Math.round(stat.avg)),
      median: formatDuration(stat.median === null ? null : Math.round(stat.median)),
      p90: formatDuration(stat.p90 === null ? null : Math.round(stat.p90)),
      count: stat.count,
    };
  });
}

/** First-response-time buckets (product.md §6) in shared/report.ts's order, the empty ones too. */
export function firstResponseBucketRows(buckets: readonly { key: string; count: number }[]): Array<{ key: string; label: string; count: number }> {
  const counts = new Map(buckets.map((b) => [b.key, b.count]));
  return FIRST_RESPONSE_BUCKETS.map(({ key, label }) => ({ key, label, count: counts.get(key) ?? 0 }));
}

// ----------------------------------------------------------------------------------------------
// Conversation list

export interface ListColumn {
  key: string;
  label: string;
  /** What the column measures (the seed's formula), for durations. */
  help?: string;
  /** Right-aligned numbers and durations. */
  numeric?: boolean;
  cell(row: ConversationJson, hours: 'calendar' | 'business'): string;
}

function duration(field: DurationField) {
  return (row: ConversationJson, hours: 'calendar' | 'business') =>
    formatDuration(hours === 'business' ? row.business_hours[field] : row[field]);
}

const count = (n: number) => formatNumber(n);

/** The list's columns, in the current language: the §3 metrics a table can hold side by side (the CSV has every one). */
export function listColumns(): ListColumn[] {
  const unassigned = t('person.unassigned');
  return [
    { key: 'conversation_id', label: t('column.conversation_id'), cell: (r) => r.conversation_id },
    { key: 'contact_id', label: t('column.contact_id'), cell: (r) => r.contact_id },
    { key: 'contact_name', label: t('column.contact_name'), cell: (r) => r.contact_name ?? r.contact_id },
    { key: 'contact_type', label: t('column.contact_type'), cell: (r) => contactTypeLabel(r.contact_type) },
    { key: 'opened_at', label: t('column.opened_at'), cell: (r) => formatWorkspaceDateTime(r.opened_at) },
    { key: 'open_source', label: t('column.open_source'), cell: (r) => openSourceLabel(r.open_source) },
    { key: 'open_channel', label: t('column.open_channel'), cell: (r) => channelLabel(r.open_channel) },
    { key: 'closed_at', label: t('column.closed_at'), cell: (r) => formatWorkspaceDateTime(r.closed_at) },
    { key: 'closed_source', label: t('column.closed_source'), cell: (r) => closeSourceLabel(r.closed_source) },
    { key: 'closed_by', label: t('column.closed_by'), cell: (r) => refLabel(r.closed_by) },
    { key: 'closed_by_team', label: t('column.closed_by_team'), cell: (r) => refLabel(r.closed_by_team) },
    // The seed's order: first assignment, first response, last assignment, each with its time.
    { key: 'first_assignment_at', label: t('column.first_assignment_at'), cell: (r) => formatWorkspaceDateTime(r.first_assignment_at) },
    { key: 'first_assignee', label: t('column.first_assignee'), cell: (r) => (r.first_assignment_at && !r.first_assignee ? unassigned : refLabel(r.first_assignee)) },
    { key: 'first_response_at', label: t('column.first_response_at'), cell: (r) => formatWorkspaceDateTime(r.first_response_at) },
    { key: 'first_response_by', label: t('column.first_response_by'), cell: (r) => refLabel(r.first_response_by) },
    { key: 'last_assignment_at', label: t('column.last_assignment_at'), cell: (r) => formatWorkspaceDateTime(r.last_assignment_at) },
    { key: 'last_assignee', label: t('column.last_assignee'), cell: (r) => (r.last_assignment_at && !r.last_assignee ? unassigned : refLabel(r.last_assignee)) },
    ...DURATIONS.map(({ field: key }) => ({
      key,
      label: durationLabel(key),
      help: durationFormula(key),
      numeric: true,
      cell: key === 'time_to_first_assignment_ms'
        ? (r: ConversationJson, hours: 'calendar' | 'business') => (r.assignee_carried_over ? '-' : duration(key)(r, hours))
        : duration(key),
    })),
    { key: 'assignments', label: t('column.assignments'), numeric: true, cell: (r) => count(r.assignments) },
    { key: 'incoming_messages', label: t('column.incoming_messages'), numeric: true, cell: (r) => count(r.incoming_messages) },
    { key: 'outgoing_messages', label: t('column.outgoing_messages'), numeric: true, cell: (r) => count(r.outgoing_messages) },
    { key: 'responses', label: t('column.responses'), numeric: true, cell: (r) => count(r.responses) },
    { key: 'category', label: t('column.category'), cell: (r) => r.category ?? '-' },
    { key: 'summary', label: t('column.summary'), cell: (r) => r.summary ?? '-' },
  ];
}

/** Columns the server can sort by (shared/report.ts). */
export const SORTABLE_COLUMNS: ReadonlySet<string> = new Set(LIST_SORT_COLUMNS);

// ----------------------------------------------------------------------------------------------
// Filter values

/**
 * The values offered for each filter: the fixed vocabularies (sources, contact types), the
 * workspace's categories, and the people, teams, channels and contacts seen in the data shown.
 * Any other value can be typed in.
 */
export function filterOptions(input: {
  categories: readonly string[];
  rows: readonly ConversationJson[];
  channels: readonly { key: string; label?: string }[];
}): Record<string, Option[]> {
  const sets: Record<string, Map<string, string>> = {};
  const add = (param: string, value: string | null | undefined, label?: string | null) => {
    if (!value) return;
    const set = (sets[param] ??= new Map());
    if (!set.has(value) || label) set.set(value, label ?? set.get(value) ?? value);
  };
  // The fixed vocabularies of shared/filters.ts, in words.
  for (const f of FILTERS as readonly FilterDefinition[]) {
    if (f.values && f.valueLabels) for (const value of f.values) add(f.param, value, vocabularyLabel(f.valueLabels, value));
  }
  input.categories.forEach((c) => add('category', c));
  input.channels.forEach((c) => add('open_channel', c.key, c.label));
  for (const row of input.rows) {
    add('first_assignee', row.first_assignee?.id, row.first_assignee?.name);
    add('last_assignee', row.last_assignee?.id, row.last_assignee?.name);
    add('first_response_by', row.first_response_by?.id, row.first_response_by?.name);
    add('closed_by_user', row.closed_by?.id, row.closed_by?.name);
    add('closed_by_team', row.closed_by_team?.id, row.closed_by_team?.name);
    add('category', row.category);
    add('open_channel', row.open_channel?.id, row.open_channel?.name);
    add('contact', row.contact_id, row.contact_name ? `${row.contact_name} (${row.contact_id})` : null);
    add('conversation_id', row.conversation_id);
  }
  // The API's words for "none" (api.md filters): offered by name, after any "-" a breakdown gave.
  for (const f of FILTERS) {
    if ('noneLabelKey' in f) add(f.param, NONE_VALUES[f.match.kind], t(f.noneLabelKey));
  }
  return Object.fromEntries(
    Object.entries(sets).map(([param, set]) => [param, Array.from(set, ([value, label]) => ({ value, label }))]),
  );
}
