// The Conversations report for managers and up (api.md "Reports"): the report, its conversation
// list and the CSV export. Handlers parse the query (shared/report.ts), call worker/reports, shape the answer.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponse as errorSchema, LIST_INBOXES, listResponse, openedHeatmapResponse, reportResponse, type ListInbox } from '../../shared/api';
import { drillDownScope, FILTERS, LIST_SORT_COLUMNS, MAX_LIST_LIMIT, MISSED_TARGETS, parseListQuery, parseReportQuery, type ReportQuery } from '../../shared/report';
import { PERIOD_PRESETS } from '../../shared/time';
import { newApp, type AppEnv, type Database } from '../app';
import { callerWorkspace, requireRole } from '../auth';
import { channelDirectoryQuery, channelNames, toChannelNames } from '../db/channels';
import { conversationJson } from '../db/conversation-rows';
import { validationError } from '../http';
import { QueryBatch } from '../reports/batch';
import { conversationsCsvStream, exportFilename } from '../reports/export';
import { NONE, UNASSIGNED } from '../reports/filters';
import { decodeCursor, drillDownCondition, encodeCursor, listPageWithInboxQuery, listTotalQuery, sortValueOf, type ListOrder } from '../reports/list';
import { conversationsReport, openedHeatmapReport } from '../reports/report';
import { agentCondition, missedTargetCondition } from '../reports/targets';
import { and } from 'drizzle-orm';
import type { WorkspaceRow } from '../db/workspaces';

export const security = [{ bearer: [] }];
const errorContent = { 'application/json': { schema: errorSchema } };
export const errors = {
  400: { description: 'A bad parameter; `path` names it', content: errorContent },
  401: { description: 'Missing or unknown token', content: errorContent },
  403: { description: 'The token is not a manager or owner', content: errorContent },
};

const text = (description: string) => z.string().optional().openapi({ description });

const FILTER_DESCRIPTIONS: Record<string, string> = {
  first_assignee: `User ids, comma-separated; \`${UNASSIGNED}\` matches a first assignment that was an unassignment (no assignee).`,
  last_assignee: `User ids, comma-separated; \`${UNASSIGNED}\` matches a last assignment that was an unassignment ("Unassigned").`,
  contact: 'Contact ids, or parts of contact names (case-insensitive), comma-separated.',
  first_response_by: 'Ids of the users who sent the first response, comma-separated.',
  closed_by_team: 'Team ids, comma-separated.',
  closed_by_user: 'User ids, comma-separated.',
  open_channel: `Channel ids, comma-separated; \`${NONE}\` matches conversations opened without a channel (by a user).`,
  category: `Categories, comma-separated; \`${NONE}\` matches conversations closed without one.`,
};

/** The query every report endpoint shares (api.md); values are validated by parseReportQuery. */
export const reportQueryShape = {
  preset: text(`One of ${PERIOD_PRESETS.join(', ')} (default last_7_days); or give from and to.`),
  from: text('First local date, inclusive (YYYY-MM-DD).'),
  to: text('Last local date, inclusive (YYYY-MM-DD); at most 366 days after from.'),
  tz: text("IANA time zone of the dates, buckets and timestamps (default: the workspace's)."),
  hours: text('calendar (default) or business: durations in business hours.'),
  ...Object.fromEntries(
    FILTERS.map((f) => [
      f.param,
      text(`${f.label} filter (${f.side === 'opened' ? 'every component' : 'closed-side components only'}). ${FILTER_DESCRIPTIONS[f.param] ?? 'Values, comma-separated.'} Values are OR-ed, filters AND-ed.`),
    ]),
  ),
};

/** The drill-down's parameters (product.md §8), for the list and the export alike. */
const drillDownShape = {
  basis: text(
    'closed (default): conversations closed in the period, as api.md lists them; opened: conversations opened in the period, ' +
      'open ones included (the opened-side components: summary opened, opened heatmap, opened-by breakdowns). ' +
      'The period, bucket, weekday and hour apply to this instant. Every filter applies under either basis. Default sort: the basis instant, newest first.',
  ),
  bucket: text(
    'One key of the period\'s range.buckets (a day, or an hour of a one-day period, e.g. 2026-11-01T01:00-05:00 for the second 01:00 of a fall-back day): only that bar\'s conversations.',
  ),
  weekday: text("Local weekdays of the basis instant in the report's zone, 0 = Monday … 6 = Sunday (a heatmap row), comma-separated (OR-ed)."),
  hour: text("Local hours 0–23 of the basis instant in the report's zone (a heatmap column), comma-separated (OR-ed). A date × hour cell: from=to=that date and hour."),
};

const listQueryShape = {
  ...reportQueryShape,
  ...drillDownShape,
  limit: text(`Rows per page, 1–${MAX_LIST_LIMIT} (default 50).`),
  cursor: text('next_cursor of the previous page.'),
  sort: text(`One of ${LIST_SORT_COLUMNS.join(', ')} (default closed_at).`),
  order: text('asc or desc (default desc).'),
  missed_target: text(
    `${MISSED_TARGETS.join(' and/or ')}, comma-separated (OR-ed): only conversations whose first response or resolution took longer than the workspace's target (the first-response target in the request's hours, the resolution target in its own).`,
  ),
  agent: text(
    'User ids, comma-separated (OR-ed): the conversations a person counts in GET /v1/reports/agents — assigned at any time, sent the first response or a response, or closed it.',
  ),
};

const reportRoute = createRoute({
  method: 'get',
  path: '/reports/conversations',
  summary: 'The Conversations report: summary, heatmaps, breakdowns and timings (manager)',
  description:
    'Opened-side components count conversations opened in the period and accept only opened-side filters; ' +
    'closed-side components count conversations closed in it and accept every filter. Each component is ok, ' +
    'not_applicable (a selected filter does not apply to it) or no_data.',
  security,
  request: { query: z.object(reportQueryShape) },
  responses: { 200: { description: 'The report', content: { 'application/json': { schema: reportResponse } } }, ...errors },
});

const openedHeatmapRoute = createRoute({
  method: 'get',
  path: '/reports/opened-heatmap',
  summary: "The report's opened heatmap alone, for the side panel (agent and up: product.md §5 shows agents the team's peaks)",
  description: 'The same parameters and answer as the report\'s opened_heatmap component, without computing the others.',
  security,
  request: { query: z.object(reportQueryShape) },
  responses: { 200: { description: 'The opened heatmap', content: { 'application/json': { schema: openedHeatmapResponse } } }, ...errors },
});

const listRoute = createRoute({
  method: 'get',
  path: '/reports/conversations/list',
  summary: 'Conversations closed (or, with basis=opened, opened) in the period, cursor-paged under any sort column (manager)',
  security,
  request: { query: z.object(listQueryShape) },
  responses: { 200: { description: 'One page', content: { 'application/json': { schema: listResponse } } }, ...errors },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/reports/conversations/export.csv',
  summary: 'The whole filtered list as CSV, streamed, no row cap (manager)',
  description:
    'Every product.md §3 column; durations hh:mm:ss, timestamps ISO 8601 with the offset of the zone, ' +
    'cells starting with = + - @ prefixed with an apostrophe. Sorted like the list (sort, order).',
  security,
  request: { query: z.object({ ...reportQueryShape, ...drillDownShape, sort: listQueryShape.sort, order: listQueryShape.order, missed_target: listQueryShape.missed_target, agent: listQueryShape.agent }) },
  responses: {
    200: { description: 'CSV, header row first', content: { 'text/csv': { schema: z.string() } } },
    ...errors,
  },
});

export const reportRoutes = newApp();
// The Conversations report is for managers and up; its opened heatmap alone is the side panel's, for
// agents too (product.md §5); /reports/agents has its own rule (routes/team.ts).
reportRoutes.use('/reports/conversations', requireRole('manager'));
reportRoutes.use('/reports/conversations/*', requireRole('manager'));
reportRoutes.use('/reports/opened-heatmap', requireRole('agent'));

/** The caller's workspace and the parsed report query, or a 400 naming the bad parameter. */
async function reportRequest(c: Context<AppEnv>): Promise<{ db: Database; ws: WorkspaceRow; workspaceId: string; firstResponseTargetMs: number | null; query: ReportQuery }> {
  const { db, ws } = await callerWorkspace(c);
  const parsed = parseReportQuery(c.req.query(), { timezone: ws.timezone }, Date.now());
  if (!parsed.ok) throw validationError(parsed.issues);
  return { db, ws, workspaceId: ws.id, firstResponseTargetMs: ws.firstResponseTargetMs, query: parsed.value };
}

/**
 * The list's own parameters: paging, sort, the basis and drill-down part of the period (the span
 * the list reads), and the `missed_target` and drill-down filters as conditions.
 */
function listOrder(c: Context<AppEnv>, query: ReportQuery, ws: WorkspaceRow) {
  const parsed = parseListQuery(c.req.query());
  if (!parsed.ok) throw validationError(parsed.issues);
  const { basis } = parsed.value;
  const scope = drillDownScope(query.period, parsed.value);
  if (!scope.ok) throw validationError(scope.issues);
  const order: ListOrder = { sort: parsed.value.sort, order: parsed.value.order, hours: query.hours, basis };
  const missed = missedTargetCondition(parsed.value.missedTarget, query.hours, ws);
  if (!missed.ok) throw validationError([missed.issue]);
  const span = { startMs: scope.value.startMs, endMs: scope.value.endMs };
  return { ...parsed.value, order, span, extra: and(missed.where, agentCondition(parsed.value.agent), drillDownCondition(scope.value, basis)) };
}

/** A row's inbox as the list names it; a dialect this version does not know reads as none. */
const listInbox = (dialect: string | null | undefined): ListInbox | null => ((LIST_INBOXES as readonly string[]).includes(dialect ?? '') ? (dialect as ListInbox) : null);

reportRoutes.openapi(reportRoute, async (c) => {
  const { db, workspaceId, firstResponseTargetMs, query } = await reportRequest(c);
  return c.json(await conversationsReport(db, workspaceId, query, firstResponseTargetMs), 200);
});

reportRoutes.openapi(openedHeatmapRoute, async (c) => {
  const { db, workspaceId, query } = await reportRequest(c);
  return c.json(await openedHeatmapReport(db, workspaceId, query), 200);
});

reportRoutes.openapi(listRoute, async (c) => {
  const { db, ws, workspaceId, query } = await reportRequest(c);
  const { limit, cursor, order, span, extra, basis } = listOrder(c, query, ws);
  let after = null;
  let knownTotal: number | null = null;
  if (cursor !== null) {
    const decoded = decodeCursor(cursor, order);
    if (!decoded.ok) throw validationError([decoded.issue]);
    after = decoded.keyset;
    knownTotal = decoded.total;
  }
  const batch = new QueryBatch();
  // Counted for the first page only; later pages carry it in their cursor.
  const counted = knownTotal === null ? batch.add(listTotalQuery(db, workspaceId, span, query.filters, extra, basis)) : null;
  // One row more than asked says whether another page follows.
  const page = batch.add(listPageWithInboxQuery(db, workspaceId, span, query.filters, order, after, limit + 1, extra));
  const directory = batch.add(channelDirectoryQuery(db, workspaceId));
  await batch.run(db);
  const channels = toChannelNames(directory());
  const rows = page().map(({ row }) => row);
  const inboxes = new Map(page().map(({ row, inbox }) => [row.id, inbox]));
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  const now = Date.now();
  const total = knownTotal ?? counted?.()[0]?.total ?? 0;
  return c.json(
    {
      rows: shown.map((row) => ({ ...conversationJson(row, query.period.tz, now, channels), inbox: listInbox(inboxes.get(row.id)) })),
      total,
      next_cursor: more && last ? encodeCursor(order, { value: sortValueOf(last, order), id: last.id }, total) : null,
    },
    200,
  );
});

reportRoutes.openapi(exportRoute, async (c) => {
  const { db, ws, workspaceId, query } = await reportRequest(c);
  const { order, span, extra } = listOrder(c, query, ws);
  const channels = await channelNames(db, workspaceId);
  const stream = conversationsCsvStream(db, { workspaceId, period: span, filters: query.filters, order, tz: query.period.tz, extra, channels });
  return c.body(stream, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${exportFilename(query.period)}"`,
    'cache-control': 'no-store',
  });
});
