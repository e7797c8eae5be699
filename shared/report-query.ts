// The report query (api.md "Reports"): ONE zod schema of every parameter the report endpoints
// take (period, zone, hours, every filter of shared/filters.ts, the list's paging, sort and
// person/target filters). Every `/v1/reports/*` route declares it, so it both validates a request
// (each issue at the parameter's name, api.md's error shape) and documents each parameter in
// `GET /v1/openapi.json`; parseReportQuery / parseListQuery then read the valid values into the
// report's terms. Like Umami's `dateRangeParams`/`filterParams`. The worker imports this module;
// the extension never does (zod stays out of its bundles).
import { z } from 'zod';
import { FILTERS, NONE_VALUES, type FilterDefinition, type FilterParam, type ReportFilters } from './filters';
import {
  DEFAULT_LIST_LIMIT,
  HOURS_MODES,
  LIST_BASES,
  LIST_SORT_COLUMNS,
  MAX_FILTER_VALUES,
  MAX_LIST_LIMIT,
  MAX_PERIOD_DAYS,
  MISSED_TARGETS,
  type HoursMode,
  type ListBasis,
  type ListQuery,
  type ListSortColumn,
  type MissedTarget,
  type ReportQuery,
} from './report';
import { dayNumberOf, isValidTimeZone, PERIOD_PRESETS, resolvePeriod, type PeriodPreset, type PeriodSpec } from './time';
import type { ParseResult, ValidationIssue } from './vocabulary';

const MAX_FILTER_VALUE_LENGTH = 200;

const oneOf = (values: readonly string[]): string => values.join(', ');

/** `a, b,,a , c` → `['a', 'b', 'c']`: trimmed, empties dropped, duplicates removed, order kept. */
function splitValues(raw: string): string[] {
  return [...new Set(raw.split(',').map((v) => v.trim()).filter((v) => v !== ''))];
}

/** An empty parameter (`?tz=`) counts as absent, as HTML forms send them. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * One query parameter: an optional string, absent when empty, whose present value `problem`
 * checks (a message, or null when it is fine). The issue's path is the parameter's name.
 */
function parameter(description: string, problem?: (value: string) => string | null) {
  return z
    .string()
    .optional()
    .superRefine((raw, ctx) => {
      const value = present(raw);
      const message = value === undefined || !problem ? null : problem(value);
      if (message !== null) ctx.addIssue({ code: 'custom', message });
    })
    .describe(description);
}

const enumProblem = (name: string, values: readonly string[]) => (value: string) =>
  values.includes(value) ? null : `unknown ${name} "${value}"; expected one of: ${oneOf(values)}`;

const dateProblem = (value: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return `"${value}" is not a date; expected YYYY-MM-DD`;
  return dayNumberOf(value) === null ? `${value} is not a calendar date` : null;
};

/** Comma-separated values: within the vocabulary if the filter has one, at most 100, each at most 200 characters. */
function valuesProblem(values: readonly string[], vocabulary?: readonly string[]): string | null {
  const unknown = vocabulary ? values.filter((v) => !vocabulary.includes(v)) : [];
  if (unknown.length > 0) {
    const quoted = unknown.map((v) => `"${v}"`).join(', ');
    return `unknown value${unknown.length > 1 ? 's' : ''} ${quoted}; expected any of: ${oneOf(vocabulary ?? [])}`;
  }
  // NOTE: D1 binds at most 100 parameters per query; each filter's values travel as one JSON
  // parameter (worker/db/report-filters.ts), and this cap keeps every statement small.
  if (values.length > MAX_FILTER_VALUES) return `too many values (${values.length}); at most ${MAX_FILTER_VALUES}`;
  if (values.some((v) => v.length > MAX_FILTER_VALUE_LENGTH)) return `a value is longer than ${MAX_FILTER_VALUE_LENGTH} characters`;
  return null;
}

/** What a filter's values are, for its documentation (from its entry of shared/filters.ts). */
function filterDescription(f: FilterDefinition): string {
  const applies = f.side === 'opened' ? 'every component' : 'closed-side components only';
  const match = f.match;
  const values =
    f.values !== undefined
      ? `Any of ${oneOf(f.values)}, comma-separated.`
      : match.kind === 'contact'
        ? 'Contact ids, or parts of contact names (case-insensitive), comma-separated.'
        : match.kind === 'assignee'
          ? `User ids, comma-separated; \`${NONE_VALUES.assignee}\` matches an assignment that was an unassignment (no assignee, "Unassigned").`
          : match.kind === 'value_or_none'
            ? `Values (ids), comma-separated; \`${NONE_VALUES.value_or_none}\` matches conversations without one.`
            : match.kind === 'sender'
              ? 'Ids of the users who sent the first response, comma-separated.'
              : 'Values (ids), comma-separated.';
  return `${f.label} filter (${applies}). ${values} Values are OR-ed, filters AND-ed.`;
}

const filterShape = Object.fromEntries(
  (FILTERS as readonly FilterDefinition[]).map((f) => [f.param, parameter(filterDescription(f), (raw) => valuesProblem(splitValues(raw), f.values))]),
) as Record<FilterParam, ReturnType<typeof parameter>>;

const periodShape = {
  preset: parameter(`One of ${oneOf(PERIOD_PRESETS)} (default last_7_days); or give from and to.`, (v) =>
    (PERIOD_PRESETS as readonly string[]).includes(v) ? null : `unknown preset "${v}"; expected one of: ${oneOf(PERIOD_PRESETS)}`,
  ),
  from: parameter('First local date, inclusive (YYYY-MM-DD).', dateProblem),
  to: parameter(`Last local date, inclusive (YYYY-MM-DD); at most ${MAX_PERIOD_DAYS} days after from.`, dateProblem),
  tz: parameter("IANA time zone of the dates, buckets and timestamps (default: the workspace's).", (v) =>
    isValidTimeZone(v) ? null : `unknown time zone "${v}"; expected an IANA name such as America/Mexico_City`,
  ),
  hours: parameter('calendar (default) or business: durations in business hours.', (v) =>
    (HOURS_MODES as readonly string[]).includes(v) ? null : `unknown hours "${v}"; expected calendar or business`,
  ),
};

/** Comma-separated whole numbers from 0 to `max`. */
const wholeNumbersProblem = (name: string, max: number, meaning: string) => (raw: string) => {
  const bad = splitValues(raw).find((v) => !/^\d{1,2}$/.test(v) || Number(v) > max);
  return bad === undefined ? null : `"${bad}" is not a ${name}; expected whole numbers from 0 to ${max} (${meaning}), comma-separated`;
};

/** The list's and the export's own parameters (api.md "…/list?limit=&cursor=&sort=&order="), and the drill-down's (product.md §8). */
const listShape = {
  basis: parameter(
    'closed (default): conversations closed in the period, as api.md lists them; opened: conversations opened in the period, ' +
      'open ones included (the opened-side components: summary opened, opened heatmap, opened-by breakdowns). ' +
      'The period, bucket, weekday and hour apply to this instant. Every filter applies under either basis. Default sort: the basis instant, newest first. The list and the export.',
    (v) => ((LIST_BASES as readonly string[]).includes(v) ? null : `unknown basis "${v}"; expected opened or closed`),
  ),
  bucket: parameter(
    "One key of the period's range.buckets (a day, or an hour of a one-day period, e.g. 2026-11-01T01:00-05:00 for the second 01:00 of a fall-back day): only that bar's conversations. The list and the export.",
  ),
  weekday: parameter(
    "Local weekdays of the basis instant in the report's zone, 0 = Monday … 6 = Sunday (a heatmap row), comma-separated (OR-ed). The list and the export.",
    wholeNumbersProblem('weekday', 6, '0 = Monday … 6 = Sunday'),
  ),
  hour: parameter(
    "Local hours 0–23 of the basis instant in the report's zone (a heatmap column), comma-separated (OR-ed). A date × hour cell: from=to=that date and hour. The list and the export.",
    wholeNumbersProblem('hour', 23, 'the local hour of the day'),
  ),
  limit: parameter(`Rows per page, 1–${MAX_LIST_LIMIT} (default ${DEFAULT_LIST_LIMIT}); the list only.`, (v) => {
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    return Number.isInteger(n) && n >= 1 && n <= MAX_LIST_LIMIT ? null : `expected a whole number from 1 to ${MAX_LIST_LIMIT}`;
  }),
  cursor: parameter('next_cursor of the previous page; the list only.'),
  sort: parameter(`One of ${oneOf(LIST_SORT_COLUMNS)} (default closed_at); the list and the export.`, enumProblem('sort', LIST_SORT_COLUMNS)),
  order: parameter('asc or desc (default desc); the list and the export.', (v) => (v === 'asc' || v === 'desc' ? null : `unknown order "${v}"; expected asc or desc`)),
  missed_target: parameter(
    `${MISSED_TARGETS.join(' and/or ')}, comma-separated (OR-ed): only conversations whose first response or resolution took longer than the workspace's target (the first-response target in the request's hours, the resolution target in its own); the list and the export.`,
    (raw) => {
      const unknown = splitValues(raw).filter((v) => !(MISSED_TARGETS as readonly string[]).includes(v));
      return unknown.length > 0 ? `unknown value "${unknown[0]}"; expected any of: ${oneOf(MISSED_TARGETS)}` : null;
    },
  ),
  agent: parameter(
    'User ids, comma-separated (OR-ed): the conversations a person counts in GET /v1/reports/agents — assigned at any time, sent the first response or a response, or closed it; the list and the export.',
    (raw) => valuesProblem(splitValues(raw)),
  ),
};

const KNOWN_PARAMS = [...Object.keys(periodShape), ...Object.keys(filterShape), ...Object.keys(listShape)];

/**
 * The query of every report endpoint. Unknown parameters are refused by name; the period's rules
 * across parameters (preset or a range, both ends, in order, at most a year) are checked once
 * each parameter is valid on its own.
 */
export const reportQuerySchema = z
  .object({ ...periodShape, ...filterShape, ...listShape })
  // Each unknown parameter is an issue at its own name (a plain z.never() catchall reports them together, unnamed).
  .catchall(z.unknown().refine(() => false, { error: () => `unknown parameter; accepted parameters are: ${oneOf(KNOWN_PARAMS)}` }))
  .superRefine((query, ctx) => {
    const problem = periodProblem(query);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });
export type ReportQueryParams = z.input<typeof reportQuerySchema>;

/** The period part: `preset`, or `from` + `to` (inclusive dates), or by default last_7_days. */
function periodSpec(query: { preset?: string | undefined; from?: string | undefined; to?: string | undefined }): PeriodSpec {
  const preset = present(query.preset);
  if (preset !== undefined) return { preset: preset as PeriodPreset };
  const from = present(query.from);
  const to = present(query.to);
  return from !== undefined && to !== undefined ? { from, to } : { preset: 'last_7_days' };
}

/** The rules across the period's parameters; none when one is already wrong on its own (that issue names it). */
function periodProblem(query: { preset?: string | undefined; from?: string | undefined; to?: string | undefined }): ValidationIssue | null {
  const preset = present(query.preset);
  const from = present(query.from);
  const to = present(query.to);
  if ((from !== undefined && dateProblem(from)) || (to !== undefined && dateProblem(to))) return null;
  if (preset !== undefined) {
    return from !== undefined || to !== undefined ? { path: 'preset', message: 'give either preset or from and to, not both' } : null;
  }
  if (from === undefined && to === undefined) return null;
  if (from === undefined) return { path: 'from', message: 'from is required with to (both are inclusive dates, YYYY-MM-DD)' };
  if (to === undefined) return { path: 'to', message: 'to is required with from (both are inclusive dates, YYYY-MM-DD)' };
  const days = dayNumberOf(to)! - dayNumberOf(from)! + 1;
  if (days < 1) return { path: 'to', message: `to (${to}) is before from (${from})` };
  if (days > MAX_PERIOD_DAYS) return { path: 'to', message: `the range covers ${days} days; at most ${MAX_PERIOD_DAYS} days are allowed` };
  return null;
}

function validate(params: Record<string, string | undefined>): ValidationIssue[] {
  const parsed = reportQuerySchema.safeParse(params);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * A report request's query in the report's terms. Every problem is reported (not just the
 * first), each with `path` = the parameter's name. Defaults: preset last_7_days, the workspace's
 * zone, calendar hours, no filters.
 */
export function parseReportQuery(
  params: Record<string, string | undefined>,
  defaults: { timezone: string },
  now: number,
): ParseResult<ReportQuery> {
  const issues = validate(params);
  if (issues.length > 0) return { ok: false, issues };
  const filters: ReportFilters = {};
  for (const f of FILTERS) {
    const raw = params[f.param];
    const values = raw === undefined ? [] : splitValues(raw);
    if (values.length > 0) filters[f.param] = values;
  }
  const tz = present(params.tz) ?? defaults.timezone;
  const hours = (present(params.hours) ?? 'calendar') as HoursMode;
  return { ok: true, value: { period: resolvePeriod(periodSpec(params), tz, now), filters, hours } };
}

/** The list's own parameters in the list's terms (the rest of the query goes to parseReportQuery). */
export function parseListQuery(params: Record<string, string | undefined>): ParseResult<ListQuery> {
  const issues = validate(params).filter((i) => i.path in listShape);
  if (issues.length > 0) return { ok: false, issues };
  const limit = present(params.limit);
  const basis = (present(params.basis) ?? 'closed') as ListBasis;
  const numbers = (raw: string | undefined) => splitValues(present(raw) ?? '').map(Number);
  return {
    ok: true,
    value: {
      basis,
      bucket: present(params.bucket) ?? null,
      weekday: numbers(params.weekday),
      hour: numbers(params.hour),
      missedTarget: splitValues(present(params.missed_target) ?? '') as MissedTarget[],
      agent: splitValues(present(params.agent) ?? ''),
      limit: limit === undefined ? DEFAULT_LIST_LIMIT : Number(limit),
      cursor: present(params.cursor) ?? null,
      // The opened basis lists open conversations too (no closed_at): newest opened first by default.
      sort: (present(params.sort) ?? (basis === 'opened' ? 'opened_at' : 'closed_at')) as ListSortColumn,
      order: (present(params.order) ?? 'desc') as 'asc' | 'desc',
    },
  };
}
