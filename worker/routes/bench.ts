// Benchmark-only routes (scripts/bench-webhook.ts), answered only when the worker runs with
// BENCH_ROUTES=1: the baseline a webhook is measured against (verify the signature, insert the
// same rows raw) and the stored bytes of a workspace. Every other deployment answers 404.
import { parseNativeBody } from '../../shared/events';
import { database, newApp } from '../app';
import { conversationCount, databaseBytes, insertRawEvents, workspaceBytes } from '../db/bench';
import { dialects } from '../dialects';
import { ApiError, notFound } from '../http';
import { webhookSecrets } from '../ingest/store';

export const benchRoutes = newApp();

benchRoutes.use('*', async (c, next) => {
  if (c.env.BENCH_ROUTES !== '1') throw notFound('route');
  await next();
});

/** The baseline: verify like the native webhook, parse, insert the rows raw in one batch. */
benchRoutes.post('/:workspaceId/raw-insert', async (c) => {
  const workspaceId = c.req.param('workspaceId');
  const db = database(c.env);
  const now = Date.now();
  const rawBody = new Uint8Array(await c.req.arrayBuffer());
  const secrets = await webhookSecrets(db, workspaceId, 'native', { now });
  if (secrets === null) throw notFound('workspace');
  const verified = await dialects.native.verify({ headers: c.req.raw.headers, rawBody, secrets, now });
  if (!verified.ok) throw new ApiError(401, 'invalid_signature', verified.message);
  const parsed = parseNativeBody(JSON.parse(new TextDecoder().decode(rawBody)));
  if (!parsed.ok) throw new ApiError(400, 'invalid_event', 'invalid');
  await insertRawEvents(db, `${workspaceId}-baseline`, c.req.header('webhook-id') ?? 'x', parsed.value, now);
  return c.json({ accepted: parsed.value.length }, 202);
});

benchRoutes.get('/:workspaceId/bytes', async (c) => {
  const workspaceId = c.req.param('workspaceId');
  const db = database(c.env);
  return c.json({
    conversations: await conversationCount(db, workspaceId),
    tables: await workspaceBytes(db, workspaceId),
    database_bytes: await databaseBytes(db),
  });
});
