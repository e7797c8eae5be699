// /v1/admin: workspaces are created with the ADMIN_TOKEN (api.md, Admin).
import { createRoute, z } from '@hono/zod-openapi';
import { ingestStatusResponse, workspaceJson as workspaceSchema } from '../../shared/api';
import { isValidTimeZone } from '../../shared/time';
import { database, newApp } from '../app';
import { requireAdmin } from '../auth';
import { newApiToken, newId, newNativeSecret, sha256Hex } from '../crypto';
import { insertWorkspace, findWorkspace, workspaceJson } from '../db/workspaces';
import { notFound } from '../http';
import { ingestStatusJson } from '../ingest/status';
import { replayDeliveries } from '../ingest/replay';
import { wakeDeriver } from '../ingest/store';

export const timezoneSchema = z
  .string()
  .refine(isValidTimeZone, { error: 'expected an IANA time zone such as America/Mexico_City' });

const createWorkspace = createRoute({
  method: 'post',
  path: '/workspaces',
  summary: 'Create a workspace with its owner token and native webhook secret',
  security: [{ adminToken: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ name: z.string().trim().min(1).max(200), timezone: timezoneSchema }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: {
        'application/json': {
          schema: z.object({ workspace: workspaceSchema, webhook_secret: z.string(), owner_token: z.string() }),
        },
      },
    },
  },
});

const recompute = createRoute({
  method: 'post',
  path: '/workspaces/{id}/recompute',
  summary: "Recompute a workspace's conversations from its stored events (after a model fix)",
  security: [{ adminToken: [] }],
  request: {
    params: z.object({ id: z.string() }),
    query: z.object({
      after: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: {
      description: 'One page of threads rebuilt; call again with `after` = next_after until it is null',
      content: {
        'application/json': {
          schema: z.object({ threads: z.number().int(), conversations: z.number().int(), next_after: z.string().nullable() }),
        },
      },
    },
  },
});


const ingest = createRoute({
  method: 'get',
  path: '/workspaces/{id}/ingest',
  summary: 'How far derivation is behind the stored events (pending_threads 0: everything reflected)',
  security: [{ adminToken: [] }],
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: { description: 'Ingest status', content: { 'application/json': { schema: ingestStatusResponse } } } },
});

const replay = createRoute({
  method: 'post',
  path: '/workspaces/{id}/replay',
  summary: 'Translate kept raw bodies received in [from, to) again (after a dialect fix) and store them through the same path',
  security: [{ adminToken: [] }],
  request: {
    params: z.object({ id: z.string() }),
    query: z.object({
      from: z.iso.datetime({ offset: true }),
      to: z.iso.datetime({ offset: true }),
      after: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: 'One page replayed; call again with `after` = next_after until it is null',
      content: {
        'application/json': {
          schema: z.object({ deliveries: z.number().int(), events: z.number().int(), skipped: z.number().int(), next_after: z.string().nullable() }),
        },
      },
    },
  },
});

export const admin = newApp();
admin.use('*', requireAdmin);

admin.openapi(createWorkspace, async (c) => {
  const { name, timezone } = c.req.valid('json');
  const db = database(c.env);
  const now = Date.now();
  const id = newId('ws');
  const ownerToken = newApiToken();
  const secret = newNativeSecret();
  await insertWorkspace(db, { id, name, timezone, now }, { id: newId('tok'), tokenHash: await sha256Hex(ownerToken) }, { id: newId('sec'), secret });
  const ws = (await findWorkspace(db, id))!;
  return c.json({ workspace: workspaceJson(ws), webhook_secret: secret, owner_token: ownerToken }, 201);
});

admin.openapi(recompute, async (c) => {
  const { id } = c.req.valid('param');
  const { after, limit } = c.req.valid('query');
  const db = database(c.env);
  const ws = await findWorkspace(db, id);
  if (!ws) throw notFound('workspace');
  // Run by the workspace's deriver, so a rebuild never interleaves with a derivation.
  const page = await c.env.DERIVER.get(c.env.DERIVER.idFromName(id)).recompute(id, after ?? null, limit);
  return c.json(page!, 200);
});

admin.openapi(ingest, async (c) => {
  const { id } = c.req.valid('param');
  const db = database(c.env);
  const ws = await findWorkspace(db, id);
  if (!ws) throw notFound('workspace');
  return c.json(await ingestStatusJson(db, ws), 200);
});

admin.openapi(replay, async (c) => {
  const { id } = c.req.valid('param');
  const { from, to, after, limit } = c.req.valid('query');
  const db = database(c.env);
  if (!(await findWorkspace(db, id))) throw notFound('workspace');
  const page = await replayDeliveries(c.env, db, id, { from: Date.parse(from), to: Date.parse(to), after: after ?? null, limit });
  c.executionCtx.waitUntil(wakeDeriver(c.env, id));
  return c.json(page, 200);
});
