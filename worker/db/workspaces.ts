// Workspaces: lookup, the API's workspace object, and the business-hours measure of its durations.
import { and, eq } from 'drizzle-orm';
import type { WorkspaceJson } from '../../shared/api';
import { compileBusinessHours, type BusinessHours } from '../../shared/business-hours';
import { calendarDuration, type DurationMeasure } from '../../shared/conversation';
import type { Database } from '../app';
import { webhookSecrets, workspaces } from './schema';

export type WorkspaceRow = typeof workspaces.$inferSelect;

export async function findWorkspace(db: Database, id: string): Promise<WorkspaceRow | undefined> {
  return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
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
  dialect: 'native' | 'respondio' | 'chatwoot',
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
