// Types and the factory every route module uses, so validation failures and auth look the same everywhere.
import { OpenAPIHono } from '@hono/zod-openapi';
import { drizzle } from 'drizzle-orm/d1';
import type { Role } from '../shared/api';
import { issuesFromZod } from '../shared/events';
import * as schema from './db/schema';
import type { WorkspaceRow } from './db/workspaces';
import { errorResponse, validationError } from './http';

export type Bindings = {
  DB: D1Database;
  /** Raw webhook bodies (worker/ingest/raw.ts). */
  RAW: R2Bucket;
  /** One deriver per workspace (worker/ingest/deriver.ts): the single writer of derived state. */
  DERIVER: DurableObjectNamespace<import('./ingest/deriver').WorkspaceDeriver>;
  /** "1" answers the benchmark-only routes (scripts/bench-webhook.ts); unset everywhere else. */
  BENCH_ROUTES?: string;
  /** Authorises /v1/admin/* (a Worker secret; a local variable in development). */
  ADMIN_TOKEN?: string;
};

export interface Caller {
  workspaceId: string;
  role: Role;
  name: string;
  userId: string | null;
  /** The workspace as the token's lookup read it (null: deleted since). */
  workspace: WorkspaceRow | null;
}

export type AppEnv = { Bindings: Bindings; Variables: { caller: Caller } };

export const database = (env: Bindings) => drizzle(env.DB, { schema });
export type Database = ReturnType<typeof database>;

/** A sub-app whose zod-validated params, queries and bodies fail with the API's error shape. */
export function newApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, validationError(issuesFromZod(result.error)));
      return undefined;
    },
  });
}
