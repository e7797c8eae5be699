// Team performance (api.md GET /v1/reports/agents, product.md §7): managers and owners read every
// row; an agent token created with a user_id reads only its own row, and 403 without one.
import { createRoute, z } from '@hono/zod-openapi';
import { agentsResponse } from '../../shared/api';
import { parseReportQuery, reportQuerySchema } from '../../shared/report-query';
import { newApp } from '../app';
import { callerWorkspace, requireRole } from '../auth';
import { businessMeasure } from '../db/workspaces';
import { ApiError, validationError } from '../http';
import { agentsReport } from '../reports/agents';
import { errors, security } from './reports';

const agentsRoute = createRoute({
  method: 'get',
  path: '/reports/agents',
  summary: 'Team performance: people, teams, never-assigned and the automation share (manager; agent: own row)',
  description:
    'Over the conversations closed in the period that match the filters (all twelve apply), durations in calendar ' +
    'or business hours. One row per person who held an assignment, sent the first response, sent a response or ' +
    'closed one; bots and workflows are never rows. An agent token created with a user_id sees only its own row ' +
    'and no team rows; an agent token without one gets 403.',
  security,
  request: { query: reportQuerySchema },
  responses: {
    200: { description: 'The report', content: { 'application/json': { schema: agentsResponse } } },
    ...errors,
    403: { description: 'An agent token without a user_id', content: errors[401].content },
  },
});

export const teamRoutes = newApp();
teamRoutes.use('/reports/agents', requireRole('agent'));

teamRoutes.openapi(agentsRoute, async (c) => {
  const caller = c.get('caller');
  if (caller.role === 'agent' && caller.userId === null) {
    throw new ApiError(403, 'forbidden', 'an agent token reads its own row only, and this token has no user_id');
  }
  const { db, ws } = await callerWorkspace(c);
  const parsed = parseReportQuery(c.req.query(), { timezone: ws.timezone }, Date.now());
  if (!parsed.ok) throw validationError(parsed.issues);
  const body = await agentsReport(
    db,
    ws.id,
    parsed.value,
    {
      businessMeasure: businessMeasure(ws),
      firstResponseTargetMs: ws.firstResponseTargetMs,
      resolutionTargetMs: ws.resolutionTargetMs,
      resolutionTargetHours: ws.resolutionTargetHours,
    },
    caller.role === 'agent' ? caller.userId : null,
  );
  return c.json(body, 200);
});
