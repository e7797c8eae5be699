// The Conversations report for managers and up (api.md "Reports"): the report, its conversation
// list and the CSV export. Every route declares the one report query schema (shared/report-query.ts),
// which validates and documents it; handlers read it in the report's terms, call worker/reports, shape the answer.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponse as errorSchema, LIST_INBOXES, listResponse, openedHeatmapResponse, reportResponse, type ListInbox } from '../../shared/api';
import { drillDownScope, type ReportQuery } from '../../shared/report';
import { parseListQuery, parseReportQuery, reportQuerySchema } from '../../shared/report-query';
import { newApp, type AppEnv, type Database } from '../app';
import { callerWorkspace, requireRole } from '../auth';
import { channelDirectoryQuery, channelNames, toChannelNames } from '../db/channels';
import { conversationJson } from '../db/conversation-rows';
import { validationError } from '../http';
import { QueryBatch } from '../reports/batch';
import { conversationsCsvStream, exportFilename } from '../reports/export';
import { drillDownCondition, listPageWithInboxQuery, sortValueOf, type ListOrder } from '../db/report-list';
import { addListTotal, decodeCursor, encodeCursor } from '../reports/list';
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

const reportRoute = createRoute({
  method: 'get',
  path: '/reports/conversations',
  summary: 'The Conversations report: summary, heatmaps, breakdowns and timings (manager)',
  description:
    'Opened-side components count conversations opened in the period and accept only opened-side filters; ' +
    'closed-side components count conversations closed in it and accept every filter. Each component is ok, ' +
    'not_applicable (a selected filter does not apply to it) or no_data.',
  security,
  request: { query: reportQuerySchema },
  responses: { 200: { description: 'The report', content: { 'application/json': { schema: reportResponse } } }, ...errors },
});

const openedHeatmapRoute = createRoute({
  method: 'get',
  path: '/reports/opened-heatmap',
  summary: "The report's opened heatmap alone, for the side panel (agent and up: product.md §5 shows agents the team's peaks)",
  description: 'The same parameters and answer as the report\'s opened_heatmap component, without computing the others.',
  security,
  request: { query: reportQuerySchema },
  responses: { 200: { description: 'The opened heatmap', content: { 'application/json': { schema: openedHeatmapResponse } } }, ...errors },
});

const listRoute = createRoute({
  method: 'get',
  path: '/reports/conversations/list',
  summary: 'Conversations closed (or, with basis=opened, opened) in the period, cursor-paged under any sort column (manager)',
  security,
  request: { query: reportQuerySchema },
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
  request: { query: reportQuerySchema },
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
  // `conditions`: what the list adds to the filters, but for the drill-down's quarters (list.ts addListTotal).
  const conditions = and(missed.where, agentCondition(parsed.value.agent));
  return { ...parsed.value, order, span, quarters: scope.value.quarters, conditions, extra: and(conditions, drillDownCondition(scope.value, basis)) };
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
  const { limit, cursor, order, span, extra, basis, quarters, conditions } = listOrder(c, query, ws);
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
  const counted = knownTotal === null ? addListTotal(batch, db, { workspaceId, span, filters: query.filters, basis, quarters, conditions }) : null;
  // One row more than asked says whether another page follows.
  const page = batch.add(listPageWithInboxQuery(db, { workspaceId, period: span, filters: query.filters, order, after, limit: limit + 1, extra }));
  const directory = batch.add(channelDirectoryQuery(db, workspaceId));
  await batch.run(db);
  const channels = toChannelNames(directory());
  const rows = page().map(({ row }) => row);
  const inboxes = new Map(page().map(({ row, inbox }) => [row.id, inbox]));
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  const now = Date.now();
  const total = knownTotal ?? counted?.() ?? 0;
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
