// What a Conversations report request asks for (api.md, Reports): a period, the filters of
// product.md §4 and calendar or business hours. Kept as plain data so it can be stored
// (storage.ts: reportQueryItem) and shared by the popup and the full-page report.
import type { DrillDown } from './view-models/drill-down';

/** A preset period (`today`, `last_7_days`, …) or an inclusive range of dates (YYYY-MM-DD). */
export type ReportPeriod = { preset: string } | { from: string; to: string };

export interface ReportQuery {
  period: ReportPeriod;
  /** Filter parameter → selected values (OR within a filter, AND across filters). */
  filters: Record<string, string[]>;
  hours: 'calendar' | 'business';
}

export const DEFAULT_REPORT_QUERY: ReportQuery = {
  period: { preset: 'last_7_days' },
  filters: {},
  hours: 'calendar',
};

/** The query string every report endpoint shares: period, filters (comma-separated), hours. */
export function reportSearchParams(query: ReportQuery): URLSearchParams {
  const params = new URLSearchParams();
  if ('preset' in query.period) {
    params.set('preset', query.period.preset);
  } else {
    params.set('from', query.period.from);
    params.set('to', query.period.to);
  }
  for (const [param, values] of Object.entries(query.filters)) {
    const selected = values.map((v) => v.trim()).filter((v) => v !== '');
    if (selected.length > 0) params.set(param, selected.join(','));
  }
  if (query.hours === 'business') params.set('hours', 'business');
  return params;
}

/** How many filter values are selected in all. */
export function selectedFilterCount(query: ReportQuery): number {
  return Object.values(query.filters).reduce((n, values) => n + values.length, 0);
}

/** Paging and order of the conversation list. */
export interface ListPage {
  limit: number;
  cursor?: string | null;
  sort?: string;
  order?: 'asc' | 'desc';
  /** Only the conversations this user took part in (api.md list `agent=`; the Team tab's drill-down). */
  agent?: string | null;
  /** What was clicked on the report (product.md §8): view-models/drill-down.ts. */
  drill?: DrillDown | null;
}
