// The CSV export's page read (product.md §4 "List and export": the whole list, no row cap).
// Only the columns the CSV writes, each row as one JSON array (no object per row), in the list's
// order, in one pass over the rows. A summary may hold 20,000 characters and names have no cap,
// so a row count alone cannot keep a result small (NOTE: D1 limits a result's size; the issue
// asks < 5 MB): a row larger than its share of a result comes as a placeholder, read on its own.
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../app';
import { conversations } from './schema';

/** Rows per page when rows are small: few enough round trips that D1's per-query cost stays small. */
export const EXPORT_PAGE_ROWS = 2000;
/** What a page holds, at most, in bytes of its rows' JSON (plus the one row that crosses it). */
export const EXPORT_PAGE_BYTES = 1_000_000;
/**
 * What one result may hold: a page of `limit` rows reads a row whole when its JSON has at most
 * RESULT_BYTES / limit bytes, so no result passes this whatever the rows hold.
 */
export const EXPORT_RESULT_BYTES = 2_000_000;

export interface ExportPageRead {
  /** The values of a row, in this order; the page's rows carry one more: the sort column's value. */
  columns: readonly SQLiteColumn[];
  sortColumn: SQLiteColumn;
  /** Which rows, in which order (report-list.ts: the list's own conditions and order). */
  where: SQL;
  orderBy: readonly SQL[];
  /** Rows to ask for (exportPageRows picks it from the page before). */
  limit?: number;
  maxBytes?: number;
}

export interface ExportPage {
  /** In the list's order: every row whose preceding rows hold fewer than `maxBytes` bytes. */
  rows: unknown[][];
  /** Bytes of JSON a row held, on average, over every row the read saw. */
  meanBytes: number;
}

/** A page's first read answers a row too large to come whole as `[null, rowid, bytes]`. */
type Placeholder = [null, number, number];

/**
 * One page. One statement reads `limit` rows in the list's order, each whole unless its JSON is
 * larger than its share of a result; the page keeps rows up to the first whose preceding rows
 * hold `maxBytes` bytes or more (the first row always comes), then reads its placeholders by
 * rowid, as many to a statement as keep each result within EXPORT_RESULT_BYTES (a larger row alone).
 * Rows after the cut were read for nothing; exportPageRows makes the next page's limit fit.
 */
export async function exportPageQuery(db: Database, read: ExportPageRead): Promise<ExportPage> {
  const { columns, sortColumn, where, orderBy, limit = EXPORT_PAGE_ROWS, maxBytes = EXPORT_PAGE_BYTES } = read;
  const row = sql`json_array(${sql.join([...columns, sortColumn], sql`, `)})`;
  const rowShare = Math.floor(EXPORT_RESULT_BYTES / limit);
  // NOTE: one pass, each row's JSON built once: a statement for the rows' sizes, then one for the
  // rows that fit, cost ~1.5x this in SQLite and ~1.5x its D1 reads (docs/performance.md "Export").
  // The subquery is a co-routine, not flattened into the outer SELECT, so `j` is not rebuilt.
  // A text's length as a blob is its UTF-8 bytes, what the result carries.
  const read1 = await db.values<[string]>(
    sql`SELECT CASE WHEN length(CAST(j AS BLOB)) <= ${rowShare} THEN j ELSE json_array(NULL, r, length(CAST(j AS BLOB))) END FROM (
      SELECT ${row} AS j, ${conversations}.rowid AS r FROM ${conversations}
      WHERE ${where} ORDER BY ${sql.join([...orderBy], sql`, `)} LIMIT ${limit})`,
  );
  const rows: unknown[][] = [];
  const placeholders = new Map<number, { at: number; bytes: number }>();
  let bytes = 0;
  let seen = 0;
  for (const [json] of read1) {
    // A whole row starts with its id (never null); rows past the cut are measured, not parsed.
    const placeholder = json.startsWith('[null,') ? (JSON.parse(json) as Placeholder) : null;
    const size = placeholder === null ? utf8Bytes(json) : placeholder[2];
    seen += size;
    if (bytes >= maxBytes) continue;
    if (placeholder !== null) placeholders.set(placeholder[1], { at: rows.length, bytes: size });
    rows.push(placeholder ?? (JSON.parse(json) as unknown[]));
    bytes += size;
  }
  for (const rowids of resultGroups(placeholders)) {
    const whole = await db.values<[number, string]>(
      sql`SELECT ${conversations}.rowid, ${row} FROM ${conversations}
        WHERE ${conversations}.rowid IN (SELECT value FROM json_each(${JSON.stringify(rowids)}))`,
    );
    for (const [rowid, json] of whole) rows[placeholders.get(rowid)!.at] = JSON.parse(json) as unknown[];
  }
  // A row gone between the two reads (its workspace erased) is left out, not written as a placeholder.
  const kept = placeholders.size === 0 ? rows : rows.filter((values) => values[0] !== null);
  return { rows: kept, meanBytes: read1.length === 0 ? 0 : seen / read1.length };
}

const NON_ASCII = /[^\x00-\x7f]/;
const encoder = new TextEncoder();

/** A text's UTF-8 bytes: its length when it is ASCII, as a page's JSON nearly always is. */
function utf8Bytes(text: string): number {
  return NON_ASCII.test(text) ? encoder.encode(text).byteLength : text.length;
}

/** Placeholders' rowids in reads of at most EXPORT_RESULT_BYTES each (a larger row alone). */
function resultGroups(placeholders: Map<number, { bytes: number }>): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let bytes = 0;
  for (const [rowid, placeholder] of placeholders) {
    if (group.length > 0 && bytes + placeholder.bytes > EXPORT_RESULT_BYTES) {
      groups.push(group);
      [group, bytes] = [[], 0];
    }
    group.push(rowid);
    bytes += placeholder.bytes;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * The next page's limit: as many rows as hold a page's bytes at the mean of the page just read,
 * from 1 to EXPORT_PAGE_ROWS. Small rows keep the largest pages; rows of 40 kB (a 20,000-character
 * summary in two-byte letters) come 24 a page, each then read whole (its share of a result is 83 kB).
 */
export function exportPageRows(meanBytes: number, maxBytes = EXPORT_PAGE_BYTES): number {
  if (meanBytes <= 0) return EXPORT_PAGE_ROWS;
  return Math.max(1, Math.min(EXPORT_PAGE_ROWS, Math.floor(maxBytes / meanBytes)));
}
