// The ConvoLens edge worker: one small Hono sub-app per resource, mounted here.
import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import { newApp, type Bindings } from './app';
import { enforceRawRetention, sweep } from './ingest/sweep';
import { errorBody, ApiError, errorResponse } from './http';
import { admin } from './routes/admin';
import { benchRoutes } from './routes/bench';
import { conversationRoutes } from './routes/conversations';
import { reportRoutes } from './routes/reports';
import { teamRoutes } from './routes/team';
import { webhooks } from './routes/webhooks';
import { workspaceRoutes } from './routes/workspaces';

export type { Bindings } from './app';
export { WorkspaceDeriver } from './ingest/deriver';

const app = newApp();

// api.md: CORS for extension origins and nothing else.
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9.-]+$/;
app.use(
  '/v1/*',
  cors({
    origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', 'Accept'],
    allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    exposeHeaders: ['Content-Disposition'],
    maxAge: 600,
  }),
);

app.route('/v1/admin', admin);
app.route('/v1/bench', benchRoutes);
app.route('/v1/webhooks', webhooks);
app.route('/v1', workspaceRoutes);
app.route('/v1', conversationRoutes);
app.route('/v1', reportRoutes);
app.route('/v1', teamRoutes);

app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  description: 'A workspace API token (roles agent, manager, owner)',
});
app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
  type: 'http',
  scheme: 'bearer',
  description: 'The ADMIN_TOKEN of this worker',
});
app.doc31('/v1/openapi.json', {
  openapi: '3.1.0',
  info: {
    title: 'ConvoLens API',
    version: '1.0.0',
    description: 'Conversation webhooks in; conversation timings, the Conversations report and live views out.',
  },
});

app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
app.onError((err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) return c.json(errorBody('http_error', err.message || 'request failed'), err.status);
  console.error(err);
  return c.json(errorBody('internal_error', 'something went wrong on our side'), 500);
});

export default {
  fetch: app.fetch,
  // Every minute (wrangler.jsonc): wake every workspace whose marks are due, in case a store's
  // wake-up was lost (the isolate died after answering), and enforce raw-body retention.
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(Promise.all([sweep(env), enforceRawRetention(env)]));
  },
} satisfies ExportedHandler<Bindings>;

export { app };
