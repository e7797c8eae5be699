// Workspaces, their API tokens and webhook secrets: every statement that reads or writes them,
// the API's workspace object, and the business-hours measure of its durations.
import { and, eq } from 'drizzle-orm';
import type { WorkspaceJson } from '../../shared/api';
import { compileBusinessHours, type BusinessHours } from '../../shared/business-hours';
import { calendarDuration, type DurationMeasure } from '../../shared/conversation';
import type { Database } from '../app';
import { apiTokens, webhookSecrets, workspaces } from './schema';

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type WorkspaceChanges = Partial<Pick<typeof workspaces.$inferInsert, 'name' | 'timezone' | 'businessHours' | 'categories' | 'firstResponseTargetMs' | 'resolutionTargetMs' | 'resolutionTargetHours'>>;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
type Dialect = 'native' | 'respondio' | 'chatwoot';

export async function findWorkspace(db: Database, id: string): Promise<WorkspaceRow | undefined> {
  return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
}

/** A new workspace with its owner token and first native secret, all or nothing (one batch). */
export async function insertWorkspace(
  db: Database,
  ws: { id: string; name: string; timezone: string; now: number },
  owner: { id: string; tokenHash: string },
  secret: { id: string; secret: string },
): Promise<void> {
  await db.batch([
    db.insert(workspaces).values({ id: ws.id, name: ws.name, timezone: ws.timezone, createdAt: ws.now, historyStartedAt: ws.now }),
    db.insert(apiTokens).values({ id: owner.id, workspaceId: ws.id, tokenHash: owner.tokenHash, role: 'owner', name: 'Owner', createdAt: ws.now }),
    db.insert(webhookSecrets).values({ id: secret.id, workspaceId: ws.id, dialect: 'native', secret: secret.secret, createdAt: ws.now }),
  ]);
}

export async function writeWorkspaceChanges(db: Database, id: string, changes: WorkspaceChanges): Promise<void> {
  if (Object.keys(changes).length > 0) await db.update(workspaces).set(changes).where(eq(workspaces.id, id));
}

/**
 * The token whose SHA-256 is `tokenHash` (tokens are stored hashed: api.md, Auth and roles) with
 * its workspace, in one round trip: nearly every authenticated request needs both.
 */
export async function findApiToken(db: Database, tokenHash: string): Promise<{ token: ApiTokenRow; workspace: WorkspaceRow | null } | undefined> {
  return db.select({ token: apiTokens, workspace: workspaces }).from(apiTokens).leftJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId)).where(eq(apiTokens.tokenHash, tokenHash)).get();
}

export async function insertApiToken(db: Database, token: Omit<typeof apiTokens.$inferInsert, 'createdAt'> & { createdAt: number }): Promise<void> {
  await db.insert(apiTokens).values(token);
}

export async function insertWebhookSecret(db: Database, row: { id: string; workspaceId: string; dialect: Dialect; secret: string; createdAt: number }): Promise<void> {
  await db.insert(webhookSecrets).values(row);
}

export function workspaceJson(ws: WorkspaceRow): WorkspaceJson {
  return {
    id: ws.id,
    name: ws.name,
    timezone: ws.timezone,
    first_response_target_ms: ws.firstResponseTargetMs,
    resolution_target_ms: ws.resolutionTargetMs,
    resolution_target_hours: ws.resolutionTargetHours,
    categories: JSON.parse(ws.categories) as string[],
    business_hours: ws.businessHours === null ? null : (JSON.parse(ws.businessHours) as BusinessHours),
  };
}

// Compiling a schedule is worth caching across requests in the same isolate.
const compiled = new Map<string, DurationMeasure>();

/** Durations in the workspace's business hours; calendar time when no schedule is set. */
export function businessMeasure(ws: Pick<WorkspaceRow, 'businessHours'>): DurationMeasure {
  if (ws.businessHours === null) return calendarDuration;
  let measure = compiled.get(ws.businessHours);
  if (!measure) {
    const schedule = compileBusinessHours(JSON.parse(ws.businessHours) as BusinessHours);
    measure = (start, end) => schedule.durationMs(start, end);
    if (compiled.size > 100) compiled.clear();
    compiled.set(ws.businessHours, measure);
  }
  return measure;
}

/** Whether the workspace exists and its secrets for a dialect, in one round trip. */
export async function webhookCredentials(
  db: Database,
  workspaceId: string,
  dialect: Dialect,
): Promise<{ exists: boolean; secrets: string[] }> {
  const [found, secrets] = await db.batch([
    db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)),
    db
      .select({ secret: webhookSecrets.secret })
      .from(webhookSecrets)
      .where(and(eq(webhookSecrets.workspaceId, workspaceId), eq(webhookSecrets.dialect, dialect))),
  ]);
  return { exists: found.length > 0, secrets: secrets.map((s) => s.secret) };
}
