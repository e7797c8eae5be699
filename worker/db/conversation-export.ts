// The CSV export's page read (product.md §4 "List and export": the whole list, no row cap).
// Only the columns the CSV writes, as arrays (no object per row), in the list's order. A page
// holds up to EXPORT_PAGE_ROWS rows but stops early once its rows' bytes reach
// EXPORT_PAGE_BYTES: a summary may hold 20,000 characters and names have no cap, so a row count
// alone cannot keep a result small (NOTE: D1 limits a result's size; the issue asks < 5 MB).
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../app';
import { conversations } from './schema';

/** Rows per page when rows are small: few enough round trips that D1's per-query cost stays small. */
export const EXPORT_PAGE_ROWS = 2000;
/** Bytes of stored values per page, at most (plus the one row that crosses it). */
export const EXPORT_PAGE_BYTES = 1_000_000;

export interface ExportPageRead {
  /** The values of a row, in this order; the page's rows carry one more: the sort column's value. */
  columns: readonly SQLiteColumn[];
  sortColumn: SQLiteColumn;
  /** Which rows, in which order (reports/list.ts: the list's own conditions and order). */
  where: SQL;
  orderBy: readonly SQL[];
  limit?: number;
  maxBytes?: number;
}

/** What a number or a null can take in a result, at most (an integer's digits and sign). */
const NUMBER_BYTES = 20;

/**
 * One page: every row whose preceding rows (in the page) hold fewer than `maxBytes` bytes, so
 * the first row always comes and the page ends at the first row that crosses the budget. Text
 * is measured (as UTF-8), numbers counted at their widest. The running sum is one window over
 * the LIMITed, index-ordered rows, so SQLite stops reading at the limit as a plain page would;
 * it is strictly increasing (every row has an id), so it also orders the page. The window sees
 * only each row's rowid and size (SQLite copies every row a window reads; copying all forty
 * columns doubled the page's cost), and the page's columns are read by rowid after it.
 */
export function exportPageQuery(db: Database, read: ExportPageRead): Promise<unknown[][]> {
  return db.values<unknown[]>(exportPageSql(read));
}

export function exportPageSql(read: ExportPageRead): SQL {
  const { columns, sortColumn, where, orderBy, limit = EXPORT_PAGE_ROWS, maxBytes = EXPORT_PAGE_BYTES } = read;
  const texts = columns.filter((column) => column.columnType === 'SQLiteText');
  const rowBytes = sql`${(columns.length - texts.length) * NUMBER_BYTES + 1} + ${sql.join(
    texts.map((column) => sql`COALESCE(length(CAST(${column} AS BLOB)), 0)`),
    sql` + `,
  )}`;
  const order = sql.join([...orderBy], sql`, `);
  return sql`
    SELECT ${sql.join([...columns], sql`, `)}, ${sortColumn} FROM (
      SELECT ${conversations}.rowid AS row_id,
        COALESCE(sum(${rowBytes}) OVER (ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS bytes_before
      FROM ${conversations}
      WHERE ${where}
      ORDER BY ${order}
      LIMIT ${limit}
    ) AS page
    JOIN ${conversations} ON ${conversations}.rowid = page.row_id
    WHERE page.bytes_before < ${maxBytes}
    ORDER BY page.bytes_before`;
}
