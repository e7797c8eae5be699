// Drill-down (product.md §8): what a click on the report selects, as the list's parameters
// (api.md list and export: `basis`, `bucket`, `weekday`, `hour`, and the filters), and the chips
// that show it above the list, each of which the user can clear.
import { BREAKDOWNS, type BreakdownKey } from '../../shared/breakdowns';
import type { FilterParam } from '../../shared/filters';
import type { ListBasis } from '../../shared/report';
import { t } from '../i18n';
import { reportSearchParams, type ReportQuery } from '../report-query';
import { hourRange, weekdayNames } from './heatmap';
import { bucketLabel } from './report';

export interface DrillDown {
  /** The side the clicked number counts: conversations opened, or closed, in the period. */
  basis: ListBasis;
  /** A bar: one of the period's `range.buckets`. */
  bucket?: string;
  /** A date × hour cell's row: that date becomes the list's period. */
  date?: string;
  /** A weekday × hour cell's row: 0 = Monday. */
  weekday?: number;
  hour?: number;
  /** A slice, a breakdown row or a breakdown's bar: the filter and the value clicked, with its label. */
  filter?: { param: FilterParam; value: string; label: string };
}

/** A summary bar: dataset 0 is "opened", 1 "closed" (sections.tsx SummarySection). */
export function summaryBarDrill(bucket: string, datasetIndex: number): DrillDown {
  return { basis: datasetIndex === 0 ? 'opened' : 'closed', bucket };
}

/**
 * A breakdown's slice or row: its side, and its key as the breakdown's filter (shared/breakdowns.ts;
 * `none` for "-" and no category, which the filters take as such).
 */
export function breakdownItemDrill(component: BreakdownKey, item: { key: string; label: string }): DrillDown {
  const { side, filter } = BREAKDOWNS.find((b) => b.key === component)!;
  return { basis: side, filter: { param: filter, value: item.key, label: item.label } };
}

/** A breakdown's bar: one key on one bucket. */
export function breakdownBarDrill(component: BreakdownKey, item: { key: string; label: string }, bucket: string): DrillDown {
  return { ...breakdownItemDrill(component, item), bucket };
}

/** A heatmap cell: a weekday row (0 = Monday) or a date row, and the hour column. */
export function heatmapCellDrill(counted: ListBasis, row: { weekday: number } | { date: string }, hour: number): DrillDown {
  return { basis: counted, hour, ...row };
}

/** The report's query with the drill-down's period and filter in place of its own. */
export function drilledQuery(query: ReportQuery, drill: DrillDown | null): ReportQuery {
  if (!drill) return query;
  return {
    ...query,
    period: drill.date ? { from: drill.date, to: drill.date } : query.period,
    filters: drill.filter ? { ...query.filters, [drill.filter.param]: [drill.filter.value] } : query.filters,
  };
}

/** The list's (and the export's) query string for the report's query narrowed by a drill-down. */
export function drillDownSearchParams(query: ReportQuery, drill: DrillDown | null): URLSearchParams {
  const params = reportSearchParams(drilledQuery(query, drill));
  if (!drill) return params;
  // api.md: closed is the list's default basis; it is sent anyway, so the request says what it lists.
  params.set('basis', drill.basis);
  if (drill.bucket !== undefined) params.set('bucket', drill.bucket);
  if (drill.weekday !== undefined) params.set('weekday', String(drill.weekday));
  if (drill.hour !== undefined) params.set('hour', String(drill.hour));
  return params;
}

export type DrillPart = 'basis' | 'bucket' | 'date' | 'weekday' | 'hour' | 'filter';

export interface DrillChip {
  part: DrillPart;
  label: string;
}

/** One chip per part of the drill-down, in reading order. */
export function drillChips(drill: DrillDown): DrillChip[] {
  const chips: DrillChip[] = [{ part: 'basis', label: t(drill.basis === 'opened' ? 'drill.opened' : 'drill.closed') }];
  if (drill.date !== undefined) chips.push({ part: 'date', label: bucketLabel(drill.date) });
  if (drill.bucket !== undefined) {
    // The repeated hour of a fall-back day carries its offset: say which of the two it is.
    const offset = /T\d{2}:\d{2}([+-]\d{2}:\d{2})$/.exec(drill.bucket)?.[1];
    chips.push({ part: 'bucket', label: offset ? `${bucketLabel(drill.bucket)} (${offset})` : bucketLabel(drill.bucket) });
  }
  if (drill.weekday !== undefined) chips.push({ part: 'weekday', label: weekdayNames('long')[drill.weekday] ?? String(drill.weekday) });
  if (drill.hour !== undefined) chips.push({ part: 'hour', label: hourRange(drill.hour) });
  if (drill.filter) chips.push({ part: 'filter', label: `${t(`filter.${drill.filter.param}`)}: ${drill.filter.label}` });
  return chips;
}

/**
 * The drill-down without one part; null once nothing but the basis is left (the basis alone is
 * the whole period, so clearing it, or the last other part, clears the drill-down).
 */
export function withoutPart(drill: DrillDown, part: DrillPart): DrillDown | null {
  if (part === 'basis') return null;
  const next: DrillDown = { ...drill };
  delete next[part];
  const left = (['bucket', 'date', 'weekday', 'hour', 'filter'] as const).some((p) => next[p] !== undefined);
  return left ? next : null;
}
