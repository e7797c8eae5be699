// The conversation list's cursors and total (product.md §4, api.md …/list); worker/db/report-list.ts
// reads the pages, keyset-paged on (sort column, id).
import type { SQL } from 'drizzle-orm';
import type { ValidationIssue } from '../../shared/events';
import { LIST_SORT_COLUMNS, type HoursMode, type ListBasis, type ListSortColumn, type ReportFilters } from '../../shared/report';
import type { Database } from '../app';
import { drillDownTotalQuery, listTotalQuery, type Keyset, type ListOrder, type SortOrder, type SortValue } from '../db/report-list';
import type { Span } from '../db/report-filters';
import { sideTotalQuery } from '../db/rollups';
import type { QueryBatch } from './batch';

// ---------------------------------------------------------------------------------------------
// Cursors: opaque base64url of [sort, order, hours, value, id, total]; one made for another sort
// is refused. The total is counted once, for the first page, and travels with the cursor: the
// pages of one listing report the same total without counting the range again.

const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function fromBase64Url(text: string): string {
  const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export function encodeCursor(order: ListOrder, after: Keyset, total: number): string {
  return toBase64Url(JSON.stringify([order.sort, order.order, order.hours, after.value, after.id, total]));
}

export function decodeCursor(
  cursor: string,
  order: ListOrder,
): { ok: true; keyset: Keyset; total: number | null } | { ok: false; issue: ValidationIssue } {
  const bad = (message: string) => ({ ok: false as const, issue: { path: 'cursor', message } });
  let decoded: unknown;
  try {
    decoded = JSON.parse(fromBase64Url(cursor));
  } catch {
    return bad('not a cursor this API issued; use next_cursor from the previous page');
  }
  if (
    !Array.isArray(decoded) ||
    (decoded.length !== 5 && decoded.length !== 6) ||
    (decoded.length === 6 && !(Number.isInteger(decoded[5]) && decoded[5] >= 0)) ||
    !(LIST_SORT_COLUMNS as readonly unknown[]).includes(decoded[0]) ||
    typeof decoded[4] !== 'string' ||
    !(decoded[3] === null || typeof decoded[3] === 'string' || typeof decoded[3] === 'number')
  ) {
    return bad('not a cursor this API issued; use next_cursor from the previous page');
  }
  const [sort, direction, hours, value, id, total] = decoded as [ListSortColumn, SortOrder, HoursMode, SortValue, string, number?];
  if (sort !== order.sort || direction !== order.order || hours !== order.hours) {
    return bad(`this cursor pages a list sorted by ${sort} ${direction} (${hours} hours); repeat that sort, order and hours or start without a cursor`);
  }
  // A cursor issued before totals travelled with it (five elements) has the total counted again.
  return { ok: true, keyset: { value, id }, total: total ?? null };
}

// ---------------------------------------------------------------------------------------------
// The total, counted for a listing's first page.

export interface ListTotal {
  workspaceId: string;
  span: Span;
  filters: ReportFilters;
  basis: ListBasis;
  /** A drill-down cell's quarters (shared/report.ts drillDownScope), or null. */
  quarters: readonly number[] | null;
  /** Conditions beyond the filters (`missed_target`, `agent`), without the drill-down's. */
  conditions: SQL | undefined;
}

/**
 * Queues the query that counts a listing's total and returns its reader. Without a condition of
 * the list's own it is the report's count of the side (sideTotalQuery: the rollups when they
 * answer, a few cells instead of every row: at 1M conversations the first page counted 977,133
 * rows). A drill-down cell counts its quarters run by run; anything else counts the rows.
 */
export function addListTotal(batch: QueryBatch, db: Database, list: ListTotal): () => number {
  const { workspaceId, span, filters, basis } = list;
  if (list.quarters !== null) {
    const counted = batch.add(drillDownTotalQuery(db, workspaceId, span, list.quarters, filters, list.conditions, basis));
    return () => counted()[0]?.total ?? 0;
  }
  if (list.conditions === undefined) {
    const counted = batch.add(sideTotalQuery(db, workspaceId, basis, span, filters));
    return () => counted()[0]?.count ?? 0;
  }
  const counted = batch.add(listTotalQuery(db, workspaceId, span, filters, list.conditions, basis));
  return () => counted()[0]?.total ?? 0;
}
