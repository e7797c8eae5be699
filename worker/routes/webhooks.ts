// POST /v1/webhooks/{workspaceId}/{dialect}[/{urlToken}] (events.md): verify the raw bytes (or the
// URL token of a sender that cannot sign, §2), translate, store, answer.
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponse as errorSchema } from '../../shared/api';
import type { Context } from 'hono';
import { database, newApp, type AppEnv } from '../app';
import { dialects } from '../dialects';
import type { Dialect, DialectName } from '../dialects/types';
import { sha256Hex } from '../crypto';
import { countRoundTrips } from '../db/round-trips';
import { urlTokenMatches } from '../db/url-tokens';
import { ApiError, notFound, unavailable, validationError } from '../http';
import { hasCachedSecrets, storeDelivery, wakeDeriver, webhookSecrets } from '../ingest/store';

const answer = z.object({ accepted: z.number().int(), duplicates: z.number().int() });
const errorContent = { 'application/json': { schema: errorSchema } };

const dialectParam = z.enum(['native', 'respondio', 'chatwoot']);

const receive = createRoute({
  method: 'post',
  path: '/{workspaceId}/{dialect}',
  summary: 'Receive a webhook delivery (native, respond.io or Chatwoot dialect)',
  description:
    'Signed per the dialect (events.md). The raw payload is stored before the answer; a repeated ' +
    'event id is answered 200 and changes nothing. A native body is one event or {"events": [...]} (≤ 500).',
  request: {
    params: z.object({ workspaceId: z.string(), dialect: dialectParam }),
  },
  responses: {
    200: { description: 'Everything was a duplicate', content: { 'application/json': { schema: answer } } },
    202: { description: 'Stored', content: { 'application/json': { schema: answer } } },
    400: { description: 'Malformed JSON or invalid event (path names the field)', content: errorContent },
    401: { description: 'Bad, missing or stale signature', content: errorContent },
    404: { description: 'Unknown workspace', content: errorContent },
    413: { description: 'Body over 1 MiB (Chatwoot: 10 MiB)', content: errorContent },
    503: { description: 'Storage busy: nothing was stored; retry after Retry-After seconds', content: errorContent },
  },
});

const receiveWithUrlToken = createRoute({
  method: 'post',
  path: '/{workspaceId}/{dialect}/{urlToken}',
  summary: 'Receive a webhook delivery from a sender that cannot sign, on a URL token',
  description:
    'events.md §2 "Unsigned senders": accepted without a signature when the URL token is one of the ' +
    "workspace's for this dialect; a signature that is present is still verified.",
  request: { params: z.object({ workspaceId: z.string(), dialect: dialectParam, urlToken: z.string() }) },
  responses: receive.responses,
});

/** Reads at most `limit` bytes; null when the body is larger. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    body.set(p, offset);
    offset += p.byteLength;
  }
  return body;
}

export const webhooks = newApp();

webhooks.openapi(receive, async (c) => {
  const { workspaceId, dialect } = c.req.valid('param');
  const result = await receiveDelivery(c, workspaceId, dialects[dialect as DialectName], null);
  return c.json(result, result.accepted > 0 ? 202 : 200);
});

webhooks.openapi(receiveWithUrlToken, async (c) => {
  const { workspaceId, dialect, urlToken } = c.req.valid('param');
  const result = await receiveDelivery(c, workspaceId, dialects[dialect as DialectName], urlToken);
  return c.json(result, result.accepted > 0 ? 202 : 200);
});

const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

async function receiveDelivery(c: Context<AppEnv>, workspaceId: string, dialect: Dialect, urlToken: string | null) {
  const request = c.req.raw;
  const receivedAt = Date.now();
  // BENCH_ROUTES: count this request's D1 round trips into a response header.
  const counter = c.env.BENCH_ROUTES === '1' ? countRoundTrips(c.env.DB) : null;
  const db = database(counter ? { ...c.env, DB: counter.d1 } : c.env);

  const rawBody = await readLimited(request, dialect.maxBodyBytes);
  if (rawBody === null) throw new ApiError(413, 'payload_too_large', `the body is over ${mib(dialect.maxBodyBytes)}`);

  // Existence and secrets come from a per-isolate cache; a failed check re-reads them once.
  const cached = hasCachedSecrets(workspaceId, dialect.name);
  let secrets = await webhookSecrets(db, workspaceId, dialect.name, { now: receivedAt }).catch((err: unknown) => {
    console.error('credential lookup failed; answering 503', err);
    throw unavailable('storage is busy; nothing was stored, retry the delivery');
  });
  if (secrets === null) throw notFound('workspace');

  // events.md §1: the signature is checked over the raw bytes before the body is parsed. §2: on a
  // URL token an unsigned delivery is accepted, but a signature that is present must still hold.
  const signed = request.headers.has(dialect.signatureHeader);
  if (urlToken !== null && !signed) {
    const matches = await urlTokenMatches(db, workspaceId, dialect.name, urlToken).catch((err: unknown) => {
      console.error('URL token lookup failed; answering 503', err);
      throw unavailable('storage is busy; nothing was stored, retry the delivery');
    });
    if (!matches) {
      throw new ApiError(401, 'invalid_url_token', 'the URL token is not one of this workspace\'s for this dialect');
    }
  } else {
    const check = (given: string[]) => dialect.verify({ headers: request.headers, rawBody, secrets: given, now: receivedAt });
    let verified = await check(secrets);
    if (!verified.ok && cached) {
      secrets = await webhookSecrets(db, workspaceId, dialect.name, { now: receivedAt, fresh: true });
      if (secrets === null) throw notFound('workspace');
      verified = await check(secrets);
    }
    if (!verified.ok) throw new ApiError(401, 'invalid_signature', verified.message);
  }

  const text = new TextDecoder().decode(rawBody);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed_json', 'the body is not valid JSON');
  }
  const bodyHash = await sha256Hex(text);
  const translated = dialect.translate(body, { headers: request.headers, receivedAt, bodyHash });
  if (!translated.ok) throw validationError(translated.issues, 'invalid_event');

  const result = await storeDelivery(c.env, db, workspaceId, {
    dialect: dialect.name,
    deliveryId: translated.value.deliveryId,
    bodyHash,
    rawBody: dialect.storedBody ? dialect.storedBody(body, text) : text,
    receivedAt,
  }, translated.value.events);
  // Derivation runs behind the answer; a repeat also wakes it (its batch may still be underived).
  c.executionCtx.waitUntil(wakeDeriver(c.env, workspaceId));
  if (counter) c.header('x-d1-round-trips', String(counter.count()));
  return result;
}
