// Helpers for the report tests: conversations inserted in bulk straight into the derived table
// (multi-row INSERTs through env.DB), a small CSV reader, and report calls.
import { parse } from 'csv-parse/sync';
import { env } from 'cloudflare:workers';
import { getTableColumns } from 'drizzle-orm';
import type { ConversationInsert } from '../../worker/db/conversation-rows';
import { conversations } from '../../worker/db/schema';
import { database } from '../../worker/app';
import { rebuildRollups } from '../../worker/db/rollups';
import { call, createToken, createWorkspace, get, json, type TestWorkspace } from './helpers';

const COLUMNS = Object.entries(getTableColumns(conversations)).map(([key, column]) => ({ key: key as keyof ConversationInsert, name: column.name }));

export type BulkRow = Partial<ConversationInsert> & { id: string; openedAt: number };

/** A closed conversation by default; every §3 column present (durations null unless given). */
export function conversationRow(workspaceId: string, row: BulkRow): ConversationInsert {
  const closedAt = row.closedAt === undefined ? row.openedAt + 600_000 : row.closedAt;
  return {
    workspaceId,
    threadId: `thread-${row.id}`,
    cycle: 1,
    contactId: `contact-${row.id}`,
    contactName: null,
    contactType: 'new',
    status: closedAt === null ? 'open' : 'closed',
    openSource: 'contact',
    closedAt,
    closedSource: closedAt === null ? null : 'user',
    assigneeCarriedOver: false,
    resolutionTimeMs: closedAt === null ? null : closedAt - row.openedAt,
    bhResolutionTimeMs: closedAt === null ? null : closedAt - row.openedAt,
    assignments: 0,
    incomingMessages: 1,
    outgoingMessages: 0,
    responses: 0,
    responseWaits: '[]',
    responders: '[]',
    assignmentHistory: '[]',
    lastEventAt: closedAt ?? row.openedAt,
    ...row,
  };
}

const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(Math.trunc(value));
  return `'${String(value).replace(/'/g, "''")}'`;
};

/**
 * Inserts rows with multi-row INSERTs of literal values (no bound parameters, so D1's limit of
 * 100 per statement does not apply), 200 rows a statement, all statements in batches.
 */
export async function insertConversations(workspaceId: string, rows: readonly BulkRow[]): Promise<void> {
  const head = `INSERT INTO conversations (${COLUMNS.map((c) => c.name).join(', ')}) VALUES `;
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const values = rows
      .slice(i, i + 200)
      .map((r) => conversationRow(workspaceId, r))
      .map((r) => `(${COLUMNS.map((c) => literal(r[c.key])).join(', ')})`);
    statements.push(env.DB.prepare(head + values.join(', ')));
  }
  for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));
  // Rows written around the ingest path: the report's rollups are aggregated afresh from them.
  await rebuildRollups(database(env), workspaceId);
}

/** A workspace, its manager token and a `report(path)` caller. */
export async function reportWorkspace(timezone: string) {
  const ws = await createWorkspace(timezone);
  const manager = await createToken(ws, 'manager');
  return { ws, manager, ...reportCallers(manager) };
}

export function reportCallers(manager: string) {
  return {
    /** GET a report path, expecting 200 JSON. */
    async report(path: string): Promise<any> {
      const res = await get(path, manager);
      if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
      return json(res);
    },
  };
}

export async function setWorkspace(ws: TestWorkspace, patch: Record<string, unknown>): Promise<void> {
  const res = await call(`/v1/workspaces/${ws.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (res.status !== 200) throw new Error(`PATCH workspace → ${res.status} ${await res.text()}`);
}

/** RFC 4180 records (quoted fields, doubled quotes, newlines inside quotes), read by csv-parse. */
export function parseCsv(text: string): string[][] {
  return parse(text, { skip_empty_lines: true }) as string[][];
}
