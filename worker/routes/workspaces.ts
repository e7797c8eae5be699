// Owner-only workspace settings, tokens and webhook secrets (api.md, Admin), plus GET /v1/me.
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponse, ingestStatusResponse, meResponse, ROLES, workspaceJson as workspaceSchema } from '../../shared/api';
import { businessHoursSchema } from '../../shared/business-hours';
import { database, newApp } from '../app';
import { callerWorkspace, ownWorkspace, requireRole } from '../auth';
import { newApiToken, newId, newNativeSecret, randomBase64Url, sha256Hex } from '../crypto';
import { createUrlToken, revokeUrlToken } from '../db/url-tokens';
import { findWorkspace, insertApiToken, insertWebhookSecret, writeWorkspaceChanges, workspaceJson, type WorkspaceChanges } from '../db/workspaces';
import { notFound } from '../http';
import { ingestStatusJson } from '../ingest/status';
import { timezoneSchema } from './admin';

const workspaceParam = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
const security = [{ bearer: [] }];

const createToken = createRoute({
  method: 'post',
  path: '/workspaces/{id}/tokens',
  summary: 'Create an API token (owner)',
  security,
  request: {
    params: workspaceParam,
    body: json(z.object({ role: z.enum(ROLES), name: z.string().trim().min(1).max(200), user_id: z.string().max(200).optional() })),
  },
  responses: {
    201: {
      description: 'The token, shown once',
      content: { 'application/json': { schema: z.object({ token: z.string(), role: z.enum(ROLES), name: z.string() }) } },
    },
  },
});

const createSecret = createRoute({
  method: 'post',
  path: '/workspaces/{id}/secrets',
  summary: 'Add a webhook secret for a dialect (owner); several per dialect may exist',
  security,
  request: {
    params: workspaceParam,
    body: json(
      z.object({
        dialect: z.enum(['native', 'respondio', 'chatwoot']),
        /** respond.io gives each subscription its signing key; Chatwoot shows its secret: paste it here. */
        secret: z.string().min(8).max(500).optional(),
      }),
    ),
  },
  responses: {
    201: {
      description: 'The secret',
      content: { 'application/json': { schema: z.object({ id: z.string(), dialect: z.string(), secret: z.string() }) } },
    },
  },
});

const createUrlTokenRoute = createRoute({
  method: 'post',
  path: '/workspaces/{id}/url-tokens',
  summary: 'Create a URL token for a sender that cannot sign (owner); shown once',
  description:
    'events.md §2 "Unsigned senders": deliveries to the returned path need no signature (Chatwoot before ' +
    'v4.11.2, Chatwoot automations and macros). Signatures that are present are still verified.',
  security,
  request: { params: workspaceParam, body: json(z.object({ dialect: z.enum(['native', 'respondio', 'chatwoot']) })) },
  responses: {
    201: {
      description: 'The token and its webhook path, shown once',
      content: {
        'application/json': {
          schema: z.object({ id: z.string(), dialect: z.string(), url_token: z.string(), url: z.string() }),
        },
      },
    },
  },
});

const revokeUrlTokenRoute = createRoute({
  method: 'delete',
  path: '/workspaces/{id}/url-tokens/{tokenId}',
  summary: 'Revoke a URL token (owner); it stops working at once',
  security,
  request: { params: z.object({ id: z.string(), tokenId: z.string() }) },
  responses: {
    204: { description: 'Revoked' },
    404: { description: 'No such token here', content: { 'application/json': { schema: errorResponse } } },
  },
});

const updateWorkspace = createRoute({
  method: 'patch',
  path: '/workspaces/{id}',
  summary: "Change the workspace's time zone, business hours, categories, first-response or resolution target (owner)",
  security,
  request: {
    params: workspaceParam,
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200).optional(),
        timezone: timezoneSchema.optional(),
        business_hours: businessHoursSchema.nullable().optional(),
        categories: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
        first_response_target_ms: z
          .number()
          .int()
          .min(1000)
          .max(7 * 24 * 3600 * 1000)
          .nullable()
          .optional(),
        /** product.md §7: conversations resolved within it are met, later ones missed; null removes it. */
        resolution_target_ms: z
          .number()
          .int()
          .min(1000)
          .max(90 * 24 * 3600 * 1000)
          .nullable()
          .optional(),
        resolution_target_hours: z.enum(['calendar', 'business']).optional(),
      }),
    ),
  },
  responses: { 200: { description: 'The workspace', content: { 'application/json': { schema: workspaceSchema } } } },
});

const me = createRoute({
  method: 'get',
  path: '/me',
  summary: "The token's workspace and role",
  security,
  responses: { 200: { description: 'Who am I', content: { 'application/json': { schema: meResponse } } } },
});


const ingest = createRoute({
  method: 'get',
  path: '/workspaces/{id}/ingest',
  summary: 'How far derivation is behind the stored events (pending_threads 0: everything reflected)',
  security: security,
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: { description: 'Ingest status', content: { 'application/json': { schema: ingestStatusResponse } } } },
});

export const workspaceRoutes = newApp();
workspaceRoutes.use('/workspaces/*', requireRole('owner'));
workspaceRoutes.use('/me', requireRole('agent'));

workspaceRoutes.openapi(createToken, async (c) => {
  const { id } = c.req.valid('param');
  ownWorkspace(c.get('caller').workspaceId, id);
  const { role, name, user_id } = c.req.valid('json');
  const token = newApiToken();
  await insertApiToken(database(c.env), { id: newId('tok'), workspaceId: id, tokenHash: await sha256Hex(token), role, name, userId: user_id ?? null, createdAt: Date.now() });
  return c.json({ token, role, name }, 201);
});

workspaceRoutes.openapi(createSecret, async (c) => {
  const { id } = c.req.valid('param');
  ownWorkspace(c.get('caller').workspaceId, id);
  const { dialect, secret: given } = c.req.valid('json');
  const secret = given ?? (dialect === 'native' ? newNativeSecret() : randomBase64Url(32));
  const secretId = newId('sec');
  await insertWebhookSecret(database(c.env), { id: secretId, workspaceId: id, dialect, secret, createdAt: Date.now() });
  return c.json({ id: secretId, dialect, secret }, 201);
});

workspaceRoutes.openapi(createUrlTokenRoute, async (c) => {
  const { id } = c.req.valid('param');
  ownWorkspace(c.get('caller').workspaceId, id);
  const { dialect } = c.req.valid('json');
  const created = await createUrlToken(database(c.env), id, dialect);
  const url = `/v1/webhooks/${encodeURIComponent(id)}/${dialect}/${created.urlToken}`;
  return c.json({ id: created.id, dialect, url_token: created.urlToken, url }, 201);
});

workspaceRoutes.openapi(revokeUrlTokenRoute, async (c) => {
  const { id, tokenId } = c.req.valid('param');
  ownWorkspace(c.get('caller').workspaceId, id);
  if (!(await revokeUrlToken(database(c.env), id, tokenId))) throw notFound('URL token');
  return c.body(null, 204);
});

workspaceRoutes.openapi(updateWorkspace, async (c) => {
  const { id } = c.req.valid('param');
  ownWorkspace(c.get('caller').workspaceId, id);
  const body = c.req.valid('json');
  const db = database(c.env);
  const before = await findWorkspace(db, id);
  if (!before) throw notFound('workspace');
  const changes: WorkspaceChanges = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.timezone !== undefined) changes.timezone = body.timezone;
  if (body.business_hours !== undefined) changes.businessHours = body.business_hours === null ? null : JSON.stringify(body.business_hours);
  if (body.categories !== undefined) changes.categories = JSON.stringify([...new Set(body.categories)]);
  if (body.first_response_target_ms !== undefined) changes.firstResponseTargetMs = body.first_response_target_ms;
  if (body.resolution_target_ms !== undefined) changes.resolutionTargetMs = body.resolution_target_ms;
  if (body.resolution_target_hours !== undefined) changes.resolutionTargetHours = body.resolution_target_hours;
  await writeWorkspaceChanges(db, id, changes);
  const after = (await findWorkspace(db, id))!;
  if (after.businessHours !== before.businessHours) {
    // Every stored business-hours duration follows the new schedule, written by the workspace's
    // deriver so it cannot interleave with a derivation that read the old schedule.
    await c.env.DERIVER.get(c.env.DERIVER.idFromName(id)).recomputeBusinessHours(id);
  }
  return c.json(workspaceJson(after), 200);
});

workspaceRoutes.openapi(me, async (c) => {
  const caller = c.get('caller');
  const { ws } = await callerWorkspace(c);
  return c.json({ workspace: workspaceJson(ws), role: caller.role, name: caller.name, user_id: caller.userId }, 200);
});

workspaceRoutes.openapi(ingest, async (c) => {
  const { id } = c.req.valid('param');
  ownWorkspace(c.get('caller').workspaceId, id);
  const db = database(c.env);
  const ws = await findWorkspace(db, id);
  if (!ws) throw notFound('workspace');
  return c.json(await ingestStatusJson(db, ws), 200);
});
