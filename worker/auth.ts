// Bearer tokens → the calling workspace and role (api.md, Auth and roles).
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../shared/api';
import { database, type AppEnv, type Caller } from './app';
import { constantTimeEqual, sha256Hex } from './crypto';
import { findApiToken, findWorkspace } from './db/workspaces';
import { ApiError, notFound } from './http';

const RANK: Record<Role, number> = { agent: 0, manager: 1, owner: 2 };

function bearer(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** Requires a workspace token of at least `role`; sets `caller`. */
export const requireRole = (role: Role) =>
  createMiddleware<AppEnv>(async (c, next) => {
    // Several patterns can match one path (Hono's `/x/*` matches `/x` too): the token is looked
    // up once a request, each pattern's rule still checked.
    let caller = c.get('caller') as Caller | undefined;
    if (!caller) {
      const token = bearer(c.req.header('authorization'));
      if (!token) throw new ApiError(401, 'unauthorized', 'missing bearer token in the Authorization header');
      const found = await findApiToken(database(c.env), await sha256Hex(token));
      if (!found) throw new ApiError(401, 'unauthorized', 'unknown or revoked token');
      const row = found.token;
      caller = { workspaceId: row.workspaceId, role: row.role, name: row.name, userId: row.userId, workspace: found.workspace };
    }
    if (RANK[caller.role] < RANK[role]) {
      throw new ApiError(403, 'forbidden', `this needs the ${role} role; the token is ${caller.role}`);
    }
    c.set('caller', caller);
    await next();
  });

/** Requires the ADMIN_TOKEN. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  const admin = c.env.ADMIN_TOKEN;
  if (!admin) throw new ApiError(401, 'unauthorized', 'ADMIN_TOKEN is not configured on this worker');
  if (!token || !(await constantTimeEqual(token, admin))) throw new ApiError(401, 'unauthorized', 'wrong admin token');
  await next();
});

/** A token of one workspace never reads another's data: 404, so ids don't leak (api.md). */
export function ownWorkspace(callerWorkspaceId: string, requested: string): void {
  if (callerWorkspaceId !== requested) throw new ApiError(404, 'not_found', 'workspace not found');
}

/** The calling token's workspace (after `requireRole`), with a database handle. */
export async function callerWorkspace(c: Context<AppEnv>) {
  const db = database(c.env);
  const caller = c.get('caller');
  // Read with the token (requireRole), in the same round trip.
  const ws = caller.workspace ?? (await findWorkspace(db, caller.workspaceId));
  if (!ws) throw notFound('workspace');
  return { db, ws };
}
