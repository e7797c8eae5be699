// api.md "Ingest status": the same answer for the owner and the admin routes.
import type { IngestStatusJson } from '../../shared/api';
import { formatInstant } from '../../shared/time';
import type { Database } from '../app';
import { ingestStatus } from '../db/derivation';
import type { WorkspaceRow } from '../db/workspaces';

export async function ingestStatusJson(db: Database, ws: WorkspaceRow): Promise<IngestStatusJson> {
  const s = await ingestStatus(db, ws.id);
  const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms, ws.timezone));
  return {
    pending_threads: s.pendingThreads,
    oldest_pending_at: iso(s.oldestPendingAt),
    failed_threads: s.failedThreads,
    last_event_at: iso(s.lastEventAt),
  };
}
