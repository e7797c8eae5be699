import { OpenAPIHono } from '@hono/zod-openapi';

export type Bindings = {
  DB: D1Database;
  ADMIN_TOKEN?: string;
};

const app = new OpenAPIHono<{ Bindings: Bindings }>();

app.doc31('/v1/openapi.json', {
  openapi: '3.1.0',
  info: { title: 'ConvoLens API', version: '1.0.0' },
});

export default app;
