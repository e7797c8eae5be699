// Statements of the benchmark-only routes (worker/routes/bench.ts).
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { CanonicalEvent } from '../../shared/events';
import type { Database } from '../app';
import { chunk, rowsPerStatement } from '../ingest/limits';
import { events } from './schema';
import { eventRowsOf } from './store';

/** The baseline: the same event rows, inserted raw (multi-row, one batch), nothing else. */
export async function insertRawEvents(db: Database, workspaceId: string, deliveryId: string, incoming: CanonicalEvent[], now: number) {
  const rows = eventRowsOf({ workspaceId, dialect: 'native', deliveryId, receivedAt: now }, incoming);
  const statements = chunk(rows, rowsPerStatement(rows[0]!)).map((part) => db.insert(events).values(part).onConflictDoNothing());
  await db.batch(statements as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}

const TABLES = ['deliveries', 'events', 'contacts', 'contact_merges', 'threads', 'conversations', 'dirty_threads'] as const;

/**
 * Bytes a workspace's rows take in each table: the stored values (text length, 8 per number)
 * plus, per row, SQLite's record header and the primary-key index entry, estimated.
 */
export async function workspaceBytes(db: Database, workspaceId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const columns = await db.all<{ name: string }>(sql.raw(`SELECT name FROM pragma_table_info('${table}')`));
    const sizes = columns.map((c) => `COALESCE(CASE typeof("${c.name}") WHEN 'text' THEN length(CAST("${c.name}" AS BLOB)) WHEN 'null' THEN 0 ELSE 8 END, 0)`);
    const row = await db.get<{ n: number; bytes: number }>(
      sql.raw(`SELECT COUNT(*) AS n, COALESCE(SUM(${sizes.join(' + ')}), 0) AS bytes FROM "${table}" WHERE workspace_id = '${workspaceId.replace(/'/g, "''")}'`),
    );
    out[table] = (row?.bytes ?? 0) + (row?.n ?? 0) * 40;
  }
  return out;
}

export async function conversationCount(db: Database, workspaceId: string): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM conversations WHERE workspace_id = ${workspaceId}`);
  return row?.n ?? 0;
}

/** The whole database's size in bytes (pages in use), or null where the pragma is refused. */
export async function databaseBytes(db: Database): Promise<number | null> {
  try {
    const row = await db.get<{ bytes: number }>(
      sql`SELECT (p.page_count - f.freelist_count) * s.page_size AS bytes FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s`,
    );
    return row?.bytes ?? null;
  } catch {
    return null;
  }
}
